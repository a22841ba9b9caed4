/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-page-cache.h: a document's pages decoded on demand, a few at a time: the page in view and
 * its neighbours, decoded ahead in a worker thread, and the last ones used, so that memory
 * stays bounded however many pages the document has. */
#pragma once

#include <glib-object.h>

#include "vn-page-image.h"

G_BEGIN_DECLS

/* The page in view, its two neighbours and three more: about 50 MB of 300-dpi A4 pages. */
#define VN_PAGE_CACHE_DEFAULT_CAPACITY 6

#define VN_TYPE_PAGE_CACHE (vn_page_cache_get_type ())
G_DECLARE_FINAL_TYPE (VnPageCache, vn_page_cache, VN, PAGE_CACHE, GObject)

VnPageCache *vn_page_cache_new          (GPtrArray    *scan_pages,
                                         guint         capacity);
guint        vn_page_cache_get_n_pages  (VnPageCache  *self);
guint        vn_page_cache_get_capacity (VnPageCache  *self);
guint        vn_page_cache_get_n_held   (VnPageCache  *self);
VnPageImage *vn_page_cache_lookup       (VnPageCache  *self,
                                         guint         page);
VnPageImage *vn_page_cache_load         (VnPageCache  *self,
                                         guint         page,
                                         GError      **error);
void         vn_page_cache_request      (VnPageCache  *self,
                                         guint         page);
void         vn_page_cache_set_focus    (VnPageCache  *self,
                                         guint         page);
char        *vn_page_cache_dup_error    (VnPageCache  *self,
                                         guint         page);

G_END_DECLS
