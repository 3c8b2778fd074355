#include "extract/subject.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <vector>

#include "extract/phrase.h"
#include "extract/reader.h"
#include "text/utf8.h"

namespace jiedao::extract {

namespace {

// Measure classes that count kinds or levels, never things: 10类, 三种, 8层.
bool structural_class(std::string_view counts) { return counts == "kinds" || counts == "floors"; }

}  // namespace

namespace detail {

// No id, no family: only the subject's words and why (`how`) stay.
void Reader::name_nothing(SubjectReading& reading, std::string_view how) {
  std::string subject = std::move(reading.subject);
  reading = SubjectReading{};
  reading.subject = std::move(subject);
  reading.how = how;
}

bool Reader::coordinated(size_t a, size_t b) const {
  return listed_together(text_, quantities_[a], quantities_[b]);
}

bool Reader::same_sentence_or_list(size_t j, size_t k) const {
  const Window sentence = sentence_of(k);
  if (quantities_[j].begin >= sentence.begin) return true;
  return quantities_[j].begin >= list_begin(text_, marks_, sentence.begin);
}

// A figure right before 以上/以下 and a noun (税收500万元以上楼宇5幢, 1000万元以上项目2个) sets the
// class of what the next number counts. Rates are left alone: 95%以上居民 is a share.
bool Reader::is_threshold(size_t k) const {
  if (queries_[k].unit == "percent") return false;
  const Quantity& q = quantities_[k];
  size_t at = q.end;
  for (std::string_view bound : {"及以上", "以上", "以下"}) {
    if (starts_with_at(text_, at, bound)) {
      at += bound.size();
      break;
    }
  }
  if (at == q.end) return false;
  constexpr std::string_view kOf = "的";
  if (starts_with_at(text_, at, kOf)) at += kOf.size();
  return at < text_.size() && text::is_han(text::code_point_at(text_, at)) &&
         !words_.bare.starts(text_.substr(at));
}

// A project's expected yield (项目建成达产后,年可贡献税收11.5亿元): the words of data/subject_words.tsv's
// forecast list before the number in its sentence.
bool Reader::is_forecast(size_t k) {
  const Window sentence = sentence_of(k);
  // Read once per sentence, up to the sentence's last number read so far.
  if (sentence.begin != forecast_sentence_) {
    forecast_sentence_ = sentence.begin;
    forecast_from_ = first_forecast(sentence);
  }
  return quantities_[k].begin >= forecast_from_;
}

// Where the first word of the forecast list in `sentence` ends, or its end.
size_t Reader::first_forecast(Window sentence) const {
  const size_t end = words_.forecast.first_end(sentence.of(text_));
  return end == std::string_view::npos ? sentence.end : sentence.begin + end;
}

bool Reader::is_structural(size_t k, const Phrase& phrase) const {
  if (structural_class(queries_[k].counts)) return true;
  const std::string_view after = phrase.after.of(text_);
  if (words_.structural.starts(after)) return true;
  // 两个100%: a count of the figures that follow it.
  return k + 1 < quantities_.size() && quantities_[k + 1].begin == quantities_[k].end &&
         queries_[k + 1].unit == "percent";
}

// The task a completion rate completes: another wording of its own phrase before the rate's
// (安全隐患整改率: safety hazards), else the subject of the quantity before it in its sentence.
int Reader::completion_of(size_t k, const Phrase& phrase, const WordingMatch& rate) const {
  const SubjectQuery any{"", "", true};
  Window before{phrase.before.begin, std::min(rate.begin, phrase.before.end)};
  if (const WordingMatch* m = head_before(text_, matches_, before, any, catalogue_, words_);
      m != nullptr && m->indicator != rate.indicator)
    return m->indicator;
  for (size_t j = k; j-- > 0 && same_sentence_or_list(j, k);) {
    const int id = done_[j].indicator;
    if (id >= 0 && id != rate.indicator) return id;
    if (id >= 0) break;
  }
  return -1;
}

void Reader::choose(SubjectReading& reading, const WordingMatch* m, Source source, size_t k,
                    std::string_view how) {
  const SubjectQuery& query = queries_[k];
  reading.indicator = catalogue_.resolve(m->indicator, query.unit, query.counts, query.change);
  reading.family = catalogue_.indicators()[reading.indicator].family;
  reading.how = how;
  reading.wording_begin = m->begin;
  reading.wording_end = m->end;
  sources_[k] = source;
  sources_[k].found = true;
}

// Coordinated numbers share the words before the first and after the last.
void Reader::read_coordinated(SubjectReading& reading, size_t k) {
  const SubjectQuery& query = queries_[k];
  size_t first = k, last = k;
  while (first > 0 && coordinated(first - 1, first)) --first;
  while (last + 1 < quantities_.size() && coordinated(last, last + 1)) ++last;
  if (last > k) {
    const Phrase tail = own_phrase(text_, marks_, quantities_, last, words_);
    if (const WordingMatch* m = head_after(text_, matches_, tail.after, query, catalogue_, words_))
      choose(reading, m, {true, tail.after, true}, k, "the words after the numbers it is listed with");
  }
  if (reading.indicator < 0 && first < k) {
    const Phrase head = own_phrase(text_, marks_, quantities_, first, words_);
    if (const WordingMatch* m = head_before(text_, matches_, head.before, query, catalogue_, words_))
      choose(reading, m, {true, head.before, false}, k, "the words before the numbers it is listed with");
  }
}

// One work measured in several dimensions, each number with its own measure (实施17幢房屋2.7万
// 平方米569户老旧工房改造): a number whose own noun is only weak (房屋) takes the head after the
// numbers that follow it, unless one of them has its unit and class, in which case they count
// different things (5个居民小区41个充电桩: the estates are not piles).
void Reader::read_dimensions(SubjectReading& reading, size_t k, const Phrase& phrase) {
  if (k + 1 >= quantities_.size() || quantities_[k + 1].begin != phrase.after.end) return;
  const SubjectQuery& query = queries_[k];
  size_t last = k + 1;
  while (last + 1 < quantities_.size() && coordinated(last, last + 1)) ++last;
  for (size_t j = k + 1; j <= last; ++j) {
    if (queries_[j].unit == query.unit && queries_[j].counts == query.counts) return;
  }
  const Phrase tail = own_phrase(text_, marks_, quantities_, last, words_);
  const WordingMatch* m = head_after(text_, matches_, tail.after, query, catalogue_, words_);
  if (m != nullptr && !m->weak)
    choose(reading, m, {true, tail.after, true}, k, "the head after the other dimensions of its work");
}

// Where the last 其中 before quantity k in its sentence stands, or npos. A sentence's 其中 are
// found once, for all its numbers.
size_t Reader::part_mark(size_t k) {
  const Window sentence = sentence_of(k);
  if (sentence.begin != parts_sentence_) {
    parts_sentence_ = sentence.begin;
    parts_at_.clear();
    const std::string_view words = sentence.of(text_);
    for (size_t at = text::find_word(words, "其中"); at != std::string_view::npos;
         at = text::find_word(words, "其中", at + 1))
      parts_at_.push_back(sentence.begin + at);
  }
  auto after = std::lower_bound(parts_at_.begin(), parts_at_.end(), quantities_[k].begin);
  return after == parts_at_.begin() ? std::string_view::npos : *(after - 1);
}

// A part under 其中 that names the same thing as its total (粮食作物播种面积5.29万亩,其中小春种植粮食
// 作物16300亩): its total's family, no second value of the total's series.
void Reader::drop_part_of_same(SubjectReading& reading, size_t k) {
  const size_t at = part_mark(k);
  if (at == std::string_view::npos) return;
  const Window sentence = sentence_of(k);
  // The total: the nearest number before 其中 in the same unit.
  for (size_t j = k; j-- > 0 && quantities_[j].begin >= sentence.begin;) {
    if (quantities_[j].end > at || queries_[j].unit != queries_[k].unit || queries_[j].change) continue;
    if (done_[j].indicator == reading.indicator) {
      reading.indicator = -1;
      reading.how = "none: a part (其中…) of a total of the same thing; its family, no series of its own";
    }
    return;
  }
}

// A part under a total (其中…, or in brackets right after it): the total's family, no id of its own.
void Reader::read_part(SubjectReading& reading, size_t k) {
  const Quantity& q = quantities_[k];
  // A part in brackets right after its total (新签约项目14个(亿元以上2个)).
  if (k > 0 && !done_[k - 1].family.empty()) {
    const std::string_view between = text_.substr(quantities_[k - 1].end, q.begin - quantities_[k - 1].end);
    // Opened right after the total and not yet closed (a full-width bracket is three bytes, not a set).
    const bool bracketed = (between.starts_with("(") || between.starts_with("（")) &&
                           between.find(')') == std::string_view::npos &&
                           between.find("）") == std::string_view::npos;
    if (bracketed) {
      reading.family = done_[k - 1].family;
      reading.how =
          "none: a part, in brackets, of the total before it; the total's family, no series of its own";
      return;
    }
  }
  const Window sentence = sentence_of(k);
  if (const size_t at = part_mark(k); at != std::string_view::npos) {
    for (size_t j = k; j-- > 0 && quantities_[j].begin >= sentence.begin;) {
      if (quantities_[j].end <= at) {
        if (!done_[j].family.empty()) {
          reading.family = done_[j].family;
          reading.how = "none: a part (其中…) of a total; the total's family, no series of its own";
        }
        break;
      }
    }
  }
}

SubjectReading Reader::read(size_t k) {
  const Phrase phrase = own_phrase(text_, marks_, quantities_, k, words_);
  SubjectReading reading;
  std::string_view before = trim_words(phrase.before.of(text_), words_);
  std::string_view after = trim_words(phrase.after.of(text_), words_);
  reading.subject = std::string(clip(before, 30, true)) + std::string(clip(after, 30, false));

  if (is_structural(k, phrase)) {
    reading.how = "none: a count of kinds, levels or parts of a plan, not of things";
    return reading;
  }
  if (is_threshold(k)) {
    reading.how = "none: a threshold of a class of things (税收500万元以上楼宇), not a level";
    return reading;
  }
  const bool decided = read_paired(reading, k) || read_respective_list(reading, k) ||
                       read_object_of_work(reading, k, phrase) || read_modified(reading, k, phrase);
  const bool attribute = !decided && read_own_phrase(reading, k, phrase);
  const bool bare =
      is_bare(phrase.before.of(text_), words_.bare) &&
      (is_bare(phrase.after.of(text_), words_.bare) || words_.verb_after.starts(phrase.after.of(text_)));
  if (!decided && bare) read_bare(reading, k, phrase, attribute);
  if (reading.indicator < 0 && reading.family.empty() && !decided) read_part(reading, k);
  if (reading.indicator >= 0) drop_part_of_same(reading, k);
  drop_given_title(reading, phrase);
  drop_forecast(reading, k);
  if (reading.indicator >= 0 && catalogue_.indicators()[reading.indicator].family == "completion_rate") {
    const WordingMatch rate{reading.wording_begin, reading.wording_end, reading.indicator, 0, false};
    reading.of = completion_of(k, phrase, rate);
  }
  if (reading.indicator < 0 && reading.how.empty()) {
    reading.how =
        bare ? "none: a bare number after no subject" : "none: no catalogue wording names the subject";
  }
  if (reading.subject.size() <= 3 && reading.indicator >= 0) {
    reading.subject =
        std::string(text_.substr(reading.wording_begin, reading.wording_end - reading.wording_begin));
  }
  return reading;
}

// Its own phrase: the words after the measure word, then those before the number, then the words
// of the numbers it is listed with. Returns whether the id comes from a weak attribute alone
// (一期投资27.1亿元: 投资), which read_bare() may overrule.
bool Reader::read_own_phrase(SubjectReading& reading, size_t k, const Phrase& phrase) {
  const SubjectQuery& query = queries_[k];
  bool attribute = false;
  const WordingMatch* after = head_after(text_, matches_, phrase.after, query, catalogue_, words_);
  // A weak noun after the number (a place: 小区) never beats an ordinary wording before it
  // (老旧小区改造6个小区); a generic one (服务, 项目) names nothing at all (below).
  const bool weak_place =
      after != nullptr && after->weak &&
      !is_bare(text_.substr(after->begin, after->end - after->begin), words_.generic_head);
  const WordingMatch* before =
      weak_place ? head_before(text_, matches_, phrase.before, query, catalogue_, words_) : nullptr;
  if (before != nullptr && !before->weak) {
    choose(reading, before, {true, phrase.before, false}, k,
           "the words before the number (the noun after is weak)");
  } else if (const WordingMatch* m = after) {
    choose(reading, m, {true, phrase.after, true}, k, "the words after the number");
    if (m->weak) read_dimensions(reading, k, phrase);
    refine_stage(reading, m, k, phrase);
  } else if (const WordingMatch* m = head_before(text_, matches_, phrase.before, query, catalogue_, words_)) {
    choose(reading, m, {true, phrase.before, false}, k, "the words before the number");
    attribute = m->weak && is_bare(text_.substr(m->begin, m->end - m->begin), words_.bare);
  }
  if (reading.indicator < 0) read_coordinated(reading, k);
  if (reading.indicator < 0) read_around(reading, k, phrase);
  // A generic word alone (实施5个项目, 提供服务) names nothing.
  if (reading.indicator >= 0 && reading.wording_end > reading.wording_begin &&
      is_bare(text_.substr(reading.wording_begin, reading.wording_end - reading.wording_begin),
              words_.generic_head)) {
    name_nothing(reading, "none: a generic word (项目, 点位, 服务) alone names no thing");
    sources_[k] = Source{};
  }
  return attribute;
}

// A number whose own words are bare counts what the sentence named before it: the subject of the
// number before it in the sentence, else the nearest thing named (read_elided); across a
// semicolon of a list (拆违共13处,3596平方米;共青路82弄6号,400平方米) only when its own sentence
// names nothing.
void Reader::read_bare(SubjectReading& reading, size_t k, const Phrase& phrase, bool attribute) {
  // A weak attribute (投资, 总投资, 资金, 金额) yields to what its sentence names before it (13个重点项目
  // 累计完成投资35.42亿元: the projects'), and names the number alone only when the sentence counts
  // nothing else before it (项目总投资53.1亿元; not 项目共8个,总投资29081万元, where the projects are
  // of a kind the catalogue does not name).
  SubjectReading by_attribute;
  if (attribute) {
    by_attribute = std::move(reading);
    reading = SubjectReading{};
    reading.subject = by_attribute.subject;
    sources_[k] = Source{};
  }
  if (reading.indicator < 0) read_share_of_target(reading, k, phrase);
  const bool previous_in_sentence = k > 0 && quantities_[k - 1].begin >= sentence_of(k).begin;
  bool elided_read = false;
  if (reading.indicator < 0 && !previous_in_sentence) {
    read_elided(reading, k, phrase);
    elided_read = true;
  }
  if (reading.indicator < 0 && reading.family.empty()) read_previous_subject(reading, k, phrase);
  if (reading.indicator < 0 && reading.family.empty() && !elided_read) read_elided(reading, k, phrase);
  if (attribute && reading.indicator < 0 && reading.family.empty() && !elided_blocked_) {
    reading = std::move(by_attribute);
    sources_[k] = {true, {reading.wording_begin, reading.wording_end}, false};
  }
}

// The subject of the number before it, in its sentence or the list item a semicolon joins to it.
void Reader::read_previous_subject(SubjectReading& reading, size_t k, const Phrase& phrase) {
  if (k == 0 || !same_sentence_or_list(k - 1, k) || !sources_[k - 1].found) return;
  const SubjectQuery& query = queries_[k];
  const WordingMatch* m = look(sources_[k - 1], query);
  // A change after a completion rate (占任务的107.5%,比去年同期增长22.3%) is of the figure
  // the rate completes, not of the rate.
  if (m != nullptr && query.change && catalogue_.indicators()[m->indicator].family == "completion_rate")
    m = nullptr;
  if (m != nullptr) {
    if (!read_stage(reading, m, sources_[k - 1], k, phrase))
      choose(
          reading, m, sources_[k - 1], k,
          "the subject of the number before it (its own words are only an attribute, a total or a change)");
  }
}

// What one project is expected to yield (项目建成达产后,年可贡献税收11.5亿元): the thing's family,
// no point of the district's series.
void Reader::drop_forecast(SubjectReading& reading, size_t k) {
  if (reading.indicator < 0 || !is_forecast(k)) return;
  reading.indicator = -1;
  reading.how = "none: what one project is expected to yield (建成达产后); its family, no series of its own";
}

}  // namespace detail

std::vector<SubjectReading> read_subjects(std::string_view text, const ClauseMarks& marks,
                                          const std::vector<Quantity>& quantities,
                                          const std::vector<SubjectQuery>& queries,
                                          const Catalogue& catalogue, const SubjectWords& words,
                                          const std::vector<WordingMatch>& matches) {
  return detail::Reader(text, marks, quantities, queries, catalogue, words, matches).read_all();
}

std::string_view indicator_confidence(std::string_view how) {
  if (how.empty() || how.starts_with("none")) return "none";
  // The constructions that read the number's own words; every other one borrows its indicator.
  for (std::string_view direct :
       {"the words before the number", "the words after the number", "a wording around the number",
        "the verb before the number and the noun after it"})
    if (how.starts_with(direct)) return "direct";
  return "inferred";
}

}  // namespace jiedao::extract
