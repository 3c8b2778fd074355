#include "ingest/ingester.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include "base/digest.h"
#include "base/file.h"
#include "base/ordered_pipeline.h"
#include "formats/decode.h"
#include "ingest/correction.h"
#include "model/time.h"
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

// Extraction runs on every core but one, which writes; at least one.
size_t extraction_threads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 2 ? cores - 1 : 1;
}
// Reports extracted ahead of the one being written: enough to keep every core busy while a
// group is written (write_group.h), few enough that a large folder does not sit in memory.
constexpr size_t kAhead = WriteGroup::kReports + 16;

// Not a report the ingester reads: a symbolic link, a special file, or one over the size limit.
bool is_skip(const Error& e) { return e.kind == ErrorKind::kUnsupported || e.kind == ErrorKind::kTooLarge; }

// A report whose file is no longer a regular file (removed, or replaced by a link) is gone.
bool file_gone(const std::string& path) { return !stat_regular_file(path); }

// A report-named entry of a folder that is not a folder: listed, so that a link or a FIFO
// is skipped with a message rather than in silence.
bool listed_entry(const fs::directory_entry& entry) {
  std::error_code ec;
  return entry.symlink_status(ec).type() != fs::file_type::directory && !ec &&
         is_report_file(entry.path().filename().string());
}

// Counts what committing one file came to; `known`: the store held its report id before.
void count_commit(Summary& summary, const Result<bool>& outcome, bool known, int64_t facts) {
  if (!outcome && is_skip(outcome.error())) {
    ++summary.skipped;
    summary.skips.push_back(outcome.error().message);
  } else if (!outcome) {
    ++summary.failed;
    summary.errors.push_back(outcome.error().message);
  } else if (!outcome.value()) {
    ++summary.unchanged;
  } else {
    ++(known ? summary.changed : summary.added);
    summary.facts += facts;
  }
}

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

bool id_held_elsewhere(const std::optional<store::ReportState>& stored, const std::string& path) {
  return stored && stored->path != path && !file_gone(stored->path);
}

std::string Summary::line() const {
  std::ostringstream out;
  out << files << " files: " << added << " added, " << changed << " changed, " << unchanged << " unchanged, "
      << removed << " removed, " << reextracted << " re-extracted, " << failed << " failed; " << facts
      << " facts written in " << std::fixed;
  out.precision(2);
  out << seconds << " s";
  if (skipped) out << ", " << skipped << " skipped";
  if (stopped) out << " (stopped early)";
  return out.str();
}

Ingester::Ingester(store::Store& store, const report::Resources& resources, std::string data_version)
    : store_(store), resources_(resources), data_version_(std::move(data_version)) {}

Result<Ingester::Extracted> Ingester::extract_file(const std::string& id, const std::string& path,
                                                   const std::string& bytes) const {
  auto decoded = formats::decode_report(bytes);
  if (!decoded) return Error{path + ": " + decoded.error().message, decoded.error().kind};
  return extract_text(id, path, sha256_hex(bytes), decoded.value().text);
}

std::vector<std::string> Ingester::load_overrides(const std::vector<std::string>& paths) {
  std::set<std::string> folders;
  for (const std::string& path : paths) folders.insert(fs::path(path).parent_path().string());
  std::vector<std::string> errors;
  for (const std::string& folder : folders) {
    auto table = report::load_overrides(folder, resources_.kinds, resources_.gazetteer);
    if (table) {
      overrides_[folder] = std::move(table).value();
    } else {
      errors.push_back(table.error().message + " (its rows last read stay in force)");
    }
    auto corrections = report::load_corrections(folder, resources_.catalogue);
    if (corrections) {
      corrections_[folder] = std::move(corrections).value();
    } else {
      errors.push_back(corrections.error().message + " (its rows last read stay in force)");
    }
  }
  return errors;
}

const report::ReportOverrides* Ingester::overrides_for(const std::string& path) const {
  auto it = overrides_.find(fs::path(path).parent_path().string());
  return it == overrides_.end() ? nullptr : it->second.find(fs::path(path).filename().string());
}

std::vector<const report::Correction*> Ingester::corrections_for(const std::string& path,
                                                                 const std::string& id) const {
  auto it = corrections_.find(fs::path(path).parent_path().string());
  return it == corrections_.end() ? std::vector<const report::Correction*>{} : it->second.of_report(id);
}

