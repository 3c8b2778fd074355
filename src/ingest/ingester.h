// The ingester: keeps the store in line with a folder of report files.
//
// A report file is a regular file named *.txt, *.html, *.htm or *.pdf (not
// hidden), read by its content (formats/decode.h); its stem is the report id.
// A symbolic link, a FIFO, a socket or a device of that name is never read (the
// folder may be writable by others: a link to /etc/passwd would be served to
// anyone), nor a file over the size limit: both are skipped, counted and named in
// Summary::skips, and a stored report whose file became one is removed. sync() compares every file's
// SHA-256 and the data files' fingerprint with what the store holds: an unchanged file is skipped, a new or
// changed one is extracted and replaces its facts in one transaction, a stored report whose file is gone is
// removed, and a report extracted with other data files (an edited catalogue, lexicon or gazetteer) is
// extracted again from its stored text. A file that cannot be read or is not UTF-8 is an error of that file
// only; the others go on. A stop request is honoured between two reports, so a stop never leaves a report
// half-written.
//
// A folder's reports.tsv (report/overrides.h) says what a report's text does not (district,
// county, period, kind, publication date): its rows are applied as the reports are extracted,
// and a report whose row changed is extracted again, as after an edit of the data files. A
// reports.tsv that cannot be read is an error of the sync; the rows last read stay in force.
// Its corrections.tsv (report/corrections.h) is read the same way: a report's rows are applied
// at each extraction of it, a change of them extracts it again, and a row whose quote no longer
// stands at its span is stale: not applied, kept in the store as such and named in Summary::stale.
//
// A sync extracts reports on every core while one thread writes them, in the order of their
// file names and a group of them per transaction (write_group.h): a stop request lets the
// reports of the group under way be written first. An Ingester is used by one thread at a time (the
// daemon serialises syncs and uploads with its own mutex).
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "ingest/stored_report.h"
#include "ingest/write_group.h"
#include "report/corrections.h"
#include "report/overrides.h"
#include "report/resources.h"
#include "store/store.h"

namespace jiedao::ingest {

// The fingerprint of the data files in `data_dir` (every file of report::kDataFiles).
Result<std::string> data_fingerprint(const std::string& data_dir);

// Whether `name` (a file name, no folder) is a report file the ingester reads.
bool is_report_file(const std::string& name);

// The one clash rule of report ids (the file name without its extension): the store holds the
// id `stored` for a file other than `path` (absolute), and that file still exists. Ingests and
// uploads both refuse such a file (kConflict) rather than let one report replace another.
bool id_held_elsewhere(const std::optional<store::ReportState>& stored, const std::string& path);

struct Progress {
  size_t done = 0, total = 0;  // files looked at, of all
  int64_t facts = 0;           // facts written so far
};

struct Summary {
  size_t files = 0, added = 0, changed = 0, unchanged = 0, reextracted = 0, removed = 0, failed = 0;
  size_t skipped = 0;              // not regular files, or over the size limit
  std::vector<std::string> skips;  // one per skipped file, naming it and why
  std::vector<std::string> stale;  // one per stale correction found by this run, naming it
  int64_t facts = 0;               // facts written
  double seconds = 0;
  bool stopped = false;
  std::vector<std::string> errors;  // one per failed file, naming it; or the text index's failure

  std::string line() const;  // one-line summary for logs and non-terminals ("…, N skipped" when some were)
};

class Ingester {
 public:
  Ingester(store::Store& store, const report::Resources& resources, std::string data_version);

  // The largest report file read (default kDefaultMaxReportBytes); larger ones are skipped.
  void set_max_report_bytes(uint64_t bytes) { max_report_bytes_ = bytes; }
  static constexpr uint64_t kDefaultMaxReportBytes = 64ull * 1024 * 1024;

  // Brings the store in line with the report files of `dir`. Reports stored
  // from files outside `dir` are kept unless their file is gone.
  Summary sync(const std::string& dir, const std::function<void(const Progress&)>& progress = {},
               const std::atomic<bool>* stop = nullptr);

  // Ingests the given files and folders (their report files); removes nothing.
  Summary ingest_paths(const std::vector<std::string>& paths,
                       const std::function<void(const Progress&)>& progress = {},
                       const std::atomic<bool>* stop = nullptr);

  // Extracts and stores one file; the error names the file. Returns whether the store was
  // written (false when the file was unchanged).
  Result<bool> ingest_file(const std::string& path, int64_t* facts = nullptr);

