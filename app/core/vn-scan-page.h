/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan-page.h: one page of a scan file (a file, or one page of a multi-page TIFF or PDF):
 * where it is and what it is called; vn-scan.h decodes it. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

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
GType        vn_scan_page_get_type      (void) G_GNUC_CONST;
VnScanPage  *vn_scan_page_new           (const char  *path,
                                         guint        index,
                                         guint        n_in_file,
                                         gboolean     is_pdf);
VnScanPage  *vn_scan_page_ref           (VnScanPage  *page);
void         vn_scan_page_unref         (VnScanPage  *page);
char        *vn_scan_page_content_hash  (VnScanPage  *page,
                                         GError     **error);
GChecksum   *vn_scan_dup_file_checksum  (const char  *path,
                                         GError     **error);
char        *vn_scan_page_finish_content_hash (VnScanPage *page,
                                               GChecksum  *file_checksum);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnScanPage, vn_scan_page_unref)

G_END_DECLS