std::string Ingester::version_for(const std::string& path) const {
  const report::ReportOverrides* o = overrides_for(path);
  // Appended piece by piece: GCC 12 at -O3 warns of a memcpy overlap in "~" + a temporary
  // string (-Wrestrict, its bug 105329).
  std::string version = data_version_;
  if (o != nullptr) {
    version += '+';
    version += sha256_hex(o->row).substr(0, 8);
  }
  std::string rows;
  for (const report::Correction* c : corrections_for(path, stem_of(path))) {
    rows += c->row();
    rows += '\n';
  }
  if (!rows.empty()) {
    version += '~';
    version += sha256_hex(rows).substr(0, 8);
  }
  return version;
}

Result<Ingester::Extracted> Ingester::extract_text(const std::string& id, const std::string& path,
                                                   const std::string& sha256,
                                                   const std::string& bytes) const {
  auto analyzed = report::analyze(id, bytes, resources_, overrides_for(path));
  if (!analyzed) return Error{path + ": " + analyzed.error().message, analyzed.error().kind};
  const report::Report& r = analyzed.value();
  store::ReportRecord record;
  record.id = id;
  record.path = path;
  record.sha256 = sha256;
  record.ingested_at = now_iso();
  record.data_version = version_for(path);
  const report::Corrected corrected =
      report::apply_corrections(corrections_for(path, id), bytes, r.facts, resources_.catalogue);
  return stored_report(std::move(record), r, bytes, corrected);
}

Result<Ingester::Prepared> Ingester::prepare_file(const std::string& given) const {
  Prepared p;
  p.path = absolute_path(given);
  p.id = stem_of(p.path);
  // A file whose size and modification time are those it had when it was last stored,
  // with the same data files, is not read again: a sync of 10,000 unchanged reports
  // is then 10,000 lstat calls, not 230 MB of reading and hashing.
  auto stat = stat_regular_file(p.path);
  if (!stat) return stat.error();
  if (stat.value().size > max_report_bytes_) return read_regular_file(p.path, max_report_bytes_).error();
  p.stamp = FileStamp{stat.value().size, stat.value().mtime_ns, version_for(p.path)};
  // File times are coarse (a few ms): a file written in the last 2 s may change again
  // without its stamp changing, so it is not trusted yet.
  const auto now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  p.settled = now_ns - stat.value().mtime_ns > 2'000'000'000;
  {
    std::lock_guard<std::mutex> lock(stamps_mutex_);
    auto seen = stamps_.find(p.path);
    if (seen != stamps_.end() && seen->second == p.stamp) {
      p.same_stamp = true;
      return p;
    }
  }
  auto bytes = read_regular_file(p.path, max_report_bytes_);
  if (!bytes) return bytes.error();
  auto state = store_.report_state(p.id);
  if (!state) return state.error();
  p.stored = state.value();
  p.unchanged = p.stored && p.stored->path == p.path && p.stored->sha256 == sha256_hex(bytes.value()) &&
                p.stored->data_version == p.stamp.version;
  if (p.unchanged) return p;
  auto extracted = extract_file(p.id, p.path, bytes.value());
  if (!extracted) return extracted.error();
  p.extracted = std::move(extracted).value();
  return p;
}

