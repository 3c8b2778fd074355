#include "ingest/upload.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "base/file.h"
#include "formats/decode.h"

namespace jiedao::ingest {

namespace fs = std::filesystem;

std::string temp_name(const char* suffix) {
  static std::atomic<int> counter{0};
  return ".upload-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + suffix;
}

namespace {

// The id of `name` is taken when another report file of the folder has its stem (a.txt
// for a.html), or when the store holds it from a file elsewhere that still exists.
Result<Done> check_id_free(const store::Store& store, const std::string& dir, const std::string& name) {
  const std::string stem = fs::path(name).stem().string();
  for (const std::string_view extension : formats::kReportExtensions) {
    const std::string other = stem + std::string(extension);
    std::error_code ec;
    if (other != name && fs::symlink_status(fs::path(dir) / other, ec).type() != fs::file_type::not_found)
      return Error{"the report id '" + stem + "' is already used by " + other +
                       " in the reports folder; upload under another name",
                   ErrorKind::kConflict};
  }
  auto state = store.report_state(stem);
  if (!state) return state.error();
  const std::string target = fs::absolute(fs::path(dir) / name).lexically_normal().string();
  if (id_held_elsewhere(state.value(), target))
    return Error{
        "the report id '" + stem + "' is already used by another report file; upload under another name",
        ErrorKind::kConflict};
  return Done{};
}

// The row of reports.tsv that an upload's district=, period=, ... make, as if the user had written
// it (the next sync and the next start read the same), and how to take it back.
struct RowEdit {
  std::string table, backup;  // backup: the table as it was, when there was one
  bool written = false;

  void undo(const UploadLog& log) const {
    if (!written) return;
    if (!backup.empty() ? ::rename(backup.c_str(), table.c_str()) != 0 : ::unlink(table.c_str()) != 0)
      log("error", table + ": cannot undo the failed upload: " + std::strerror(errno));
  }
  void keep() const {
    if (!backup.empty()) ::unlink(backup.c_str());
  }
};

Result<RowEdit> write_row(const std::string& reports_dir, const report::ReportOverrides& overrides) {
  RowEdit edit;
  edit.table = (fs::path(reports_dir) / report::OverrideTable::kFileName).string();
  if (overrides.empty()) return edit;
  const bool had_table = static_cast<bool>(stat_regular_file(edit.table));
  auto content =
      had_table ? read_regular_file(edit.table, 16 * 1024 * 1024) : Result<std::string>(std::string());
  if (!content) return content.error();
  if (auto saved = write_atomically(reports_dir, report::OverrideTable::kFileName,
                                    report::with_row(content.value(), overrides), temp_name(".tmp"),
                                    temp_name(".bak"), had_table ? &edit.backup : nullptr);
      !saved)
    return saved.error();
  edit.written = true;
  return edit;
}

}  // namespace

Result<UploadResult> upload_report(const std::string& reports_dir, store::Store& store, Ingester& ingester,
                                   const std::string& name, const std::string& body,
                                   const report::ReportOverrides& overrides, const UploadLog& log) {
  if (auto free = check_id_free(store, reports_dir, name); !free) return free.error();
  const std::string target = (fs::path(reports_dir) / name).string();
  const bool replaced = static_cast<bool>(stat_regular_file(target));
  auto row = write_row(reports_dir, overrides);
  if (!row) return row.error();
  std::string backup;
  if (auto saved = write_atomically(reports_dir, name, body, temp_name(".tmp"), temp_name(".bak"),
                                    replaced ? &backup : nullptr);
      !saved) {
    row.value().undo(log);
    return saved.error();
  }
  int64_t facts = 0;
  auto ingested = ingester.ingest_file(target, &facts);
  if (ingested && !ingested.value()) {
    // The same bytes again: nothing was extracted, and the answer gives the facts it has.
    if (auto stored = store.report_without_text(fs::path(name).stem().string()); stored && stored.value())
      facts = stored.value()->fact_count;
  }
  if (!ingested) {
    if (!backup.empty() ? ::rename(backup.c_str(), target.c_str()) != 0 : ::unlink(target.c_str()) != 0)
      log("error", target + ": cannot undo the failed upload: " + std::strerror(errno));
    row.value().undo(log);
    fsync_dir(reports_dir);
    return ingested.error();
  }
  if (!backup.empty()) ::unlink(backup.c_str());
  row.value().keep();
  log("upload", name + " facts=" + std::to_string(facts));
  return UploadResult{fs::path(name).stem().string(), facts, replaced};
}

Result<UploadResult> upload_for_client(const std::string& reports_dir, store::Store& store,
                                       Ingester& ingester, const std::string& name, const std::string& body,
                                       const report::ReportOverrides& overrides, const UploadLog& log) {
  auto uploaded = upload_report(reports_dir, store, ingester, name, body, overrides, log);
  if (uploaded || is_server_fault(uploaded.error().kind)) return uploaded;
  Error error = uploaded.error();
  std::error_code ec;
  for (std::string folder : {fs::absolute(reports_dir, ec).lexically_normal().string(), reports_dir}) {
    if (folder.empty()) continue;
    if (folder.back() != '/') folder += '/';
    for (size_t at = error.message.find(folder); at != std::string::npos; at = error.message.find(folder, at))
      error.message.erase(at, folder.size());
  }
  return error;
}

// Removes what uploads killed midway left (.upload-*.tmp, .upload-*.bak): regular files only.
size_t remove_stale_uploads(const std::string& dir) {
  size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const bool ours = name.rfind(".upload-", 0) == 0 && name.size() > 12 &&
                      (name.ends_with(".tmp") || name.ends_with(".bak"));
    std::error_code type_error;
    if (ours && it->symlink_status(type_error).type() == fs::file_type::regular) {
      std::error_code remove_error;
      removed += fs::remove(it->path(), remove_error) ? 1 : 0;
    }
  }
  return removed;
}

}  // namespace jiedao::ingest
