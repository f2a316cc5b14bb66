# SPDX-License-Identifier: GPL-3.0-or-later
# sieve: plain make, C17, pkg-config. `make help` lists the targets.

CC      ?= cc
SAN     ?=
comma   := ,
ifeq ($(SAN),)
BUILD   ?= build
BIN     ?= sieve
SANFLAGS :=
else
BUILD   ?= build/san-$(subst $(comma),-,$(SAN))
BIN     ?= $(BUILD)/sieve
SANFLAGS := -fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

OPT     ?= -O2 -g
WERROR  ?= -Werror
# Truncating snprintf into fixed message buffers is intended.
WARN    := -std=c17 -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes -Wformat=2 \
           -Wno-format-truncation
V       ?=
Q       := $(if $(V),,@)
PKGS    := libpq libxml-2.0 ncursesw gsl cairo zlib libcrypto

# pkg-config runs once, on first use, so `make deps` works before the
# libraries are there.
PKG_CFLAGS = $(eval PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS)))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $(shell pkg-config --libs $(PKGS)))$(PKG_LIBS)
GSL_CFLAGS = $(eval GSL_CFLAGS := $(shell pkg-config --cflags gsl))$(GSL_CFLAGS)
CMOCKA_CFLAGS = $(eval CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka))$(CMOCKA_CFLAGS)
CMOCKA_LIBS   = $(eval CMOCKA_LIBS := $(shell pkg-config --libs cmocka))$(CMOCKA_LIBS)

ALL_CFLAGS = $(WARN) $(OPT) $(SANFLAGS) -D_POSIX_C_SOURCE=200809L $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm

