/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-witness-model.c: the two witnesses of one document, estimated from it.
 *
 * Where the transcription T and the OCR O disagree, either T is wrong (prior rate π per
 * word) and O mostly right, or T is right and O wrong. The odds of the first are
 *
 *   π/(1-π) · P(disagree | T wrong)/P(disagree | T right) · Π likelihood ratios of the forms,
 *
 * where P(disagree | T right) is the OCR's error rate at the reading's confidence on this
 * document (its disagreements with the transcription, less those EM attributes to the
 * transcription), and each form (a word of the document, a dictionary word, a non-word) is
 * weighed by how often right words and the OCR's own errors take it in this document. EM
 * alternates the posteriors and these rates a few times. Fixed likelihood ratios are kept
 * only for what the document cannot tell: a second reading's vote, the layout artefacts. */
#include <math.h>
#include <string.h>

#include "vn-witness-model.h"

#define N_BINS 6
static const double bin_floor[N_BINS] = { 0, 50, 70, 80, 90, 95 };

/* Prior beliefs, each worth a few words of the document. */
#define PRIOR_TRANSCRIPTION_ERRORS 0.5    /* of PRIOR_TRANSCRIPTION_WORDS: 0.5% */
#define PRIOR_TRANSCRIPTION_WORDS  100.0
#define PRIOR_OCR_RATE             0.10
#define PRIOR_OCR_WEIGHT           10.0
#define PRIOR_BIN_WEIGHT           4.0
#define PRIOR_FORM_WEIGHT          6.0
#define EM_ROUNDS                  12
/* A word both witnesses read alike is below every disagreement the document is sure of. */
#define MISREAD_ALIKE_AT_MOST      0.7

/* What is not estimated: how much a second reading of the scan, or a layout artefact, says. */
#define LR_VOTE_TRANSCRIPTION      0.08
#define LR_VOTE_OCR                5.0
#define LR_VOTE_HESITATES          0.1
#define LR_ALTERNATIVE_AGREES      0.1
#define LR_ARTEFACT                400.0
#define LR_REFLOWED                30.0
#define LR_LOOKALIKE               5000.0
#define LR_MIXED_SCRIPT            200.0
#define LR_PUNCTUATION             0.05
#define LR_GARBLED                 0.05
#define P_DISAGREE_IF_WRONG        0.9
/* A word added or left out is rarer in a transcription than a word misspelt. */
#define LR_UNALIGNED               0.1
/* The best correction's log ratio over the transcription's word: how much it counts, and
 * up to what (e^3, twenty times). */
#define CORRECTION_WEIGHT          0.5
#define CORRECTION_AT_MOST         6.0

static const double prior_right_forms[VN_N_FORMS] = { 0.35, 0.45, 0.06, 0.12, 0.01, 0.01,
                                                      0.002 };
static const double prior_error_forms[VN_N_FORMS] = { 0.08, 0.24, 0.30, 0.10, 0.12, 0.10,
                                                      0.06 };

struct _VnWitnessModel
{
  GObject parent_instance;
  double  bin_words[N_BINS];        /* OCR words aligned to transcription words */
  double  bin_disagree[N_BINS];     /* of them, in a disagreement */
  double  bin_attributed[N_BINS];   /* disagreements EM attributes to the transcription */
  double  confirmed_forms[VN_N_FORMS];   /* forms of words both witnesses read alike */
  double  ocr_error_forms[VN_N_FORMS];   /* forms the OCR read where the two disagree */
  double  right_forms[VN_N_FORMS];  /* estimated P(form | right word), normalised */
  double  error_forms[VN_N_FORMS];  /* P(form | an error) */
  guint   tokens, missing_in_ocr, ocr_words, missing_in_transcription;
  double  pi;
};

G_DEFINE_FINAL_TYPE (VnWitnessModel, vn_witness_model, G_TYPE_OBJECT)

static void
vn_witness_model_class_init (VnWitnessModelClass *klass)
{
}

