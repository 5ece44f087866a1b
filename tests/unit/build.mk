# SPDX-License-Identifier: GPL-2.0
# The messages the kernel writes itself (kmod/sipoff_build.c), parsed back with the parser.
$(BUILD_USER)/unit/test_build: tests/unit/test_build.c kmod/sipoff_build.c kmod/sipoff_build.h \
		kmod/sipoff_parser.c kmod/sipoff_parser.h kmod/sipoff_plain.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -I$(KSRC)/tools/testing/selftests -Wno-unused-parameter -Wno-sign-compare \
		-fsanitize=address,undefined -fno-sanitize-recover=undefined -o $@ $< \
		kmod/sipoff_build.c kmod/sipoff_parser.c
UNIT_TESTS += $(BUILD_USER)/unit/test_build
