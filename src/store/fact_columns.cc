#include "store/fact_columns.h"

#include <string>
#include <vector>

namespace jiedao::store {

namespace {

struct FactColumn {
  const char* name;
  void (*bind)(Query& q, int index, const StoredFact& s);
  void (*read)(const Query& q, int index, StoredFact& s);
};

const std::vector<FactColumn> kColumns = {
    {"district", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.district); },
     [](const Query& q, int i, StoredFact& s) { s.district = q.text(i); }},
    {"county", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.county); },
     [](const Query& q, int i, StoredFact& s) { s.county = q.text(i); }},
    {"city", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.city); },
     [](const Query& q, int i, StoredFact& s) { s.city = q.text(i); }},
    {"province", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.province); },
     [](const Query& q, int i, StoredFact& s) { s.province = q.text(i); }},
    {"code", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.code); },
     [](const Query& q, int i, StoredFact& s) { s.code = q.text(i); }},
    {"indicator", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.fact.indicator); },
     [](const Query& q, int i, StoredFact& s) { s.fact.indicator = q.text(i); }},
    {"subject", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.fact.subject); },
     [](const Query& q, int i, StoredFact& s) { s.fact.subject = q.text(i); }},
    {"value", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.fact.value); },
     [](const Query& q, int i, StoredFact& s) { s.fact.value = q.real(i); }},
    {"value_max", [](Query& q, int i, const StoredFact& s) { q.bind_or_null(i, s.fact.value_max); },
     [](const Query& q, int i, StoredFact& s) {
       if (!q.is_null(i)) s.fact.value_max = q.real(i);
     }},
    {"unit", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.fact.unit); },
     [](const Query& q, int i, StoredFact& s) { s.fact.unit = q.text(i); }},
    {"measure", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.fact.measure); },
     [](const Query& q, int i, StoredFact& s) { s.fact.measure = q.text(i); }},
    {"qualifier", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.fact.qualifier); },
     [](const Query& q, int i, StoredFact& s) { s.fact.qualifier = q.text(i); }},
    {"change", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.fact.change); },
     [](const Query& q, int i, StoredFact& s) { s.fact.change = q.text(i); }},
    {"quote", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.quote); },
     [](const Query& q, int i, StoredFact& s) { s.quote = q.text(i); }},
    {"span_begin",
     [](Query& q, int i, const StoredFact& s) { q.bind(i, static_cast<int64_t>(s.fact.begin)); },
     [](const Query& q, int i, StoredFact& s) { s.fact.begin = static_cast<size_t>(q.integer(i)); }},
    {"span_end", [](Query& q, int i, const StoredFact& s) { q.bind(i, static_cast<int64_t>(s.fact.end)); },
     [](const Query& q, int i, StoredFact& s) { s.fact.end = static_cast<size_t>(q.integer(i)); }},
    // The period as two columns, read together by the second (an empty period is two NULLs).
    {"period_start", [](Query& q, int i, const StoredFact& s) { q.bind_or_null(i, start_of(s.fact.period)); },
     [](const Query&, int, StoredFact&) {}},
    {"period_end", [](Query& q, int i, const StoredFact& s) { q.bind_or_null(i, end_of(s.fact.period)); },
     [](const Query& q, int i, StoredFact& s) { s.fact.period = period_columns(q, i - 1, i); }},
    {"status", [](Query& q, int i, const StoredFact& s) { q.bind(i, status_name(s.fact.status)); },
     [](const Query& q, int i, StoredFact& s) {
       // The column's CHECK allows only the two.
       s.fact.status = parse_status(q.text(i)).value_or(Status::kActual);
     }},
    {"is_base_value",
     [](Query& q, int i, const StoredFact& s) {
       q.bind(i, static_cast<int64_t>(s.fact.is_base_value ? 1 : 0));
     },
     [](const Query& q, int i, StoredFact& s) { s.fact.is_base_value = q.integer(i) != 0; }},
    {"family", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.fact.family); },
     [](const Query& q, int i, StoredFact& s) { s.fact.family = q.text(i); }},
    {"counts", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.fact.counts); },
     [](const Query& q, int i, StoredFact& s) { s.fact.counts = q.text(i); }},
    {"of", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.fact.of); },
     [](const Query& q, int i, StoredFact& s) { s.fact.of = q.text(i); }},
    {"how", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.how); },
     [](const Query& q, int i, StoredFact& s) { s.how = q.text(i); }},
    {"step", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.step); },
     [](const Query& q, int i, StoredFact& s) { s.step = q.real(i); }},
    {"review", [](Query& q, int i, const StoredFact& s) { q.bind(i, s.review); },
     [](const Query& q, int i, StoredFact& s) { s.review = q.text(i); }},
    {"chosen",
     [](Query& q, int i, const StoredFact& s) { q.bind(i, static_cast<int64_t>(s.chosen ? 1 : 0)); },
     [](const Query& q, int i, StoredFact& s) { s.chosen = q.integer(i) != 0; }},
};

