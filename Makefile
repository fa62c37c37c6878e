# chatd build. GNU make; no CMake. See doc/HACKING.md for the layout.
#
#   make            build build/chatd and build/chatctl (installs missing build deps first)
#   make check      build and run every test suite; last line "N passed, M failed"
#   make run        build chatd and chatctl, run chatd in the foreground on etc/chatd/chatd.toml
#   make unit-check build and run only the unit tests (what the Debian build runs)
#   make man-check  lint the man pages with mandoc and groff
#   make install    DESTDIR=... PREFIX=/usr
#   make deb        build the Debian package into build/ (see README.md)
#   make check-system  as root: build the .deb in a clean Debian chroot, then install and
#                   test it (autopkgtests included) in a booted Debian container
#   make check-browser the web client in headless Chromium (selenium) against a chatd it starts;
#                   installs chromium, chromium-driver and python3-selenium on demand
#   make check-cluster the cluster suite (tests/cluster/) against three-node nats-server JetStream
#                   clusters it starts on loopback; installs nats-server on demand; not in make check
#   make deps       install what is missing: debian/control's Build-Depends and CHECK_TOOLS
#   make bench      fan-out throughput, latency and memory vs ngircd and inspircd (~20 min;
#                   scenario N: a 3-node chatd cluster on 3 nats-servers vs one chatd;
#                   BENCH_BASELINE=old/chatd adds a before column;
#                   never part of make check); writes build/bench/table.md
#   make check-asan the whole suite against an ASan+UBSan build (build-asan/), LSan on
#   make check-tsan the whole suite against a ThreadSanitizer build (build-tsan/)
#   make fuzz       each libFuzzer target in fuzz/ for FUZZ_SECONDS (default 60), clang-14
#   make fuzz-regress  replays fuzz/corpus and fuzz/regress through every target once
#   make check-threads clang-14 -Werror=thread-safety over src/ (a missing lock is an error)
#   make format-check  every C++ file matches .clang-format (clang-format 14; installed on demand)
#   make format     reformat every C++ file in place

CXX      ?= g++
PREFIX   ?= /usr/local
DESTDIR  ?=
SYSCONFDIR     ?= /etc
MANDIR         ?= $(PREFIX)/share/man
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR    ?= $(PREFIX)/lib/sysusers.d
BASHCOMPDIR    ?= $(PREFIX)/share/bash-completion/completions
BUILD    ?= build
PKGS     := spdlog tomlplusplus nlohmann_json libsystemd liburing sqlite3 openssl libnats

CXXFLAGS ?= -O2 -g
# Sanitizer builds pass SANFLAGS (CXXFLAGS from the command line would replace the += below).
SANFLAGS ?=
CXXFLAGS += $(SANFLAGS)
LDFLAGS  += $(SANFLAGS)
CXXFLAGS += -std=c++20 -Wall -Wextra -Wno-missing-field-initializers -pthread -MMD -MP
CPPFLAGS += -Isrc -Itests $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# http-parser and wslay ship no pkg-config file.
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhttp_parser -lwslay -lcrypt -pthread

LIB_SRCS  := $(filter-out src/chatd/main.cpp src/chatctl/%,$(shell find src -name '*.cpp' | sort))
CTL_SRCS  := $(shell find src/chatctl -name '*.cpp' | sort)
LIB_OBJS  := $(LIB_SRCS:%.cpp=$(BUILD)/%.o)
UNIT_SRCS := $(shell find tests/unit -name '*.cpp' | sort)
BB_SRCS   := $(shell find tests/blackbox tests/support -name '*.cpp' | sort)
# The cluster suite shares tests/support with the black-box suite but is a binary of its own:
# it needs nats-server, so make check never builds or runs it (make check-cluster does).
CLUSTER_SRCS := $(shell find tests/cluster tests/support -name '*.cpp' | sort)
LOADGEN_SRCS := $(shell find bench/loadgen -name '*.cpp' | sort)

.PHONY: check-threads format format-check all programs deps check unit-check man-check check-system check-browser check-cluster deb run install clean unit-tests blackbox-tests bench check-asan check-tsan fuzz fuzz-regress fuzz-bins fuzz-build
all: deps programs

