/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan-private.h: the decoded pages as Leptonica images, for the core only: the window
 * and the command line see VnPageImage (vn-page-image.h), which hides them. */
#pragma once

#include <leptonica/allheaders.h>

#include "vn-scan.h"

G_BEGIN_DECLS

PIX         *vn_scan_page_load        (VnScanPage         *page,
                                       int                *dpi,
                                       GError            **error);
PIX         *vn_scan_page_crop        (VnScanPage         *page,
                                       int                 x,
                                       int                 y,
                                       int                 w,
                                       int                 h,
                                       int                 margin,
                                       GError            **error);

G_END_DECLS
