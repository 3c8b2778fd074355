#include "report/report.h"

#include "extract/extractor.h"
#include "report/time_cues.h"
#include "text/utf8.h"

namespace jiedao::report {

Result<Report> analyze(std::string id, std::string_view text, const Resources& resources,
                       const ReportOverrides* overrides) {
  if (auto bad = text::find_invalid_utf8(text)) {
    return Error{id + ": not valid UTF-8 at byte " + std::to_string(*bad) +
                 " (convert the report to UTF-8 first, e.g. iconv -f GB18030 -t UTF-8)"};
  }
  return analyze_utf8(std::move(id), text, resources, overrides);
}

Report analyze_utf8(std::string id, std::string_view text, const Resources& resources,
                    const ReportOverrides* overrides) {
  // Traditional characters are read as simplified ones; offsets do not move, so spans
  // point into `text` as given and quotes keep the characters as written.
  const std::string simplified = resources.traditional.simplify(text);
  Report report;
  report.id = std::move(id);
  // The clause marks are found once, for the frame's cues, the facts' words, their time and
  // their sentence.
  report.marks = extract::ClauseMarks(simplified);
  report.frame = read_frame(simplified, report.marks, resources.gazetteer, resources.kinds,
                            resources.section_words, report.id, overrides);
  report.facts =
      extract::extract_facts(simplified,
                             {resources.units, resources.catalogue, resources.names, resources.subject_words,
                              resources.change_words, resources.qualifier_words},
                             report.marks);
  assign_time(simplified, report.marks, report.frame, resources.time_words, report.facts);
  return report;
}

}  // namespace jiedao::report
