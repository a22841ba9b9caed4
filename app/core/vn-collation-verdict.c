/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-collation-verdict.c: the verdicts: each discrepancy's evidence, its suggestion in the
 * document's own spelling, the posterior that the transcription is wrong, its reasons in
 * words, and the ranking. */
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vn-collation-private.h"
#include "vn-text.h"

/* Whether the transcription's letters that the OCR cannot write account for every difference
 * between @transcription and @ocr: each may stand for any one letter, or none. */
gboolean
_vn_collation_unwritable_explains (VnCollation *self,
                                   const char  *transcription,
                                   const char  *ocr)
{
  g_autofree char *ta = g_utf8_strdown (transcription, -1), *oa = g_utf8_strdown (ocr, -1);
  glong n, m;
  g_autofree gunichar *t = g_utf8_to_ucs4_fast (ta, -1, &n);
  g_autofree gunichar *o = g_utf8_to_ucs4_fast (oa, -1, &m);
  g_autofree guint *prev = g_new (guint, m + 1), *cur = g_new (guint, m + 1);

  for (glong j = 0; j <= m; j++)
    prev[j] = j;
  for (glong i = 1; i <= n; i++)
    {
      gboolean wild = !vn_ocr_model_can_write (self->model, t[i - 1]) &&
                      !vn_ocr_model_can_write (self->model, g_unichar_toupper (t[i - 1]));

      cur[0] = prev[0] + !wild;
      for (glong j = 1; j <= m; j++)
        cur[j] = MIN (MIN (prev[j] + !wild, cur[j - 1] + 1),
                      prev[j - 1] + !(wild || t[i - 1] == o[j - 1]));
      memcpy (prev, cur, sizeof (guint) * (m + 1));
    }
  return prev[m] == 0;
}

/* @suggestion in the document's spelling: its letters, the text's regime and case. */
static void
write_suggestion (VnCollation *self,
                  Pending     *p,
                  const char  *suggestion)
{
  char *written = vn_orthography_write (self->orthography, suggestion, p->d.transcription,
                                        self->model);

  g_free ((char *) p->d.suggestion);
  p->d.suggestion = _vn_collation_keep_transcription_case (p->d.transcription, written);
}

/* The likeliest correction of a word given @readings, as the suggestion; none when the
 * transcription explains them best. */
gboolean
_vn_collation_suggest_correction (VnCollation        *self,
                                  Pending            *p,
                                  const char * const *readings)
{
  g_autofree char *better = _vn_collation_best_correction (self, p->d.transcription, readings,
                                                           &p->e.correction);

  if (better == NULL)
    return FALSE;
  write_suggestion (self, p, better);
  return TRUE;
}

/* @text's Latin letters without their accents ("temoigné" → "temoigne"), or NULL when it
 * has an accented letter of another script. */
static char *
strip_latin_accents (const char *text)
{
  g_autofree char *nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  g_autoptr(GString) out = g_string_new (NULL);
  gunichar base = 0;

  for (const char *p = nfd; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (out, base = c);
      else if (g_unichar_get_script (base) != G_UNICODE_SCRIPT_LATIN)
        return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
differ_in_accents_only (const char *a,
                        const char *b)
{
  g_autofree char *x = strip_latin_accents (a), *y = strip_latin_accents (b);

  return x != NULL && y != NULL && !g_str_equal (a, b) && g_str_equal (x, y);
}

/* Whether @text has a number of two digits or more ("300"), written apart from any letter. */
static gboolean
has_whole_number (const char *text)
{
  guint digits = 0;

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c))
        return FALSE;
      if (c == 0 || g_unichar_isspace (c))
        {
          if (digits >= 2)
            return TRUE;
          if (c == 0)
            return FALSE;
          digits = 0;
        }
      digits += g_unichar_isdigit (c) != 0;
    }
}

/* Whether the OCR reads letters only where the transcription has a whole number ("Зоо" for
 * "300"): digits look like letters to it (З, о, б), and two digits or more make no misread
 * word; one digit may be an OCR's "1" for "І" copied into the transcription. */
static gboolean
reads_number_as_letters (const char *transcription,
                         const char *ocr)
{
  g_auto(GStrv) words = g_strsplit_set (transcription, " \t\n", -1);
  gboolean number = FALSE;

  for (guint i = 0; words[i]; i++)
    if (vn_text_has_digits (words[i]) && !(number = has_whole_number (words[i])))
      return FALSE;
  return number && vn_text_has_letters (ocr) && !vn_text_has_digits (ocr);
}

