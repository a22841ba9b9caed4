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

void           vn_test_gui_spin             (guint       ms);
VnWindow      *vn_test_gui_open_letter      (const char *dir,
                                             int         width,
                                             int         height);
guint          vn_test_gui_journal_records  (const char *dir,
                                             const char *op);
char          *vn_test_gui_buffer_text      (VnWindow   *window);
GtkWindow     *vn_test_gui_wait_for_toplevel (GType      type,
                                             guint       seconds);

/* Real key and pointer events through the X server (XTest), as a user's. */
typedef struct _VnTestInput VnTestInput;

VnTestInput   *vn_test_input_new            (GtkWidget       *window);
void           vn_test_input_free           (VnTestInput     *input);
void           vn_test_input_move           (VnTestInput     *input,
                                             GtkWidget       *widget,
                                             double           x,
                                             double           y);
void           vn_test_input_button         (VnTestInput     *input,
                                             guint            button,
                                             gboolean         press);
void           vn_test_input_click          (VnTestInput     *input,
                                             GtkWidget       *widget,
                                             double           x,
                                             double           y);
void           vn_test_input_key            (VnTestInput     *input,
                                             guint            keyval,
                                             GdkModifierType  modifiers);
void           vn_test_input_type           (VnTestInput     *input,
                                             const char      *text);
void           vn_test_input_drag           (VnTestInput     *input,
                                             GtkWidget       *widget,
                                             double           x0,
                                             double           y0,
                                             double           x1,
                                             double           y1,
                                             GdkModifierType  modifiers);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnTestInput, vn_test_input_free)

G_END_DECLS
