/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan.h: page images from scan files (PNG, JPEG, TIFF, JPEG 2000, WebP, PDF). */
#pragma once

#include <glib-object.h>
#include <leptonica/allheaders.h>

G_BEGIN_DECLS

#define VN_SCAN_PDF_DEFAULT_DPI 300

typedef struct _VnScanPage VnScanPage;

struct _VnScanPage
{
  gatomicrefcount ref_count;
  char           *path;
  guint           index;    /* page within a multi-page file, from 0 */
  guint           n_in_file;
  gboolean        is_pdf;
  char           *label;    /* "page-1.png", or "letter.pdf, page 2" */
};

#define VN_TYPE_SCAN_PAGE (vn_scan_page_get_type ())
GType        vn_scan_page_get_type    (void) G_GNUC_CONST;
VnScanPage  *vn_scan_page_ref         (VnScanPage  *page);
void         vn_scan_page_unref       (VnScanPage  *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnScanPage, vn_scan_page_unref)

GPtrArray   *vn_scan_expand_files     (const char * const *paths,
                                       GError            **error);
PIX         *vn_scan_page_load        (VnScanPage         *page,
                                       int                *dpi,
                                       GError            **error);
char        *vn_scan_page_content_hash (VnScanPage        *page,
                                       GError            **error);
GChecksum   *vn_scan_dup_file_checksum (const char        *path,
                                        GError           **error);
char        *vn_scan_page_finish_content_hash (VnScanPage *scan,
                                               GChecksum  *file_checksum);
gboolean     vn_scan_is_image_name    (const char         *name);
void         vn_scan_prefetch         (VnScanPage         *page);
PIX         *vn_scan_page_crop        (VnScanPage         *page,
                                       int                 x,
                                       int                 y,
                                       int                 w,
                                       int                 h,
                                       int                 margin,
                                       GError            **error);
char        *vn_scan_page_crop_to_cache (VnScanPage       *page,
                                       int                 x,
                                       int                 y,
                                       int                 w,
                                       int                 h,
                                       GError            **error);

void         vn_scan_set_max_pixels   (guint64             max_pixels);
guint64      vn_scan_get_max_pixels   (void);

G_END_DECLS
