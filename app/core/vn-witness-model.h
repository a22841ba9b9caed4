/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-witness-model.h: how far each witness of one document can be trusted, estimated from
 * the document itself, and the probability that the transcription is wrong where the two
 * disagree. A noisy-channel model: the transcription errs at a rate the document's
 * disagreements imply (fitted by EM), the OCR at the rate it disagrees with the
 * transcription at each confidence; the forms the witnesses read (a word of the document, a
 * dictionary word, a non-word) are as likely as right words and as the OCR's own errors of
 * this document are. */
#pragma once

#include <glib-object.h>

#include "vn-discrepancy.h"

G_BEGIN_DECLS

/* What a reading is, as the document and the dictionaries see it. */
typedef enum
{
  VN_FORM_DOCUMENT,     /* the transcription has it elsewhere, where the OCR read it too */
  VN_FORM_DICTIONARY,   /* a dictionary word, not confirmed elsewhere in the document */
  VN_FORM_NONWORD,      /* in no dictionary and nowhere else in the document */
  VN_FORM_OTHER,        /* numbers, signs, or a script no dictionary covers */
  VN_FORM_NEAR,         /* a non-word that this OCR's habitual misreadings on the document
                         * make of a word of the document or the dictionary */
  VN_FORM_GARBLED,      /* a non-word with letters side by side that the document's other
                         * words never have */
  VN_FORM_NEAR_GARBLED, /* both */
  VN_N_FORMS
} VnForm;

typedef enum
{
  VN_VOTE_NONE,             /* not read again */
  VN_VOTE_TRANSCRIPTION,    /* a second reading agrees with the transcription */
  VN_VOTE_OCR,              /* … with the OCR */
  VN_VOTE_NEITHER,
  VN_VOTE_HESITATES,        /* … with the OCR, but considered the transcription's letters */
  VN_VOTE_SUGGESTION,       /* … with neither, but reads the word suggested */
} VnVote;

typedef enum
{
  VN_LAYOUT_NONE,
  VN_LAYOUT_CONVENTION,     /* a line-end hyphen kept where the page has its line end */
  VN_LAYOUT_ARTEFACT,       /* a hyphen left inside a line, or a word cut by a space */
  VN_LAYOUT_REFLOWED,       /* a line-end hyphen kept in a text that does not keep the
                             * page's lines */
} VnLayout;

typedef struct
{
  VnDiscrepancyKind kind;
  double            confidence;          /* OCR confidence 0-100, -1 with no OCR word */
  VnForm            transcription_form;
  VnForm            ocr_form;
  VnLayout          layout;
  VnVote            vote;
  guint             explained : 1;       /* the OCR model cannot write what differs */
  guint             mixed_script : 1;    /* Latin letters in a Cyrillic document's word */
  guint             alternative_agrees : 1;
  guint             ocr_garbled : 1;     /* the OCR mixes digits into letters ("Ч0") or a
                                          * capital into small letters ("былЪ") */
  guint             transcription_garbled : 1;  /* … the transcription does, and the rest of
                                                 * it never does */
  guint             accents_only : 1;    /* the two differ in Latin accents alone */
  guint             no_forms : 1;        /* half a word: no form to weigh */
  guint             misread_alike : 1;   /* read alike, but the OCR's misreadings on the
                                          * document make it of another word */
  double            agreed;              /* both read it alike: the document's ratio against */
  double            correction;          /* log ratio by which the best correction explains
                                          * both witnesses' readings better than the
                                          * transcription's word; 0 for none */
} VnEvidence;

#define VN_TYPE_WITNESS_MODEL (vn_witness_model_get_type ())
G_DECLARE_FINAL_TYPE (VnWitnessModel, vn_witness_model, VN, WITNESS_MODEL, GObject)

VnWitnessModel *vn_witness_model_new             (void);
void            vn_witness_model_add_ocr_word    (VnWitnessModel   *self,
                                                  double            confidence,
                                                  gboolean          agrees);
void            vn_witness_model_add_right_form  (VnWitnessModel   *self,
                                                  VnForm            form);
void            vn_witness_model_add_error_form  (VnWitnessModel   *self,
                                                  VnForm            form);
void            vn_witness_model_set_counts      (VnWitnessModel   *self,
                                                  guint             tokens,
                                                  guint             missing_in_ocr,
                                                  guint             ocr_words,
                                                  guint             missing_in_transcription);
void            vn_witness_model_fit             (VnWitnessModel   *self,
                                                  const VnEvidence *evidence,
                                                  guint             n);
double          vn_witness_model_posterior       (VnWitnessModel   *self,
                                                  const VnEvidence *evidence);
double          vn_witness_model_get_ocr_error_rate (VnWitnessModel *self,
                                                  double            confidence);
double          vn_witness_model_get_transcription_error_rate (VnWitnessModel *self);
double          vn_witness_model_get_form_rate   (VnWitnessModel   *self,
                                                  VnForm            form,
                                                  gboolean          of_errors);

G_END_DECLS