void
_vn_collation_build_evidence (VnCollation     *self,
                              const Candidate *c,
                              Pending         *p)
{
  VnEvidence *e = &p->e;
  gboolean words = c->kind == VN_DISCREPANCY_SUBSTITUTION || c->kind == VN_DISCREPANCY_MERGE ||
                   c->kind == VN_DISCREPANCY_SPLIT;

  /* A word both read alike is confirmed by this very place; half a word is none. */
  guint own = c->agreed > 0;
  gboolean half = c->n_tokens > 0 && _vn_collation_covers_half (self, c->first_token, c->n_tokens);

  e->kind = c->kind;
  e->confidence = p->d.confidence;
  e->transcription_form = *c->transcription && !half
                          ? _vn_collation_phrase_form (self, c->transcription, own, TRUE)
                          : VN_FORM_OTHER;
  e->ocr_form = *c->ocr && !half ? _vn_collation_phrase_form (self, c->ocr, own, FALSE)
                                 : VN_FORM_OTHER;
  e->no_forms = half;
  e->layout = c->layout;
  /* Latin letters with no counterpart on a Cyrillic page: letters the OCR saw nothing of. */
  e->mixed_script = c->kind == VN_DISCREPANCY_MISSING_IN_OCR &&
                    (p->d.signals & VN_SIGNAL_MIXED_SCRIPT) != 0;
  e->alternative_agrees = (p->d.signals & VN_SIGNAL_OCR_ALTERNATIVE_AGREES) != 0;
  e->agreed = c->agreed;
  e->misread_alike = c->misread_alike;
  /* A capital among the OCR's small letters says it erred at that letter, not that the
   * transcription is right there: evidence only where the two differ in case alone. */
  e->ocr_garbled = ((c->kind == VN_DISCREPANCY_CASE ? _vn_collation_garbled_writing (self, c->ocr)
                                                     : vn_text_mixes_digits_and_letters (c->ocr)) &&
                    !_vn_collation_garbled_writing (self, c->transcription)) ||
                   reads_number_as_letters (c->transcription, c->ocr);
  e->transcription_garbled = vn_text_mixes_case (c->transcription) && !self->writes_mixed_case &&
                             !_vn_collation_garbled_writing (self, c->ocr);
  e->accents_only = differ_in_accents_only (c->transcription, c->ocr);
  p->unwritable = vn_ocr_model_dup_unwritable (self->model, c->transcription);
  e->explained = c->kind != VN_DISCREPANCY_LOOKALIKE && *p->unwritable != '\0' &&
                 *c->ocr != '\0' &&
                 _vn_collation_unwritable_explains (self, c->transcription, c->ocr);
  if (words && *c->suggestion != '\0' && *c->transcription != '\0')
    {
      const char *readings[] = { c->ocr, NULL };

      p->d.suggestion = NULL;
      if (c->agreed == 0 && c->n_tokens == 1 && c->n_ocr == 1 && !half)
        _vn_collation_suggest_correction (self, p, readings);
      /* The document's own word where both read alike: already in its spelling. */
      if (p->d.suggestion == NULL && c->agreed > 0)
        p->d.suggestion = _vn_collation_keep_transcription_case (c->transcription,
                                                                 g_strdup (c->suggestion));
      if (p->d.suggestion == NULL)
        write_suggestion (self, p, c->suggestion);
      g_free (c->suggestion);
    }
}

/* ------------------------------------------------------------------ verdicts */

static void
take_reason (GStrvBuilder *reasons,
             char         *reason)
{
  g_strv_builder_add (reasons, reason);
  g_free (reason);
}

static const char *
percent (double rate,
         char   *buf)
{
  g_snprintf (buf, 16, "%.0f%%", 100 * rate);
  return buf;
}