# Library code: everything but cli/ (the binary) and tests/.
LIB_DIRS := lib schema importers quadas analysis plot tui
LIB_SRC  := $(sort $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c)))
CLI_SRC  := $(sort $(wildcard cli/*.c))
MIGRATIONS := $(sort $(wildcard schema/migrations/*.sql))
GEN_SRC  := $(BUILD)/gen/migrations.c
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)
DBT_SRC  := $(sort $(wildcard tests/db/test_*.c))
DBT_BIN  := $(DBT_SRC:%.c=$(BUILD)/%)
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_SRC:%.c=$(BUILD)/%)
ALL_C    := $(LIB_SRC) $(CLI_SRC) $(UNIT_SRC) $(DBT_SRC) $(BENCH_SRC) \
            $(sort $(foreach d,$(LIB_DIRS) cli,$(wildcard $(d)/*.h)))

.PHONY: all deps deps-if-missing demo check check-run test-unit test-db bench \
        valgrind clean help boundaries fuzz fuzz-build
.DEFAULT_GOAL := all

all: $(BIN)

help:
	@echo "make            build ./sieve"
	@echo "make deps       install the Debian packages sieve needs (as root), or print the apt-get line"
	@echo "make demo       install what is missing, build, run the demo review in ./demo-review"
	@echo "make check      install what is missing, build, run every test"
	@echo "make SAN=address,undefined check   the same with sanitizers, built in build/san-*"
	@echo "make valgrind   unit tests and a CLI session under valgrind"
	@echo "make bench      benchmarks (see bench/)"
	@echo "make fuzz       build the libFuzzer targets (clang) and run each FUZZ_SECONDS (see fuzz/)"

$(BIN): $(BUILD)/.boundaries $(CLI_OBJ) $(BUILD)/libsieve.a
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libsieve.a $(LDLIBS_ALL)

$(BUILD)/libsieve.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

# analysis/ and quadas/ are compiled with GSL's include path only: a stray
# include of another library's header fails here, and
# scripts/check_boundaries.sh names it.
$(BUILD)/analysis/%.o: analysis/%.c | $(BUILD)/.boundaries
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(GSL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/quadas/%.o: quadas/%.c | $(BUILD)/.boundaries
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(GSL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.c | $(BUILD)/.boundaries
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(GEN_SRC): scripts/gen_migrations.sh $(MIGRATIONS)
	@mkdir -p $(@D)
	$(Q)sh scripts/gen_migrations.sh $@ $(MIGRATIONS)

$(BUILD)/gen/migrations.o: $(GEN_SRC)
	$(Q)$(CC) $(ALL_CFLAGS) -I. -c -o $@ $<

$(BUILD)/.boundaries: scripts/check_boundaries.sh $(ALL_C)
	@mkdir -p $(@D)
	@sh scripts/check_boundaries.sh
	@touch $@

boundaries:
	@sh scripts/check_boundaries.sh && echo "boundaries: ok"

$(BUILD)/tests/%: tests/%.c $(BUILD)/libsieve.a
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(CMOCKA_CFLAGS) -o $@ $< $(BUILD)/libsieve.a \
		$(CMOCKA_LIBS) $(LDLIBS_ALL)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libsieve.a
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(BUILD)/libsieve.a $(LDLIBS_ALL)

deps:
	@sh scripts/deps.sh

deps-if-missing:
	@sh scripts/deps.sh --if-missing

demo: deps-if-missing
	@$(MAKE) --no-print-directory all $(BUILD)/bench/gen_pubmed
	@sh scripts/demo.sh ./$(BIN) $(BUILD)/bench/gen_pubmed

check: deps-if-missing
	@$(MAKE) --no-print-directory check-run

check-run: $(BIN) $(UNIT_BIN) $(DBT_BIN) $(BENCH_BIN)
	@SIEVE=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) sh tests/run.sh

test-unit: $(UNIT_BIN)
	@BUILD=$(abspath $(BUILD)) sh tests/run.sh unit

test-db: $(BIN) $(DBT_BIN)
	@SIEVE=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) sh tests/run.sh db

valgrind: deps-if-missing
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BIN)
	@SIEVE=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) VALGRIND=1 sh tests/run.sh unit

bench: deps-if-missing
	@$(MAKE) --no-print-directory $(BIN) $(BENCH_BIN)
	@SIEVE=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) sh bench/run.sh

# ---- fuzzing (fuzz/README.md) ---------------------------------------------
# The library is rebuilt with clang, coverage-instrumented and sanitized, in
# build/fuzz; each target runs FUZZ_SECONDS from a corpus that
# fuzz/make_seeds.py derives from ../shared/data at run time.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DATA    ?= ../shared/data
FUZZ_BUILD   := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c17 -g -O1 -Wall -Wextra -D_POSIX_C_SOURCE=200809L $(FUZZ_SAN) \
                -fsanitize=fuzzer-no-link $(PKG_CFLAGS)
FUZZ_TARGETS := pubmed_xml csv
FUZZ_MAXLEN_pubmed_xml := 65536
FUZZ_MAXLEN_csv        := 16384
FUZZ_OPTS_pubmed_xml   := -dict=fuzz/pubmed_xml.dict
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o) $(FUZZ_BUILD)/obj/gen/migrations.o

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/obj/gen/migrations.o: $(GEN_SRC)
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -I. -c -o $@ $<

$(FUZZ_BUILD)/libsieve.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_BUILD)/libsieve.a
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libsieve.a \
		$(LDLIBS_ALL)

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

# Each target runs on its corpus (kept between runs, grown by the fuzzer);
# a crash leaves its input in build/fuzz/ and fails the target.
fuzz: fuzz-build
	$(Q)python3 fuzz/make_seeds.py $(FUZZ_DATA) $(FUZZ_BUILD) 65536
	$(Q)set -e; for t in $(FUZZ_TARGETS); do \
		case $$t in pubmed_xml) ml=$(FUZZ_MAXLEN_pubmed_xml); o="$(FUZZ_OPTS_pubmed_xml)";; \
		            *) ml=$(FUZZ_MAXLEN_csv); o="";; esac; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_BUILD)/fuzz_$$t $(FUZZ_BUILD)/corpus-$$t -max_total_time=$(FUZZ_SECONDS) \
			-max_len=$$ml -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/crash-$$t- $$o 2>$(FUZZ_BUILD)/$$t.log || \
			{ tail -60 $(FUZZ_BUILD)/$$t.log; echo "fuzz: $$t FAILED (log: $(FUZZ_BUILD)/$$t.log)"; exit 1; }; \
		grep -E "^stat::number_of_executed_units|^Done" $(FUZZ_BUILD)/$$t.log | \
			sed "s/^/fuzz: $$t: /"; \
	done

clean:
	rm -rf build sieve

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