# Everything that gets installed (the Debian build makes this, without the deps step).
programs: $(BUILD)/chatd $(BUILD)/chatctl

# The build dependencies are debian/control's Build-Depends (tools/deps.sh reads them). These
# are what make check runs on top, which the package build never does (doc/HACKING.md): ip for
# the bridge tests' namespaces, python3 for their lab peers, mandoc and groff for the man lint,
# openssl for the TLS tests' certificates, irssi and tmux for the real-client test (which says
# so and skips itself where they are missing).
CHECK_TOOLS := iproute2 python3 mandoc groff openssl irssi tmux

deps:
	@tools/deps.sh --build-depends $(CHECK_TOOLS)

# Order-only on deps: with -j, nothing compiles before missing headers are installed. The
# package build passes DEPS_STEP= : there the builder has installed the Build-Depends.
DEPS_STEP ?= deps
$(BUILD)/%.o: %.cpp | $(DEPS_STEP)
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

$(BUILD)/cluster-tests: $(CLUSTER_SRCS:%.cpp=$(BUILD)/%.o) $(BUILD)/libchatd.a
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

# The load generator needs nothing from src/: it is a plain IRC client (TLS through OpenSSL).
$(BUILD)/loadgen: $(LOADGEN_SRCS:%.cpp=$(BUILD)/%.o)
	$(CXX) $(LDFLAGS) $^ -lssl -lcrypto -o $@

bench: deps $(BUILD)/chatd $(BUILD)/chatctl $(BUILD)/loadgen
	BUILD=$(BUILD) bench/run.sh

# The black-box tests mostly wait (for daemons, timeouts, peers): CHECK_SHARDS processes run
# them side by side (tests/run-suites.sh --shards). CHECK_SHARDS=1 runs them in one, in order.
CHECK_SHARDS ?= 2
check: deps $(BUILD)/chatd $(BUILD)/chatctl $(BUILD)/unit-tests $(BUILD)/blackbox-tests
	@CHATD=$(BUILD)/chatd CHATCTL=$(BUILD)/chatctl tests/run-suites.sh $(BUILD)/unit-tests \
	  --shards=$(CHECK_SHARDS) $(BUILD)/blackbox-tests tests/man/lint.sh

# No deps step and no daemon: safe inside a package build (dh_auto_test).
unit-check: $(BUILD)/unit-tests
	@tests/run-suites.sh $(BUILD)/unit-tests

man-check: deps
	@tests/run-suites.sh tests/man/lint.sh

deb:
	@tools/make-deb.sh $(BUILD)

# Slow (builds the package in a chroot and boots a container; the first run also builds and
# caches their Debian root file systems): not in check.
check-system:
	@SUITE_TIMEOUT=1800 tests/run-suites.sh tests/system/run.sh

# The web client (web/) in a real browser: two browser users and an IRC client in one channel,
# and a third browser user logging in to an account chatctl made (tests/browser/web_client_test.py).
# Its tools are installed on demand, not by make deps: nothing else needs a browser. About
# 20 s; the timeout only stops a wedged browser.
check-browser: deps $(BUILD)/chatd $(BUILD)/chatctl
	@tools/browser-deps.sh
	@CHATD=$(BUILD)/chatd CHATCTL=$(BUILD)/chatctl SUITE_TIMEOUT=300 tests/run-suites.sh tests/browser/web_client_test.py

# chatd's cluster mode against real nats-server JetStream clusters (tests/support/nats_cluster.hpp:
# three nodes on loopback ports, killed, restarted and partitioned by the tests). nats-server is
# installed on demand (tools/cluster-deps.sh), not by make deps: nothing else needs it. One
# process, in file order: each test runs three servers of its own.
check-cluster: deps $(BUILD)/chatd $(BUILD)/chatctl $(BUILD)/cluster-tests
	@tools/cluster-deps.sh
	@CHATD=$(BUILD)/chatd CHATCTL=$(BUILD)/chatctl tests/run-suites.sh $(BUILD)/cluster-tests

