/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-discrepancy.h: one place where the transcription and the OCR disagree, with the
 * signals that judge it, a verdict, a score and a suggested reading. */
#pragma once

#include <glib-object.h>

#include "vn-ocr-page.h"

G_BEGIN_DECLS

typedef enum
{
  VN_DISCREPANCY_SUBSTITUTION,
  VN_DISCREPANCY_MERGE,          /* one transcription word for several OCR words */
  VN_DISCREPANCY_SPLIT,          /* several transcription words for one OCR word */
  VN_DISCREPANCY_HYPHENATION,    /* a line-end hyphen left in the transcription */
  VN_DISCREPANCY_LOOKALIKE,      /* Latin letters posing as Cyrillic */
  VN_DISCREPANCY_CASE,
  VN_DISCREPANCY_PUNCTUATION,
  VN_DISCREPANCY_MISSING_IN_OCR,
  VN_DISCREPANCY_MISSING_IN_TRANSCRIPTION,
} VnDiscrepancyKind;

typedef enum
{
  VN_LIKELY_UNSURE,
  VN_LIKELY_TRANSCRIPTION_ERROR,
  VN_LIKELY_OCR_ERROR,
} VnLikely;

typedef enum
{
  VN_SIGNAL_OCR_DISAGREES          = 1 << 0,
  VN_SIGNAL_OCR_CONFIDENT          = 1 << 1,  /* OCR confidence >= 80 */
  VN_SIGNAL_OCR_UNSURE             = 1 << 2,  /* OCR confidence < 60 */
  VN_SIGNAL_TRANSCRIPTION_IN_DICT  = 1 << 3,
  VN_SIGNAL_TRANSCRIPTION_NOT_IN_DICT = 1 << 4,
  VN_SIGNAL_OCR_IN_DICT            = 1 << 5,
  VN_SIGNAL_OCR_NOT_IN_DICT        = 1 << 6,
  VN_SIGNAL_SUGGESTION_IN_DICT     = 1 << 7,
  VN_SIGNAL_MIXED_SCRIPT           = 1 << 8,
  VN_SIGNAL_HYPHENATION            = 1 << 9,
  VN_SIGNAL_OCR_ALTERNATIVE_AGREES = 1 << 10, /* the OCR's own alternatives contain the transcription */
  VN_SIGNAL_NO_OCR_COUNTERPART     = 1 << 11,
  VN_SIGNAL_NO_TRANSCRIPTION_COUNTERPART = 1 << 12,
} VnSignals;

#define VN_TYPE_DISCREPANCY (vn_discrepancy_get_type ())
G_DECLARE_FINAL_TYPE (VnDiscrepancy, vn_discrepancy, VN, DISCREPANCY, GObject)

typedef struct
{
  VnDiscrepancyKind  kind;
  guint              page;             /* 0-based index of the scan page */
  guint              start, end;       /* bytes into the transcription, end exclusive */
  guint              line;             /* 1-based line of the transcription file */
  const char        *transcription;
  const char        *ocr;
  const char        *suggestion;
  VnLikely           likely;
  double             score;
  double             confidence;       /* mean OCR confidence, 0-100; -1 with no OCR word */
  VnBox              bbox;
  VnSignals          signals;
  guint              first_token, n_tokens;
  guint              first_ocr_word, n_ocr_words;   /* in the collation's OCR sequence */
  const char * const *reasons;         /* the verdict's grounds, in words; NULL for none */
} VnDiscrepancyInit;

/* A verdict "transcription-error" means the transcription is wrong at least this often; the
 * threshold keeps a margin over the 90% the verdict promises (tests/test-verdicts.c). */
#define VN_LIKELY_TRANSCRIPTION_ERROR_THRESHOLD 0.95

VnDiscrepancy     *vn_discrepancy_new            (const VnDiscrepancyInit *init);
VnDiscrepancyKind  vn_discrepancy_get_kind       (VnDiscrepancy *self);
guint              vn_discrepancy_get_page       (VnDiscrepancy *self);
guint              vn_discrepancy_get_start      (VnDiscrepancy *self);
guint              vn_discrepancy_get_end        (VnDiscrepancy *self);
guint              vn_discrepancy_get_line       (VnDiscrepancy *self);
const char        *vn_discrepancy_get_transcription (VnDiscrepancy *self);
const char        *vn_discrepancy_get_ocr        (VnDiscrepancy *self);
const char        *vn_discrepancy_get_suggestion (VnDiscrepancy *self);
VnLikely           vn_discrepancy_get_likely     (VnDiscrepancy *self);
double             vn_discrepancy_get_score      (VnDiscrepancy *self);
double             vn_discrepancy_get_confidence (VnDiscrepancy *self);
VnBox              vn_discrepancy_get_bbox       (VnDiscrepancy *self);
VnSignals          vn_discrepancy_get_signals    (VnDiscrepancy *self);
const char * const *vn_discrepancy_get_reasons   (VnDiscrepancy *self);
void               vn_discrepancy_get_tokens     (VnDiscrepancy *self,
                                                  guint         *first,
                                                  guint         *n);
void               vn_discrepancy_get_ocr_words  (VnDiscrepancy *self,
                                                  guint         *first,
                                                  guint         *n);

const char        *vn_discrepancy_kind_to_string   (VnDiscrepancyKind kind);
const char        *vn_likely_to_string             (VnLikely          likely);
GStrv              vn_signals_to_strv              (VnSignals         signals);

/* The same, in words for people, in the user's language. */
const char        *vn_discrepancy_kind_to_label    (VnDiscrepancyKind kind);
GStrv              vn_signals_to_labels            (VnSignals         signals);

G_END_DECLS
