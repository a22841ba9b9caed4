/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-image.h: small operations on page images (Leptonica PIX) for the core: the one crop with
 * a margin that every crop of a page goes through (the window's through VnPageImage). */
#pragma once

#include <leptonica/allheaders.h>

#include "vn-ocr-page.h"

G_BEGIN_DECLS

PIX *vn_image_crop (PIX         *page,
                    const VnBox *box,
                    int          margin);

G_END_DECLS
