#include "ingest/ingester.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>

#include "base/digest.h"
#include "base/file.h"
#include "extract/clauses.h"
#include "formats/decode.h"
#include "report/calendar.h"
#include "report/report.h"

namespace jiedao::ingest {

namespace fs = std::filesystem;

namespace {

std::string absolute_path(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

std::string stem_of(const std::string& path) { return fs::path(path).stem().string(); }

}  // namespace

Result<std::string> data_fingerprint(const std::string& data_dir) {
  std::string all;
  for (const char* name : report::kDataFiles) {
    auto bytes = read_file((fs::path(data_dir) / name).string());
    if (!bytes) return bytes.error();
    all += sha256_hex(bytes.value());
  }
  return sha256_hex(all).substr(0, 16);
}

bool is_report_file(const std::string& name) { return formats::is_report_file_name(name); }

std::string Summary::line() const {
  std::ostringstream out;
  out << files << " files: " << added << " added, " << changed << " changed, " << unchanged << " unchanged, "
      << removed << " removed, " << reextracted << " re-extracted, " << failed << " failed; " << facts
      << " facts written in " << std::fixed;
  out.precision(2);
  out << seconds << " s";
  if (stopped) out << " (stopped early)";
  return out.str();
}

Ingester::Ingester(store::Store& store, const report::Resources& resources, std::string data_version)
    : store_(store), resources_(resources), data_version_(std::move(data_version)) {}

Result<int64_t> Ingester::store_file(const std::string& id, const std::string& path, const std::string& bytes) {
  auto decoded = formats::decode_report(bytes);
  if (!decoded) return Error{path + ": " + decoded.error().message};
  return store_text(id, path, sha256_hex(bytes), decoded.value().text);
}

Result<int64_t> Ingester::store_text(const std::string& id, const std::string& path, const std::string& sha256,
                                     const std::string& bytes) {
  auto analyzed = report::analyze(id, bytes, resources_);
  if (!analyzed) return Error{path + ": " + analyzed.error().message};
  const report::Report& r = analyzed.value();
  store::ReportRecord record;
  record.id = id;
  record.path = path;
  record.sha256 = sha256;
  record.district = r.frame.location.district;
  record.county = r.frame.location.county;
  record.kind = std::string(report::kind_name(r.frame.kind));
  record.period = r.frame.review;
  record.published = r.frame.published;
  record.ingested_at = store::now_iso();
  record.data_version = data_version_;
  record.text = bytes;
  std::vector<store::StoredFact> facts;
  facts.reserve(r.facts.size());
  for (const Fact& f : r.facts) {
    store::StoredFact s;
    s.report = id;
    s.district = record.district;
    s.county = record.county;
    s.fact = f;
    s.quote = bytes.substr(f.begin, f.end - f.begin);
    const extract::Window sentence = extract::sentence_around(bytes, f.begin);
    s.sentence = bytes.substr(sentence.begin, sentence.end - sentence.begin);
    facts.push_back(std::move(s));
  }
  if (auto put = store_.put_report(record, facts); !put) return put.error();
  return static_cast<int64_t>(facts.size());
}

Result<bool> Ingester::ingest_file(const std::string& given, int64_t* facts) {
  const std::string path = absolute_path(given);
  // A file whose size and modification time are those it had when it was last stored,
  // with the same data files, is not read again: a sync of 10,000 unchanged reports
  // is then 10,000 stat calls, not 230 MB of reading and hashing.
  std::error_code stat_error;
  const auto size = fs::file_size(path, stat_error);
  const auto mtime = stat_error ? fs::file_time_type{} : fs::last_write_time(path, stat_error);
  const FileStamp stamp{stat_error ? ~uintmax_t{0} : size, mtime};
  // File times are coarse (a few ms): a file written in the last 2 s may change again
  // without its stamp changing, so it is not trusted yet.
  const bool settled = !stat_error && fs::file_time_type::clock::now() - mtime > std::chrono::seconds(2);
  if (!stat_error) {
    auto seen = stamps_.find(path);
    if (seen != stamps_.end() && seen->second == stamp) return false;
  }
  auto bytes = read_file(path);
  if (!bytes) return bytes.error();
  const std::string id = stem_of(path);
  auto state = store_.report_state(id);
  if (!state) return state.error();
  const std::optional<store::ReportState>& stored = state.value();
  std::error_code ec;
  if (stored && stored->path != path && fs::exists(stored->path, ec)) {
    return Error{path + ": the report id '" + id + "' is already used by " + stored->path +
                 "; rename one of the two files (the file name without its extension is the report id)"};
  }
  if (stored && stored->path == path && stored->sha256 == sha256_hex(bytes.value()) &&
      stored->data_version == data_version_) {
    if (settled) stamps_[path] = stamp;
    return false;
  }
  auto written = store_file(id, path, bytes.value());
  if (!written) return written.error();
  if (settled) stamps_[path] = stamp;
  if (facts != nullptr) *facts = written.value();
  return true;
}

Summary Ingester::run(const std::vector<std::string>& files, const std::vector<std::string>& gone,
                      const std::function<void(const Progress&)>& progress, const std::atomic<bool>* stop) {
  const auto started = std::chrono::steady_clock::now();
  Summary summary;
  summary.files = files.size();
  auto stopping = [&] { return stop != nullptr && stop->load(); };
  auto states = store_.report_states();
  if (!states) {
    summary.errors.push_back(states.error().message);
    summary.failed = files.size();
    return summary;
  }
  Progress p;
  p.total = files.size() + gone.size();
  std::set<std::string> seen;
  for (const std::string& path : files) {
    if (stopping()) {
      summary.stopped = true;
      break;
    }
    const std::string id = stem_of(path);
    seen.insert(id);
    const bool known = states.value().count(id) > 0;
    int64_t facts = 0;
    auto outcome = ingest_file(path, &facts);
    if (!outcome) {
      ++summary.failed;
      summary.errors.push_back(outcome.error().message);
    } else if (!outcome.value()) {
      ++summary.unchanged;
    } else {
      ++(known ? summary.changed : summary.added);
      summary.facts += facts;
    }
    ++p.done;
    p.facts = summary.facts;
    if (progress) progress(p);
  }
  for (const std::string& id : gone) {
    if (stopping()) {
      summary.stopped = true;
      break;
    }
    if (auto removed = store_.remove_report(id); !removed) {
      ++summary.failed;
      summary.errors.push_back(removed.error().message);
    } else {
      ++summary.removed;
      std::erase_if(stamps_, [&](const auto& entry) { return stem_of(entry.first) == id; });
    }
    ++p.done;
    if (progress) progress(p);
  }
  // Reports extracted with other data files, whose file was not just read: again, from their stored text.
  for (const auto& [id, state] : states.value()) {
    if (stopping()) {
      summary.stopped = true;
      break;
    }
    if (seen.count(id) || state.data_version == data_version_ ||
        std::find(gone.begin(), gone.end(), id) != gone.end()) {
      continue;
    }
    auto stored = store_.report(id);
    if (!stored || !stored.value()) continue;
    auto written = store_text(id, stored.value()->path, stored.value()->sha256, stored.value()->text);
    if (!written) {
      ++summary.failed;
      summary.errors.push_back(written.error().message);
    } else {
      ++summary.reextracted;
      summary.facts += written.value();
    }
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

Summary Ingester::sync(const std::string& dir, const std::function<void(const Progress&)>& progress,
                       const std::atomic<bool>* stop) {
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_error;
    if (it->is_regular_file(type_error) && is_report_file(it->path().filename().string())) {
      files.push_back(absolute_path(it->path().string()));
    }
  }
  if (ec) {
    Summary summary;
    summary.errors.push_back(dir + ": cannot list the reports folder: " + ec.message());
    return summary;
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> gone;
  if (auto states = store_.report_states()) {
    std::set<std::string> present;
    for (const auto& f : files) present.insert(stem_of(f));
    for (const auto& [id, state] : states.value()) {
      std::error_code exists_error;
      if (!present.count(id) && !fs::exists(state.path, exists_error)) gone.push_back(id);
    }
  }
  return run(files, gone, progress, stop);
}

Summary Ingester::ingest_paths(const std::vector<std::string>& paths,
                               const std::function<void(const Progress&)>& progress,
                               const std::atomic<bool>* stop) {
  std::vector<std::string> files;
  Summary listing;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> inside;
      for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_error;
        if (it->is_regular_file(type_error) && is_report_file(it->path().filename().string())) {
          inside.push_back(absolute_path(it->path().string()));
        }
      }
      if (ec) listing.errors.push_back(path + ": cannot list the folder: " + ec.message());
      std::sort(inside.begin(), inside.end());
      files.insert(files.end(), inside.begin(), inside.end());
    } else {
      files.push_back(absolute_path(path));
    }
  }
  Summary summary = run(files, {}, progress, stop);
  summary.errors.insert(summary.errors.begin(), listing.errors.begin(), listing.errors.end());
  summary.failed += listing.errors.size();
  return summary;
}

}  // namespace jiedao::ingest