static void
normalise_forms (double       *out,
                 const double *counts,
                 const double *prior)
{
  double total = 0;

  for (guint f = 0; f < VN_N_FORMS; f++)
    total += counts[f] + PRIOR_FORM_WEIGHT * prior[f];
  for (guint f = 0; f < VN_N_FORMS; f++)
    out[f] = (counts[f] + PRIOR_FORM_WEIGHT * prior[f]) / total;
}

static void
vn_witness_model_init (VnWitnessModel *self)
{
  self->pi = PRIOR_TRANSCRIPTION_ERRORS / PRIOR_TRANSCRIPTION_WORDS;
  normalise_forms (self->right_forms, self->confirmed_forms, prior_right_forms);
  normalise_forms (self->error_forms, self->ocr_error_forms, prior_error_forms);
}

VnWitnessModel *
vn_witness_model_new (void)
{
  return g_object_new (VN_TYPE_WITNESS_MODEL, NULL);
}

static guint
bin_of (double confidence)
{
  guint b = 0;

  while (b + 1 < N_BINS && confidence >= bin_floor[b + 1])
    b++;
  return b;
}

/* Every OCR word the alignment paired with a transcription word, and whether they agree. */
void
vn_witness_model_add_ocr_word (VnWitnessModel *self,
                               double          confidence,
                               gboolean        agrees)
{
  guint b;

  g_return_if_fail (VN_IS_WITNESS_MODEL (self));
  b = bin_of (confidence);
  self->bin_words[b]++;
  self->bin_disagree[b] += !agrees;
}

void
vn_witness_model_add_right_form (VnWitnessModel *self,
                                 VnForm          form)
{
  g_return_if_fail (VN_IS_WITNESS_MODEL (self) && form < VN_N_FORMS);
  self->confirmed_forms[form]++;
}

void
vn_witness_model_add_error_form (VnWitnessModel *self,
                                 VnForm          form)
{
  g_return_if_fail (VN_IS_WITNESS_MODEL (self) && form < VN_N_FORMS);
  self->ocr_error_forms[form]++;
}

void
vn_witness_model_set_counts (VnWitnessModel *self,
                             guint           tokens,
                             guint           missing_in_ocr,
                             guint           ocr_words,
                             guint           missing_in_transcription)
{
  g_return_if_fail (VN_IS_WITNESS_MODEL (self));
  self->tokens = tokens;
  self->missing_in_ocr = missing_in_ocr;
  self->ocr_words = ocr_words;
  self->missing_in_transcription = missing_in_transcription;
}

/* The OCR's error rate over the whole document, then at @confidence, each shrunk towards
 * the broader one by a few words' worth of belief. */
double
vn_witness_model_get_ocr_error_rate (VnWitnessModel *self,
                                     double          confidence)
{
  double words = 0, errors = 0, overall;
  guint b;

  g_return_val_if_fail (VN_IS_WITNESS_MODEL (self), PRIOR_OCR_RATE);
  for (guint k = 0; k < N_BINS; k++)
    {
      words += self->bin_words[k];
      errors += MAX (0, self->bin_disagree[k] - self->bin_attributed[k]);
    }
  overall = (errors + PRIOR_OCR_RATE * PRIOR_OCR_WEIGHT) / (words + PRIOR_OCR_WEIGHT);
  if (confidence < 0)
    return overall;
  b = bin_of (confidence);
  return CLAMP ((MAX (0, self->bin_disagree[b] - self->bin_attributed[b]) +
                 overall * PRIOR_BIN_WEIGHT) / (self->bin_words[b] + PRIOR_BIN_WEIGHT),
                0.003, 0.95);
}

double
vn_witness_model_get_transcription_error_rate (VnWitnessModel *self)
{
  g_return_val_if_fail (VN_IS_WITNESS_MODEL (self), 0);
  return self->pi;
}