void Ingester::stage_file(Prepared p, bool id_shared, WriteGroup& group, const Staged& then) {
  auto finish = [&](Result<bool> outcome) { group.after([then, outcome] { then(outcome, 0); }); };
  if (p.same_stamp) return finish(false);
  // When an earlier file of the same sync has the same id (a.txt and a.html), it may have
  // written the row this file was prepared against: the row is read again (the group written
  // first), and what was prepared is prepared again if it changed.
  std::optional<store::ReportState> now = p.stored;
  if (id_shared) {
    group.flush();
    auto state = store_.report_state(p.id);
    if (!state) return finish(state.error());
    now = std::move(state).value();
  }
  const auto same_row = [](const std::optional<store::ReportState>& a,
                           const std::optional<store::ReportState>& b) {
    return a.has_value() == b.has_value() &&
           (!a || (a->path == b->path && a->sha256 == b->sha256 && a->data_version == b->data_version));
  };
  if (!same_row(now, p.stored)) {
    auto again = prepare_file(p.path);
    if (!again) return finish(again.error());
    p = std::move(again).value();
    if (p.same_stamp) return finish(false);
  }
  const std::optional<store::ReportState>& stored = p.stored;
  if (id_held_elsewhere(stored, p.path)) {
    return finish(
        Error{p.path + ": the report id '" + p.id + "' is already used by " + stored->path +
                  "; rename one of the two files (the file name without its extension is the report id)",
              ErrorKind::kConflict});
  }
  std::optional<std::pair<std::string, FileStamp>> stamp;
  if (p.settled) stamp.emplace(p.path, p.stamp);
  if (p.unchanged) {
    remember(stamp);
    return finish(false);
  }
  if (!p.extracted)
    return finish(Error{p.path + ": nothing was extracted"});  // prepare_file always extracts a change
  Extracted& e = *p.extracted;
  const auto facts = static_cast<int64_t>(e.facts.size());
  group.add(std::move(e.record), std::move(e.facts),
            [this, then, facts, stamp, stale = std::move(e.stale)](const Result<Done>& put) {
              if (!put) return then(put.error(), 0);
              stale_.insert(stale_.end(), stale.begin(), stale.end());
              remember(stamp);
              then(true, facts);
            });
}

void Ingester::remember(const std::optional<std::pair<std::string, FileStamp>>& stamp) {
  if (!stamp) return;
  std::lock_guard<std::mutex> lock(stamps_mutex_);
  stamps_[stamp->first] = stamp->second;
}

Result<bool> Ingester::ingest_file(const std::string& given, int64_t* facts) {
  stale_.clear();
  if (auto errors = load_overrides({absolute_path(given)}); !errors.empty()) return Error{errors.front()};
  auto prepared = prepare_file(given);
  if (!prepared) return prepared.error();
  Result<bool> outcome = false;
  WriteGroup group(store_);
  stage_file(std::move(prepared).value(), false, group, [&](const Result<bool>& staged, int64_t written) {
    outcome = staged;
    if (facts != nullptr) *facts = written;
  });
  group.flush();
  return outcome;
}

// What run() counts as it goes, how far it has gone, and whether it was asked to stop.
struct Ingester::Tally {
  Summary& summary;
  Progress progress;
  const std::function<void(const Progress&)>& on_progress;
  const std::atomic<bool>* stop;

  // Whether a stop was asked for; the summary then says that the run stopped early.
  bool stopping() {
    if (stop == nullptr || !stop->load()) return false;
    summary.stopped = true;
    return true;
  }
  // One more file or gone report dealt with.
  void step() {
    ++progress.done;
    if (on_progress) on_progress(progress);
  }
};

