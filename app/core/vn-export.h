/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-export.h: the verified text in the formats archives use: plain text, searchable PDF,
 * ALTO 4.4, PAGE XML 2019, hOCR and TEI P5, and the published file corrected in place — one
 * table of formats, which the command line's
 * --format and the window's export menu are made from. */
#pragma once

#include <gio/gio.h>

#include "vn-collation.h"

G_BEGIN_DECLS

/* In the table's order, which is the menu's. */
typedef enum
{
  VN_EXPORT_TEXT,
  VN_EXPORT_PDF,
  VN_EXPORT_ALTO,
  VN_EXPORT_PAGE,
  VN_EXPORT_HOCR,
  VN_EXPORT_TEI,
  VN_EXPORT_SAME,   /* the published file itself, with the corrections written into it */
  VN_EXPORT_N_FORMATS
} VnExportFormat;

typedef enum
{
  VN_EXPORT_NEEDS_SCANS  = 1 << 0,  /* puts the words on the scans: needs their OCR */
  VN_EXPORT_NEEDS_OUTPUT = 1 << 1,  /* binary or several files: not for standard output */
} VnExportFlags;

/* What one export writes: the verified text, its scans (or NULL), and where. */
typedef struct _VnExportJob VnExportJob;

typedef struct
{
  VnExportFormat  format;
  const char     *name;       /* for --format and the window's export action */
  const char     *label;      /* the menu's, untranslated (N_) */
  const char     *title;      /* the format's name in messages, untranslated (N_) */
  const char     *extension;
  VnExportFlags   flags;
  /* Writes the job's file(s) atomically; an entry that rewrites an archive's own file in
   * place is one more row of the table with its own write (). */
  gboolean      (*write) (VnExportJob  *job,
                          GError      **error);
} VnExportFormatInfo;

const VnExportFormatInfo *vn_export_format_get_info (VnExportFormat   format);
gboolean    vn_export_format_from_string (const char      *name,
                                          VnExportFormat  *format);
const char *vn_export_format_to_string   (VnExportFormat   format);
const char *vn_export_format_extension   (VnExportFormat   format);
char       *vn_export_dup_format_names   (void);
GMenuModel *vn_export_dup_menu           (const char      *action);

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
 * one OCR line, a contiguous run of tokens of @verified's transcription. A word hyphenated
 * across two lines belongs to both. */
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