# Sanitizers: same suites, own build dirs. LSan runs at every chatd exit (SIGTERM included).
# No vptr check: when chatd is out of fds on purpose (09-faults), UBSan cannot open the pipe
# it probes memory with and reports every virtual call as "invalid vptr".
ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer -fno-sanitize-recover=undefined
check-asan:
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(MAKE) --no-print-directory BUILD=build-asan SANFLAGS="$(ASAN_FLAGS)" check
check-tsan:
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	  $(MAKE) --no-print-directory BUILD=build-tsan SANFLAGS="-fsanitize=thread" check

# Fuzzing with clang-14's libFuzzer (tools/fuzz-deps.sh installs it; not part of make deps).
FUZZ_SECONDS ?= 60
# 0 lets libFuzzer pick a seed (explores); CI fixes one so a run is not red by luck of the draw.
FUZZ_SEED    ?= 0
FUZZ_TARGETS := $(sort $(patsubst fuzz/%_fuzz.cpp,%,$(wildcard fuzz/*_fuzz.cpp)))
# The clang build also checks the lock annotations, as make check-threads does for all of src/.
FUZZ_FLAGS   := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
                -Werror=thread-safety -Wno-thread-safety-precise

# Only the code the targets exercise is built with clang: the whole library took 3x as long.
FUZZ_LIB_SRCS := $(filter src/config/% src/irc/message.cpp src/irc/line_builder.cpp src/irc/plain_text.cpp \
  src/irc/batch.cpp src/irc/labeled_response.cpp src/irc/chathistory_args.cpp src/irc/tagged_line.cpp \
  src/irc/utf8.cpp src/irc/glob.cpp src/irc/casemap.cpp src/irc/list_filter.cpp src/irc/names.cpp \
  src/irc/whox.cpp src/irc/numerics.cpp src/irc/sasl_exchange.cpp src/account/account_rules.cpp \
  src/bridge/datagram_text.cpp src/admin/request.cpp src/sys/socket_address.cpp \
  src/cluster/event.cpp src/cluster/history_codec.cpp src/cluster/account_codec.cpp src/net/line_reader.cpp src/net/output_queue.cpp src/net/admission.cpp src/sys/fatal.cpp src/cli/options.cpp src/http/% src/websocket/%,\
  $(LIB_SRCS))

$(BUILD)/libfuzzed.a: $(FUZZ_LIB_SRCS:%.cpp=$(BUILD)/%.o)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/fuzz/%_fuzz: fuzz/%_fuzz.cpp $(BUILD)/libfuzzed.a
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -fsanitize=fuzzer $< $(BUILD)/libfuzzed.a $(LDLIBS) -o $@

fuzz-bins: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%_fuzz)

# The sub-make is incremental (and knows the header dependencies of build-fuzz/).
fuzz-build:
	@tools/fuzz-deps.sh
	@$(MAKE) --no-print-directory BUILD=build-fuzz CXX=clang++-14 SANFLAGS="$(FUZZ_FLAGS)" fuzz-bins

# New inputs go to a scratch corpus; the committed corpus stays small and hand-picked. A crash,
# leak or timeout fails the target and leaves the input in build-fuzz/crash-<target>-*.
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t; \
	  build-fuzz/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -seed=$(FUZZ_SEED) -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/crash-$$t- build-fuzz/corpus/$$t fuzz/corpus/$$t >build-fuzz/fuzz-$$t.log 2>&1; \
	  status=$$?; \
	  echo "fuzz $$t: $$(sed -n 's/^stat::number_of_executed_units: *//p' build-fuzz/fuzz-$$t.log) runs in $(FUZZ_SECONDS) s, exit $$status"; \
	  if [ $$status -ne 0 ]; then grep -E '^(==[0-9]+==|SUMMARY|.*Test unit written)' build-fuzz/fuzz-$$t.log; exit 1; fi; \
	done

# Every committed input, crashers found earlier included, run once through its target.
fuzz-regress: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  files=$$(ls -d fuzz/corpus/$$t/* fuzz/regress/$$t/* 2>/dev/null); \
	  build-fuzz/fuzz/$${t}_fuzz $$files >/dev/null 2>build-fuzz/regress-$$t.log || \
	    { cat build-fuzz/regress-$$t.log; echo "fuzz-regress: $$t FAILED"; exit 1; }; \
	  echo "fuzz-regress: $$t ok ($$(echo $$files | wc -w) inputs)"; \
	done

# Lock annotations (sys/mutex.hpp) are only checked by clang: syntax-only, so it is quick.
# -precise off: a lock taken through a local alias (auto& registry = s.server().registry) is
# the same mutex as the REQUIRES(s.server().registry.mutex()) it satisfies; clang 14 cannot tell.
THREAD_FLAGS := -std=c++20 -fsyntax-only -Werror=thread-safety -Wno-thread-safety-precise
THREAD_SRCS := $(LIB_SRCS) $(CTL_SRCS) src/chatd/main.cpp
check-threads: | deps
	@tools/fuzz-deps.sh
	@$(MAKE) --no-print-directory $(THREAD_SRCS:%.cpp=$(BUILD)/threads/%.ok)
	@echo "check-threads: $(words $(THREAD_SRCS)) files clean"

$(BUILD)/threads/%.ok: %.cpp
	@mkdir -p $(dir $@)
	@clang++-14 $(CPPFLAGS) $(THREAD_FLAGS) -MMD -MP -MF $(@:.ok=.d) -MT $@ $< && touch $@

# Formatting is checked, not hoped for: CI fails on any file clang-format would change.
FORMAT_FILES = $(shell git ls-files '*.cpp' '*.hpp' 2>/dev/null)
format-check:
	@tools/deps.sh clang-format
	@clang-format --dry-run -Werror $(FORMAT_FILES) && echo "format-check: $(words $(FORMAT_FILES)) files clean"
format:
	@tools/deps.sh clang-format
	@clang-format -i $(FORMAT_FILES)

# chatctl too: the README's next step after `make run` is `build/chatctl status`.
# The shipped config's relative [storage] path lands in $(BUILD)/state, as systemd's
# StateDirectory= puts it in /var/lib/chatd; the web client is served from this tree's web/.
run: deps programs
	@tools/snakeoil.sh
	@mkdir -p $(BUILD)/state
	@sed 's|"/usr/share/chatd/web"|"$(CURDIR)/web"|' etc/chatd/chatd.toml > $(BUILD)/run.toml
	STATE_DIRECTORY=$(abspath $(BUILD))/state $(BUILD)/chatd --config $(BUILD)/run.toml

install: $(BUILD)/chatd $(BUILD)/chatctl
	install -D -m 0755 $(BUILD)/chatd $(DESTDIR)$(PREFIX)/sbin/chatd
	install -D -m 0755 $(BUILD)/chatctl $(DESTDIR)$(PREFIX)/bin/chatctl
	install -D -m 0644 etc/chatd/chatd.toml $(DESTDIR)$(SYSCONFDIR)/chatd/chatd.toml
	install -D -m 0644 systemd/chatd.service $(DESTDIR)$(SYSTEMDUNITDIR)/chatd.service
	install -D -m 0644 systemd/chatd.socket $(DESTDIR)$(SYSTEMDUNITDIR)/chatd.socket
	install -D -m 0644 systemd/chatd-web.socket $(DESTDIR)$(SYSTEMDUNITDIR)/chatd-web.socket
	install -D -m 0644 systemd/chatd.sysusers.conf $(DESTDIR)$(SYSUSERSDIR)/chatd.conf
	install -D -m 0644 man/chatd.8 $(DESTDIR)$(MANDIR)/man8/chatd.8
	install -D -m 0644 man/chatctl.8 $(DESTDIR)$(MANDIR)/man8/chatctl.8
	install -D -m 0644 man/chatd.toml.5 $(DESTDIR)$(MANDIR)/man5/chatd.toml.5
	install -D -m 0644 contrib/bash-completion/chatctl $(DESTDIR)$(BASHCOMPDIR)/chatctl
	install -d $(DESTDIR)$(PREFIX)/share/chatd/web
	install -m 0644 web/index.html web/style.css web/app.js web/sasl.js web/favicon.svg $(DESTDIR)$(PREFIX)/share/chatd/web/

clean:
	rm -rf $(BUILD)

# build/deb holds make deb's copy of the tree, with dependency files of its own.
-include $(shell find $(BUILD) -path $(BUILD)/deb -prune -o -name '*.d' -type f -print 2>/dev/null)
