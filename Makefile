# jiedao: the two commands of the README are `make run` and `make test`.
# Each installs what is missing (Debian packages only), builds, and goes on.

BUILD ?= build
JOBS ?= $(shell nproc)
# Debian packages the project needs to build, test and run.
PACKAGES := cmake g++ make pkg-config python3 catch2 libhowardhinnant-date-dev tzdata \
  libsqlite3-dev libcpp-httplib-dev libssl-dev nlohmann-json3-dev prometheus-cpp-dev \
  prometheus libuchardet-dev libgumbo-dev libpoppler-cpp-dev libjs-chart.js \
  chromium fonts-wqy-microhei
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build test run clean format

all: build

deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(BUILD)/CMakeCache.txt: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

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

format:
	clang-format -i $$(find src tests -name '*.cc' -o -name '*.h')

clean:
	rm -rf $(BUILD)
