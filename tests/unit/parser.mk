# SPDX-License-Identifier: GPL-2.0
#
# The SIP parser's userspace binaries: unit tests, benchmark, fuzzer.  Included by the top
# Makefile (uses BUILD_USER, USER_CFLAGS, KSRC, CC, CLANG).

PARSER_SRC    := kmod/sipoff_parser.c
PARSER_HDRS   := kmod/sipoff_parser.h kmod/sipoff_plain.h
PARSER_CASES  := tests/kunit/sipoff_parser_cases.h
PARSER_CORPUS := $(sort $(wildcard tests/corpus/rfc4475/*.dat))
PARSER_GEN    := $(BUILD_USER)/gen/sipoff_parser_corpus.h
PARSER_TFLAGS := $(USER_CFLAGS) -I$(KSRC)/tools/testing/selftests -Itests/kunit \
		 -I$(BUILD_USER)/gen -Wno-unused-parameter -Wno-sign-compare -fsanitize=address,undefined -fno-sanitize-recover=undefined

$(PARSER_GEN): tests/kunit/gen_parser_corpus.sh $(PARSER_CORPUS)
	@mkdir -p $(dir $@)
	sh tests/kunit/gen_parser_corpus.sh $@ $(PARSER_CORPUS)

$(BUILD_USER)/unit/test_parser_%: tests/unit/test_parser_%.c $(PARSER_SRC) $(PARSER_HDRS) \
		$(PARSER_CASES) $(PARSER_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(PARSER_TFLAGS) -o $@ $< $(PARSER_SRC) $(if $(findstring osip,$*),-losipparser2)

PARSER_UNIT := $(patsubst tests/unit/%.c,$(BUILD_USER)/unit/%,$(wildcard tests/unit/test_parser_*.c))
UNIT_TESTS  += $(PARSER_UNIT)

# Benchmark: the parser with the flags it has everywhere else (-O2), against libosip2.
PARSER_BENCH := $(BUILD_USER)/bench/bench_parser
$(PARSER_BENCH): tests/bench/bench_parser.c $(PARSER_SRC) $(PARSER_HDRS) $(PARSER_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -I$(BUILD_USER)/gen -o $@ $< $(PARSER_SRC) -losip2 -losipparser2
BENCHES += $(PARSER_BENCH)

# libFuzzer harness (clang); seeds in tests/fuzz/corpus_parser, kept crashers in
# tests/fuzz/regress_parser.
PARSER_FUZZ := $(BUILD_USER)/fuzz/fuzz_parser
$(PARSER_FUZZ): tests/fuzz/fuzz_parser.c $(PARSER_SRC) $(PARSER_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) -O1 -g -std=gnu11 -Wall -Wextra -Werror -Ikmod \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(PARSER_SRC)
FUZZERS += $(PARSER_FUZZ)

# `make user` builds the benchmark and the fuzzer too; `make bench` runs the benchmark
# (tests/bench.sh runs every build/user/bench/bench_*).
user: $(PARSER_BENCH) $(PARSER_FUZZ)
bench: $(PARSER_BENCH)

.PHONY: parser-fuzz-regress
# Replay the seeds and kept crashers once (no fuzzing).
parser-fuzz-regress: $(PARSER_FUZZ)
	$(PARSER_FUZZ) -runs=0 tests/fuzz/corpus_parser tests/fuzz/regress_parser

# `make fuzz FUZZ_SECONDS=N`: fuzz the parser for N seconds (default 60) from a working copy of
# the seeds (the seed directory is never written), then replay the kept crashers.  A crash
# leaves its input in $(BUILD_USER)/fuzz/artifacts_parser/: copy it to tests/fuzz/regress_parser/.
FUZZ_SECONDS ?= 60
.PHONY: fuzz parser-fuzz
fuzz: parser-fuzz
parser-fuzz: $(PARSER_FUZZ)
	@mkdir -p $(BUILD_USER)/fuzz/work_parser $(BUILD_USER)/fuzz/artifacts_parser/
	$(PARSER_FUZZ) -runs=0 tests/fuzz/regress_parser
	$(PARSER_FUZZ) -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=5 \
		-dict=tests/fuzz/parser.dict -print_final_stats=1 \
		-artifact_prefix=$(BUILD_USER)/fuzz/artifacts_parser/ \
		$(BUILD_USER)/fuzz/work_parser tests/fuzz/corpus_parser
