/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-collation-private.h: what the collation's files share: vn-collation.c (the alignment,
 * each word's place on its scan, the steps in order), vn-collation-find.c (the discrepancies
 * and their signals), vn-collation-witnesses.c (the document's witnesses, estimated from the
 * document), vn-collation-verdict.c (evidence, suggestions, verdicts and their reasons),
 * vn-collation-reread.c (asking the scan again where the witnesses disagree, and the model
 * advice) and vn-collation-json.c (the --json interface). */
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
  GHashTable      *corrections;    /* written and readings → best correction, or NULL */
  GHashTable      *pairs;          /* (letter << 32 | next letter) → times in the text */
  GHashTable      *confusions;     /* (letter << 32 | OCR's letter) → times */
  gboolean         diplomatic;     /* the transcription keeps the page's line breaks */
  gboolean         writes_mixed_case;  /* … capitals among small letters, by habit */
  double           line_agreement;
  double           dictionary_share;  /* of the words read alike (and seen once), those a
                                       * dictionary knows: low where the dictionaries are of
                                       * another language than the text's */
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

/* vn-collation-witnesses.c */
char *_vn_collation_best_correction (VnCollation        *self,
                                     const char         *written,
                                     const char * const *readings,
                                     double             *margin);
guint _vn_collation_confirmed_count (VnCollation *self,
                                     const char  *core);
gboolean _vn_collation_covers_half (VnCollation *self,
                                    guint        first,
                                    guint        n);
void _vn_collation_find_agreed_errors (VnCollation *self);
void _vn_collation_learn_document (VnCollation *self,
                                   const char  *ocr_languages);
const char *_vn_collation_near_word (VnCollation *self,
                                     const char  *core);
VnForm _vn_collation_phrase_form (VnCollation *self,
                                  const char  *phrase,
                                  guint        own,
                                  gboolean     transcribed);

/* vn-collation-verdict.c */
void _vn_collation_build_evidence (VnCollation     *self,
                                   const Candidate *c,
                                   Pending         *p);

/* vn-collation-find.c */
VnSpelling _vn_collation_check_spelling (VnCollation *self,
                                         const char  *phrase);
char *_vn_collation_dup_bytes (VnCollation *self,
                               guint        start,
                               guint        end);
void _vn_collation_emit (VnCollation *self,
                         Candidate   *c);
int _vn_collation_find_broken_word (VnCollation *self,
                                    guint        i,
                                    gboolean    *dashed);
void _vn_collation_find_broken_words (VnCollation *self);
void _vn_collation_find_in_hunks (VnCollation *self);
gboolean _vn_collation_garbled_writing (VnCollation *self,
                                        const char  *text);
char *_vn_collation_in_document_case (VnCollation *self,
                                      char        *suggestion);
char *_vn_collation_keep_transcription_case (const char *transcription,
                                             char       *suggestion);

static inline const VnToken *
token_at (VnCollation *self,
          guint        i)
{
  return vn_transcription_get_token (self->transcription, i);
}

G_END_DECLS
