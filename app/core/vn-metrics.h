/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-metrics.h: character and word error rates of a text against its truth, counted on
 * grapheme clusters after NFC as OCR-D's dinglehopper does, with each difference in context. */
#pragma once

#include <glib-object.h>

#include "vn-document.h"

G_BEGIN_DECLS

/* Characters of context on either side of a difference. */
#define VN_METRICS_CONTEXT 20

typedef enum
{
  VN_METRICS_DEFAULT     = 0,
  /* Join words broken at a line end ("товари-\nщеской" → "товарищеской") before comparing. */
  VN_METRICS_DEHYPHENATE = 1 << 0,
} VnMetricsFlags;

/* Edits turning the truth into the hypothesis, in grapheme clusters or in words. */
typedef struct
{
  guint substitutions;
  guint deletions;      /* in the truth, missing from the hypothesis */
  guint insertions;     /* in the hypothesis only */
  guint truth_length;
  guint hypothesis_length;
} VnEditCounts;

/* One place where the texts differ: a run of edits between two spaces both texts share. */
typedef struct
{
  char  *truth;         /* the truth's reading, "" when the hypothesis only adds */
  char  *hypothesis;    /* the hypothesis' reading, "" when it only drops */
  char  *before;        /* up to VN_METRICS_CONTEXT clusters of the truth before */
  char  *after;         /* and after */
  guint  line;          /* 1-based line of the truth as given, before normalisation */
  guint  offset;        /* its first cluster in the normalised truth */
  guint  end;           /* past its last */
  guint  edits;         /* character edits inside */
} VnDifference;

#define VN_TYPE_METRICS (vn_metrics_get_type ())
G_DECLARE_FINAL_TYPE (VnMetrics, vn_metrics, VN, METRICS, GObject)

VnMetrics          *vn_metrics_compare            (const char     *truth,
                                                   gssize          truth_len,
                                                   const char     *hypothesis,
                                                   gssize          hypothesis_len,
                                                   VnMetricsFlags  flags);
char               *vn_metrics_normalize          (const char     *text,
                                                   gssize          len,
                                                   VnMetricsFlags  flags);

double              vn_metrics_get_cer            (VnMetrics      *self);
double              vn_metrics_get_wer            (VnMetrics      *self);
const VnEditCounts *vn_metrics_get_characters     (VnMetrics      *self);
const VnEditCounts *vn_metrics_get_words          (VnMetrics      *self);
void                vn_metrics_shift_lines        (VnMetrics      *self,
                                                   guint           by);
guint               vn_metrics_get_n_differences  (VnMetrics      *self);
const VnDifference *vn_metrics_get_difference     (VnMetrics      *self,
                                                   guint           index);
char               *vn_metrics_to_json            (VnMetrics      *self);
char               *vn_metrics_to_report          (VnMetrics      *self);

guint               vn_edit_counts_distance       (const VnEditCounts *counts);
double              vn_edit_counts_rate           (const VnEditCounts *counts);
void                vn_edit_counts_add            (VnEditCounts       *sum,
                                                   const VnEditCounts *counts);
char               *vn_difference_dup_context     (const VnDifference *difference);

/* One scan page's figures, both against the verified text's part of that page. */
typedef struct
{
  guint      page;        /* 0-based scan page */
  char      *label;       /* the scan page's label, e.g. "page-1.png" */
  VnMetrics *published;   /* the published (canonical) transcription */
  VnMetrics *ocr;         /* Tesseract's reading of the page */
} VnPageMetrics;

void                vn_page_metrics_free          (VnPageMetrics  *page);
GPtrArray          *vn_metrics_per_page           (VnDocument     *document,
                                                   GError        **error);
char               *vn_metrics_pages_to_json      (GPtrArray      *pages);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnPageMetrics, vn_page_metrics_free)

G_END_DECLS
