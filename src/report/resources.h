// The data files every analysis needs, loaded once at start:
//   data/units.tsv      the unit lexicon          data/catalogue.tsv  the indicator catalogue
//   data/names.tsv      fixed names with numerals
//   data/divisions.tsv  every township-level unit of China (generated: make divisions), with
//   data/villages.tsv   the villages that tell apart the units of one name (generated too),
//   data/gazetteer.tsv  Shanghai's short forms, data/former_names.tsv  counties' former names and
//   data/cues/places.tsv the words that end the names of each level: the gazetteer
//   data/traditional.tsv traditional characters and their simplified forms
//   data/families.tsv   the indicator families the catalogue's entries belong to
//   data/report_kinds.tsv the kinds of report, their cues, periods and status
//   data/subject_words.tsv the words that tell how a number's phrase is built
//   data/cues/change.tsv     the words of changes and rates (同比增长, 人均)
//   data/cues/qualifiers.tsv the words of bounds and approximations (超过, 约, 以上)
//   data/cues/sections.tsv   the words of review and plan headings, publication dates
//   data/cues/time.tsv       the words of a fact's own time and of a target inside a review
//   data/labels.tsv    the words people read for units, statuses and categories (not read by
//                      extraction, so not among kDataFiles: editing it re-extracts nothing)
// Resources are immutable once loaded and safe to share between threads.
#pragma once

#include <string>

#include "base/result.h"
#include "extract/catalogue.h"
#include "extract/cue_words.h"
#include "extract/families.h"
#include "extract/non_facts.h"
#include "extract/subject_words.h"
#include "report/cue_words.h"
#include "report/gazetteer.h"
#include "report/kinds.h"
#include "report/labels.h"
#include "text/traditional.h"
#include "text/units.h"

namespace jiedao::report {

struct Resources {
  extract::FamilyList families;
  text::UnitLexicon units;
  extract::Catalogue catalogue;
  extract::NameList names;
  extract::SubjectWords subject_words;
  extract::ChangeWords change_words;
  extract::QualifierWords qualifier_words;
  Gazetteer gazetteer;
  ReportKinds kinds;
  SectionWords section_words;
  TimeWords time_words;
  text::TraditionalMap traditional;
  Labels labels;
};

// The data files of a data folder, in the order load_resources() reads them.
inline constexpr const char* kDataFiles[] = {
    "families.tsv",      "units.tsv",         "catalogue.tsv",       "names.tsv",
    "subject_words.tsv", "cues/change.tsv",   "cues/qualifiers.tsv", "divisions.tsv",
    "gazetteer.tsv",     "former_names.tsv",  "cues/places.tsv",     "villages.tsv",
    "report_kinds.tsv",  "cues/sections.tsv", "cues/time.tsv",       "traditional.tsv"};

// The labels people read (report/labels.h), beside kDataFiles in a data folder but not among them:
// extraction does not read it, so it is not part of the data's fingerprint.
inline constexpr const char* kLabelsFile = "labels.tsv";

// The gazetteer of a data folder (divisions.tsv, gazetteer.tsv, former_names.tsv, cues/places.tsv,
// villages.tsv).
Result<Gazetteer> load_gazetteer(const std::string& data_dir);

// Loads the data files (kDataFiles and kLabelsFile) from `data_dir`; the error names the file and line at
// fault.
Result<Resources> load_resources(const std::string& data_dir);

// The data folder: $JIEDAO_DATA if set, else ./data, else the folder installed beside the binary.
std::string default_data_dir();

}  // namespace jiedao::report
