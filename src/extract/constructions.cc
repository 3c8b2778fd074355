#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "extract/phrase.h"
#include "extract/reader.h"
#include "text/utf8.h"

namespace jiedao::extract::detail {

namespace {

// The items of a 、-separated list in `w`.
std::vector<Window> list_items(std::string_view text, Window w) {
  std::vector<Window> items{w};
  for (size_t i = w.begin; i < w.end;) {
    const size_t mark = text.substr(i, w.end - i).find("、");
    if (mark == std::string_view::npos) break;
    items.back().end = i + mark;
    i += mark + std::string_view("、").size();
    items.push_back({i, w.end});
  }
  return items;
}

}  // namespace

// 分别 pairs numbers with the works after it, in order (5个小区和3条道路分别进行“美丽家园”、
// “美丽街区”建设: the estates are of the first, the roads of the second): as many numbers
// before 分别 in the clause as items after it, and no number after it.
bool Reader::read_paired(SubjectReading& reading, size_t k) {
  constexpr std::string_view kRespectively = "分别";
  const Quantity& q = quantities_[k];
  const Window clause = clause_of(k);
  if (clause.end <= q.end) return false;
  const size_t found = text_.substr(q.end, clause.end - q.end).find(kRespectively);
  if (found == std::string_view::npos) return false;
  size_t items_begin = q.end + found + kRespectively.size();
  size_t first = k, last = k;
  while (first > 0 && quantities_[first - 1].begin >= clause.begin) --first;
  while (last + 1 < quantities_.size() && quantities_[last + 1].begin < items_begin) ++last;
  if (last + 1 < quantities_.size() && quantities_[last + 1].begin < clause.end) return false;
  if (const size_t verb = words_.work_verb.longest_prefix(text_.substr(items_begin)); verb > 0)
    items_begin += verb;
  const std::vector<Window> items = list_items(text_, {items_begin, clause.end});
  if (items.size() < 2 || items.size() != last - first + 1) return false;
  const Window item = items[k - first];
  if (const WordingMatch* m = head_within(matches_, item, queries_[k], catalogue_)) {
    choose(reading, m, {true, item, true}, k, "the work that 分别 pairs with it");
  } else {
    reading.how = "none: 分别 pairs it with a work that no wording names for its measure";
  }
  return true;
}

// 对…进行 (对21个小区进行雨污混接改造): the number counts the object of a work, which the words
// after the verb name, else the words of the object (对11家企事业单位、沿街商户雨污混接进行整治).
bool Reader::read_object_of_work(SubjectReading& reading, size_t k, const Phrase& phrase) {
  constexpr std::string_view kTo = "对";
  constexpr size_t kMaxBetween = 12;  // bytes between 对 and the number: 对辖区内
  const std::string_view before = phrase.before.of(text_);
  const size_t to = before.rfind(kTo);
  if (to == std::string_view::npos || before.size() - to - kTo.size() > kMaxBetween) return false;
  const Quantity& q = quantities_[k];
  const Window clause = clause_of(k);
  size_t verb = q.end, verb_length = 0;
  for (size_t length = 0; verb < clause.end; verb += length) {
    if ((verb_length = words_.work_verb.longest_prefix(text_.substr(verb, clause.end - verb))) > 0) break;
    if (text_.substr(verb, kTo.size()) == kTo) return false;
    text::decode_at(text_, verb, length);
  }
  if (verb_length == 0) return false;
  Window work{verb + verb_length, clause.end};
  // An adverb before the work (进行全面巡查) is no noun left out.
  work.begin += words_.verb_after.longest_prefix(text_.substr(work.begin, work.end - work.begin));
  for (size_t j = k + 1; j < quantities_.size() && quantities_[j].begin < clause.end; ++j) {
    if (quantities_[j].begin >= work.begin) {
      work.end = quantities_[j].begin;
      break;
    }
  }
  const SubjectQuery& query = queries_[k];
  const WordingMatch* m = head_after(text_, matches_, work, query, catalogue_, words_);
  if (m != nullptr && !m->weak) {
    choose(reading, m, {true, work, true}, k, "the work done to what it counts (对…进行)");
    return true;
  }
  const Window object{q.end, verb};
  m = head_before(text_, matches_, object, query, catalogue_, words_);
  if (m != nullptr && !m->weak) {
    choose(reading, m, {true, object, false}, k, "the object of the work it counts (对…进行)");
    return true;
  }
  return false;
}

// N个X的Y: a count whose noun modifies another. When X names nothing the count is of Y (2个基地的
// 旧改签约工作: expropriation; 两个站点的征收工作: no id, 征收 alone is weak). When both name
// something they are two things: a place stays a place (33个小区的消防设施改造: estates), any other
// X gives no id (11件信访件反映的线索). A Y that names nothing of its own (的组建, 的任务) leaves
// the count to X; any other Y that no wording names gives no id (9条道路综合整治的项目排摸).
bool Reader::read_modified(SubjectReading& reading, size_t k, const Phrase& phrase) {
  constexpr size_t kMaxNoun = 8;  // characters of X: more is a clause (13个小区申报了以…为主题的)
  const SubjectQuery& query = queries_[k];
  const std::string_view noun = phrase.after.of(text_);
  if (query.unit != "count" || phrase.modified.begin >= phrase.modified.end || is_bare(noun, words_.bare) ||
      words_.verb_after.starts(noun) || text::count_code_points(noun) > kMaxNoun ||
      noun.find("了") != std::string_view::npos)
    return false;
  if (is_bare(phrase.modified.of(text_), words_.empty_head)) return false;
  const WordingMatch* own = head_after(text_, matches_, phrase.after, query, catalogue_, words_);
  const WordingMatch* m = head_after(text_, matches_, phrase.modified, query, catalogue_, words_);
  if (m != nullptr && m->weak) m = nullptr;
  if (own != nullptr && own->weak && m != nullptr) return false;
  if (own == nullptr && m != nullptr) {
    choose(reading, m, {true, phrase.modified, true}, k,
           "the noun after 的 that its count modifies (N个X的Y)");
  } else if (own != nullptr) {
    reading.how = "none: its count's noun and the noun after 的 name two things (N个X的Y)";
  } else {
    reading.how = "none: its count modifies the noun after 的 (N个X的Y), which no wording names";
  }
  return true;
}

// A list of things, then 分别 and as many numbers (规上工业产值、社会消费品零售总额、税收收入同比增长
// 分别达13.2%、66.67%、22%): the numbers pair with the things in order. The things and 分别 stand
// in the numbers' clause; numbers and things must be as many.
bool Reader::read_respective_list(SubjectReading& reading, size_t k) {
  constexpr std::string_view kRespectively = "分别";
  const Quantity& q = quantities_[k];
  const Window clause = clause_of(k);
  const size_t found = text_.substr(clause.begin, q.begin - clause.begin).rfind(kRespectively);
  if (found == std::string_view::npos) return false;
  const size_t items_end = clause.begin + found;
  size_t first = k, last = k;
  while (first > 0 && quantities_[first - 1].begin > items_end && coordinated(first - 1, first)) --first;
  while (last + 1 < quantities_.size() && coordinated(last, last + 1)) ++last;
  if (first > 0 && quantities_[first - 1].begin > items_end) return false;  // a number between
  for (size_t j = first; j-- > 0 && quantities_[j].end > clause.begin;) {
    if (quantities_[j].begin < items_end) return false;  // numbers before 分别: read_paired's
  }
  const std::vector<Window> items = list_items(text_, {clause.begin, items_end});
  if (items.size() < 2 || items.size() != last - first + 1)
    return read_rates_of_levels(reading, k, first, last);
  const Window item = items[k - first];
  if (const WordingMatch* m = head_within(matches_, item, queries_[k], catalogue_)) {
    choose(reading, m, {true, {m->begin, m->end}, false}, k,
           "the thing 分别 pairs it with, listed before it");
  } else {
    reading.how = "none: 分别 pairs it with a thing that no wording names for its measure";
  }
  return true;
}

// Levels stated one by one, then their changes after 分别 (规上工业产值完成3.69亿元,规下工业产值完成30.5万元,
// 社会消费品零售总额完成26.1亿元,同比增长分别达13.2%、66.67%、22%): the changes pair with the levels
// of the sentence in order, when they are as many.
bool Reader::read_rates_of_levels(SubjectReading& reading, size_t k, size_t first, size_t last) {
  if (!queries_[k].change || first == 0) return false;
  const Window sentence = sentence_of(k);
  std::vector<size_t> levels;
  for (size_t j = first; j-- > 0 && quantities_[j].begin >= sentence.begin;) {
    if (!queries_[j].change && !done_[j].subject.empty()) levels.insert(levels.begin(), j);
  }
  if (levels.size() != last - first + 1 || levels.size() < 2) return false;
  const SubjectReading& level = done_[levels[k - first]];
  if (level.indicator >= 0) {
    reading.indicator = level.indicator;
    reading.family = level.family;
    reading.wording_begin = level.wording_begin;
    reading.wording_end = level.wording_end;
    reading.how = "the level 分别 pairs it with, stated before it";
  } else {
    reading.how = "none: 分别 pairs it with a level that names nothing";
  }
  return true;
}

// A share of a quoted target (完成年初人代会目标45亿元的116%; 完成全年任务(13963.07万元)进度的71.20%):
// a rate whose own words are only fillers, right after a figure whose words name a task or target
// completed, is the completion rate of that task.
void Reader::read_share_of_target(SubjectReading& reading, size_t k, const Phrase& phrase) {
  const SubjectQuery& query = queries_[k];
  if (query.unit != "percent" || query.change || k == 0 || !is_bare(phrase.before.of(text_), words_.bare))
    return;
  const Window clause = clause_of(k);
  if (quantities_[k - 1].begin < clause.begin || queries_[k - 1].unit == "percent") return;
  // The words before the quoted figure, brackets included (完成全年任务(13963.07万元)).
  const Window target{k >= 2 ? std::max(clause.begin, quantities_[k - 2].end) : clause.begin,
                      quantities_[k - 1].begin};
  const WordingMatch* m = head_before(text_, matches_, target, query, catalogue_, words_);
  if (m == nullptr || catalogue_.indicators()[m->indicator].family != "completion_rate") return;
  choose(reading, m, {true, target, false}, k, "the task or target quoted before it (完成…目标X的N%)");
}

// An elided subject (加装电梯工作有序推进,开工3部; 全镇工业固定资产投资,预计实现1.6亿元): a number whose
// own words are only fillers or a stage counts the nearest thing named before it in its sentence
// whose unit and measure class fit. With a stage word the thing and the
// stage are read as one phrase (加装电梯 + 开工: started); when the catalogue has no such stage,
// the thing's family and no id.
void Reader::read_elided(SubjectReading& reading, size_t k, const Phrase& phrase) {
  const SubjectQuery& query = queries_[k];
  const Window sentence = sentence_of(k);
  // Back past the numbers before it that name what they count (完成税收收入7106万元,完成预期目标
  // (5100万元)139.3%,比上年同期(5181万元)); a number that names nothing ends the search, since
  // what it counts may be what this one counts.
  size_t begin = sentence.begin;
  elided_blocked_ = false;
  for (size_t j = k; j-- > 0 && quantities_[j].end > sentence.begin;) {
    if (done_[j].indicator < 0 && done_[j].family.empty()) {
      begin = quantities_[j].end;
      elided_blocked_ = true;
      break;
    }
  }
  const Window window{begin, phrase.before.begin};
  if (window.end <= window.begin) return;
  const WordingMatch* best = nullptr;
  for (auto it = first_at_or_after(matches_, window.begin); it != matches_.end() && it->begin < window.end;
       ++it) {
    const WordingMatch& m = *it;
    if (m.end > window.end || m.weak ||
        catalogue_.resolve(m.indicator, query.unit, query.counts, query.change) < 0 ||
        (query.change && catalogue_.indicators()[m.indicator].family == "completion_rate"))
      continue;
    if (best == nullptr || m.end > best->end || (m.end == best->end && m.weight > best->weight)) best = &m;
  }
  if (best == nullptr) return;
  if (read_stage(reading, best, {true, {best->begin, best->end}, false}, k, phrase)) return;
  choose(reading, best, {true, {best->begin, best->end}, false}, k,
         "the thing named before it in its sentence (its own words are only fillers)");
}

// A number with a stage word of its own (加装电梯…开工3部、竣工3部) counts the thing `m` names at
// that stage: the thing and the stage read as one phrase give the id (加装电梯*开工: started); when
// no wording names them together, the thing's family and no id. Returns whether a stage was read.
bool Reader::read_stage(SubjectReading& reading, const WordingMatch* m, Source source, size_t k,
                        const Phrase& phrase) {
  for (const std::string& stage : words_.stage.words()) {
    if (phrase.before.of(text_).find(stage) == std::string_view::npos) continue;
    if (const int id = staged_id(m, stage, k, true); id >= 0) {
      choose(reading, m, source, k, "the thing named before it, at the stage its own words name");
      reading.indicator = id;
      reading.family = catalogue_.indicators()[id].family;
      return true;
    }
    reading.family = catalogue_.indicators()[m->indicator].family;
    reading.how = "none: a stage of the thing named before it; its family, no series of its own";
    sources_[k] = source;  // the next stage of the list looks there too
    return true;
  }
  return false;
}

// The id that the thing `m` names and `stage` read as one phrase give quantity k (加装电梯 + 开工: the
// retrofits started), or -1. `whole`: the wording must span both; else it need only reach the stage.
int Reader::staged_id(const WordingMatch* m, std::string_view stage, size_t k, bool whole) const {
  const SubjectQuery& query = queries_[k];
  const std::string joined = std::string(text_.substr(m->begin, m->end - m->begin)) + std::string(stage);
  for (const WordingMatch& j : catalogue_.find_all(joined)) {
    const int id = catalogue_.resolve(j.indicator, query.unit, query.counts, query.change);
    if (j.end == joined.size() && (j.begin == 0 || !whole) && id >= 0 &&
        (whole || catalogue_.indicators()[id].family == catalogue_.indicators()[m->indicator].family))
      return id;
  }
  return -1;
}

// A wording with a gap that holds the number (走访*企业 in 累计走访243家企业; 拆除*违法建筑 in 拆除42处
//违法建筑): the verb before the number and its object after it name what it counts.
void Reader::read_around(SubjectReading& reading, size_t k, const Phrase& phrase) {
  const Quantity& q = quantities_[k];
  const SubjectQuery& query = queries_[k];
  const WordingMatch* best = nullptr;
  for (auto it = first_at_or_after(matches_, q.begin > kLongestWording ? q.begin - kLongestWording : 0);
       it != matches_.end() && it->begin < q.begin; ++it) {
    if (it->end <= q.end || it->weak ||
        catalogue_.resolve(it->indicator, query.unit, query.counts, query.change) < 0)
      continue;
    if (best == nullptr || it->weight > best->weight) best = &*it;
  }
  if (best != nullptr) {
    choose(reading, best, {true, {best->begin, best->end}, false}, k,
           "a wording around the number (走访…企业)");
    return;
  }
  read_verb_and_noun(reading, k, phrase);
}

// The verb right before the number and the noun right after its measure word read as one phrase
// (引进了4个项目: 引进项目; 落地了3个项目: 落地项目): a wording that spans the join names the count.
void Reader::read_verb_and_noun(SubjectReading& reading, size_t k, const Phrase& phrase) {
  constexpr size_t kVerbBytes = 4 * 3, kNounBytes = 6 * 3;  // 4 and 6 characters of CJK text
  std::string_view verb = trim_words(phrase.before.of(text_), words_);
  if (verb.ends_with("了")) verb.remove_suffix(std::string_view("了").size());
  verb = clip(verb, kVerbBytes, true);
  const std::string_view noun = clip(phrase.after.of(text_), kNounBytes, false);
  if (verb.empty() || noun.empty() || noun.data() != text_.data() + quantities_[k].end) return;
  // Only a noun that names nothing alone (项目, 企业) waits for its verb.
  bool weak_noun = words_.generic_head.starts(noun);
  for (auto it = first_at_or_after(matches_, quantities_[k].end);
       !weak_noun && it != matches_.end() && it->begin == quantities_[k].end; ++it)
    weak_noun = it->weak;
  if (!weak_noun) return;
  const std::string joined = std::string(verb) + std::string(noun);
  const SubjectQuery& query = queries_[k];
  const WordingMatch* best = nullptr;
  const std::vector<WordingMatch> found = catalogue_.find_all(joined);
  for (const WordingMatch& m : found) {
    if (m.begin >= verb.size() || m.end <= verb.size() || m.weak ||
        catalogue_.resolve(m.indicator, query.unit, query.counts, query.change) < 0)
      continue;
    if (best == nullptr || m.weight > best->weight) best = &m;
  }
  if (best == nullptr) return;
  const size_t verb_begin = static_cast<size_t>(verb.data() - text_.data());
  const WordingMatch in_text{verb_begin + best->begin, quantities_[k].end + (best->end - verb.size()),
                             best->indicator, best->weight, false};
  choose(reading, &in_text, {}, k, "the verb before the number and the noun after it (引进了4个项目)");
}

// A stage before the number and the thing after it (开工20台电梯, 竣工10台电梯): the thing at that stage,
// where the catalogue names it (加装电梯*开工 is no match, 电梯 + 开工 read as one phrase is).
void Reader::refine_stage(SubjectReading& reading, const WordingMatch* m, size_t k, const Phrase& phrase) {
  // The stage stands right before the number (开工20台): its last few characters.
  constexpr size_t kStageBytes = 5 * 3;
  const std::string_view before = clip(phrase.before.of(text_), kStageBytes, true);
  for (const std::string& stage : words_.stage.words()) {
    if (before.find(stage) == std::string_view::npos) continue;
    if (const int id = staged_id(m, stage, k, false); id >= 0 && id != reading.indicator) {
      reading.indicator = id;
      reading.how = "the thing after the number, at the stage the words before it name";
      return;
    }
  }
}

// 评选17名“绿色环保之星”: titles the report's own body gives are no honours it won.
void Reader::drop_given_title(SubjectReading& reading, const Phrase& phrase) {
  if (reading.indicator < 0 || reading.family != "honours") return;
  const std::string_view before = trim_words(phrase.before.of(text_), words_);
  for (const std::string& verb : words_.gives.words()) {
    if (before.ends_with(verb)) {
      name_nothing(reading, "none: titles that the report's own body gives (评选), not honours it won");
      return;
    }
  }
}

}  // namespace jiedao::extract::detail