/* P(@form | a right word), or P(@form | an error) with @of_errors. */
double
vn_witness_model_get_form_rate (VnWitnessModel *self,
                                VnForm          form,
                                gboolean        of_errors)
{
  g_return_val_if_fail (VN_IS_WITNESS_MODEL (self) && form < VN_N_FORMS, 0);
  return of_errors ? self->error_forms[form] : self->right_forms[form];
}

/* How much more likely the forms are if the transcription is wrong and the OCR right. */
static double
forms_ratio (VnWitnessModel   *self,
             const VnEvidence *e,
             double            ocr_right)
{
  double lr = 1;

  if (e->no_forms)
    return 1;
  if (e->kind != VN_DISCREPANCY_MISSING_IN_TRANSCRIPTION)
    lr *= self->error_forms[e->transcription_form] / self->right_forms[e->transcription_form];
  if (e->kind != VN_DISCREPANCY_MISSING_IN_OCR)
    lr *= (ocr_right * self->right_forms[e->ocr_form] +
           (1 - ocr_right) * self->error_forms[e->ocr_form]) / self->error_forms[e->ocr_form];
  return lr;
}

/* What a second reading of the scan says. */
static double
vote_ratio (VnVote vote)
{
  switch (vote)
    {
    case VN_VOTE_TRANSCRIPTION:
      return LR_VOTE_TRANSCRIPTION;
    case VN_VOTE_OCR:
    case VN_VOTE_SUGGESTION:
      return LR_VOTE_OCR;
    case VN_VOTE_HESITATES:
      return LR_VOTE_HESITATES;
    default:
      return 1;
    }
}

/* The likelihood ratio of "the transcription is wrong" for one discrepancy. */
static double
likelihood_ratio (VnWitnessModel   *self,
                  const VnEvidence *e)
{
  double ocr_error = vn_witness_model_get_ocr_error_rate (self, e->confidence);
  double lr = P_DISAGREE_IF_WRONG / ocr_error;

  switch (e->kind)
    {
    case VN_DISCREPANCY_PUNCTUATION:
      return LR_PUNCTUATION;
    case VN_DISCREPANCY_LOOKALIKE:
      return LR_LOOKALIKE;
    case VN_DISCREPANCY_MISSING_IN_OCR:
      lr = LR_UNALIGNED * P_DISAGREE_IF_WRONG * (self->tokens + 10.0) /
           (self->missing_in_ocr + 1.0);
      break;
    case VN_DISCREPANCY_MISSING_IN_TRANSCRIPTION:
      /* The OCR reads words that are not there about as often as it reads others wrong at
       * that confidence. */
      lr = LR_UNALIGNED * P_DISAGREE_IF_WRONG * (self->ocr_words + 10.0) /
           (self->missing_in_transcription + 1.0) *
           vn_witness_model_get_ocr_error_rate (self, -1) / ocr_error;
      break;
    default:
      break;
    }
  lr *= forms_ratio (self, e, 1 - ocr_error);
  /* A word that both readings are likelier misreadings of: half its weight (the forms
   * above already count whether the words exist), and a bounded one (the channel is
   * estimated from one document). */
  if (e->correction > 0 && e->kind == VN_DISCREPANCY_SUBSTITUTION)
    lr *= exp (CORRECTION_WEIGHT * MIN (e->correction, CORRECTION_AT_MOST));
  if (e->mixed_script)
    lr *= LR_MIXED_SCRIPT;
  if (e->alternative_agrees)
    lr *= LR_ALTERNATIVE_AGREES;
  if (e->ocr_garbled)
    lr *= LR_GARBLED;
  if (e->transcription_garbled)
    lr /= LR_GARBLED;
  lr *= vote_ratio (e->vote);
  if (e->layout == VN_LAYOUT_ARTEFACT)
    lr *= LR_ARTEFACT;
  else if (e->layout == VN_LAYOUT_REFLOWED)
    lr *= LR_REFLOWED;
  return lr;
}

