#include "report/resources.h"

#include <cstdlib>
#include <filesystem>

#include "base/file.h"

namespace jiedao::report {

namespace {

Result<std::string> read_data(const std::string& dir, const std::string& name) {
  auto content = read_file(dir + "/" + name);
  if (!content)
    return Error{content.error().message + " (the data folder is set with --data or $JIEDAO_DATA)",
                 content.error().kind};
  return std::move(content).value();
}

template <class T, class... Known>
Result<T> load(const std::string& dir, const std::string& name, const Known&... known) {
  auto content = read_data(dir, name);
  if (!content) return content.error();
  return T::parse(content.value(), dir + "/" + name, known...);
}

}  // namespace

Result<Gazetteer> load_gazetteer(const std::string& data_dir) {
  auto divisions = read_data(data_dir, "divisions.tsv");
  if (!divisions) return divisions.error();
  auto aliases = read_data(data_dir, "gazetteer.tsv");
  if (!aliases) return aliases.error();
  auto former = read_data(data_dir, "former_names.tsv");
  if (!former) return former.error();
  auto words = read_data(data_dir, "cues/places.tsv");
  if (!words) return words.error();
  auto villages = read_data(data_dir, "villages.tsv");
  if (!villages) return villages.error();
  GazetteerFiles files{std::move(divisions).value(), aliases.value(), former.value(), words.value(),
                       std::move(villages).value()};
  files.divisions_source = data_dir + "/divisions.tsv";
  files.aliases_source = data_dir + "/gazetteer.tsv";
  files.former_source = data_dir + "/former_names.tsv";
  files.words_source = data_dir + "/cues/places.tsv";
  files.villages_source = data_dir + "/villages.tsv";
  return Gazetteer::parse(std::move(files));
}

Result<Resources> load_resources(const std::string& data_dir) {
  auto families = load<extract::FamilyList>(data_dir, "families.tsv");
  if (!families) return families.error();
  auto units = load<text::UnitLexicon>(data_dir, "units.tsv");
  if (!units) return units.error();
  auto catalogue = load<extract::Catalogue>(data_dir, "catalogue.tsv", families.value(), units.value());
  if (!catalogue) return catalogue.error();
  auto names = load<extract::NameList>(data_dir, "names.tsv");
  if (!names) return names.error();
  auto subject_words = load<extract::SubjectWords>(data_dir, "subject_words.tsv");
  if (!subject_words) return subject_words.error();
  auto change_words = load<extract::ChangeWords>(data_dir, "cues/change.tsv");
  if (!change_words) return change_words.error();
  auto qualifier_words = load<extract::QualifierWords>(data_dir, "cues/qualifiers.tsv");
  if (!qualifier_words) return qualifier_words.error();
  auto gazetteer = load_gazetteer(data_dir);
  if (!gazetteer) return gazetteer.error();
  auto kinds = load<ReportKinds>(data_dir, "report_kinds.tsv");
  if (!kinds) return kinds.error();
  auto section_words = load<SectionWords>(data_dir, "cues/sections.tsv");
  if (!section_words) return section_words.error();
  auto time_words = load<TimeWords>(data_dir, "cues/time.tsv");
  if (!time_words) return time_words.error();
  auto traditional = load<text::TraditionalMap>(data_dir, "traditional.tsv");
  if (!traditional) return traditional.error();
  auto labels = load<Labels>(data_dir, kLabelsFile);
  if (!labels) return labels.error();
  return Resources{
      std::move(families).value(),        std::move(units).value(),         std::move(catalogue).value(),
      std::move(names).value(),           std::move(subject_words).value(), std::move(change_words).value(),
      std::move(qualifier_words).value(), std::move(gazetteer).value(),     std::move(kinds).value(),
      std::move(section_words).value(),   std::move(time_words).value(),    std::move(traditional).value(),
      std::move(labels).value()};
}

std::string default_data_dir() {
  if (const char* env = std::getenv("JIEDAO_DATA"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  if (std::filesystem::exists("data/units.tsv", ec)) return "data";
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      if (std::filesystem::exists(dir / "data" / "units.tsv", ec)) return (dir / "data").string();
      if (std::filesystem::exists(dir / "share" / "jiedao" / "units.tsv", ec))
        return (dir / "share" / "jiedao").string();
    }
  }
  return "data";
}

}  // namespace jiedao::report
