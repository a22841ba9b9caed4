/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-engine-private.h: the engine's reading of Leptonica images, for the core and its
 * tests only (the window reads a VnPageImage: vn_ocr_engine_recognize_image ()). */
#pragma once

#include "vn-ocr-engine.h"
#include "vn-preprocess-private.h"
#include "vn-scan-private.h"

G_BEGIN_DECLS

VnOcrPage         *vn_ocr_engine_recognize_pix       (VnOcrEngine        *self,
                                                      PIX                *pix,
                                                      int                 dpi,
                                                      const char         *label,
                                                      GCancellable       *cancellable,
                                                      GError            **error);
VnOcrPage         *vn_ocr_engine_recognize_pix_full  (VnOcrEngine        *self,
                                                      PIX                *pix,
                                                      int                 dpi,
                                                      const char         *label,
                                                      int                 psm,
                                                      const char         *languages,
                                                      GCancellable       *cancellable,
                                                      GError            **error);
G_END_DECLS
