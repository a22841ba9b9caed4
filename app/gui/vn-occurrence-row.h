/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-occurrence-row.h: one place of the concordance, with its check box and crop. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VN_TYPE_OCCURRENCE_ROW (vn_occurrence_row_get_type ())
G_DECLARE_FINAL_TYPE (VnOccurrenceRow, vn_occurrence_row, VN, OCCURRENCE_ROW, GtkWidget)

GtkWidget *vn_occurrence_row_new         (void);
void       vn_occurrence_row_set_place   (VnOccurrenceRow *self,
                                          const char      *title,
                                          const char      *subtitle,
                                          GdkPaintable    *crop,
                                          const char      *description);
gboolean   vn_occurrence_row_get_chosen  (VnOccurrenceRow *self);
void       vn_occurrence_row_set_chosen  (VnOccurrenceRow *self,
                                          gboolean         chosen);

G_END_DECLS