static void
add_form_reason (VnCollation   *self,
                 GStrvBuilder  *reasons,
                 const char    *reading,
                 VnForm         form)
{
  g_autofree char *core = _vn_collation_word_core (reading);
  guint times = _vn_collation_confirmed_count (self, core);

  switch (form)
    {
    case VN_FORM_DOCUMENT:
      take_reason (reasons, g_strdup_printf (
        ngettext ("“%s” is a word of this document: both witnesses read it so once elsewhere",
                  "“%s” is a word of this document: both witnesses read it so %u times elsewhere",
                  times), reading, times));
      break;
    case VN_FORM_DICTIONARY:
      take_reason (reasons, g_strdup_printf (_("“%s” is in the dictionary"), reading));
      break;
    case VN_FORM_NONWORD:
    case VN_FORM_NEAR:
    case VN_FORM_GARBLED:
    case VN_FORM_NEAR_GARBLED:
      take_reason (reasons, g_strdup_printf (
        _("“%s” is in no dictionary and nowhere else in the document"), reading));
      break;
    default:
      break;
    }
  if (form == VN_FORM_NEAR || form == VN_FORM_NEAR_GARBLED)
    take_reason (reasons, g_strdup_printf (_("this OCR misreads “%s” as “%s” on this page"),
                                           _vn_collation_near_word (self, core), reading));
  if (form == VN_FORM_GARBLED || form == VN_FORM_NEAR_GARBLED)
    take_reason (reasons, g_strdup_printf (
      _("“%s” has letters side by side that no other word of the transcription has"), reading));
}

static void
add_ocr_reason (VnCollation   *self,
                GStrvBuilder  *reasons,
                const Pending *p)
{
  char a[16], b[16];

  if (p->d.confidence < 0)
    {
      take_reason (reasons, g_strdup_printf (
        _("the OCR misreads about %s of this document's words"),
        percent (vn_witness_model_get_ocr_error_rate (self->witnesses, -1), a)));
      return;
    }
  take_reason (reasons, g_strdup_printf (
    _("the OCR misreads about %s of this document's words (%s at this confidence) and read "
      "“%s” with %.0f%% confidence"),
    percent (vn_witness_model_get_ocr_error_rate (self->witnesses, -1), a),
    percent (vn_witness_model_get_ocr_error_rate (self->witnesses, p->d.confidence), b),
    p->d.ocr, p->d.confidence));
}

static void
add_layout_reason (GStrvBuilder *reasons,
                   VnLayout      layout)
{
  static const char *texts[] = {
    NULL,
    N_("the transcription keeps the page's line breaks: a line-end hyphen is its convention"),
    N_("a hyphen or space inside a line, where the page has one word"),
    N_("a line-end hyphen kept in a transcription that does not keep the page's lines"),
  };

  if (texts[layout] != NULL)
    g_strv_builder_add (reasons, _(texts[layout]));
}

static void
add_vote_reason (GStrvBuilder *reasons,
                 VnVote        vote)
{
  static const char *texts[] = {
    NULL,
    N_("a second reading of the scan agrees with the transcription"),
    N_("a second reading of the scan agrees with the OCR"),
    N_("a second reading of the scan agrees with neither"),
    N_("a second reading of the scan agrees with the OCR, but considered the transcription's "
       "letters"),
    N_("a second reading of the scan reads the word suggested"),
  };

  if (texts[vote] != NULL)
    g_strv_builder_add (reasons, _(texts[vote]));
}

/* The grounds of a verdict in words, strongest first, so an editor can overrule it. */
static GStrv
build_reasons (VnCollation   *self,
               const Pending *p)
{
  g_autoptr(GStrvBuilder) reasons = g_strv_builder_new ();
  const VnEvidence *e = &p->e;
  char a[16];

  if (e->agreed > 0)
    take_reason (reasons, g_strdup_printf (
      _("both witnesses read “%s”, but the document points to “%s”: a letter this OCR misreads "
        "here again and again, or the spelling the text keeps"), p->d.transcription,
      p->d.suggestion));
  if (e->explained)
    take_reason (reasons, g_strdup_printf (
      _("the OCR model cannot write “%s”: the difference is the OCR's"), p->unwritable));
  add_layout_reason (reasons, e->layout);
  if (p->d.kind == VN_DISCREPANCY_LOOKALIKE)
    g_strv_builder_add (reasons, _("Latin letters that look like Cyrillic ones, in a Cyrillic "
                                   "text"));
  if (p->d.kind != VN_DISCREPANCY_PUNCTUATION && p->d.kind != VN_DISCREPANCY_CASE)
    add_ocr_reason (self, reasons, p);
  if (e->correction >= 2 && e->agreed == 0)
    take_reason (reasons, g_strdup_printf (
      _("both readings are likelier this OCR's misreadings of “%s” than of “%s” on this page "
        "(%.0f times as likely)"), p->d.suggestion, p->d.transcription, exp (e->correction)));
  add_vote_reason (reasons, e->vote);
  if (*p->d.transcription)
    add_form_reason (self, reasons, p->d.transcription, e->transcription_form);
  if (*p->d.ocr)
    add_form_reason (self, reasons, p->d.ocr, e->ocr_form);
  if (vn_witness_model_get_form_rate (self->witnesses, VN_FORM_NONWORD, FALSE) > 0.35)
    take_reason (reasons, g_strdup_printf (
      _("the dictionaries do not know %s of this document's disputed words: they count for "
        "little here"),
      percent (vn_witness_model_get_form_rate (self->witnesses, VN_FORM_NONWORD, FALSE), a)));
  if (vn_orthography_is_pre_reform (self->orthography) && self->cyrillic)
    g_strv_builder_add (reasons, _("the transcription keeps pre-1918 spelling and is judged "
                                   "by it"));
  if (vn_orthography_modernises (self->orthography, p->d.transcription, p->d.suggestion))
    g_strv_builder_add (reasons, _("the suggestion drops letters of the old spelling: Verno "
                                   "never modernises a text unasked"));
  if (e->alternative_agrees)
    g_strv_builder_add (reasons, _("the OCR itself considered the transcription's letters"));
  if (e->ocr_garbled && reads_number_as_letters (p->d.transcription, p->d.ocr))
    g_strv_builder_add (reasons, _("the OCR reads letters where the transcription has a "
                                   "number: digits look like letters to it"));
  else if (e->ocr_garbled)
    g_strv_builder_add (reasons, _("the OCR reads digits among letters"));
  return g_strv_builder_end (reasons);
}

