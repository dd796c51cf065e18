# spm: Sales Performance Management inside PostgreSQL (PGXS build).
#
#   make demo    build, install, run the sample organisation's reports
#   make test    build, install, run the whole suite on a throwaway cluster
#   make bench   build, install, print the benchmark table
#   make fuzz    the fuzzers for FUZZ_SECONDS each (default 60)
#   make valgrind  the regression suite with the server under valgrind
#   make load    the concurrent pgbench load alone
#
# Those first install any missing system packages (test/deps.sh, as root),
# so they work on a fresh Debian 12 or 13 machine, then install spm into the
# server and run against it (into a private copy of the server when its
# directories are not writable: test/lib/pg.sh target).  Plain "make",
# "make install" and "make installcheck" are the usual PGXS targets: they
# install no packages, use no sudo, and installcheck runs against whatever
# server PGHOST/PGPORT name.
#
# The server is the one PG_CONFIG names, else the newest installed
# (test/lib/pg.sh): PostgreSQL 15, 17 and 18 are supported.

EXTENSION  = spm
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" spm.control)
MODULE_big = spm

# Modules in install order (named SPM_MODULES because PGXS's MODULES means
# one shared library each).  Each is a directory src/<module>/ holding its
# SQL-callable C code and, beside it, its SQL declarations <module>.sql.
# Pure computations shared by the modules live in src/core/, and the
# PostgreSQL-side helpers they share (aggregate plumbing, numerics) in
# src/common/.
SPM_MODULES = surveys commissions quotas forecast gamification territories model runs reports

