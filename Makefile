# The two commands of the README. Everything else is CMake (CMakeLists.txt).
#   make run    install what is missing, build, run the baseline scenario
#   make check  install what is missing, build, run the whole test suite
#               (unit and integration tests, then again under ASan+UBSan)

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all run check deps build build-asan test test-asan bench clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCROSSINGS_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)

run: build
	$(BUILD)/crossings run scenarios/baseline.yaml

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

check: test test-asan

bench: build
	./bench/run.sh $(BUILD)
	./bench/sweep.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
