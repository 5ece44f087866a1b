# SPDX-License-Identifier: GPL-2.0
# Transaction state machines: userspace unit test (kselftest harness, TAP), built from the same
# kmod/sipoff_txn.c as the module, with the scenario table shared with the KUnit suite.  A second
# build runs under ASan + UBSan.

TXN_TEST_SRCS := $(TOP)/tests/unit/test_txn.c $(TOP)/kmod/sipoff_txn.c
TXN_TEST_DEPS := $(TXN_TEST_SRCS) $(TOP)/kmod/sipoff_txn.h $(TOP)/kmod/sipoff_plain.h \
		 $(TOP)/tests/kunit/sipoff_txn_cases.h $(TOP)/tests/unit/txn.mk
TXN_TEST_FLAGS = $(USER_CFLAGS) -I$(KSRC)/tools/testing/selftests -I$(TOP)/tests/kunit

UNIT_TESTS += $(BUILD_USER)/unit/test_txn $(BUILD_USER)/unit/test_txn_san

$(BUILD_USER)/unit/test_txn: $(TXN_TEST_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(TXN_TEST_FLAGS) -o $@ $(TXN_TEST_SRCS)

$(BUILD_USER)/unit/test_txn_san: $(TXN_TEST_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(TXN_TEST_FLAGS) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o $@ $(TXN_TEST_SRCS)