SQL_FRAGMENTS = src/spm.sql $(wildcard $(foreach m,$(SPM_MODULES),src/$(m)/$(m).sql))
CORE_SRCS = $(sort $(wildcard src/core/*.c))
MODULE_SRCS = $(foreach m,$(SPM_MODULES),$(sort $(wildcard src/$(m)/*.c)))
COMMON_SRCS = $(sort $(wildcard src/common/*.c))
OBJS = src/spm.o $(patsubst %.c,%.o,$(CORE_SRCS) $(COMMON_SRCS) $(MODULE_SRCS))
# PGXS tracks no header dependencies (unless the server was configured with
# --enable-depend): every object is rebuilt when any of our headers changes,
# so that a changed struct can never be read with an old layout.
SPM_HEADERS = $(wildcard src/*.h src/*/*.h)

DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA = $(wildcard upgrade/$(EXTENSION)--*.sql)

# Update steps (doc/development.md, "Releasing").  A released step is a
# plain file, upgrade/spm--A--B.sql, installed as it is (DATA).  The step
# into the version under development is built, like its install script,
# from upgrade/A--B.sql.in: the statements that only the update needs, and
# lines "\ir ../src/<module>/<module>.sql" that stand for whole fragments
# it takes as they are.  A step is built only while upgrade/spm--A--B.sql
# is absent: releasing B freezes the built file there, and from then on
# that copy is installed and the fragments can change for the next version.
UPDATE_STEPS = $(filter-out $(notdir $(DATA)),$(patsubst upgrade/%.sql.in,$(EXTENSION)--%.sql,$(wildcard upgrade/*--*.sql.in)))
DATA_built += $(UPDATE_STEPS)

# pg_regress suite: sql/<name>.sql against expected/<name>.out; "setup"
# installs the extension and shared helpers, the others are independent.
REGRESS = setup $(filter-out setup,$(sort $(notdir $(basename $(wildcard sql/*.sql)))))

# pg_regress's own database in the C locale, whatever the server's default
REGRESS_OPTS = --no-locale --encoding=UTF8

PG_CPPFLAGS = -I$(srcdir)/src
# The warnings every build gets; the CI adds -Werror (.ci/run: make test
# PG_CFLAGS=-Werror), which is added to, not replaced by, these, and which
# the unit tests and fuzz harnesses then get too.
SPM_WARNINGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare
override PG_CFLAGS += $(SPM_WARNINGS)
SPM_WERROR = $(filter -Werror%,$(PG_CFLAGS))

EXTRA_CLEAN = test/unit/build test/fuzz/build results regression.diffs regression.out

PG_CONFIG ?= $(shell bash test/lib/pg.sh pg_config)
# (nothing to ask where no server is installed yet: a fresh machine's make test)
PGXS := $(if $(PG_CONFIG),$(shell $(PG_CONFIG) --pgxs 2>/dev/null))
PG_SERVER_HEADER := $(if $(PG_CONFIG),$(shell $(PG_CONFIG) --includedir-server 2>/dev/null))/postgres.h

# The project's commands below install what is missing before they build;
# everything else needs the server's development files already.
SPM_COMMANDS = deps test demo bench fuzz valgrind load install-ext unit-build fuzz-build \
	dashboard matrix deb dist

ifneq ($(and $(wildcard $(PGXS)),$(wildcard $(PG_SERVER_HEADER))),)
include $(PGXS)

$(OBJS) $(OBJS:.o=.bc): $(SPM_HEADERS)
else ifeq ($(filter $(SPM_COMMANDS),$(MAKECMDGOALS)),)
$(error $(PG_CONFIG) finds no PostgreSQL server development files (PGXS, postgres.h). Install them (Debian: postgresql-server-dev-N), or set PG_CONFIG to the pg_config of the server to build for; make test and make demo install what is missing)
endif

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_FRAGMENTS) spm.control
	cat $(SQL_FRAGMENTS) > $@

# Each "\ir FILE" line of the step's source is replaced by FILE (relative to
# the source's directory, as psql's \ir reads it); a missing or empty FILE
# is an error, so that no step is installed with a piece left out.
$(UPDATE_STEPS): $(EXTENSION)--%.sql: upgrade/%.sql.in $(SQL_FRAGMENTS)
	awk -v dir='$(dir $<)' '/^\\ir / { f = dir $$2; n = 0; \
		while ((r = (getline line < f)) > 0) { print line; n++ } \
		if (r < 0 || n == 0) { print FILENAME ": cannot include " f > "/dev/stderr"; exit 1 } \
		close(f); next } { print }' $< > $@.tmp || { rm -f $@.tmp; exit 1; }
	mv $@.tmp $@

# ---- C unit tests of src/core, under AddressSanitizer and UBSan -------------

UNIT_TESTS = $(patsubst test/unit/%.c,test/unit/build/%,$(wildcard test/unit/test_*.c))
UNIT_CFLAGS = -std=c11 -g -O1 -Wall -Wextra $(SPM_WERROR) -fno-omit-frame-pointer \
              -fsanitize=address,undefined -fno-sanitize-recover=all -Isrc

test/unit/build/%: test/unit/%.c test/unit/unit.h $(CORE_SRCS) $(wildcard src/core/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -o $@ $< $(CORE_SRCS) -lm

unit-build: $(UNIT_TESTS)

# ---- libFuzzer harnesses of src/core (test/fuzz) ------------------------------
#
# Each test/fuzz/fuzz_NAME.c is linked with every file of src/core, built
# once with the fuzzer's coverage instrumentation and the sanitizers, so that
# a renamed or added internal needs no change here.  test/fuzz/run.sh runs
# them: briefly over the committed seeds in make test, for FUZZ_SECONDS
# each in make fuzz.

FUZZ_CC = clang
FUZZ_SAN = address,undefined
FUZZ_FLAGS = -g -O1 -Wall -Wextra $(SPM_WERROR) -Wno-sign-compare -fno-omit-frame-pointer -fno-sanitize-recover=all -Isrc -Itest/fuzz
FUZZ_HARNESSES = $(patsubst test/fuzz/fuzz_%.c,test/fuzz/build/fuzz_%,$(wildcard test/fuzz/fuzz_*.c))
FUZZ_CORE_OBJS = $(patsubst src/core/%.c,test/fuzz/build/core/%.o,$(CORE_SRCS))
FUZZ_SECONDS ?= 60

test/fuzz/build/core/%.o: src/core/%.c $(wildcard src/core/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -c -o $@ $<

test/fuzz/build/fuzz_%: test/fuzz/fuzz_%.c test/fuzz/fuzz.h test/fuzz/state_harness.h $(FUZZ_CORE_OBJS)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $< $(FUZZ_CORE_OBJS) -lm

fuzz-build: $(FUZZ_HARNESSES)

# ---- the project's commands --------------------------------------------------
#
# Each installs what its purpose needs (test/deps.sh), then, in one shell
# with PG_CONFIG naming the server to use (WITH_PG: the one test/lib/pg.sh
# finds, or a private copy of it where its directories are not writable),
# installs spm and runs.

WITH_PG = PG_CONFIG=$$(bash test/lib/pg.sh target) && export PG_CONFIG &&
INSTALL_SPM = $(MAKE) --no-print-directory install

# spm installed into that server (a target of its own, for commands that
# need nothing else from WITH_PG)
install-ext:
	@$(WITH_PG) $(INSTALL_SPM)

deps:
	@bash test/deps.sh test

test:
	@bash test/deps.sh test
	@$(WITH_PG) $(INSTALL_SPM) unit-build fuzz-build && bash test/run.sh

# Each fuzz harness for FUZZ_SECONDS, then the in-server fuzz test of the
# types' input, receive and deserialize functions with more inputs than
# make test gives it (doc/development.md, "Fuzzing, load and memory checks").
fuzz:
	@bash test/deps.sh fuzz
	@$(WITH_PG) $(INSTALL_SPM) fuzz-build && FUZZ_SECONDS=$(FUZZ_SECONDS) bash test/fuzz/run.sh long && bash test/fuzz/server.sh

# The pg_regress suite with the server under valgrind's memcheck.
valgrind:
	@bash test/deps.sh valgrind
	@$(WITH_PG) $(INSTALL_SPM) && bash test/valgrind.sh

# The concurrent load of bench/load.pgbench alone (make bench runs it too).
load:
	@bash test/deps.sh bench
	@$(WITH_PG) $(INSTALL_SPM) && BENCH_ONLY=load bash bench/run.sh

# The demo's first screen is the report: package installs and compiler
# lines go to a log that is shown only when something fails.
demo:
	@log=$$(mktemp); \
	if ! { bash test/deps.sh build && $(WITH_PG) $(INSTALL_SPM); } >"$$log" 2>&1; then \
		cat "$$log"; rm -f "$$log"; exit 1; \
	fi; \
	rm -f "$$log"; \
	$(WITH_PG) bash demo/run.sh

bench:
	@bash test/deps.sh bench
	@$(WITH_PG) $(INSTALL_SPM) && bash bench/run.sh

.PHONY: deps test demo bench install-ext unit-build fuzz-build fuzz valgrind load

# ---- the Evidence dashboard (dashboard/, doc/dashboard.md) -----------------

# Builds the dashboard against the demo database and prints where the static
# site is; KEEP=1 serves it on http://127.0.0.1:3000.
dashboard:
	@bash test/deps.sh dashboard
	@$(WITH_PG) $(INSTALL_SPM) && bash dashboard/run.sh

.PHONY: dashboard

# ---- releases: the version matrix, the Debian package, the PGXN zip ---------
#
# make matrix   make test in fresh Debian 12, 13 and testing roots (PostgreSQL
#               15, 17, 18), one after the other; MATRIX_SUITES="bookworm trixie"
#               to choose (test/matrix.sh; not part of make test)
# make deb      the Debian package of HEAD for this machine's PostgreSQL
#               versions, with pg_buildext, into ../ (dpkg-buildpackage -b)
# make dist     the PGXN distribution of HEAD: ../spm-<version>.zip
# All three take what is committed, not the work tree's changes.

DIST_NAME = $(EXTENSION)-$(EXTVERSION)

matrix:
	@bash test/deps.sh roots
	@bash test/matrix.sh

deb:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	git archive --format=tar --prefix=$(DIST_NAME)/ HEAD | tar -x -C "$$tmp"; \
	(cd "$$tmp/$(DIST_NAME)" && dpkg-buildpackage -us -uc -b); \
	mv "$$tmp"/*.deb "$$tmp"/*.changes "$$tmp"/*.buildinfo ..; \
	ls -1 ../postgresql-*-$(EXTENSION)_$(EXTVERSION)-*.deb

dist:
	git archive --format=zip --prefix=$(DIST_NAME)/ -o ../$(DIST_NAME).zip HEAD
	@echo "../$(DIST_NAME).zip"

.PHONY: matrix deb dist
