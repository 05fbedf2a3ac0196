# The two commands of the README. Everything else is CMake (CMakeLists.txt).
#   make run    install what is missing, build, run the baseline scenario
#   make check  install what is missing, build, run the whole test suite
#               (unit and integration tests, then again under ASan+UBSan, then
#               each libFuzzer target briefly: docs/HARDENING.md)
#   make fuzz-long FUZZ_TARGET=scenario FUZZ_SECONDS=1800   one target at length

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_CC    ?= clang-14
FUZZ_TARGET ?= scenario
FUZZ_SECONDS ?= 1800
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all run check deps build build-asan build-fuzz test test-asan test-fuzz fuzz-long bench clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCROSSINGS_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# The libFuzzer harnesses (tests/fuzz): clang only, a build of their own.
build-fuzz: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=$(FUZZ_CC) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCROSSINGS_FUZZ=ON $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_scenario fuzz_design fuzz_results

run: build
	$(BUILD)/crossings run scenarios/baseline.yaml

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# each fuzz target for 45 s (FUZZ_SECONDS in the fuzz build's CMake cache)
test-fuzz: build-fuzz
	cd $(FUZZ_BUILD) && ctest --output-on-failure -L fuzz

fuzz-long: build-fuzz
	./tests/fuzz/run.sh $(FUZZ_TARGET) $(FUZZ_SECONDS) $(FUZZ_BUILD)

check: test test-asan test-fuzz

bench: build
	./bench/run.sh $(BUILD)
	./bench/sweep.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
