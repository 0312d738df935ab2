# Minsheng — the two commands a centre's IT staff need:
#   make run   install what is missing, build, start the server (SQLite + config/default)
#   make test  install what is missing, build, run every test
# Other targets: build, deps, bench, fuzz, format, clean.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DB ?= var/minsheng.db
PORT ?= 8080
CONFIG ?= config/default

.PHONY: all deps configure build run test bench fuzz format clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	@mkdir -p $(dir $(DB))
	./$(BUILD_DIR)/minsheng serve --db $(DB) --port $(PORT) --config $(CONFIG)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j2 --timeout 900

bench: build
	@bash bench/run_all.sh

# libFuzzer with ASan/UBSan (clang) over the dispatch parsers, FUZZ_SECONDS each (docs/fuzzing.md).
FUZZ_SECONDS ?= 60
fuzz: deps
	@bash fuzz/run.sh $(FUZZ_SECONDS)

format:
	@find src tests bench fuzz -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
