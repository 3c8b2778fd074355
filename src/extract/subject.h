// What a quantity counts: its subject (the words of the text that name it) and
// its catalogue indicator, read subject first and precision first.
//
// The reports use a few constructions, and each quantity's subject is read from
// its own phrase by them:
//   verb-object-number   新增就业岗位3188个        the head ends right before the number
//   number-measure-object 建成6个示范村             the head starts right after it; a compound
//                                                 (小区垃圾厢房) is read to its last noun
//   object-verb-number   地方财政收入达到4.1亿元    fillers (达到 完成 实现 为 共 累计) are skipped
//   coordinated numbers  拆除违法搭建92处3.61万平方米, 实施400户、1.51万平方米旧住房:
//                        numbers joined by nothing or 、 share the words before the first
//                        and after the last
//   bare items           公示38台、开工11台; 共拆除30处,面积463.58平方米; 同比增长9%:
//                        a quantity whose own words are only a stage verb, an attribute
//                        (面积 金额 投资) or a change takes the subject of the quantity before
//                        it in its sentence (or the list item a semicolon joins to it)
//   parts                其中居民552证、单位16证: a part without words of its own gets its
//                        total's family but no id, so that it is no second value of the total
//   structural counts    10类, 8层, 两个100%, 3项要求: no id
// Three constructions decide before the number's own words (constructions.cc):
//   分别                 5个小区和3条道路分别进行“美丽家园”、“美丽街区”建设: the numbers before
//                        分别 pair with the works after it, in order
//   对…进行              对21个小区进行雨污混接改造: the work after the verb names what the object
//                        counts, else the object's words (对11家企业、商户雨污混接进行整治)
//   N个X的Y              2个基地的旧改签约工作: the count is of Y when X names nothing; X and Y
//                        naming two things give no id (11件信访件反映的线索), a place stays a place
// A rate of a thing measured in percent is its rate (常住人口签约率: family doctors), and titles
// the report's own body gives (评选17名…之星) are no honours it won.
// When the number's own words name nothing, its sentence may (never across 。 ; or a heading):
//   elided subjects      区级地方收入(不含免抵调)预计完成22亿元; 加装电梯工作有序推进,开工3部: the
//                        nearest thing named before it whose unit and class fit, read with a stage
//                        word of its own; never past a number whose own words name nothing
//   分别 after things     规上工业产值、社零额、税收同比增长分别达13.2%、66.67%、22%, or after levels
//                        stated one by one: the numbers pair with them in order
//   quoted targets       完成年初人代会目标45亿元的116%: the completion rate of what the sentence names
//   around the number    走访243家企业 (a gap wording), 引进了4个项目 (verb and noun read as one)
// and some words name nothing alone: generic heads (项目 点位 服务) and weak attributes (投资 总投资)
// yield to what the sentence names; thresholds (500万元以上楼宇), one project's yield (建成达产后) and a
// part under 其中 of the same thing as its total keep at most the family.
// The id comes from that sentence only: when no wording names an indicator, the indicator stays
// empty and the subject is kept (an empty id is honest, a wrong one poisons a series). Only
// indicators measured in the quantity's unit, and for a count of its measure class, are
// considered; a relative change (同比增长9%) takes its level's id, an absolute one must fit it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/catalogue.h"
#include "extract/clauses.h"
#include "extract/phrase.h"
#include "extract/scanner.h"
#include "extract/subject_words.h"

namespace jiedao::extract {

struct SubjectReading {
  int indicator = -1;  // index into the catalogue, or -1
  std::string family;  // the indicator's family; a part's total's family when it has no id
  int of = -1;         // a completion rate: the indicator whose task it completes, or -1
  std::string subject;
  // For --explain: how the indicator was chosen (the construction), the words that
  // chose it as byte offsets into the text (empty when none), or why there is none.
  std::string_view how;
  size_t wording_begin = 0, wording_end = 0;
};

// One reading per quantity. `marks` are the clause marks of `text`; `quantities` are
// the facts of the document in order and `queries` their units (same size); `words` the lists
// of data/subject_words.tsv; `matches` is catalogue.find_all(text).
std::vector<SubjectReading> read_subjects(std::string_view text, const ClauseMarks& marks,
                                          const std::vector<Quantity>& quantities,
                                          const std::vector<SubjectQuery>& queries,
                                          const Catalogue& catalogue, const SubjectWords& words,
                                          const std::vector<WordingMatch>& matches);

// How sure a reading's indicator is, from its construction (`how`): "direct" when the words next
// to the number name it (before it, after it, or around it), "inferred" when it is borrowed from
// around (the thing named before it, what 分别 pairs it with, its total), "none" when it has none.
// The review page puts the inferred ones first.
std::string_view indicator_confidence(std::string_view how);

}  // namespace jiedao::extract
