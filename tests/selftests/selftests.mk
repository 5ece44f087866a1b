# SPDX-License-Identifier: GPL-2.0
# kselftests: userspace programs that run as root inside the test kernel (tests/kernel/guest-selftests.sh).
SELFTESTS += $(BUILD_USER)/selftests/sipoff_basic

$(BUILD_USER)/selftests/%: tests/selftests/%.c tests/selftests/sipoff_lib.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wno-unused-result -Wno-format-overflow -I$(KSRC)/tools/testing/selftests -o $@ $<
