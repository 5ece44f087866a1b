# SPDX-License-Identifier: GPL-2.0
# kselftests of dialog tracking (sipp calls across veth; sipoffctl, sipoffd); rule in selftests.mk.
SELFTESTS += $(BUILD_USER)/selftests/sipoff_dialogs
