// jiedao extract: report files in, facts out.
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/exit_status.h"
#include "cli/fact_format.h"
#include "extract/extractor.h"
#include "formats/decode.h"
#include "report/calendar.h"
#include "report/report.h"

namespace jiedao::cli {

namespace {

constexpr std::string_view kHelp = R"(Usage: jiedao extract [OPTIONS] FILE...

Reads each report file (text, HTML or PDF, decoded as ingest decodes it; '-' reads standard
input) and writes one line per fact, in document order, as FACTS.md defines: value and unit
normalised, qualifier, change, period, status (actual or target), district and county, the
catalogue indicator and the quote's byte span.

Options:
  --format F   jsonl (default), csv or table
  --stats      instead of facts, print per report: district, county, period, number of facts,
               the share that carry a catalogue indicator, and the most frequent subjects the
               catalogue does not know yet (the catalogue editor's view)
  --explain    instead of facts, explain each one: a line per fact with its subject phrase,
               the words that chose its indicator and how (or why it has none), its family,
               measure class and what a completion rate completes, its period and status and
               what set them; then the numbers set aside as non-facts, with the rule that did it
  --data DIR   the folder of the data files (families, units, catalogue, names, gazetteer,
               report kinds, traditional characters, subject words, the cue words of cues/;
               default: $JIEDAO_DATA, else ./data)

A reports.tsv in a report's folder says what its text does not: district, county, period,
kind and publication date (see the README); its rows replace what the text gives.
  -h, --help   this text

A file that cannot be read or is not valid UTF-8 is reported on standard error with its name
and byte offset; the other files are still processed and the exit status is 1.
)";

struct Options {
  FactFormat format = FactFormat::kJsonLines;
  bool stats = false;
  bool explain = false;
  std::string data_dir;
  std::vector<std::string> files;
};

Options options_of(const CommandLine& line) {
  Options options;
  parse_fact_format(line.text("--format", "jsonl"), options.format);  // a word of the table
  options.stats = line.has("--stats");
  options.explain = line.has("--explain");
  options.data_dir = line.text("--data");
  options.files = line.operands();
  return options;
}

std::string report_id(const std::string& path) {
  if (path == "-") return "stdin";
  return std::filesystem::path(path).stem().string();
}

std::string period_text(const Period& p) {
  if (p.empty()) return "-";
  return iso_date(p.start) + ".." + iso_date(p.end);
}

// One line per fact: doc, offset, quote, indicator (or -), family, counts, of, subject, the
// words that chose the indicator and how, then the period and status and what set them.
void write_explanations(std::ostream& out, const report::Report& r, std::string_view text) {
  auto flat = [](std::string_view s) {
    std::string out(s);
    std::replace(out.begin(), out.end(), '\n', ' ');
    std::replace(out.begin(), out.end(), '\t', ' ');
    return out;
  };
  auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  for (const Fact& f : r.facts) {
    out << r.id << '\t' << f.begin << '\t' << flat(text.substr(f.begin, f.end - f.begin)) << '\t'
        << or_dash(f.indicator) << "\tfamily=" << or_dash(f.family) << "\tcounts=" << or_dash(f.counts);
    if (!f.of.empty()) out << "\tof=" << f.of;
    out << "\tsubject=" << flat(f.subject);
    if (f.wording_end > f.wording_begin) {
      out << "\twords=" << flat(text.substr(f.wording_begin, f.wording_end - f.wording_begin));
    }
    out << '\t' << f.how << "\tperiod=" << (f.period.empty() ? "-" : report::period_label(f.period)) << ' '
        << status_name(f.status) << ": ";
    if (f.section >= 0 && static_cast<size_t>(f.section) < r.frame.sections.size())
      out << flat(r.frame.sections[static_cast<size_t>(f.section)].cue);
    if (!f.status_cue.empty()) out << "; a target (" << f.status_cue << ")";
    if (!f.time_cue.empty()) out << "; " << f.time_cue;
    out << '\n';
  }
}

void write_stats(std::ostream& out, const report::Report& r) {
  size_t known = 0;
  std::map<std::string, int> unknown;
  for (const Fact& f : r.facts) {
    if (!f.indicator.empty()) {
      ++known;
    } else {
      ++unknown[f.subject.empty() ? "(no subject)" : f.subject];
    }
  }
  const double share =
      r.facts.empty() ? 0 : 100.0 * static_cast<double>(known) / static_cast<double>(r.facts.size());
  out << r.id << "\n"
      << "  district   " << (r.frame.location.district.empty() ? "-" : r.frame.location.district) << "\n"
      << "  county     " << (r.frame.location.county.empty() ? "-" : r.frame.location.county) << "\n"
      << "  city       " << (r.frame.location.city.empty() ? "-" : r.frame.location.city) << "\n"
      << "  province   " << (r.frame.location.province.empty() ? "-" : r.frame.location.province) << "\n"
      << "  code       " << (r.frame.location.code.empty() ? "-" : r.frame.location.code) << "\n";
  for (const std::string& candidate : r.frame.location.candidates)
    out << "  candidate  " << candidate << "\n";
  out << "  kind       " << r.frame.kind << (r.frame.kind_cue.empty() ? "" : " (" + r.frame.kind_cue + ")")
      << "\n"
      << "  year       "
      << (r.frame.year == 0 ? std::string("none found: its facts have no period (give one in reports.tsv)")
                            : std::to_string(r.frame.year) + " (from " + r.frame.year_from + ")")
      << "\n"
      << "  review     " << period_text(r.frame.review) << "\n"
      << "  plan       " << period_text(r.frame.plan) << "\n"
      << "  published  " << (r.frame.published ? iso_date(*r.frame.published) : "-") << "\n"
      << "  facts      " << r.facts.size() << "\n"
      << "  indicator  " << known << " (" << std::fixed << std::setprecision(1) << share << "%)\n";
  std::vector<std::pair<std::string, int>> ranked(unknown.begin(), unknown.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (!ranked.empty()) out << "  unknown subjects (most frequent first):\n";
  for (size_t i = 0; i < ranked.size() && i < 15; ++i) {
    out << "    " << ranked[i].second << "  " << ranked[i].first << "\n";
  }
}

Result<std::string> read_input(const std::string& path) {
  if (path != "-") return read_file(path);
  std::string bytes((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (std::cin.bad()) return Error{"stdin: read failed"};
  return bytes;
}

}  // namespace

const CommandOptions& extract_options() {
  static const CommandOptions kOptions{
      .command = "extract",
      .options = {word("--format", {"jsonl", "csv", "table"}), flag("--stats"), flag("--explain"),
                  text("--data")},
      .operands = true,
      .missing = "no report file given; see 'jiedao extract --help'",
  };
  return kOptions;
}

int run_extract(int argc, char** argv) {
  auto read = read_command_line(extract_options(), argc, argv);
  if (!read) return fail("extract", read.error(), Stage::kStarting);
  const CommandLine& line = read.value();
  if (line.help()) {
    std::cout << kHelp;
    return kExitOk;
  }
  const Options options = options_of(line);
  auto resources =
      report::load_resources(options.data_dir.empty() ? report::default_data_dir() : options.data_dir);
  if (!resources) return fail("extract", resources.error(), Stage::kStarting);
  std::ostream& out = std::cout;
  if (!options.stats && !options.explain) write_fact_header(out, options.format);
  size_t total = 0, known = 0;
  int status = kExitOk;
  // Each folder's reports.tsv, read once: what the user says of its reports.
  std::map<std::string, report::OverrideTable> folders;
  for (const std::string& path : options.files) {
    const report::ReportOverrides* overrides = nullptr;
    if (path != "-") {
      const std::string folder = std::filesystem::path(path).parent_path().string();
      auto it = folders.find(folder);
      if (it == folders.end()) {
        auto table = report::load_overrides(folder, resources.value().kinds, resources.value().gazetteer);
        if (!table) return fail("extract", table.error(), Stage::kStarting);
        it = folders.emplace(folder, std::move(table).value()).first;
      }
      overrides = it->second.find(std::filesystem::path(path).filename().string());
    }
    auto bytes = read_input(path);
    if (!bytes) {
      status = fail("extract", bytes.error(), Stage::kWorking);
      continue;
    }
    auto decoded = formats::decode_report(bytes.value());
    if (!decoded) {
      status = fail("extract", Error{path + ": " + decoded.error().message, decoded.error().kind},
                    Stage::kWorking);
      continue;
    }
    bytes.value() = std::move(decoded.value().text);
    // decode_report's text is valid UTF-8.
    Result<report::Report> report =
        report::analyze_utf8(report_id(path), bytes.value(), resources.value(), overrides);
    if (options.stats) {
      write_stats(out, report.value());
      total += report.value().facts.size();
      known += static_cast<size_t>(std::count_if(report.value().facts.begin(), report.value().facts.end(),
                                                 [](const Fact& f) { return !f.indicator.empty(); }));
    } else if (options.explain) {
      const std::string& text = bytes.value();
      const auto& r = resources.value();
      write_explanations(out, report.value(), text);
      for (const auto& rejected : extract::rejected_quantities(
               text, {r.units, r.catalogue, r.names, r.subject_words, r.change_words, r.qualifier_words})) {
        std::string quote = text.substr(rejected.begin, rejected.end - rejected.begin);
        std::replace(quote.begin(), quote.end(), '\n', ' ');
        out << report.value().id << '\t' << rejected.begin << '\t' << quote
            << "\tnot a fact: " << rejected.reason << '\n';
      }
    } else {
      write_facts(out, options.format, report.value(), bytes.value());
    }
  }
  if (options.stats && options.files.size() > 1) {
    out << "all reports: " << total << " facts, " << known << " with an indicator (" << std::fixed
        << std::setprecision(1)
        << (total ? 100.0 * static_cast<double>(known) / static_cast<double>(total) : 0.0) << "%)\n";
  }
  out.flush();
  return status;
}

}  // namespace jiedao::cli
