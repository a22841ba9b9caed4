/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-engine.h: OCR of scan pages with Tesseract: the settings, the cache, and one pool
 * of worker threads that every caller of the engine (and of the engines sharing its pool)
 * reads through. */
#pragma once

#include <gio/gio.h>

#include "vn-ocr-cache.h"
#include "vn-ocr-page.h"
#include "vn-page-image.h"
#include "vn-preprocess.h"
#include "vn-scan.h"

G_BEGIN_DECLS

/* Called from the thread that asked, as each page is done. */
typedef void (*VnOcrProgressFunc) (guint       done,
                                   guint       total,
                                   VnScanPage *page,
                                   VnOcrPage  *result,
                                   gpointer    user_data);

#define VN_TYPE_OCR_ENGINE (vn_ocr_engine_get_type ())
G_DECLARE_FINAL_TYPE (VnOcrEngine, vn_ocr_engine, VN, OCR_ENGINE, GObject)

VnOcrEngine       *vn_ocr_engine_new                 (const char         *languages);
VnOcrEngine       *vn_ocr_engine_new_sharing         (VnOcrEngine        *other,
                                                      const char         *languages);
const char        *vn_ocr_engine_get_languages       (VnOcrEngine        *self);
void               vn_ocr_engine_set_jobs            (VnOcrEngine        *self,
                                                      guint               jobs);
guint              vn_ocr_engine_get_jobs            (VnOcrEngine        *self);
guint              vn_ocr_engine_get_n_threads       (VnOcrEngine        *self);
void               vn_ocr_engine_set_preprocess      (VnOcrEngine        *self,
                                                      VnPreprocessFlags   flags);
VnPreprocessFlags  vn_ocr_engine_get_preprocess      (VnOcrEngine        *self);
void               vn_ocr_engine_set_page_seg_mode   (VnOcrEngine        *self,
                                                      int                 psm);
void               vn_ocr_engine_set_background      (VnOcrEngine        *self,
                                                      gboolean            background);
void               vn_ocr_engine_set_alternatives    (VnOcrEngine        *self,
                                                      gboolean            alternatives);
gboolean           vn_ocr_engine_get_alternatives    (VnOcrEngine        *self);
void               vn_ocr_engine_set_rescale         (VnOcrEngine        *self,
                                                      gboolean            rescale);
gboolean           vn_ocr_engine_get_rescale         (VnOcrEngine        *self);
void               vn_ocr_engine_set_cache           (VnOcrEngine        *self,
                                                      VnOcrCache         *cache);
VnOcrCache        *vn_ocr_engine_get_cache           (VnOcrEngine        *self);
void               vn_ocr_engine_hold_cache_writes   (VnOcrEngine        *self);
void               vn_ocr_engine_release_cache_writes (VnOcrEngine       *self);
gboolean           vn_ocr_engine_check_languages     (VnOcrEngine        *self,
                                                      GError            **error);
GPtrArray         *vn_ocr_engine_recognize           (VnOcrEngine        *self,
                                                      GPtrArray          *scan_pages,
                                                      VnOcrProgressFunc   progress,
                                                      gpointer            user_data,
                                                      GCancellable       *cancellable,
                                                      GError            **error);
GPtrArray         *vn_ocr_engine_recognize_regions   (VnOcrEngine        *self,
                                                      VnScanPage         *scan,
                                                      const VnBox        *regions,
                                                      guint               n_regions,
                                                      GCancellable       *cancellable,
                                                      GError            **error);
VnOcrPage         *vn_ocr_engine_recognize_image     (VnOcrEngine        *self,
                                                      VnPageImage        *image,
                                                      const char         *label,
                                                      int                 psm,
                                                      const char         *languages,
                                                      GCancellable       *cancellable,
                                                      GError            **error);
char              *vn_ocr_engine_dup_cache_key       (VnOcrEngine        *self,
                                                      VnScanPage         *scan,
                                                      GError            **error);

G_END_DECLS
