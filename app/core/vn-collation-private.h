/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-collation-private.h: what the collation's files share: vn-collation.c (alignment, the
 * discrepancies found, the document's witnesses and the verdicts), vn-collation-reread.c
 * (asking the scan again where the witnesses disagree, and the model advice) and
 * vn-collation-json.c (the --json interface). */
#pragma once

#include "vn-collation.h"
#include "vn-ocr-channel.h"
#include "vn-ocr-model.h"
#include "vn-orthography.h"
#include "vn-spell-checker.h"
#include "vn-witness-model.h"

G_BEGIN_DECLS

/* A letter the transcription has this often that the OCR writes a tenth as often at most is
 * one it does not write on the document. */
#define MIN_UNREAD 5
#define UNREAD_SHARE 2

typedef struct
{
  guint     page;
  guint     word;
  char     *key;
  char     *core;       /* the word without surrounding punctuation, NFC */
  gboolean  line_end;   /* last word of its OCR line */
} OcrRef;

typedef struct
{
  VnDiscrepancyKind kind;
  guint             first_token, n_tokens;
  guint             start, end;
  int               first_ocr;
  guint             n_ocr;
  char             *transcription;
  char             *ocr;
  char             *suggestion;
  VnLayout          layout;      /* of a broken word */
  double            agreed;      /* read alike by both: how much the document says otherwise */
  gboolean          misread_alike;  /* … by its OCR's misreadings, not by its spelling */
} Candidate;

/* A discrepancy found, waiting for the document's witnesses to be estimated. */
typedef struct
{
  VnDiscrepancyInit  d;           /* its strings owned */
  VnEvidence         e;
  char              *unwritable;  /* letters of the transcription the OCR cannot write */
  char              *reread;      /* what a second reading of the scan has there, or NULL */
  double             posterior;
} Pending;

struct _VnCollation
{
  GObject          parent_instance;
  VnTranscription *transcription;
  GPtrArray       *pages;          /* VnOcrPage */
  VnSpellChecker  *spell;
  GArray          *ocr;            /* OcrRef, all pages in reading order */
  GArray          *placements;     /* VnTokenPlacement per token */
  GArray          *hunks;          /* VnAlignHunk */
  guint8          *consumed;       /* per token: already part of a discrepancy */
  guint8          *halves;         /* per token: one half of a word cut at a line end */
  GPtrArray       *discrepancies;  /* VnDiscrepancy, best first */
  gboolean         cyrillic;       /* the document is mostly Cyrillic */
  /* The document's witnesses, as the document shows them. */
  VnOcrModel      *model;          /* what the OCR can write */
  VnOrthography   *orthography;
  VnWitnessModel  *witnesses;
  GHashTable      *confirmed;      /* casefolded word → times both witnesses read it */
  GHashTable      *spellings;      /* phrase → VnSpelling */
  GArray          *pending;        /* Pending, in the order found */
  GHashTable      *vocabulary;     /* casefolded word → times the transcription has it */
  GHashTable      *spelled;        /* casefolded word → as the transcription first writes it */
  VnOcrChannel    *channel;        /* how the OCR misreads letters on this document */
  GHashTable      *near;           /* casefolded non-word → the word it is near, or "" */
  GHashTable      *pairs;          /* (letter << 32 | next letter) → times in the text */
  GHashTable      *confusions;     /* (letter << 32 | OCR's letter) → times */
  gboolean         diplomatic;     /* the transcription keeps the page's line breaks */
  gboolean         writes_mixed_case;  /* … capitals among small letters, by habit */
  double           line_agreement;
};

char            *_vn_collation_word_core            (const char         *text);
const VnOcrWord *_vn_collation_ocr_word             (VnCollation        *self,
                                                     guint               index);
VnBox            _vn_collation_ocr_region           (VnCollation        *self,
                                                     guint               first,
                                                     guint               n);
gboolean         _vn_collation_word_considered      (const VnOcrWord    *word,
                                                     const char         *transcription);
gboolean         _vn_collation_unwritable_explains  (VnCollation        *self,
                                                     const char         *transcription,
                                                     const char         *ocr);
gboolean         _vn_collation_suggest_correction   (VnCollation        *self,
                                                     Pending            *p,
                                                     const char * const *readings);
void             _vn_collation_judge_all            (VnCollation        *self);

G_END_DECLS
