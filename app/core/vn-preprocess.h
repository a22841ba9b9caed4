/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-preprocess.h: optional clean-up of a page before OCR, its scaling to the size Tesseract
 * reads best, and the map back to the scan; the operations on Leptonica images are the
 * core's (vn-preprocess-private.h). */
#pragma once

#include <glib-object.h>
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

/* Tesseract reads best at x-heights of about 20 to 30 pixels (its LSTM scales every line to
 * a fixed height anyway); larger text only takes longer to read: 4 times as long on the
 * letter at 600 dpi, for no fewer errors (tests/bench-ocr.c). Pages whose x-height is above
 * VN_PREPROCESS_MAX_X_HEIGHT are scaled down to about VN_PREPROCESS_TARGET_X_HEIGHT before
 * OCR; others, such as 300-dpi typescripts (the letter's is 27 pixels), are read as they are. */
#define VN_PREPROCESS_MAX_X_HEIGHT    30.0
#define VN_PREPROCESS_TARGET_X_HEIGHT 24.0

typedef struct
{
  double scale;     /* pixels of the cleaned image per pixel of the scan; 1 for none */
  double angle;     /* radians the cleaned image was rotated by, clockwise; 0 for none */
  double cx, cy;    /* centre of rotation, on the cleaned image */
  int    width, height;  /* the scan's */
} VnPageTransform;

VnBox     vn_page_transform_to_source (const VnPageTransform *transform,
                                       const VnBox           *box);
gboolean  vn_preprocess_parse_flags   (const char            *spec,
                                       VnPreprocessFlags     *flags,
                                       GError               **error);
char     *vn_preprocess_flags_to_string (VnPreprocessFlags    flags);

G_END_DECLS