static VnLikely
likely_of (double posterior)
{
  if (posterior >= VN_LIKELY_TRANSCRIPTION_ERROR_THRESHOLD)
    return VN_LIKELY_TRANSCRIPTION_ERROR;
  return posterior <= 0.15 ? VN_LIKELY_OCR_ERROR : VN_LIKELY_UNSURE;
}

static int compare_by_score (gconstpointer a, gconstpointer b);

/* Estimates the witnesses on every discrepancy at once, then gives each its verdict. */
void
_vn_collation_judge_all (VnCollation *self)
{
  guint n = self->pending->len;
  g_autofree VnEvidence *evidence = g_new0 (VnEvidence, n + 1);

  for (guint i = 0; i < n; i++)
    evidence[i] = g_array_index (self->pending, Pending, i).e;
  vn_witness_model_fit (self->witnesses, evidence, n);
  g_debug ("transcription errors per word %.4f, OCR errors per word %.3f",
           vn_witness_model_get_transcription_error_rate (self->witnesses),
           vn_witness_model_get_ocr_error_rate (self->witnesses, -1));
  g_ptr_array_set_size (self->discrepancies, 0);
  for (guint i = 0; i < n; i++)
    {
      Pending *p = &g_array_index (self->pending, Pending, i);
      g_auto(GStrv) reasons = NULL;

      p->d.suggestion = _vn_collation_in_document_case (self, (char *) p->d.suggestion);
      p->posterior = vn_witness_model_posterior (self->witnesses, &p->e);
      /* Never modernise unasked: dropping the old spelling's letters is no correction. */
      if (vn_orthography_modernises (self->orthography, p->d.transcription, p->d.suggestion))
        p->posterior = MIN (p->posterior, 0.5);
      p->d.score = p->posterior;
      p->d.likely = likely_of (p->posterior);
      /* An error whose suggestion is the text itself is one nobody can accept. */
      if (p->d.likely == VN_LIKELY_TRANSCRIPTION_ERROR &&
          g_str_equal (p->d.suggestion, p->d.transcription))
        p->d.likely = VN_LIKELY_UNSURE;
      reasons = build_reasons (self, p);
      p->d.reasons = (const char * const *) reasons;
      g_ptr_array_add (self->discrepancies, vn_discrepancy_new (&p->d));
      p->d.reasons = NULL;
    }
  g_ptr_array_sort (self->discrepancies, compare_by_score);
}

static int
compare_by_score (gconstpointer a,
                  gconstpointer b)
{
  VnDiscrepancy *x = *(VnDiscrepancy **) a, *y = *(VnDiscrepancy **) b;
  double dx = vn_discrepancy_get_score (x), dy = vn_discrepancy_get_score (y);

  if (dx != dy)
    return dx < dy ? 1 : -1;
  return (int) vn_discrepancy_get_start (x) - (int) vn_discrepancy_get_start (y);
}

