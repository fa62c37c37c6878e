# chatd build. GNU make; no CMake. See doc/HACKING.md for the layout.
#
#   make            build build/chatd (installs missing build deps first)
#   make check      build and run every test suite; last line "N passed, M failed"
#   make run        run chatd in the foreground on etc/chatd/chatd.toml
#   make install    DESTDIR=... PREFIX=/usr
#   make deps       apt-get install whatever build dependency is missing
#   make bench      fan-out throughput, latency and memory vs ngircd and inspircd (~15 min;
#                   never part of make check); writes build/bench/table.md

CXX      ?= g++
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
PKGS     := spdlog tomlplusplus

CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++20 -Wall -Wextra -Wno-missing-field-initializers -pthread -MMD -MP
CPPFLAGS += -Isrc -Itests $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread

LIB_SRCS  := $(filter-out src/chatd/main.cpp,$(shell find src -name '*.cpp' | sort))
LIB_OBJS  := $(LIB_SRCS:%.cpp=$(BUILD)/%.o)
UNIT_SRCS := $(shell find tests/unit -name '*.cpp' | sort)
BB_SRCS   := $(shell find tests/blackbox tests/support -name '*.cpp' | sort)
LOADGEN_SRCS := $(shell find bench/loadgen -name '*.cpp' | sort)

.PHONY: all deps check run install clean unit-tests blackbox-tests bench
all: deps $(BUILD)/chatd

deps:
	@tools/deps.sh

$(BUILD)/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

$(BUILD)/libchatd.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/chatd: $(BUILD)/src/chatd/main.o $(BUILD)/libchatd.a
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/unit-tests: $(UNIT_SRCS:%.cpp=$(BUILD)/%.o) $(BUILD)/libchatd.a
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/blackbox-tests: $(BB_SRCS:%.cpp=$(BUILD)/%.o) $(BUILD)/libchatd.a
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

# The load generator needs nothing from src/: it is a plain IRC client.
$(BUILD)/loadgen: $(LOADGEN_SRCS:%.cpp=$(BUILD)/%.o)
	$(CXX) $(LDFLAGS) $^ -o $@

bench: deps $(BUILD)/chatd $(BUILD)/loadgen
	BUILD=$(BUILD) bench/run.sh

check: deps $(BUILD)/chatd $(BUILD)/unit-tests $(BUILD)/blackbox-tests
	@CHATD=$(BUILD)/chatd tests/run-suites.sh $(BUILD)/unit-tests $(BUILD)/blackbox-tests

run: deps $(BUILD)/chatd
	$(BUILD)/chatd --config etc/chatd/chatd.toml

install: $(BUILD)/chatd
	install -D -m 0755 $(BUILD)/chatd $(DESTDIR)$(PREFIX)/sbin/chatd
	install -D -m 0644 etc/chatd/chatd.toml $(DESTDIR)/etc/chatd/chatd.toml

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
