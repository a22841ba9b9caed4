/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan.h: page images from scan files (PNG, JPEG, TIFF, JPEG 2000, WebP, PDF): the pages of
 * the files, and their decoding (as Leptonica images for the core in vn-scan-private.h; as
 * VnPageImage for everyone, vn-page-image.h). */
#pragma once

#include <glib-object.h>

#include "vn-scan-page.h"

G_BEGIN_DECLS

#define VN_SCAN_PDF_DEFAULT_DPI 300

GPtrArray   *vn_scan_expand_files     (const char * const *paths,
                                       GError            **error);
gboolean     vn_scan_is_image_name    (const char         *name);
void         vn_scan_prefetch         (VnScanPage         *page);
char        *vn_scan_page_crop_to_cache (VnScanPage       *page,
                                       int                 x,
                                       int                 y,
                                       int                 w,
                                       int                 h,
                                       GError            **error);

void         vn_scan_set_max_pixels   (guint64             max_pixels);
guint64      vn_scan_get_max_pixels   (void);

G_END_DECLS
