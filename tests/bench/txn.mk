# SPDX-License-Identifier: GPL-2.0
# `make bench`: txn_blast, the transaction layer's cost per SIP message (tests/bench/txn-cost.sh
# runs it inside the bench kernel; tests/bench.sh's transaction section boots it).

BENCHES += $(BUILD_USER)/bench/txn_blast

$(BUILD_USER)/bench/txn_blast: tests/bench/txn_blast.c tests/bench/txn.mk
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $<
