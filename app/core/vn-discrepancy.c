/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-discrepancy.c: one place where the transcription and the OCR disagree. */
#include <glib/gi18n.h>

#include "vn-discrepancy.h"

struct _VnDiscrepancy
{
  GObject            parent_instance;
  VnDiscrepancyInit  data;   /* its strings are owned copies */
};

G_DEFINE_FINAL_TYPE (VnDiscrepancy, vn_discrepancy, G_TYPE_OBJECT)

static void
vn_discrepancy_finalize (GObject *object)
{
  VnDiscrepancy *self = (VnDiscrepancy *) object;

  g_free ((char *) self->data.transcription);
  g_free ((char *) self->data.ocr);
  g_free ((char *) self->data.suggestion);
  g_strfreev ((GStrv) self->data.reasons);
  G_OBJECT_CLASS (vn_discrepancy_parent_class)->finalize (object);
}

static void
vn_discrepancy_class_init (VnDiscrepancyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_discrepancy_finalize;
}

static void
vn_discrepancy_init (VnDiscrepancy *self)
{
}

VnDiscrepancy *
vn_discrepancy_new (const VnDiscrepancyInit *init)
{
  VnDiscrepancy *self = g_object_new (VN_TYPE_DISCREPANCY, NULL);

  self->data = *init;
  self->data.transcription = g_strdup (init->transcription ? init->transcription : "");
  self->data.ocr = g_strdup (init->ocr ? init->ocr : "");
  self->data.suggestion = g_strdup (init->suggestion ? init->suggestion : "");
  self->data.reasons = (const char * const *) g_strdupv ((GStrv) (init->reasons ? init->reasons
                                                                  : (const char *[]) { NULL }));
  return self;
}

#define GETTER(type, name, field, fallback)                     \
  type                                                          \
  vn_discrepancy_get_##name (VnDiscrepancy *self)               \
  {                                                             \
    g_return_val_if_fail (VN_IS_DISCREPANCY (self), fallback);  \
    return self->data.field;                                    \
  }

GETTER (VnDiscrepancyKind, kind, kind, 0)
GETTER (guint, page, page, 0)
GETTER (guint, start, start, 0)
GETTER (guint, end, end, 0)
GETTER (guint, line, line, 0)
GETTER (const char *, transcription, transcription, NULL)
GETTER (const char *, ocr, ocr, NULL)
GETTER (const char *, suggestion, suggestion, NULL)
GETTER (VnLikely, likely, likely, 0)
GETTER (double, score, score, 0)
GETTER (double, confidence, confidence, 0)
GETTER (VnSignals, signals, signals, 0)

/* Why the verdict is what it is, one clause each, in the user's language. */
const char * const *
vn_discrepancy_get_reasons (VnDiscrepancy *self)
{
  g_return_val_if_fail (VN_IS_DISCREPANCY (self), NULL);
  return self->data.reasons;
}

VnBox
vn_discrepancy_get_bbox (VnDiscrepancy *self)
{
  g_return_val_if_fail (VN_IS_DISCREPANCY (self), (VnBox) { 0 });
  return self->data.bbox;
}

void
vn_discrepancy_get_tokens (VnDiscrepancy *self,
                           guint         *first,
                           guint         *n)
{
  g_return_if_fail (VN_IS_DISCREPANCY (self));
  *first = self->data.first_token;
  *n = self->data.n_tokens;
}

void
vn_discrepancy_get_ocr_words (VnDiscrepancy *self,
                              guint         *first,
                              guint         *n)
{
  g_return_if_fail (VN_IS_DISCREPANCY (self));
  *first = self->data.first_ocr_word;
  *n = self->data.n_ocr_words;
}

const char *
vn_discrepancy_kind_to_string (VnDiscrepancyKind kind)
{
  static const char *names[] = {
    "substitution", "merge", "split", "hyphenation", "lookalike", "case", "punctuation",
    "missing-in-ocr", "missing-in-transcription",
  };

  g_return_val_if_fail (kind < G_N_ELEMENTS (names), "unknown");
  return names[kind];
}

const char *
vn_likely_to_string (VnLikely likely)
{
  static const char *names[] = { "unsure", "transcription-error", "ocr-error" };

  g_return_val_if_fail (likely < G_N_ELEMENTS (names), "unsure");
  return names[likely];
}

GStrv
vn_signals_to_strv (VnSignals signals)
{
  static const char *names[] = {
    "ocr-disagrees", "ocr-confident", "ocr-unsure", "transcription-in-dictionary",
    "transcription-not-in-dictionary", "ocr-in-dictionary", "ocr-not-in-dictionary",
    "suggestion-in-dictionary", "mixed-script", "hyphenation", "ocr-alternative-agrees",
    "no-ocr-counterpart", "no-transcription-counterpart",
  };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (signals & (1u << i))
      g_strv_builder_add (builder, names[i]);
  return g_strv_builder_end (builder);
}

/* In the order of VnDiscrepancyKind, as vn_discrepancy_kind_to_string's names. */
const char *
vn_discrepancy_kind_to_label (VnDiscrepancyKind kind)
{
  static const char *labels[] = {
    N_("substitution"), N_("merge"), N_("split"), N_("hyphenation"), N_("look-alike letters"),
    N_("case"), N_("punctuation"), N_("missing in the OCR"), N_("missing in the transcription"),
  };

  g_return_val_if_fail (kind < G_N_ELEMENTS (labels), "");
  return _(labels[kind]);
}

/* In the order of the VnSignals bits, as vn_signals_to_strv's names. */
GStrv
vn_signals_to_labels (VnSignals signals)
{
  static const char *labels[] = {
    N_("the OCR disagrees"), N_("the OCR is confident"), N_("the OCR is unsure"),
    N_("the transcription is in the dictionary"), N_("the transcription is not in the dictionary"),
    N_("the OCR reading is in the dictionary"), N_("the OCR reading is not in the dictionary"),
    N_("the suggestion is in the dictionary"), N_("Latin letters in Cyrillic text"),
    N_("hyphenation"), N_("one of the OCR's alternatives agrees"), N_("no OCR counterpart"),
    N_("no transcription counterpart"),
  };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (signals & (1u << i))
      g_strv_builder_add (builder, _(labels[i]));
  return g_strv_builder_end (builder);
}
