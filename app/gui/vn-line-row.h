/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-line-row.h: one line of the line-by-line review: the line's image, the OCR's reading and
 * the transcription's, differences marked; the transcription edited in place. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VN_TYPE_LINE_ROW (vn_line_row_get_type ())
G_DECLARE_FINAL_TYPE (VnLineRow, vn_line_row, VN, LINE_ROW, GtkWidget)

GtkWidget *vn_line_row_new           (void);
void       vn_line_row_set_image     (VnLineRow     *self,
                                      GdkPaintable  *image,
                                      const char    *description);
void       vn_line_row_set_readings  (VnLineRow     *self,
                                      const char    *caption,
                                      const char    *ocr,
                                      PangoAttrList *ocr_attributes,
                                      const char    *text,
                                      PangoAttrList *text_attributes);
void       vn_line_row_begin_edit    (VnLineRow     *self,
                                      const char    *text,
                                      int            from,
                                      int            to);
const char *vn_line_row_get_edited   (VnLineRow     *self);
void       vn_line_row_end_edit      (VnLineRow     *self);
gboolean   vn_line_row_is_editing    (VnLineRow     *self);

G_END_DECLS
