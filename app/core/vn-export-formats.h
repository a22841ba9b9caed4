/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-export-formats.h: inside the core, the writers behind the table of formats
 * (vn-export.c), and what they share: the export job, and the hOCR and ALTO documents, which
 * VnOcrPage writes too (the OCR cache, `verno ocr`). */
#pragma once

#include "vn-export.h"
#include "vn-layout.h"

G_BEGIN_DECLS

struct _VnExportJob
{
  const VnExportFormatInfo *info;
  VnCollation              *verified;
  GPtrArray                *scan_pages;  /* VnScanPage per page, or NULL */
  const char               *path;
  VnLayout                 *layout;      /* made on first use, for @path */
};

VnLayout *vn_export_job_get_layout   (VnExportJob  *job);
gboolean  vn_export_job_save         (VnExportJob  *job,
                                      const char   *path,
                                      GBytes       *bytes,
                                      GError      **error);

gboolean  vn_export_text_write       (VnExportJob  *job,
                                      GError      **error);
gboolean  vn_export_pdf_write        (VnExportJob  *job,
                                      GError      **error);
gboolean  vn_export_alto_write       (VnExportJob  *job,
                                      GError      **error);
gboolean  vn_export_page_write       (VnExportJob  *job,
                                      GError      **error);
gboolean  vn_export_hocr_write       (VnExportJob  *job,
                                      GError      **error);
gboolean  vn_export_tei_write        (VnExportJob  *job,
                                      GError      **error);
gboolean  vn_export_same_write       (VnExportJob  *job,
                                      GError      **error);

/* @cache_key (or NULL) goes into a meta element, for the OCR cache to check. */
char     *vn_export_hocr_document    (VnLayout     *layout,
                                      const char   *cache_key);
char     *vn_export_alto_document    (VnLayout     *layout);

/* The soft hyphen that ends the first part of a word hyphenated across lines (hOCR, PAGE). */
#define VN_EXPORT_SOFT_HYPHEN "\xC2\xAD"

char     *vn_export_now_iso8601      (void);

G_END_DECLS