Summary Ingester::run(const std::vector<std::string>& files, const std::vector<std::string>& gone,
                      const std::function<void(const Progress&)>& progress, const std::atomic<bool>* stop) {
  const auto started = std::chrono::steady_clock::now();
  Summary summary;
  summary.files = files.size();
  stale_.clear();
  auto states = store_.report_states();
  if (!states) {
    summary.errors.push_back(states.error().message);
    summary.failed = files.size();
    return summary;
  }
  // The reports.tsv and corrections.tsv of every folder a file or a stored report is in, before any thread
  // reads them.
  std::vector<std::string> folders_of = files;
  for (const auto& [id, state] : states.value()) folders_of.push_back(state.path);
  for (std::string& error : load_overrides(folders_of)) {
    ++summary.failed;
    summary.errors.push_back(std::move(error));
  }
  Tally tally{summary, Progress{}, progress, stop};
  tally.progress.total = files.size() + gone.size();
  std::map<std::string, size_t> seen;  // report id: how many of the files have it
  for (const std::string& path : files) ++seen[stem_of(path)];
  commit_files(tally, files, states.value(), seen);
  remove_gone(tally, gone);
  reextract(tally, stale_reports(states.value(), seen, gone));
  // The text index takes the facts of this run now, not at the next batch: a store that rests
  // after an ingest is searched through its index alone.
  if (summary.facts > 0) {
    if (auto indexed = store_.index_text(); !indexed) summary.errors.push_back(indexed.error().message);
  }
  summary.stale = stale_;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

void Ingester::commit_files(Tally& tally, const std::vector<std::string>& files, const StoredStates& states,
                            const std::map<std::string, size_t>& seen) {
  WriteGroup group(store_);
  ordered_pipeline<Result<Prepared>>(
      files.size(), extraction_threads(), kAhead, [&](size_t i) { return prepare_file(files[i]); },
      [&](size_t i, Result<Prepared>& prepared) {
        if (tally.stopping()) return false;
        const std::string id = stem_of(files[i]);
        const bool known = states.count(id) > 0;
        auto then = [&tally, known](const Result<bool>& outcome, int64_t facts) {
          count_commit(tally.summary, outcome, known, facts);
          tally.progress.facts = tally.summary.facts;
          tally.step();
        };
        if (prepared) {
          stage_file(std::move(prepared).value(), seen.at(id) > 1, group, then);
        } else {
          group.after([then, error = prepared.error()] { then(error, 0); });
        }
        return true;
      });
  // The reports staged before a stop are written whole, as the group's.
  group.flush();
}

void Ingester::remove_gone(Tally& tally, const std::vector<std::string>& gone) {
  for (const std::string& id : gone) {
    if (tally.stopping()) break;
    if (auto removed = store_.remove_report(id); !removed) {
      ++tally.summary.failed;
      tally.summary.errors.push_back(removed.error().message);
    } else {
      ++tally.summary.removed;
      std::erase_if(stamps_, [&](const auto& entry) { return stem_of(entry.first) == id; });
    }
    tally.step();
  }
}

std::vector<std::string> Ingester::stale_reports(const StoredStates& states,
                                                 const std::map<std::string, size_t>& seen,
                                                 const std::vector<std::string>& gone) const {
  std::vector<std::string> stale;
  for (const auto& [id, state] : states) {
    if (seen.count(id) == 0 && state.data_version != version_for(state.path) &&
        std::find(gone.begin(), gone.end(), id) == gone.end()) {
      stale.push_back(id);
    }
  }
  return stale;
}

void Ingester::reextract(Tally& tally, const std::vector<std::string>& stale) {
  WriteGroup group(store_);
  ordered_pipeline<Result<std::optional<Extracted>>>(
      tally.summary.stopped ? 0 : stale.size(), extraction_threads(), kAhead,
      [&](size_t i) { return extract_stored(stale[i]); },
      [&](size_t, Result<std::optional<Extracted>>& extracted) {
        if (tally.stopping()) return false;
        if (!extracted) {
          group.after([&tally, error = extracted.error()] {
            ++tally.summary.failed;
            tally.summary.errors.push_back(error.message);
          });
          return true;
        }
        if (!extracted.value()) return true;
        Extracted& e = *extracted.value();
        const auto facts = static_cast<int64_t>(e.facts.size());
        group.add(std::move(e.record), std::move(e.facts),
                  [this, &tally, facts, stale = std::move(e.stale)](const Result<Done>& written) {
                    if (!written) {
                      ++tally.summary.failed;
                      tally.summary.errors.push_back(written.error().message);
                      return;
                    }
                    stale_.insert(stale_.end(), stale.begin(), stale.end());
                    ++tally.summary.reextracted;
                    tally.summary.facts += facts;
                  });
        return true;
      });
  group.flush();
}

Result<std::optional<Ingester::Extracted>> Ingester::extract_stored(const std::string& id) const {
  auto stored = store_.report(id);
  if (!stored) return stored.error();
  if (!stored.value()) return std::optional<Extracted>();  // removed meanwhile
  const store::ReportRecord& r = *stored.value();
  auto extracted = extract_text(r.id, r.path, r.sha256, r.text);
  if (!extracted) return extracted.error();
  return std::optional<Extracted>(std::move(extracted).value());
}

Summary Ingester::sync(const std::string& dir, const std::function<void(const Progress&)>& progress,
                       const std::atomic<bool>* stop) {
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (listed_entry(*it)) files.push_back(absolute_path(it->path().string()));
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
    for (const auto& f : files) {
      if (!file_gone(f)) present.insert(stem_of(f));
    }
    for (const auto& [id, state] : states.value()) {
      // A listed file that is not a regular file (now a link) is gone too: its report goes.
      if (!present.count(id) && file_gone(state.path)) gone.push_back(id);
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
        if (listed_entry(*it)) inside.push_back(absolute_path(it->path().string()));
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
