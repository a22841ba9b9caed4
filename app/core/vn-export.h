/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-export.h: the verified text in the formats archives use: plain text, hOCR, ALTO 4.4,
 * PAGE XML 2019, searchable PDF and TEI P5. */
#pragma once

#include <gio/gio.h>

#include "vn-collation.h"

G_BEGIN_DECLS

typedef enum
{
  VN_EXPORT_TEXT,
  VN_EXPORT_HOCR,
  VN_EXPORT_ALTO,
  VN_EXPORT_PAGE,
  VN_EXPORT_PDF,
  VN_EXPORT_TEI,
} VnExportFormat;

gboolean    vn_export_format_from_string (const char      *name,
                                          VnExportFormat  *format);
const char *vn_export_format_to_string   (VnExportFormat   format);
const char *vn_export_format_extension   (VnExportFormat   format);

/* @verified: the verified text collated against the OCR of its scans, so every verified word
 * has its page and box. @scan_pages: the VnScanPage of each page (images for the PDF, file
 * names for the XML formats). Writes @path atomically (temporary file, then rename). */
gboolean    vn_export_write              (VnCollation     *verified,
                                          GPtrArray       *scan_pages,
                                          VnExportFormat   format,
                                          const char      *path,
                                          GError         **error);

/* PAGE XML holds one page per file: the file of page @page (from 0) of @n_pages is @path
 * for a one-page document, else @path with "-N" (N from 1) before its extension. */
char       *vn_export_page_file_path     (const char      *path,
                                          guint            page,
                                          guint            n_pages);

/* One line of the verified text as the exports lay it out: the verified words that matched
 * one OCR line, a contiguous run of tokens of @verified's transcription. */
typedef struct
{
  guint    page;          /* scan page, from 0 */
  guint    number;        /* line on its page, from 0 */
  guint    first_token;
  guint    n_tokens;
  VnBox    box;           /* union of the words' regions, on the page */
  gboolean guessed;       /* some word's region is a guess: the OCR did not see it */
} VnExportLine;

GArray     *vn_export_lines              (VnCollation     *verified);

G_END_DECLS
