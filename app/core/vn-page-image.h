/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-page-image.h: a page's pixels, 8-bit grey, with its resolution: decoded from a scan,
 * cropped, scaled or cleaned, and read out as RGB bytes for display. Immutable, so that any
 * thread may use one (the window draws it while a worker reads a region of it). */
#pragma once

#include <glib-object.h>

#include "vn-ocr-page.h"
#include "vn-preprocess.h"
#include "vn-scan-page.h"

G_BEGIN_DECLS

#define VN_TYPE_PAGE_IMAGE (vn_page_image_get_type ())
G_DECLARE_FINAL_TYPE (VnPageImage, vn_page_image, VN, PAGE_IMAGE, GObject)

VnPageImage *vn_page_image_new_from_scan   (VnScanPage         *scan,
                                            GError            **error);
int          vn_page_image_get_width       (VnPageImage        *self);
int          vn_page_image_get_height      (VnPageImage        *self);
int          vn_page_image_get_resolution  (VnPageImage        *self);
gsize        vn_page_image_get_size_bytes  (VnPageImage        *self);
VnPageImage *vn_page_image_crop            (VnPageImage        *self,
                                            const VnBox        *box,
                                            int                 margin);
VnPageImage *vn_page_image_scale_to_height (VnPageImage        *self,
                                            int                 height);
VnPageImage *vn_page_image_reduce_to       (VnPageImage        *self,
                                            int                 width,
                                            int                 height);
VnPageImage *vn_page_image_preprocess      (VnPageImage        *self,
                                            VnPreprocessFlags   flags,
                                            VnPageTransform    *transform);
GBytes      *vn_page_image_read_rgb        (VnPageImage        *self,
                                            int                 x,
                                            int                 y,
                                            int                 width,
                                            int                 height);

G_END_DECLS
