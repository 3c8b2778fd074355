#include "ingest/stored_report.h"

#include <algorithm>
#include <utility>

#include "ingest/correction.h"
#include "model/number.h"

namespace jiedao::ingest {

namespace {

// Bytes [begin, end) of `text`, the sentence of the quote [quote_begin, quote_end), cut to
// kMaxSentenceBytes around the quote (the header says why).
std::string sentence_excerpt(const std::string& text, size_t begin, size_t end, size_t quote_begin,
                             size_t quote_end) {
  if (end - begin > kMaxSentenceBytes) {
    const size_t around =
        quote_end - quote_begin < kMaxSentenceBytes ? (kMaxSentenceBytes - (quote_end - quote_begin)) / 2 : 0;
    begin = std::max(begin, quote_begin > around ? quote_begin - around : 0);
    end = std::min(end, quote_end + around);
    auto continuation = [&](size_t i) {
      return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
    };
    while (begin < quote_begin && continuation(begin)) ++begin;
    while (end > quote_end && continuation(end)) --end;
  }
  return text.substr(begin, end - begin);
}

}  // namespace

StoredReport stored_report(store::ReportRecord record, const report::Report& r, const std::string& text,
                           const report::Corrected& corrected) {
  StoredReport out;
  record.district = r.frame.location.district;
  record.county = r.frame.location.county;
  record.city = r.frame.location.city;
  record.province = r.frame.location.province;
  record.code = r.frame.location.code;
  record.kind = r.frame.kind;
  record.period = r.frame.review.empty() ? r.frame.plan : r.frame.review;
  record.published = r.frame.published;
  record.text = text;
  out.stale = record_corrections(corrected, record);
  out.facts.reserve(corrected.facts.size());
  for (size_t i = 0; i < corrected.facts.size(); ++i) {
    const Fact& f = corrected.facts[i];
    store::StoredFact s;
    s.report = record.id;
    s.district = record.district;
    s.county = record.county;
    s.city = record.city;
    s.province = record.province;
    s.code = record.code;
    s.fact = f;
    s.quote = text.substr(f.begin, f.end - f.begin);
    const extract::Window sentence = r.marks.sentence_around(f.begin);
    s.sentence = sentence_excerpt(text, sentence.begin, sentence.end, f.begin, f.end);
    s.how = f.how;
    s.step = rounding_step(s.quote, f.value);
    if (const auto& review = corrected.reviews[i]) keep_review(*review, s);
    out.facts.push_back(std::move(s));
  }
  out.record = std::move(record);
  return out;
}

}  // namespace jiedao::ingest
