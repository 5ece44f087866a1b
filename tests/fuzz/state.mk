# SPDX-License-Identifier: GPL-2.0
# libFuzzer target of the transaction and dialog state logic (kmod/sipoff_txn.c and
# kmod/sipoff_dialog.c as plain C, tests/fuzz/fuzz_state.c): message sequences on a fake clock,
# invariants checked after every call.  `make fuzz FUZZ_SECONDS=N` runs it for N seconds after
# the parser's; a failing input is left in $(BUILD_USER)/fuzz/artifacts_state/: copy it to
# tests/fuzz/regress_state/ (replayed first on every run).
STATE_FUZZ := $(BUILD_USER)/fuzz/fuzz_state
STATE_FUZZ_SRC := kmod/sipoff_txn.c kmod/sipoff_dialog.c
$(STATE_FUZZ): tests/fuzz/fuzz_state.c $(STATE_FUZZ_SRC) kmod/sipoff_txn.h kmod/sipoff_dialog.h \
		kmod/sipoff_plain.h tests/fuzz/state.mk
	@mkdir -p $(dir $@)
	$(CLANG) -O1 -g -std=gnu11 -Wall -Wextra -Werror -Ikmod \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(STATE_FUZZ_SRC)
FUZZERS += $(STATE_FUZZ)
user: $(STATE_FUZZ)

.PHONY: state-fuzz
fuzz: state-fuzz
state-fuzz: $(STATE_FUZZ)
	@mkdir -p $(BUILD_USER)/fuzz/work_state $(BUILD_USER)/fuzz/artifacts_state/
	$(STATE_FUZZ) -runs=0 tests/fuzz/regress_state
	$(STATE_FUZZ) -max_total_time=$(FUZZ_SECONDS) -max_len=2048 -timeout=5 \
		-print_final_stats=1 -artifact_prefix=$(BUILD_USER)/fuzz/artifacts_state/ \
		$(BUILD_USER)/fuzz/work_state tests/fuzz/regress_state
