# SPDX-License-Identifier: GPL-2.0
# Dialog state logic: userspace unit test (kmod/sipoff_dialog.c built as plain C), sharing its
# scenario tables with the KUnit suite (tests/kunit/sipoff_dialog_scenarios.h); a second build
# runs under ASan + UBSan.  kselftest_harness.h itself trips -Wunused-parameter and
# -Wsign-compare under -Wextra, so only the test file is built without them; sipoff_dialog.c
# gets the full USER_CFLAGS.

DIALOG_TEST_DEPS := $(TOP)/kmod/sipoff_dialog.h $(TOP)/kmod/sipoff_plain.h \
		    $(TOP)/tests/kunit/sipoff_dialog_scenarios.h $(TOP)/tests/unit/dialog.mk
DIALOG_TEST_FLAGS = -Wno-unused-parameter -Wno-sign-compare -I$(TOP)/tests/kunit \
		    -I$(KSRC)/tools/testing/selftests
DIALOG_SAN_FLAGS := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
		    -fno-sanitize-recover=all

UNIT_TESTS += $(BUILD_USER)/unit/test_dialog $(BUILD_USER)/unit/test_dialog_san

$(BUILD_USER)/unit/sipoff_dialog.o: $(TOP)/kmod/sipoff_dialog.c $(DIALOG_TEST_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c -o $@ $<

$(BUILD_USER)/unit/sipoff_dialog_san.o: $(TOP)/kmod/sipoff_dialog.c $(DIALOG_TEST_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(DIALOG_SAN_FLAGS) -c -o $@ $<

$(BUILD_USER)/unit/test_dialog: $(TOP)/tests/unit/test_dialog.c \
				$(BUILD_USER)/unit/sipoff_dialog.o $(DIALOG_TEST_DEPS)
	$(CC) $(USER_CFLAGS) $(DIALOG_TEST_FLAGS) -o $@ $< $(BUILD_USER)/unit/sipoff_dialog.o

$(BUILD_USER)/unit/test_dialog_san: $(TOP)/tests/unit/test_dialog.c \
				    $(BUILD_USER)/unit/sipoff_dialog_san.o $(DIALOG_TEST_DEPS)
	$(CC) $(USER_CFLAGS) $(DIALOG_TEST_FLAGS) $(DIALOG_SAN_FLAGS) -o $@ $< \
		$(BUILD_USER)/unit/sipoff_dialog_san.o
