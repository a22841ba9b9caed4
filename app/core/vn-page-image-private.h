/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-page-image-private.h: a VnPageImage's Leptonica image, for the core and its tests. */
#pragma once

#include <leptonica/allheaders.h>

#include "vn-page-image.h"

G_BEGIN_DECLS

VnPageImage *vn_page_image_new_for_pix (PIX         *pix,
                                        int          resolution);
PIX         *vn_page_image_get_pix     (VnPageImage *self);

G_END_DECLS
