/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-preprocess-private.h: the clean-up and scaling of vn-preprocess.h on Leptonica images,
 * for the core only (the window cleans a VnPageImage: vn_page_image_preprocess ()). */
#pragma once

#include <leptonica/allheaders.h>

#include "vn-preprocess.h"

G_BEGIN_DECLS

PIX      *vn_preprocess_apply         (PIX                   *pix,
                                       VnPreprocessFlags      flags,
                                       VnPageTransform       *transform);
PIX      *vn_preprocess_apply_scaled  (PIX                   *pix,
                                       VnPreprocessFlags      flags,
                                       double                 scale,
                                       VnPageTransform       *transform);
double    vn_preprocess_estimate_x_height (PIX               *pix);
double    vn_preprocess_choose_scale  (PIX                   *pix);

G_END_DECLS
