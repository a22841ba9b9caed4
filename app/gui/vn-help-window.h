/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-help-window.h: the user guide, a Markdown page from the resources shown as widgets. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VN_TYPE_HELP_WINDOW (vn_help_window_get_type ())
G_DECLARE_FINAL_TYPE (VnHelpWindow, vn_help_window, VN, HELP_WINDOW, AdwWindow)

GtkWidget  *vn_help_window_new       (GtkWindow    *parent);
void        vn_help_window_show      (GtkWindow    *parent);
gboolean    vn_help_window_load      (VnHelpWindow *self,
                                      const char   *resource_path,
                                      GError      **error);

G_END_DECLS