/* P(the transcription is wrong here). */
double
vn_witness_model_posterior (VnWitnessModel   *self,
                            const VnEvidence *e)
{
  double odds, p;

  g_return_val_if_fail (VN_IS_WITNESS_MODEL (self), 0);
  if (e->explained)
    return 0.01;
  if (e->layout == VN_LAYOUT_CONVENTION)
    return 0.02;
  if (e->agreed > 0)   /* no disagreement to weigh: what the document says, and T's form */
    odds = self->pi / (1 - self->pi) * e->agreed *
           /* A second reading by the same engine that reads it alike again repeats its
            * habit: no evidence either way. */
           (e->vote == VN_VOTE_TRANSCRIPTION ? 1 : vote_ratio (e->vote)) *
           self->error_forms[e->transcription_form] / self->right_forms[e->transcription_form];
  else
    odds = self->pi / (1 - self->pi) * likelihood_ratio (self, e);
  p = odds / (1 + odds);
  /* Case is read from letter sizes alone: the OCR cannot tell "Н" from "н" for sure; an
   * accent is a few pixels, which typists and transcribers leave out by convention and
   * the OCR's language model adds where its dictionary has one. */
  if (e->kind == VN_DISCREPANCY_CASE || e->accents_only)
    p = MIN (p, 0.5);
  /* The scan itself offers the transcription's letters: a typist's slip kept as typed, or
   * an OCR error; the editor decides. */
  if (e->vote == VN_VOTE_HESITATES || e->alternative_agrees)
    p = MIN (p, 0.9);
  /* Both witnesses read it alike: the OCR's habits on the page say it may stand for
   * another word, but one engine's reading twice is no proof; the editor decides. */
  if (e->misread_alike)
    p = MIN (p, MISREAD_ALIKE_AT_MOST);
  return CLAMP (p, 0.001, 0.999);
}

/* EM over the document's discrepancies: the posteriors give the transcription's error rate
 * and the share of the disagreements that are the OCR's; those give the posteriors. */
void
vn_witness_model_fit (VnWitnessModel   *self,
                      const VnEvidence *evidence,
                      guint             n)
{
  g_autofree double *post = g_new0 (double, n + 1);

  g_return_if_fail (VN_IS_WITNESS_MODEL (self));
  normalise_forms (self->right_forms, self->confirmed_forms, prior_right_forms);
  for (guint round = 0; round < EM_ROUNDS; round++)
    {
      double attributed = 0, o_error[VN_N_FORMS] = { 0 };
      double error_prior[VN_N_FORMS];

      for (guint i = 0; i < n; i++)
        post[i] = vn_witness_model_posterior (self, &evidence[i]);
      for (guint b = 0; b < N_BINS; b++)
        self->bin_attributed[b] = 0;
      for (guint i = 0; i < n; i++)
        {
              const VnEvidence *e = &evidence[i];
          gboolean words = e->agreed == 0 && e->kind != VN_DISCREPANCY_PUNCTUATION &&
                           e->kind != VN_DISCREPANCY_MISSING_IN_OCR &&
                           e->kind != VN_DISCREPANCY_MISSING_IN_TRANSCRIPTION;

          attributed += post[i];
          if (!words)
            continue;
          if (e->confidence >= 0)
            self->bin_attributed[bin_of (e->confidence)] += post[i];
          o_error[e->ocr_form] += 1 - post[i];
        }
      self->pi = (attributed + PRIOR_TRANSCRIPTION_ERRORS) /
                 (self->tokens + PRIOR_TRANSCRIPTION_WORDS);
      /* Right words are as the witnesses read them alike; the OCR's errors as it read
       * where the two disagree, less what EM now attributes to the transcription. */
      normalise_forms (self->right_forms, self->confirmed_forms, prior_right_forms);
      normalise_forms (error_prior, self->ocr_error_forms, prior_error_forms);
      normalise_forms (self->error_forms, o_error, error_prior);
    }
}
