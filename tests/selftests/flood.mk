# SPDX-License-Identifier: GPL-2.0
# The flood and netlink-fuzz kselftests (issue 10 item 11), run by check.sh's `flood` suite in
# a guest of their own: tests/selftests/flood/sipoff_flood.sh drives the flooder (and its sink)
# and runs the netlink fuzzer.  Built outside build/user/selftests/, whose every binary the
# `selftests` suite runs as a kselftest_harness test.
FLOOD_TOOLS := $(BUILD_USER)/flood/sipoff_flooder $(BUILD_USER)/flood/sipoff_nlfuzz

$(BUILD_USER)/flood/%: tests/selftests/%.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wextra -Werror -std=gnu11 -I$(TOP)/uapi -o $@ $<

user: $(FLOOD_TOOLS)
