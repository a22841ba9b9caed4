/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-line-view.h: the line-by-line review: each line of the scans with a discrepancy, its image
 * with the OCR's reading and the transcription's under it, differences marked. */
#pragma once

#include <gtk/gtk.h>

#include "vn-collation.h"
#include "vn-page-cache.h"
#include "vn-session.h"

G_BEGIN_DECLS

#define VN_TYPE_LINE_VIEW (vn_line_view_get_type ())
G_DECLARE_FINAL_TYPE (VnLineView, vn_line_view, VN, LINE_VIEW, GtkWidget)

void     vn_line_view_set_document    (VnLineView  *self,
                                       VnCollation *collation,
                                       VnSession   *session,
                                       GListModel  *lines);
void     vn_line_view_set_page_cache  (VnLineView  *self,
                                       VnPageCache *page_cache);
void     vn_line_view_show_token      (VnLineView  *self,
                                       int          token);
void     vn_line_view_refresh         (VnLineView  *self);
gboolean vn_line_view_begin_edit      (VnLineView  *self,
                                       guint        word_start,
                                       guint        word_end);
void     vn_line_view_finish_edit     (VnLineView  *self);
void     vn_line_view_cancel_edit     (VnLineView  *self);
GListModel *vn_line_view_get_lines    (VnLineView  *self);

G_END_DECLS
