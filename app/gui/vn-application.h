/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-application.h: the desktop application: windows, app-wide actions and shortcuts. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VN_TYPE_APPLICATION (vn_application_get_type ())
G_DECLARE_FINAL_TYPE (VnApplication, vn_application, VN, APPLICATION, AdwApplication)

VnApplication *vn_application_new (void);

G_END_DECLS
