# chatd build. GNU make; no CMake. See doc/HACKING.md for the layout.
#
#   make            build build/chatd and build/chatctl (installs missing build deps first)
#   make check      build and run every test suite; last line "N passed, M failed"
#   make run        run chatd in the foreground on etc/chatd/chatd.toml
#   make unit-check build and run only the unit tests (what the Debian build runs)
#   make man-check  lint the man pages with mandoc and groff (when installed)
#   make install    DESTDIR=... PREFIX=/usr
#   make deb        build the Debian package into build/ (see README.md)
#   make check-system  as root: install the .deb in a booted Debian container and test it
#   make deps       apt-get install whatever build dependency is missing
#   make bench      fan-out throughput, latency and memory vs ngircd and inspircd (~15 min;
#                   never part of make check); writes build/bench/table.md

CXX      ?= g++
PREFIX   ?= /usr/local
DESTDIR  ?=
SYSCONFDIR     ?= /etc
MANDIR         ?= $(PREFIX)/share/man
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR    ?= $(PREFIX)/lib/sysusers.d
BASHCOMPDIR    ?= $(PREFIX)/share/bash-completion/completions
BUILD    ?= build
PKGS     := spdlog tomlplusplus nlohmann_json libsystemd

CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++20 -Wall -Wextra -Wno-missing-field-initializers -pthread -MMD -MP
CPPFLAGS += -Isrc -Itests $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcrypt -pthread

LIB_SRCS  := $(filter-out src/chatd/main.cpp src/chatctl/%,$(shell find src -name '*.cpp' | sort))
CTL_SRCS  := $(shell find src/chatctl -name '*.cpp' | sort)
LIB_OBJS  := $(LIB_SRCS:%.cpp=$(BUILD)/%.o)
UNIT_SRCS := $(shell find tests/unit -name '*.cpp' | sort)
BB_SRCS   := $(shell find tests/blackbox tests/support -name '*.cpp' | sort)
LOADGEN_SRCS := $(shell find bench/loadgen -name '*.cpp' | sort)

.PHONY: all programs deps check unit-check man-check check-system deb run install clean unit-tests blackbox-tests bench
all: deps programs

# Everything that gets installed (the Debian build makes this, without the deps step).
programs: $(BUILD)/chatd $(BUILD)/chatctl

deps:
	@tools/deps.sh

# Order-only on deps: with -j, nothing compiles before missing headers are installed.
$(BUILD)/%.o: %.cpp | deps
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

$(BUILD)/libchatd.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/chatd: $(BUILD)/src/chatd/main.o $(BUILD)/libchatd.a
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/chatctl: $(CTL_SRCS:%.cpp=$(BUILD)/%.o) $(BUILD)/libchatd.a
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

check: deps $(BUILD)/chatd $(BUILD)/chatctl $(BUILD)/unit-tests $(BUILD)/blackbox-tests
	@CHATD=$(BUILD)/chatd CHATCTL=$(BUILD)/chatctl tests/run-suites.sh $(BUILD)/unit-tests $(BUILD)/blackbox-tests tests/man/lint.sh

# No deps step and no daemon: safe inside a package build (dh_auto_test).
unit-check: $(BUILD)/unit-tests
	@tests/run-suites.sh $(BUILD)/unit-tests

man-check:
	@tests/run-suites.sh tests/man/lint.sh

deb:
	@tools/make-deb.sh $(BUILD)

# Slow (boots a container; the first run also builds a Debian root file system): not in check.
check-system:
	@SUITE_TIMEOUT=1500 tests/run-suites.sh tests/system/run.sh

run: deps $(BUILD)/chatd
	$(BUILD)/chatd --config etc/chatd/chatd.toml

install: $(BUILD)/chatd $(BUILD)/chatctl
	install -D -m 0755 $(BUILD)/chatd $(DESTDIR)$(PREFIX)/sbin/chatd
	install -D -m 0755 $(BUILD)/chatctl $(DESTDIR)$(PREFIX)/bin/chatctl
	install -D -m 0644 etc/chatd/chatd.toml $(DESTDIR)$(SYSCONFDIR)/chatd/chatd.toml
	install -D -m 0644 systemd/chatd.service $(DESTDIR)$(SYSTEMDUNITDIR)/chatd.service
	install -D -m 0644 systemd/chatd.socket $(DESTDIR)$(SYSTEMDUNITDIR)/chatd.socket
	install -D -m 0644 systemd/chatd.sysusers.conf $(DESTDIR)$(SYSUSERSDIR)/chatd.conf
	install -D -m 0644 man/chatd.8 $(DESTDIR)$(MANDIR)/man8/chatd.8
	install -D -m 0644 man/chatctl.8 $(DESTDIR)$(MANDIR)/man8/chatctl.8
	install -D -m 0644 man/chatd.toml.5 $(DESTDIR)$(MANDIR)/man5/chatd.toml.5
	install -D -m 0644 contrib/bash-completion/chatctl $(DESTDIR)$(BASHCOMPDIR)/chatctl

clean:
	rm -rf $(BUILD)

# build/deb holds make deb's copy of the tree, with dependency files of its own.
-include $(shell find $(BUILD) -path $(BUILD)/deb -prune -o -name '*.d' -type f -print 2>/dev/null)
