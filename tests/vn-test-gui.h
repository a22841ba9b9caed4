/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-test-gui.h: what the window tests share: running the main loop until something
 * happens, waiting for painted frames, rendering a widget to a PNG, and finding shortcuts. */
#pragma once

#include <gtk/gtk.h>

#include "vn-window.h"
#include "vn-collation.h"

G_BEGIN_DECLS

/* Whether @shortcut is the one looked for; @data is the caller's. */
typedef gboolean (*VnTestShortcutMatch) (GtkShortcut *shortcut,
                                         gpointer     data);

void           vn_test_gui_iterate          (void);
gboolean       vn_test_gui_wait_for         (gboolean  (*done) (gpointer),
                                             gpointer    data,
                                             guint       seconds);
VnWindow      *vn_test_gui_open_folder      (const char *dir);
void           vn_test_gui_wait_until_ready (VnWindow   *window);
VnDiscrepancy *vn_test_gui_find_discrepancy (VnWindow   *window,
                                             const char *reading);
gboolean       vn_test_gui_wait_for_frames  (GtkWidget  *widget,
                                             guint       frames);
GdkTexture    *vn_test_gui_render_png       (GtkWidget  *widget,
                                             const char *name,
                                             gboolean   *drawn);
void           vn_test_gui_screenshot       (GtkWidget  *widget,
                                             const char *name);
GtkShortcut   *vn_test_gui_find_shortcut    (GtkWidget           *widget,
                                             VnTestShortcutMatch  match,
                                             gpointer             data);

G_END_DECLS
