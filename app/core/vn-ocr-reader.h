/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-reader.h: one thread's Tesseract: the instances it keeps loaded from page to page,
 * one per set of languages, and the reading of one image into a VnOcrPage. */
#pragma once

#include <gio/gio.h>
#include <leptonica/allheaders.h>

#include "vn-ocr-page.h"
#include "vn-preprocess-private.h"

G_BEGIN_DECLS

/* How an image is read. */
typedef struct
{
  char              *languages;     /* Tesseract's, e.g. "rus+eng" */
  int                psm;           /* page segmentation mode */
  VnPreprocessFlags  preprocess;
  gboolean           alternatives;  /* per-character alternatives (lstm_choice_mode 2) */
  gboolean           rescale;       /* large text scaled down first */
} VnOcrSettings;

void vn_ocr_settings_copy  (VnOcrSettings       *dest,
                            const VnOcrSettings *src);
void vn_ocr_settings_clear (VnOcrSettings       *settings);

/* Not thread-safe: each thread has its own. */
typedef struct _VnOcrReader VnOcrReader;

VnOcrReader *vn_ocr_reader_new  (void);
void         vn_ocr_reader_free (VnOcrReader         *reader);
VnOcrPage   *vn_ocr_reader_read (VnOcrReader         *reader,
                                 const VnOcrSettings *settings,
                                 PIX                 *pix,
                                 int                  dpi,
                                 const char          *label,
                                 GCancellable        *cancellable,
                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnOcrReader, vn_ocr_reader_free)

G_END_DECLS
