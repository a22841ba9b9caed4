/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-cache.h: OCR results per page, as hOCR files keyed by image content and settings. */
#pragma once

#include <gio/gio.h>

#include "vn-ocr-page.h"

G_BEGIN_DECLS

#define VN_TYPE_OCR_CACHE (vn_ocr_cache_get_type ())
G_DECLARE_FINAL_TYPE (VnOcrCache, vn_ocr_cache, VN, OCR_CACHE, GObject)

VnOcrCache *vn_ocr_cache_new             (const char  *directory);
VnOcrCache *vn_ocr_cache_new_default     (void);
const char *vn_ocr_cache_get_directory   (VnOcrCache  *self);
VnOcrPage  *vn_ocr_cache_lookup          (VnOcrCache  *self,
                                          const char  *key);
gboolean    vn_ocr_cache_store           (VnOcrCache  *self,
                                          const char  *key,
                                          VnOcrPage   *page,
                                          GError     **error);

G_END_DECLS
