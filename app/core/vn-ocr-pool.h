/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-pool.h: the worker threads that read images for every caller of an engine (and of
 * the engines that share its pool): each thread keeps its Tesseract instances from page to
 * page, every caller's pages wait in one queue, and an image asked for again while it is
 * being read, or once it has been read, is not read twice. */
#pragma once

#include "vn-ocr-cache.h"
#include "vn-ocr-reader.h"
#include "vn-scan.h"

G_BEGIN_DECLS

typedef struct _VnOcrPool VnOcrPool;

VnOcrPool *vn_ocr_pool_new                   (guint       max_threads);
VnOcrPool *vn_ocr_pool_ref                   (VnOcrPool  *pool);
void       vn_ocr_pool_unref                 (VnOcrPool  *pool);
void       vn_ocr_pool_set_max_threads       (VnOcrPool  *pool,
                                              guint       max_threads);
guint      vn_ocr_pool_get_n_threads         (VnOcrPool  *pool);
void       vn_ocr_pool_hold_cache_writes     (VnOcrPool  *pool);
void       vn_ocr_pool_release_cache_writes  (VnOcrPool  *pool);
char      *vn_ocr_pool_dup_content_hash      (VnOcrPool  *pool,
                                              VnScanPage *scan,
                                              GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnOcrPool, vn_ocr_pool_unref)

/* One image asked for: a scan page, or a PIX (copied) with its resolution and label. */
typedef struct
{
  const char          *key;         /* NULL: read for this call alone, never cached */
  VnScanPage          *scan;
  PIX                 *pix;
  int                  dpi;
  const char          *label;       /* the page's, when a PIX */
  const VnOcrSettings *settings;
  VnOcrCache          *cache;       /* looked up before and written after OCR, with a key */
  gboolean             background;  /* read on threads below the one that draws */
  gboolean             urgent;      /* ahead of the pages already waiting (the editor waits) */
} VnOcrAsk;

/* The images one caller asks for and waits on, from one thread. */
typedef struct _VnOcrCall VnOcrCall;

VnOcrCall *vn_ocr_call_new      (VnOcrPool      *pool,
                                 GCancellable   *cancellable);
void       vn_ocr_call_add      (VnOcrCall      *call,
                                 guint           ticket,
                                 const VnOcrAsk *ask);
gboolean   vn_ocr_call_next     (VnOcrCall      *call,
                                 guint          *ticket,
                                 VnOcrPage     **page,
                                 GError        **error);
void       vn_ocr_call_free     (VnOcrCall      *call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnOcrCall, vn_ocr_call_free)

G_END_DECLS
