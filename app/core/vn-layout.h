/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-layout.h: which words go on which line of which page, with which box — the geometry all
 * the exports share. A layout is built from the verified text collated against the OCR of its
 * scans (every export), or from one OCR page as read (the OCR cache, `verno ocr`). */
#pragma once

#include "vn-collation.h"
#include "vn-scan.h"

G_BEGIN_DECLS

/* A word hyphenated across two lines has a part on each, and each part its own box. */
typedef enum
{
  VN_LAYOUT_WHOLE,        /* the whole word */
  VN_LAYOUT_FIRST_PART,   /* the part that ends its line; the word goes on on the next */
  VN_LAYOUT_LAST_PART,    /* the part that starts the next line */
} VnLayoutPart;

typedef struct
{
  char            *text;        /* what this line shows: the word, or its part */
  char            *whole;       /* the whole word (for parts, the joined word) */
  VnBox            box;
  double           confidence;  /* 0-100 when the OCR read this very word, else -1 */
  const VnOcrWord *ocr;         /* the OCR word itself, in a layout of an OCR page */
  VnLayoutPart     part;
  char            *hyphen;      /* FIRST_PART: the hyphen the scan shows at the line's end */
  guint            token;       /* in the verified transcription (collation layouts) */
  guint            block;       /* OCR structure: the OCR's, or a neighbour's */
  guint            par;
  guint            line;
  guint            known : 1;   /* the structure is known */
  guint            guessed : 1; /* the OCR did not see it: its box is a guess */
} VnLayoutWord;

typedef struct
{
  guint  first;  /* into the page's words */
  guint  n;
  guint  block;
  guint  par;
  VnBox  box;
} VnLayoutLine;

typedef struct
{
  VnOcrPage  *ocr;
  VnScanPage *scan;    /* NULL when the layout has no scans */
  int         width;   /* of the image the OCR read, in pixels */
  int         height;
  int         dpi;     /* the resolution the exports state, see vn_layout_resolution () */
  char       *image;   /* the image as the exported file names it */
  double      skew;    /* as the OCR measured it (OCR-page layouts) */
  GArray     *words;   /* VnLayoutWord, in reading order */
  GArray     *lines;   /* VnLayoutLine */
} VnLayoutPage;

typedef struct
{
  VnCollation     *collation;      /* NULL for a layout of one OCR page */
  VnTranscription *transcription;  /* NULL for a layout of one OCR page */
  char            *title;
  const char      *processing;     /* what made these words, for the formats that say */
  GArray          *pages;          /* VnLayoutPage */
} VnLayout;

VnLayout            *vn_layout_new_for_collation (VnCollation  *verified,
                                                  GPtrArray    *scan_pages,
                                                  const char   *export_path);
VnLayout            *vn_layout_new_for_ocr_page  (VnOcrPage    *page);
void                 vn_layout_free              (VnLayout     *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnLayout, vn_layout_free)

const VnLayoutPage  *vn_layout_get_page          (VnLayout     *layout,
                                                  guint         index);
const VnLayoutLine  *vn_layout_page_get_line     (const VnLayoutPage *page,
                                                  guint         index);
const VnLayoutWord  *vn_layout_line_get_word     (const VnLayoutPage *page,
                                                  const VnLayoutLine *line,
                                                  guint         k);
guint                vn_layout_group_end         (const VnLayoutPage *page,
                                                  guint         first_line,
                                                  gboolean      by_paragraph);
VnBox                vn_layout_lines_box         (const VnLayoutPage *page,
                                                  guint         first_line,
                                                  guint         end_line);

int                  vn_layout_resolution        (int           dpi);
char                *vn_layout_image_reference   (VnScanPage   *scan,
                                                  const char   *export_path);
gboolean             vn_layout_is_hyphen         (gunichar      c);

G_END_DECLS