// Before the table's columns: report, seq and sentence_id in the INSERT (?1, ?2, ?3); id, report
// and the sentence's text in a SELECT.
constexpr int kInsertFirst = 4, kSelectFirst = 3;

}  // namespace

const std::string& fact_insert_sql() {
  static const std::string sql = [] {
    std::string names = "report, seq, sentence_id", values = "?1, ?2, ?3";
    int index = kInsertFirst;
    for (const FactColumn& c : kColumns) {
      names += ", ";
      names += c.name;
      values += ", ?";
      values += std::to_string(index++);
    }
    return "INSERT INTO facts (" + names + ") VALUES (" + values + ")";
  }();
  return sql;
}

void bind_fact(Query& q, const std::string& report, int64_t seq, int64_t sentence_id, const StoredFact& s) {
  q.bind(1, report).bind(2, seq).bind(3, sentence_id);
  int index = kInsertFirst;
  for (const FactColumn& c : kColumns) c.bind(q, index++, s);
}

const std::string& fact_select_list() {
  static const std::string list = [] {
    std::string names = "f.id, f.report, ";
    names += kFactSentence;
    for (const FactColumn& c : kColumns) {
      names += ", f.";
      names += c.name;
    }
    return names;
  }();
  return list;
}

StoredFact read_fact(const Query& q) {
  StoredFact s;
  s.id = q.integer(0);
  s.report = q.text(1);
  s.sentence = q.text(2);
  int index = kSelectFirst;
  for (const FactColumn& c : kColumns) c.read(q, index++, s);
  return s;
}

const std::string& every_indicator() {
  static const std::string condition =
      "f.indicator IN (WITH RECURSIVE indicators(name) AS ("
      "SELECT min(indicator) FROM facts "
      "UNION ALL SELECT (SELECT min(indicator) FROM facts WHERE indicator > name) FROM indicators "
      "WHERE name IS NOT NULL) "
      "SELECT name FROM indicators)";
  return condition;
}

Sql fact_filter_sql(const FactFilter& filter) {
  Sql sql{"SELECT " + fact_select_list() + " FROM facts f WHERE 1 = 1", {}};
  if (!filter.report.empty()) sql.where("f.report = ?", filter.report);
  if (!filter.indicator.empty()) {
    sql.where("f.indicator = ?", filter.indicator);
  } else if (filter.report.empty() && !filter.district.empty()) {
    sql.text += " AND " + every_indicator();
  } else if (filter.report.empty() && !filter.family.empty()) {
    sql.text += " AND f.report IN (SELECT id FROM reports)";
  }
  if (!filter.district.empty()) sql.where("f.district = ?", filter.district);
  if (!filter.county.empty()) sql.where("f.county = ?", filter.county);
  if (!filter.code.empty()) sql.where("f.code LIKE ?", filter.code + "%");
  if (!filter.family.empty()) sql.where("f.family = ?", filter.family);
  // Bound as text, compared as numbers: the columns' integer affinity converts the parameter.
  if (filter.span_begin >= 0) sql.where("f.span_begin = ?", std::to_string(filter.span_begin));
  if (filter.span_end >= 0) sql.where("f.span_end = ?", std::to_string(filter.span_end));
  return sql;
}

}  // namespace jiedao::store
