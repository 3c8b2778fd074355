// libFuzzer target: arbitrary bytes through the whole pipeline a report file goes through.
//
//   bytes → formats::decode_report → report::analyze (with the real data files)
//   bytes → report::analyze directly (must refuse invalid UTF-8 with an error, never crash)
//
// Invariants (a violation traps, so libFuzzer keeps the input): every fact's span lies in the
// text analysed, begin < end, both on UTF-8 character boundaries; value and value_max are finite;
// analyze() fails exactly when the text is not valid UTF-8. The data folder is $JIEDAO_DATA, else
// the source tree's data/ (JIEDAO_SOURCE_DIR, set by CMake).
//
//   make fuzz                       # every target, FUZZ_SECONDS each
//   build-fuzz/extract_fuzz CORPUS  # this one
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "formats/decode.h"
#include "report/report.h"
#include "text/utf8.h"

namespace {

const jiedao::report::Resources& resources() {
  static const jiedao::report::Resources loaded = [] {
    const char* env = std::getenv("JIEDAO_DATA");
    const std::string dir = env != nullptr && *env != '\0' ? env : JIEDAO_SOURCE_DIR "/data";
    auto r = jiedao::report::load_resources(dir);
    if (!r) {
      std::fprintf(stderr, "extract_fuzz: %s\n", r.error().message.c_str());
      std::abort();
    }
    return std::move(r).value();
  }();
  return loaded;
}

bool boundary(std::string_view text, size_t at) {
  return at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
}

void check(std::string_view text) {
  auto report = jiedao::report::analyze("fuzz", text, resources());
  if (report.ok() == jiedao::text::find_invalid_utf8(text).has_value()) __builtin_trap();
  if (!report) {
    if (report.error().message.empty()) __builtin_trap();
    return;
  }
  for (const jiedao::Fact& f : report.value().facts) {
    if (!(f.begin < f.end) || f.end > text.size()) __builtin_trap();
    if (!boundary(text, f.begin) || !boundary(text, f.end)) __builtin_trap();
    if (!std::isfinite(f.value)) __builtin_trap();
    if (f.value_max && !std::isfinite(*f.value_max)) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  resources();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = jiedao::formats::decode_report(bytes);
  if (decoded) {
    // What a reader gives is UTF-8, whatever it read.
    if (jiedao::text::find_invalid_utf8(decoded.value().text)) __builtin_trap();
    check(decoded.value().text);
  } else if (decoded.error().message.empty()) {
    __builtin_trap();
  }
  check(bytes);
  return 0;
}
