/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-region-window.h: a rectangle of the scan read again, beside the transcription of the words
 * it covers, letter by letter; the scan's reading can be taken. */
#pragma once

#include <adwaita.h>

#include "vn-document.h"

G_BEGIN_DECLS

#define VN_TYPE_REGION_WINDOW (vn_region_window_get_type ())
G_DECLARE_FINAL_TYPE (VnRegionWindow, vn_region_window, VN, REGION_WINDOW, AdwMessageDialog)

GtkWindow  *vn_region_window_new           (GtkWindow   *parent,
                                            VnDocument  *document,
                                            GListModel  *lines,
                                            guint        page,
                                            VnPageImage *page_image,
                                            const VnBox *region);
const char *vn_region_window_get_reading   (VnRegionWindow *self);
const char *vn_region_window_get_transcription (VnRegionWindow *self);
void        vn_region_window_set_layout    (VnRegionWindow *self,
                                            guint           layout);

G_END_DECLS
