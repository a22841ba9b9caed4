/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-preprocess.h: optional clean-up of a page before OCR, and the map back to the scan. */
#pragma once

#include <glib-object.h>
#include <leptonica/allheaders.h>

#include "vn-ocr-page.h"

G_BEGIN_DECLS

typedef enum
{
  VN_PREPROCESS_NONE      = 0,
  VN_PREPROCESS_DESKEW    = 1 << 0,
  VN_PREPROCESS_NORMALIZE = 1 << 1,  /* background normalisation */
  VN_PREPROCESS_BINARIZE  = 1 << 2,  /* Sauvola */
} VnPreprocessFlags;

#define VN_PREPROCESS_ALL (VN_PREPROCESS_DESKEW | VN_PREPROCESS_NORMALIZE | VN_PREPROCESS_BINARIZE)

typedef struct
{
  double angle;     /* radians the cleaned image was rotated by, clockwise; 0 for none */
  double cx, cy;    /* centre of rotation */
  int    width, height;
} VnPageTransform;

PIX      *vn_preprocess_apply         (PIX                   *pix,
                                       VnPreprocessFlags      flags,
                                       VnPageTransform       *transform);
VnBox     vn_page_transform_to_source (const VnPageTransform *transform,
                                       const VnBox           *box);
gboolean  vn_preprocess_parse_flags   (const char            *spec,
                                       VnPreprocessFlags     *flags,
                                       GError               **error);
char     *vn_preprocess_flags_to_string (VnPreprocessFlags    flags);

G_END_DECLS
