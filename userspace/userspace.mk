# SPDX-License-Identifier: GPL-2.0
# Userspace tools: sipoffctl (and, later, sipoffd).
USER_TOOLS += $(BUILD_USER)/sipoffctl

$(BUILD_USER)/sipoffctl: userspace/sipoffctl.c uapi/linux/sipoff.h | $(BUILD_USER)
	$(CC) $(USER_CFLAGS) -o $@ $< -lmnl