  // The stale corrections found by the last sync, ingest_paths or ingest_file (Summary::stale).
  const std::vector<std::string>& last_stale() const { return stale_; }

 private:
  // Size and modification time of each file as last stored or found unchanged.
  struct FileStamp {
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    std::string version;  // the data files' and its reports.tsv row's, as extracted
    bool operator==(const FileStamp&) const = default;
  };
  // A report as extracted, ready to be stored.
  using Extracted = StoredReport;
  // A file as read and extracted before anything is written: prepare_file() runs on
  // several threads at once (it only reads), stage_file() on one, in file order.
  struct Prepared {
    std::string path, id;
    FileStamp stamp;
    bool settled = false;                      // old enough for its stamp to be trusted
    bool same_stamp = false;                   // as last stored: not read at all
    std::optional<store::ReportState> stored;  // the store's row when prepared
    bool unchanged = false;                    // same bytes and data files as stored
    std::optional<Extracted> extracted;        // when changed
  };

  Summary run(const std::vector<std::string>& files, const std::vector<std::string>& gone,
              const std::function<void(const Progress&)>& progress, const std::atomic<bool>* stop);
  // What run() has done so far, its progress and its stop request (ingester.cc).
  struct Tally;
  using StoredStates = std::map<std::string, store::ReportState>;
  // The steps of run(), in order; each counts what it does in `tally`.
  // `seen`: per report id, how many of `files` have it.
  void commit_files(Tally& tally, const std::vector<std::string>& files, const StoredStates& states,
                    const std::map<std::string, size_t>& seen);
  void remove_gone(Tally& tally, const std::vector<std::string>& gone);
  // The stored reports extracted with other data files (or reports.tsv rows) whose file was not
  // just read: they are extracted again from their stored text.
  std::vector<std::string> stale_reports(const StoredStates& states,
                                         const std::map<std::string, size_t>& seen,
                                         const std::vector<std::string>& gone) const;
  void reextract(Tally& tally, const std::vector<std::string>& stale);
  // The stored report `id` extracted again from its text; nothing when it was removed meanwhile.
  Result<std::optional<Extracted>> extract_stored(const std::string& id) const;
  Result<Prepared> prepare_file(const std::string& path) const;
  // What became of a file: whether the store was written (or why not), and the facts written.
  using Staged = std::function<void(const Result<bool>&, int64_t facts)>;
  // Decides what to do with a prepared file and adds it to `group`: `then` is called once the
  // group is written. `id_shared`: another file of the same sync has the same report id.
  void stage_file(Prepared prepared, bool id_shared, WriteGroup& group, const Staged& then);
  // Keeps a file's stamp (path and stamp), when it has one worth keeping.
  void remember(const std::optional<std::pair<std::string, FileStamp>>& stamp);
  // Decodes a file's bytes (any format of formats/decode.h) and extracts its facts.
  Result<Extracted> extract_file(const std::string& id, const std::string& path,
                                 const std::string& bytes) const;
  // Extracts the facts of an already decoded text; `sha256` is the file's.
  Result<Extracted> extract_text(const std::string& id, const std::string& path, const std::string& sha256,
                                 const std::string& text) const;
  // Reads the reports.tsv of the folders of `paths` (an error per folder whose file is bad).
  std::vector<std::string> load_overrides(const std::vector<std::string>& paths);
  // The reports.tsv row of the report file at `path`, or nullptr.
  const report::ReportOverrides* overrides_for(const std::string& path) const;
  // The corrections.tsv rows of the report file at `path` (its report id `id`).
  std::vector<const report::Correction*> corrections_for(const std::string& path,
                                                         const std::string& id) const;
  // What a report must have been extracted with to be current: the data files' fingerprint,
  // and its reports.tsv row's and corrections.tsv rows' when it has them.
  std::string version_for(const std::string& path) const;

  // Per folder, its reports.tsv as last read; written by run() before its threads start.
  std::map<std::string, report::OverrideTable> overrides_;
  std::map<std::string, report::CorrectionTable> corrections_;  // per folder, likewise
  std::vector<std::string> stale_;  // written by the one thread that stores reports

  mutable std::mutex stamps_mutex_;  // guards stamps_
  std::map<std::string, FileStamp> stamps_;

  store::Store& store_;
  const report::Resources& resources_;
  std::string data_version_;
  uint64_t max_report_bytes_ = kDefaultMaxReportBytes;
};

}  // namespace jiedao::ingest
