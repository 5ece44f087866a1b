# SPDX-License-Identifier: GPL-2.0
# Helpers of tests/selftests/sipoff_hostile_net.sh (issue 10): an NFQUEUE verdict program
# (libmnl) and a call flood.  Built outside build/user/selftests/, which holds only tests.
SELFTESTS += $(BUILD_USER)/test-helpers/sipoff_nfq_accept $(BUILD_USER)/test-helpers/sipoff_flood

$(BUILD_USER)/test-helpers/sipoff_nfq_accept: tests/selftests/sipoff_nfq_accept.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -o $@ $< -lmnl

$(BUILD_USER)/test-helpers/sipoff_flood: tests/selftests/sipoff_flood.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -o $@ $<
