#include "store/report_columns.h"

#include <vector>

namespace jiedao::store {

namespace {

struct ReportColumn {
  const char* name;
  void (*bind)(Query& q, int index, const ReportRecord& r, int64_t fact_count);
  void (*read)(const Query& q, int index, ReportRecord& r);
};

const std::vector<ReportColumn> kColumns = {
    {"id", [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind(i, r.id); },
     [](const Query& q, int i, ReportRecord& r) { r.id = q.text(i); }},
    {"path", [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind(i, r.path); },
     [](const Query& q, int i, ReportRecord& r) { r.path = q.text(i); }},
    {"sha256", [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind(i, r.sha256); },
     [](const Query& q, int i, ReportRecord& r) { r.sha256 = q.text(i); }},
    {"district", [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind(i, r.district); },
     [](const Query& q, int i, ReportRecord& r) { r.district = q.text(i); }},
    {"county", [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind(i, r.county); },
     [](const Query& q, int i, ReportRecord& r) { r.county = q.text(i); }},
    {"city", [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind(i, r.city); },
     [](const Query& q, int i, ReportRecord& r) { r.city = q.text(i); }},
    {"province", [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind(i, r.province); },
     [](const Query& q, int i, ReportRecord& r) { r.province = q.text(i); }},
    {"code", [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind(i, r.code); },
     [](const Query& q, int i, ReportRecord& r) { r.code = q.text(i); }},
    {"kind", [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind(i, r.kind); },
     [](const Query& q, int i, ReportRecord& r) { r.kind = q.text(i); }},
    // The period as two columns, read together by the second (an empty period is two NULLs).
    {"period_start",
     [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind_or_null(i, start_of(r.period)); },
     [](const Query&, int, ReportRecord&) {}},
    {"period_end",
     [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind_or_null(i, end_of(r.period)); },
     [](const Query& q, int i, ReportRecord& r) { r.period = period_columns(q, i - 1, i); }},
    {"published",
     [](Query& q, int i, const ReportRecord& r, int64_t) {
       q.bind_or_null(i, r.published ? std::optional<std::string>(iso_date(*r.published)) : std::nullopt);
     },
     [](const Query& q, int i, ReportRecord& r) { r.published = date_column(q, i); }},
    {"ingested_at", [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind(i, r.ingested_at); },
     [](const Query& q, int i, ReportRecord& r) { r.ingested_at = q.text(i); }},
    {"data_version", [](Query& q, int i, const ReportRecord& r, int64_t) { q.bind(i, r.data_version); },
     [](const Query& q, int i, ReportRecord& r) { r.data_version = q.text(i); }},
    {"fact_count", [](Query& q, int i, const ReportRecord&, int64_t fact_count) { q.bind(i, fact_count); },
     [](const Query& q, int i, ReportRecord& r) { r.fact_count = q.integer(i); }},
};

}  // namespace

const std::string& report_insert_sql() {
  static const std::string sql = [] {
    std::string names, values;
    int index = 1;
    for (const ReportColumn& c : kColumns) {
      if (index > 1) {
        names += ", ";
        values += ", ";
      }
      names += c.name;
      values += '?';
      values += std::to_string(index++);
    }
    return "INSERT INTO reports (" + names + ") VALUES (" + values + ")";
  }();
  return sql;
}

void bind_report(Query& q, const ReportRecord& r, int64_t fact_count) {
  int index = 1;
  for (const ReportColumn& c : kColumns) c.bind(q, index++, r, fact_count);
}

const std::string& report_select_list() {
  static const std::string list = [] {
    std::string names;
    for (const ReportColumn& c : kColumns) {
      names += c.name;
      names += ", ";
    }
    return names;
  }();
  return list;
}

ReportRecord read_report(const Query& q) {
  ReportRecord r;
  int index = 0;
  for (const ReportColumn& c : kColumns) c.read(q, index++, r);
  r.text = q.text(index);
  return r;
}

}  // namespace jiedao::store
