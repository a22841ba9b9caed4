/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-collation.c: the transcription aligned word by word to the OCR of its scans, and the
 * discrepancies between them, judged and ranked. */
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "vn-alignment.h"
#include "vn-collation.h"
#include "vn-scan.h"
#include "vn-text.h"

typedef struct
{
  guint     page;
  guint     word;
  char     *key;
  char     *core;       /* the word without surrounding punctuation, NFC */
  gboolean  line_end;   /* last word of its OCR line */
} OcrRef;

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
  GPtrArray       *discrepancies;  /* VnDiscrepancy, best first */
  gboolean         cyrillic;       /* the document is mostly Cyrillic */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VnCollation, vn_collation, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
clear_ocr_ref (gpointer data)
{
  OcrRef *ref = data;

  g_free (ref->key);
  g_free (ref->core);
}

static void
vn_collation_finalize (GObject *object)
{
  VnCollation *self = (VnCollation *) object;

  g_clear_object (&self->transcription);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->spell);
  g_clear_pointer (&self->ocr, g_array_unref);
  g_clear_pointer (&self->placements, g_array_unref);
  g_clear_pointer (&self->hunks, g_array_unref);
  g_clear_pointer (&self->consumed, g_free);
  g_clear_pointer (&self->discrepancies, g_ptr_array_unref);
  G_OBJECT_CLASS (vn_collation_parent_class)->finalize (object);
}

static void
vn_collation_class_init (VnCollationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_collation_finalize;
}

static void
vn_collation_init (VnCollation *self)
{
  self->ocr = g_array_new (FALSE, TRUE, sizeof (OcrRef));
  g_array_set_clear_func (self->ocr, clear_ocr_ref);
  self->placements = g_array_new (FALSE, TRUE, sizeof (VnTokenPlacement));
  self->discrepancies = g_ptr_array_new_with_free_func (g_object_unref);
}

static GType
list_model_get_item_type (GListModel *model)
{
  return VN_TYPE_DISCREPANCY;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return VN_COLLATION (model)->discrepancies->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  VnCollation *self = VN_COLLATION (model);

  if (position >= self->discrepancies->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->discrepancies, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

/* ------------------------------------------------------------------ inputs */

static char *
word_core (const char *text)
{
  gsize start, end;

  vn_text_word_core (text, strlen (text), &start, &end);
  return g_strndup (text + start, end - start);
}

static const VnOcrWord *
ocr_word (VnCollation *self,
          guint        index)
{
  const OcrRef *ref = &g_array_index (self->ocr, OcrRef, index);
  return vn_ocr_page_get_word (g_ptr_array_index (self->pages, ref->page), ref->word);
}

static void
collect_ocr (VnCollation *self)
{
  for (guint p = 0; p < self->pages->len; p++)
    {
      VnOcrPage *page = g_ptr_array_index (self->pages, p);
      guint n = vn_ocr_page_get_n_words (page);

      for (guint w = 0; w < n; w++)
        {
          const VnOcrWord *word = vn_ocr_page_get_word (page, w);
          g_autofree char *nfc = vn_text_nfc (word->text, -1);
          OcrRef ref = {
            .page = p, .word = w, .key = vn_text_comparison_key (nfc), .core = word_core (nfc),
            .line_end = w + 1 == n || vn_ocr_page_get_word (page, w + 1)->line != word->line,
          };
          g_array_append_val (self->ocr, ref);
        }
    }
}

static void
count_scripts (const char *text,
               guint      *cyrillic,
               guint      *latin)
{
  VnScriptMask mask = vn_text_scripts (text);

  *cyrillic += (mask & VN_SCRIPT_CYRILLIC) != 0;
  *latin += (mask & VN_SCRIPT_LATIN) != 0;
}

/* Words of both witnesses vote: a Cyrillic document makes Latin letters suspect. */
static gboolean
detect_cyrillic (VnCollation *self)
{
  guint cyrillic = 0, latin = 0;

  for (guint i = 0; i < vn_transcription_get_n_tokens (self->transcription); i++)
    count_scripts (vn_transcription_get_token (self->transcription, i)->text, &cyrillic, &latin);
  for (guint j = 0; j < self->ocr->len; j++)
    count_scripts (ocr_word (self, j)->text, &cyrillic, &latin);
  return cyrillic > latin;
}

/* Aligns tokens [a0, a1) with OCR words [b0, b1), appending hunks in absolute indices. */
static void
align_range (VnCollation  *self,
             const char  **a,
             guint         a0,
             guint         a1,
             const char  **b,
             guint         b0,
             guint         b1)
{
  g_autoptr(GArray) hunks = vn_align_words (a + a0, a1 - a0, b + b0, b1 - b0);

  for (guint h = 0; h < hunks->len; h++)
    {
      VnAlignHunk hunk = g_array_index (hunks, VnAlignHunk, h);
      hunk.a_start += a0;
      hunk.b_start += b0;
      g_array_append_val (self->hunks, hunk);
    }
}

/* With form feeds for every scan, each page is aligned on its own; else the whole text
 * is aligned at once and the pages are found by where the words land. */
static void
align (VnCollation *self)
{
  guint n_tokens = vn_transcription_get_n_tokens (self->transcription);
  g_autofree const char **a = g_new (const char *, n_tokens + 1);
  g_autofree const char **b = g_new (const char *, self->ocr->len + 1);
  guint a0 = 0, b0 = 0;

  for (guint i = 0; i < n_tokens; i++)
    a[i] = vn_transcription_get_token (self->transcription, i)->key;
  for (guint j = 0; j < self->ocr->len; j++)
    b[j] = g_array_index (self->ocr, OcrRef, j).key;
  self->hunks = g_array_new (FALSE, FALSE, sizeof (VnAlignHunk));
  if (vn_transcription_get_n_marked_pages (self->transcription) != self->pages->len)
    {
      align_range (self, a, 0, n_tokens, b, 0, self->ocr->len);
      return;
    }
  for (guint p = 0; p < self->pages->len; p++)
    {
      guint a1 = a0, b1 = b0;

      while (a1 < n_tokens && vn_transcription_get_token (self->transcription, a1)->page == p)
        a1++;
      while (b1 < self->ocr->len && g_array_index (self->ocr, OcrRef, b1).page == p)
        b1++;
      align_range (self, a, a0, a1, b, b0, b1);
      a0 = a1, b0 = b1;
    }
}

/* ------------------------------------------------------------------ placement */

/* The region of OCR words [first, first + n): their union while they share a line. */
static VnBox
ocr_region (VnCollation *self,
            guint        first,
            guint        n)
{
  const VnOcrWord *w0 = ocr_word (self, first);
  const OcrRef *r0 = &g_array_index (self->ocr, OcrRef, first);
  VnBox box = w0->box;

  for (guint k = 1; k < n; k++)
    {
      const OcrRef *ref = &g_array_index (self->ocr, OcrRef, first + k);
      const VnOcrWord *w = ocr_word (self, first + k);

      if (ref->page != r0->page || w->line != w0->line)
        break;
      box = vn_box_union (box, w->box);
    }
  return box;
}

static guint
utf8_chars (const char *s)
{
  return g_utf8_strlen (s, -1);
}

static void
place_shared (VnCollation       *self,
              const VnAlignHunk *hunk)
{
  VnBox box = ocr_region (self, hunk->b_start, 1);
  guint total = 0, done = 0;

  for (guint k = 0; k < hunk->a_len; k++)
    total += MAX (1, utf8_chars (vn_transcription_get_token (self->transcription,
                                                              hunk->a_start + k)->text));
  for (guint k = 0; k < hunk->a_len; k++)
    {
      VnTokenPlacement *pl = &g_array_index (self->placements, VnTokenPlacement, hunk->a_start + k);
      guint chars = MAX (1, utf8_chars (vn_transcription_get_token (self->transcription,
                                                                     hunk->a_start + k)->text));

      pl->page = g_array_index (self->ocr, OcrRef, hunk->b_start).page;
      pl->first_ocr = hunk->b_start;
      pl->n_ocr = 1;
      pl->box = box;
      pl->box.x = box.x + (int) ((double) box.w * done / total);
      pl->box.w = MAX (1, (int) ((double) box.w * chars / total));
      done += chars;
    }
}

static void
place_hunk (VnCollation       *self,
            const VnAlignHunk *hunk)
{
  if (hunk->a_len == 0 || hunk->b_len == 0)
    return;
  if (hunk->b_len == 1 && hunk->a_len > 1)
    {
      place_shared (self, hunk);
      return;
    }
  for (guint k = 0; k < hunk->a_len; k++)
    {
      VnTokenPlacement *pl = &g_array_index (self->placements, VnTokenPlacement, hunk->a_start + k);
      guint first = hunk->b_start + k * hunk->b_len / hunk->a_len;
      guint last = hunk->b_start + (k + 1) * hunk->b_len / hunk->a_len;

      if (hunk->op == VN_ALIGN_EQUAL)
        first = hunk->b_start + k, last = first + 1;
      last = MAX (last, first + 1);
      pl->first_ocr = first;
      pl->n_ocr = last - first;
      pl->page = g_array_index (self->ocr, OcrRef, first).page;
      pl->box = ocr_region (self, first, pl->n_ocr);
    }
}

static int
mean_char_width (const VnTokenPlacement *pl,
                 const VnToken          *token)
{
  return MAX (4, pl->box.w / (int) MAX (1, utf8_chars (token->text)));
}

/* Words the OCR did not see get a region beside their neighbours on the same line. */
static void
interpolate (VnCollation *self,
             guint        index)
{
  VnTokenPlacement *pl = &g_array_index (self->placements, VnTokenPlacement, index);
  const VnToken *token = vn_transcription_get_token (self->transcription, index);
  int prev = (int) index - 1, next = index + 1;
  guint n = self->placements->len;

  while (prev >= 0 && g_array_index (self->placements, VnTokenPlacement, prev).interpolated)
    prev--;
  while (next < (int) n && g_array_index (self->placements, VnTokenPlacement, next).first_ocr < 0)
    next++;
  pl->interpolated = TRUE;
  if (prev >= 0)
    {
      const VnTokenPlacement *before = &g_array_index (self->placements, VnTokenPlacement, prev);
      const VnToken *btoken = vn_transcription_get_token (self->transcription, prev);
      int cw = mean_char_width (before, btoken);
      int offset = (int) (index - prev);

      pl->page = before->page;
      pl->box = before->box;
      pl->box.x = before->box.x + before->box.w + cw * offset;
      pl->box.w = cw * MAX (1, utf8_chars (token->text));
    }
  else if (next < (int) n)
    {
      const VnTokenPlacement *after = &g_array_index (self->placements, VnTokenPlacement, next);
      int cw = mean_char_width (after, vn_transcription_get_token (self->transcription, next));

      pl->page = after->page;
      pl->box = after->box;
      pl->box.w = cw * MAX (1, utf8_chars (token->text));
      pl->box.x = MAX (0, after->box.x - cw - pl->box.w);
    }
}

static void
place_tokens (VnCollation *self)
{
  guint n = vn_transcription_get_n_tokens (self->transcription);

  g_array_set_size (self->placements, n);
  for (guint i = 0; i < n; i++)
    {
      VnTokenPlacement *pl = &g_array_index (self->placements, VnTokenPlacement, i);
      pl->page = -1;
      pl->first_ocr = -1;
    }
  for (guint h = 0; h < self->hunks->len; h++)
    place_hunk (self, &g_array_index (self->hunks, VnAlignHunk, h));
  if (self->ocr->len == 0)
    return;
  for (guint i = 0; i < n; i++)
    if (g_array_index (self->placements, VnTokenPlacement, i).first_ocr < 0)
      interpolate (self, i);
}

/* ------------------------------------------------------------------ judging */

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
} Candidate;

static double
mean_confidence (VnCollation *self,
                 int          first,
                 guint        n)
{
  double sum = 0;

  if (first < 0 || n == 0)
    return -1;
  for (guint k = 0; k < n; k++)
    sum += ocr_word (self, first + k)->confidence;
  return sum / n;
}

static VnSignals
spelling_signals (VnSpelling  spelling,
                  VnSignals   correct,
                  VnSignals   wrong)
{
  return spelling == VN_SPELLING_CORRECT ? correct : spelling == VN_SPELLING_MISSPELT ? wrong : 0;
}

/* TRUE when the OCR itself considered each of the transcription's differing letters. */
static gboolean
alternatives_agree (VnCollation     *self,
                    const Candidate *c)
{
  const VnOcrWord *word;
  g_autofree gunichar *trans = NULL;
  glong n_trans = 0;
  guint differing = 0;

  if (c->n_ocr != 1 || c->n_tokens != 1)
    return FALSE;
  word = ocr_word (self, c->first_ocr);
  trans = g_utf8_to_ucs4_fast (c->transcription, -1, &n_trans);
  if (word->symbols == NULL || (glong) word->symbols->len != n_trans)
    return FALSE;
  for (glong i = 0; i < n_trans; i++)
    {
      GArray *choices = g_array_index (word->symbols, GArray *, i);
      gboolean found = FALSE;

      if (choices->len == 0)
        return FALSE;
      if (g_utf8_get_char (g_array_index (choices, VnOcrChoice, 0).text) == trans[i])
        continue;
      differing++;
      for (guint k = 1; k < choices->len && !found; k++)
        found = g_utf8_get_char (g_array_index (choices, VnOcrChoice, k).text) == trans[i];
      if (!found)
        return FALSE;
    }
  return differing > 0;
}

static void
judge_words (VnDiscrepancyInit *d,
             double             c)
{
  VnSignals s = d->signals;

  if ((s & VN_SIGNAL_TRANSCRIPTION_NOT_IN_DICT) &&
      (s & (VN_SIGNAL_OCR_IN_DICT | VN_SIGNAL_SUGGESTION_IN_DICT)))
    d->likely = VN_LIKELY_TRANSCRIPTION_ERROR, d->score = 0.70 + 0.25 * c;
  else if ((s & VN_SIGNAL_TRANSCRIPTION_IN_DICT) && (s & VN_SIGNAL_OCR_NOT_IN_DICT))
    d->likely = VN_LIKELY_OCR_ERROR, d->score = 0.05 + 0.15 * c;
  else if ((s & VN_SIGNAL_TRANSCRIPTION_IN_DICT) && (s & VN_SIGNAL_OCR_IN_DICT))
    d->likely = VN_LIKELY_UNSURE, d->score = 0.30 + 0.35 * c * c;
  else if ((s & VN_SIGNAL_TRANSCRIPTION_NOT_IN_DICT) && (s & VN_SIGNAL_OCR_NOT_IN_DICT))
    d->likely = VN_LIKELY_UNSURE, d->score = 0.15 + 0.30 * c;
  else
    d->likely = VN_LIKELY_UNSURE, d->score = 0.10 + 0.25 * c;

  /* The OCR hesitated between its reading and the transcription's: trust the text. */
  if ((s & VN_SIGNAL_OCR_ALTERNATIVE_AGREES) && d->likely != VN_LIKELY_TRANSCRIPTION_ERROR)
    d->likely = VN_LIKELY_OCR_ERROR, d->score *= 0.5;
}

/* Verdict and score from the signals: the heart of the ranking. */
static void
judge (VnCollation       *self,
       VnDiscrepancyInit *d)
{
  double c = d->confidence < 0 ? 0 : d->confidence / 100.0;

  switch (d->kind)
    {
    case VN_DISCREPANCY_LOOKALIKE:
      d->likely = VN_LIKELY_TRANSCRIPTION_ERROR;
      d->score = 0.88 + 0.06 * !!(d->signals & VN_SIGNAL_SUGGESTION_IN_DICT) + 0.05 * c;
      break;
    case VN_DISCREPANCY_HYPHENATION:
      d->likely = VN_LIKELY_TRANSCRIPTION_ERROR;
      d->score = 0.80 + 0.10 * !!(d->signals & VN_SIGNAL_SUGGESTION_IN_DICT) + 0.05 * c;
      break;
    case VN_DISCREPANCY_CASE:
      d->likely = VN_LIKELY_UNSURE, d->score = 0.08 + 0.05 * c;
      break;
    case VN_DISCREPANCY_PUNCTUATION:
      d->likely = VN_LIKELY_OCR_ERROR, d->score = 0.02 + 0.04 * c;
      break;
    case VN_DISCREPANCY_MISSING_IN_OCR:
      if ((d->signals & VN_SIGNAL_MIXED_SCRIPT) && (d->signals & VN_SIGNAL_TRANSCRIPTION_NOT_IN_DICT))
        d->likely = VN_LIKELY_TRANSCRIPTION_ERROR, d->score = 0.60;
      else if (d->signals & VN_SIGNAL_TRANSCRIPTION_IN_DICT)
        d->likely = VN_LIKELY_OCR_ERROR, d->score = 0.10;
      else
        d->likely = VN_LIKELY_UNSURE, d->score = 0.20;
      break;
    case VN_DISCREPANCY_MISSING_IN_TRANSCRIPTION:
      /* A confident run of real words: a line or phrase the transcriber skipped. */
      if ((d->signals & VN_SIGNAL_OCR_IN_DICT) && c >= 0.75 && g_utf8_strlen (d->ocr, -1) >= 3)
        d->likely = VN_LIKELY_TRANSCRIPTION_ERROR, d->score = 0.45 + 0.2 * c;
      else
        d->likely = VN_LIKELY_OCR_ERROR, d->score = 0.04 + 0.1 * c;
      break;
    default:
      judge_words (d, c);
      break;
    }
  d->score = CLAMP (d->score, 0.0, 1.0);
}

static VnSignals
collect_signals (VnCollation       *self,
                 const Candidate   *c,
                 double             confidence)
{
  VnSignals s = 0;

  if (c->n_ocr > 0)
    s |= VN_SIGNAL_OCR_DISAGREES;
  else
    s |= VN_SIGNAL_NO_OCR_COUNTERPART;
  if (c->n_tokens == 0)
    s |= VN_SIGNAL_NO_TRANSCRIPTION_COUNTERPART;
  if (confidence >= 80)
    s |= VN_SIGNAL_OCR_CONFIDENT;
  else if (confidence >= 0 && confidence < 60)
    s |= VN_SIGNAL_OCR_UNSURE;
  if (*c->transcription)
    s |= spelling_signals (vn_spell_checker_check_phrase (self->spell, c->transcription),
                           VN_SIGNAL_TRANSCRIPTION_IN_DICT, VN_SIGNAL_TRANSCRIPTION_NOT_IN_DICT);
  if (*c->ocr)
    s |= spelling_signals (vn_spell_checker_check_phrase (self->spell, c->ocr),
                           VN_SIGNAL_OCR_IN_DICT, VN_SIGNAL_OCR_NOT_IN_DICT);
  if (*c->suggestion &&
      vn_spell_checker_check_phrase (self->spell, c->suggestion) == VN_SPELLING_CORRECT)
    s |= VN_SIGNAL_SUGGESTION_IN_DICT;
  if (self->cyrillic && (vn_text_scripts (c->transcription) & VN_SCRIPT_LATIN))
    s |= VN_SIGNAL_MIXED_SCRIPT;
  if (vn_text_scripts (c->transcription) == (VN_SCRIPT_LATIN | VN_SCRIPT_CYRILLIC))
    s |= VN_SIGNAL_MIXED_SCRIPT;
  if (c->kind == VN_DISCREPANCY_HYPHENATION)
    s |= VN_SIGNAL_HYPHENATION;
  if (alternatives_agree (self, c))
    s |= VN_SIGNAL_OCR_ALTERNATIVE_AGREES;
  return s;
}

static VnBox
candidate_box (VnCollation     *self,
               const Candidate *c,
               int             *page)
{
  const VnTokenPlacement *pl;

  if (c->n_tokens == 0)
    {
      *page = g_array_index (self->ocr, OcrRef, c->first_ocr).page;
      return ocr_region (self, c->first_ocr, c->n_ocr);
    }
  pl = &g_array_index (self->placements, VnTokenPlacement, c->first_token);
  *page = pl->page;
  if (c->n_ocr > 0 && c->n_tokens > 1 &&
      g_array_index (self->ocr, OcrRef, c->first_ocr).page == (guint) pl->page)
    return ocr_region (self, c->first_ocr, c->n_ocr);
  return pl->box;
}

static void
emit (VnCollation *self,
      Candidate   *c)
{
  VnDiscrepancyInit d = {
    .kind = c->kind, .start = c->start, .end = c->end,
    .transcription = c->transcription, .ocr = c->ocr, .suggestion = c->suggestion,
    .first_token = c->first_token, .n_tokens = c->n_tokens,
    .first_ocr_word = c->first_ocr < 0 ? 0 : c->first_ocr, .n_ocr_words = c->n_ocr,
  };
  int page = -1;

  d.line = vn_transcription_line_at_offset (self->transcription, c->start);
  d.confidence = mean_confidence (self, c->first_ocr, c->n_ocr);
  d.signals = collect_signals (self, c, d.confidence);
  d.bbox = candidate_box (self, c, &page);
  d.page = page < 0 ? 0 : page;
  judge (self, &d);
  g_ptr_array_add (self->discrepancies, vn_discrepancy_new (&d));
  for (guint k = 0; k < c->n_tokens; k++)
    self->consumed[c->first_token + k] = TRUE;
  g_free (c->transcription);
  g_free (c->ocr);
  g_free (c->suggestion);
}

/* ------------------------------------------------------------------ finding */

static char *
dup_bytes (VnCollation *self,
           guint        start,
           guint        end)
{
  g_autofree char *raw = vn_transcription_dup_range (self->transcription, start, end);
  return vn_text_nfc (raw, -1);
}

static char *
join_ocr_cores (VnCollation *self,
                int          first,
                guint        n,
                const char  *separator)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint k = 0; first >= 0 && k < n; k++)
    {
      const char *core = g_array_index (self->ocr, OcrRef, first + k).core;
      if (k > 0)
        g_string_append (out, separator);
      g_string_append (out, core);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_cyrillic_lookalike (VnCollation *self,
                       const char  *text)
{
  return self->cyrillic && vn_text_has_lookalikes (text);
}

static const VnToken *
token_at (VnCollation *self,
          guint        i)
{
  return vn_transcription_get_token (self->transcription, i);
}

static gboolean
ends_with_dash (const char *text)
{
  const char *last = g_utf8_find_prev_char (text, text + strlen (text));
  return last != NULL && vn_text_is_dash (last);
}

static gboolean
has_word_chars (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (vn_text_is_word_char (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
has_letters (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* "товари – щеской", "товари- щеской" or "устра нять": one word cut in two by the line end
 * of the typescript, or by a stray space. Returns the index of B, or -1. */
static int
find_broken_word (VnCollation *self,
                  guint        i,
                  gboolean    *dashed)
{
  guint n = vn_transcription_get_n_tokens (self->transcription);
  const VnToken *a = token_at (self, i);
  guint j = i + 1;
  const VnToken *b;
  gboolean a_dash = ends_with_dash (a->text);

  *dashed = a_dash;
  if (!a_dash && a->core_end != a->end)
    return -1;  /* "Партии. — Товарищи" is two sentences, not one word */
  if (j < n && token_at (self, j)->key[0] == '\0' && vn_text_is_dash (token_at (self, j)->text))
    *dashed = TRUE, j++;
  if (j >= n || self->consumed[j] || !has_letters (token_at (self, j)->text))
    return -1;
  b = token_at (self, j);
  if (b->core_start != b->start && !vn_text_is_dash (b->text))
    {
      gsize dash_len = b->core_start - b->start;
      g_autofree char *lead = g_strndup (b->text, dash_len);
      if (!vn_text_is_dash (lead))
        return -1;
      *dashed = TRUE;
    }
  return j;
}

static gboolean
ocr_confirms_join (VnCollation *self,
                   guint        i,
                   guint        j,
                   const char  *joined_key,
                   gboolean    *ocr_hyphen)
{
  const VnTokenPlacement *pa = &g_array_index (self->placements, VnTokenPlacement, i);
  const VnTokenPlacement *pb = &g_array_index (self->placements, VnTokenPlacement, j);

  *ocr_hyphen = FALSE;
  for (const VnTokenPlacement *pl = pa; pl; pl = pl == pa ? pb : NULL)
    for (guint k = 0; pl->first_ocr >= 0 && k < pl->n_ocr; k++)
      if (g_str_equal (g_array_index (self->ocr, OcrRef, pl->first_ocr + k).key, joined_key))
        return TRUE;
  if (pa->first_ocr >= 0 && pa->n_ocr == 1)
    {
      const OcrRef *ref = &g_array_index (self->ocr, OcrRef, pa->first_ocr);
      *ocr_hyphen = ref->line_end && ends_with_dash (ocr_word (self, pa->first_ocr)->text);
    }
  return *ocr_hyphen;
}

static void
ocr_span (VnCollation *self,
          guint        first_token,
          guint        last_token,
          int         *first_ocr,
          guint       *n_ocr)
{
  int lo = -1, hi = -1;

  for (guint t = first_token; t <= last_token; t++)
    {
      const VnTokenPlacement *pl = &g_array_index (self->placements, VnTokenPlacement, t);
      if (pl->first_ocr < 0)
        continue;
      if (lo < 0 || pl->first_ocr < lo)
        lo = pl->first_ocr;
      hi = MAX (hi, pl->first_ocr + (int) pl->n_ocr);
    }
  *first_ocr = lo;
  *n_ocr = lo < 0 ? 0 : hi - lo;
}

static gboolean
try_broken_word (VnCollation *self,
                 guint        i)
{
  const VnToken *a = token_at (self, i), *b;
  gboolean dashed, ocr_hyphen, confirmed;
  int j = find_broken_word (self, i, &dashed);
  g_autofree char *a_core = NULL, *b_core = NULL, *joined = NULL, *joined_key = NULL;
  VnSpelling joined_spelling;
  Candidate c = { 0 };

  if (j < 0)
    return FALSE;
  b = token_at (self, j);
  a_core = dup_bytes (self, a->core_start, a->core_end);
  b_core = dup_bytes (self, b->core_start, b->core_end);
  joined = g_strconcat (a_core, b_core, NULL);
  joined_key = vn_text_comparison_key (joined);
  confirmed = ocr_confirms_join (self, i, j, joined_key, &ocr_hyphen);
  joined_spelling = vn_spell_checker_check (self->spell, joined);
  if (joined_spelling != VN_SPELLING_CORRECT && !confirmed)
    return FALSE;
  if (!dashed && !ocr_hyphen && !confirmed &&
      vn_spell_checker_check (self->spell, a_core) == VN_SPELLING_CORRECT &&
      vn_spell_checker_check (self->spell, b_core) == VN_SPELLING_CORRECT)
    return FALSE;  /* two real words that happen to join into a third */

  c.kind = dashed || ocr_hyphen ? VN_DISCREPANCY_HYPHENATION : VN_DISCREPANCY_SPLIT;
  c.first_token = i;
  c.n_tokens = j - i + 1;
  c.start = a->core_start;
  c.end = b->core_end;
  c.transcription = dup_bytes (self, c.start, c.end);
  ocr_span (self, i, j, &c.first_ocr, &c.n_ocr);
  c.ocr = join_ocr_cores (self, c.first_ocr, c.n_ocr, " ");
  c.suggestion = g_steal_pointer (&joined);
  emit (self, &c);
  return TRUE;
}

static void
find_broken_words (VnCollation *self)
{
  guint n = vn_transcription_get_n_tokens (self->transcription);

  for (guint i = 0; i + 1 < n; i++)
    if (!self->consumed[i] && has_letters (token_at (self, i)->text))
      try_broken_word (self, i);
}

/* Where the OCR and the transcription read the same letter, the transcription's case
 * stands: OCR tells Н from н by size alone, and typed capitals are rarely mistranscribed. */
static char *
keep_transcription_case (const char *transcription,
                         char       *suggestion)
{
  glong n_t, n_s;
  g_autofree gunichar *t = g_utf8_to_ucs4_fast (transcription, -1, &n_t);
  g_autofree gunichar *s = g_utf8_to_ucs4_fast (suggestion, -1, &n_s);

  if (n_t != n_s)
    return suggestion;
  for (glong i = 0; i < n_s; i++)
    if (s[i] != t[i] && g_unichar_tolower (s[i]) == g_unichar_tolower (t[i]))
      s[i] = t[i];
  g_free (suggestion);
  return g_ucs4_to_utf8 (s, n_s, NULL, NULL, NULL);
}

static char *
lower (const char *s)
{
  return g_utf8_strdown (s, -1);
}

/* Keys agree; the letters, case or punctuation may still differ. */
static void
compare_equal (VnCollation *self,
               guint        token,
               guint        ocr_index)
{
  const VnToken *t = token_at (self, token);
  const OcrRef *ref = &g_array_index (self->ocr, OcrRef, ocr_index);
  g_autofree char *core = dup_bytes (self, t->core_start, t->core_end);
  g_autofree char *ocr_text = vn_text_nfc (ocr_word (self, ocr_index)->text, -1);
  Candidate c = { .first_token = token, .n_tokens = 1, .first_ocr = ocr_index, .n_ocr = 1,
                  .start = t->core_start, .end = t->core_end };

  if (g_str_equal (core, ref->core) || t->key[0] == '\0')
    {
      if (g_str_equal (t->text, ocr_text))
        return;
      c.kind = VN_DISCREPANCY_PUNCTUATION;
      c.start = t->start, c.end = t->end;
      c.transcription = g_strdup (t->text);
      c.ocr = g_strdup (ocr_text);
      c.suggestion = g_strdup (ocr_text);
      emit (self, &c);
      return;
    }
  c.transcription = g_steal_pointer (&core);
  c.ocr = g_strdup (ref->core);
  if (is_cyrillic_lookalike (self, c.transcription))
    {
      c.kind = VN_DISCREPANCY_LOOKALIKE;
      c.suggestion = vn_text_lookalikes_to_cyrillic (c.transcription);
    }
  else
    {
      g_autofree char *a = lower (c.transcription), *b = lower (c.ocr);
      c.kind = g_str_equal (a, b) ? VN_DISCREPANCY_CASE : VN_DISCREPANCY_SUBSTITUTION;
      c.suggestion = is_cyrillic_lookalike (self, c.ocr) ? vn_text_lookalikes_to_cyrillic (c.ocr)
                                                         : g_strdup (c.ocr);
      if (c.kind != VN_DISCREPANCY_CASE)
        c.suggestion = keep_transcription_case (c.transcription, c.suggestion);
    }
  emit (self, &c);
}

static void
emit_replace (VnCollation       *self,
              const VnAlignHunk *h)
{
  const VnToken *first = token_at (self, h->a_start);
  const VnToken *last = token_at (self, h->a_start + h->a_len - 1);
  Candidate c = {
    .first_token = h->a_start, .n_tokens = h->a_len, .first_ocr = h->b_start, .n_ocr = h->b_len,
    .start = first->core_start, .end = last->core_end,
  };

  for (guint k = 0; k < h->a_len; k++)
    if (self->consumed[h->a_start + k])
      return;
  c.transcription = dup_bytes (self, c.start, c.end);
  c.ocr = join_ocr_cores (self, h->b_start, h->b_len, " ");
  if (h->a_len == 1 && h->b_len > 1)
    c.kind = VN_DISCREPANCY_MERGE;
  else if (h->a_len > 1 && h->b_len == 1)
    c.kind = VN_DISCREPANCY_SPLIT;
  else
    c.kind = VN_DISCREPANCY_SUBSTITUTION;
  if (h->a_len == 1 && is_cyrillic_lookalike (self, c.transcription))
    {
      c.kind = VN_DISCREPANCY_LOOKALIKE;
      c.suggestion = vn_text_lookalikes_to_cyrillic (c.transcription);
    }
  else if (c.kind == VN_DISCREPANCY_SPLIT)
    c.suggestion = join_ocr_cores (self, h->b_start, h->b_len, "");
  else
    c.suggestion = keep_transcription_case (c.transcription,
                                            is_cyrillic_lookalike (self, c.ocr)
                                            ? vn_text_lookalikes_to_cyrillic (c.ocr)
                                            : g_strdup (c.ocr));
  emit (self, &c);
}

static void
emit_missing_in_ocr (VnCollation *self,
                     guint        token)
{
  const VnToken *t = token_at (self, token);
  Candidate c = { .kind = VN_DISCREPANCY_MISSING_IN_OCR, .first_token = token, .n_tokens = 1,
                  .first_ocr = -1, .start = t->core_start, .end = t->core_end };

  if (self->consumed[token] || t->key[0] == '\0')
    return;  /* a lone dash or bracket is layout, not a reading */
  c.transcription = dup_bytes (self, c.start, c.end);
  c.ocr = g_strdup ("");
  /* Latin gibberish in a Cyrillic text with nothing on the scan: suggest removing it. */
  c.suggestion = self->cyrillic && vn_text_scripts (c.transcription) == VN_SCRIPT_LATIN
                 ? g_strdup ("") : g_strdup (c.transcription);
  emit (self, &c);
}

/* OCR words the transcription lacks: one discrepancy per run on one line. */
static void
emit_missing_in_transcription (VnCollation       *self,
                               const VnAlignHunk *h)
{
  guint insert_at = 0;
  guint n_tokens = vn_transcription_get_n_tokens (self->transcription);

  if (h->a_start > 0)
    insert_at = token_at (self, h->a_start - 1)->end;
  else if (n_tokens > 0)
    insert_at = token_at (self, 0)->start;
  for (guint k = 0; k < h->b_len;)
    {
      guint run = 1;
      const VnOcrWord *w0 = ocr_word (self, h->b_start + k);
      Candidate c = { .kind = VN_DISCREPANCY_MISSING_IN_TRANSCRIPTION, .first_token = h->a_start,
                      .first_ocr = h->b_start + k, .start = insert_at, .end = insert_at };

      while (k + run < h->b_len && ocr_word (self, h->b_start + k + run)->line == w0->line &&
             g_array_index (self->ocr, OcrRef, h->b_start + k + run).page ==
             g_array_index (self->ocr, OcrRef, h->b_start + k).page)
        run++;
      c.n_ocr = run;
      c.ocr = join_ocr_cores (self, c.first_ocr, run, " ");
      k += run;
      /* Specks and stains read as punctuation are noise, not text. */
      if (!has_word_chars (c.ocr))
        {
          g_free (c.ocr);
          continue;
        }
      c.transcription = g_strdup ("");
      c.suggestion = g_strdup (c.ocr);
      emit (self, &c);
    }
}

static void
find_in_hunks (VnCollation *self)
{
  for (guint i = 0; i < self->hunks->len; i++)
    {
      const VnAlignHunk *h = &g_array_index (self->hunks, VnAlignHunk, i);

      switch (h->op)
        {
        case VN_ALIGN_EQUAL:
          for (guint k = 0; k < h->a_len; k++)
            if (!self->consumed[h->a_start + k])
              compare_equal (self, h->a_start + k, h->b_start + k);
          break;
        case VN_ALIGN_REPLACE:
          emit_replace (self, h);
          break;
        case VN_ALIGN_DELETE:
          for (guint k = 0; k < h->a_len; k++)
            emit_missing_in_ocr (self, h->a_start + k);
          break;
        case VN_ALIGN_INSERT:
          emit_missing_in_transcription (self, h);
          break;
        default:
          g_assert_not_reached ();
        }
    }
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

/* Aligns and judges at once; about a millisecond per page of text. */
VnCollation *
vn_collation_new (VnTranscription *transcription,
                  GPtrArray       *ocr_pages,
                  VnSpellChecker  *spell_checker)
{
  VnCollation *self;

  g_return_val_if_fail (VN_IS_TRANSCRIPTION (transcription), NULL);
  g_return_val_if_fail (ocr_pages != NULL, NULL);
  g_return_val_if_fail (VN_IS_SPELL_CHECKER (spell_checker), NULL);

  self = g_object_new (VN_TYPE_COLLATION, NULL);
  self->transcription = g_object_ref (transcription);
  self->pages = g_ptr_array_ref (ocr_pages);
  self->spell = g_object_ref (spell_checker);
  self->consumed = g_new0 (guint8, vn_transcription_get_n_tokens (transcription) + 1);
  collect_ocr (self);
  self->cyrillic = detect_cyrillic (self);
  align (self);
  place_tokens (self);
  find_broken_words (self);
  find_in_hunks (self);
  g_ptr_array_sort (self->discrepancies, compare_by_score);
  return self;
}

VnTranscription *
vn_collation_get_transcription (VnCollation *self)
{
  g_return_val_if_fail (VN_IS_COLLATION (self), NULL);
  return self->transcription;
}

guint
vn_collation_get_n_pages (VnCollation *self)
{
  g_return_val_if_fail (VN_IS_COLLATION (self), 0);
  return self->pages->len;
}

VnOcrPage *
vn_collation_get_page (VnCollation *self,
                       guint        index)
{
  g_return_val_if_fail (VN_IS_COLLATION (self), NULL);
  g_return_val_if_fail (index < self->pages->len, NULL);
  return g_ptr_array_index (self->pages, index);
}

const VnTokenPlacement *
vn_collation_get_placement (VnCollation *self,
                            guint        token)
{
  g_return_val_if_fail (VN_IS_COLLATION (self), NULL);
  g_return_val_if_fail (token < self->placements->len, NULL);
  return &g_array_index (self->placements, VnTokenPlacement, token);
}

guint
vn_collation_get_n_ocr_words (VnCollation *self)
{
  g_return_val_if_fail (VN_IS_COLLATION (self), 0);
  return self->ocr->len;
}

const VnOcrWord *
vn_collation_get_ocr_word (VnCollation *self,
                           guint        index,
                           guint       *page)
{
  g_return_val_if_fail (VN_IS_COLLATION (self), NULL);
  g_return_val_if_fail (index < self->ocr->len, NULL);
  if (page != NULL)
    *page = g_array_index (self->ocr, OcrRef, index).page;
  return ocr_word (self, index);
}

/* Where the alignment found page @page to begin in the transcription, or -1. */
int
vn_collation_get_page_first_token (VnCollation *self,
                                   guint        page)
{
  g_return_val_if_fail (VN_IS_COLLATION (self), -1);

  for (guint i = 0; i < self->placements->len; i++)
    if (g_array_index (self->placements, VnTokenPlacement, i).page == (int) page)
      return i;
  return -1;
}

/* ------------------------------------------------------------------ JSON */

static void
add_box (JsonBuilder *builder,
         VnBox        box)
{
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, box.x);
  json_builder_add_int_value (builder, box.y);
  json_builder_add_int_value (builder, box.w);
  json_builder_add_int_value (builder, box.h);
  json_builder_end_array (builder);
}

static void
add_member_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
add_member_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_member_double (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, round (value * 1000) / 1000);
}

static void
add_discrepancy (JsonBuilder   *b,
                 VnDiscrepancy *d)
{
  g_auto(GStrv) signals = vn_signals_to_strv (vn_discrepancy_get_signals (d));

  json_builder_begin_object (b);
  add_member_int (b, "page", vn_discrepancy_get_page (d) + 1);
  add_member_int (b, "start", vn_discrepancy_get_start (d));
  add_member_int (b, "end", vn_discrepancy_get_end (d));
  add_member_int (b, "line", vn_discrepancy_get_line (d));
  add_member_string (b, "transcription", vn_discrepancy_get_transcription (d));
  add_member_string (b, "ocr", vn_discrepancy_get_ocr (d));
  add_member_string (b, "suggestion", vn_discrepancy_get_suggestion (d));
  add_member_string (b, "likely", vn_likely_to_string (vn_discrepancy_get_likely (d)));
  add_member_double (b, "score", vn_discrepancy_get_score (d));
  add_member_double (b, "confidence", MAX (0, vn_discrepancy_get_confidence (d)));
  json_builder_set_member_name (b, "bbox");
  add_box (b, vn_discrepancy_get_bbox (d));
  add_member_string (b, "kind", vn_discrepancy_kind_to_string (vn_discrepancy_get_kind (d)));
  json_builder_set_member_name (b, "signals");
  json_builder_begin_array (b);
  for (guint i = 0; signals[i]; i++)
    json_builder_add_string_value (b, signals[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* The interface outside tools rely on: {"pages": [...], "discrepancies": [...]}. */
char *
vn_collation_to_json (VnCollation *self,
                      GPtrArray   *scan_pages)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (VN_IS_COLLATION (self), NULL);

  json_builder_begin_object (b);
  add_member_string (b, "transcription",
                     vn_transcription_get_display_name (self->transcription));
  json_builder_set_member_name (b, "pages");
  json_builder_begin_array (b);
  for (guint p = 0; p < self->pages->len; p++)
    {
      VnOcrPage *page = g_ptr_array_index (self->pages, p);
      VnScanPage *scan = scan_pages && p < scan_pages->len ? g_ptr_array_index (scan_pages, p)
                                                           : NULL;
      json_builder_begin_object (b);
      add_member_string (b, "scan", scan ? scan->path : vn_ocr_page_get_source_label (page));
      add_member_int (b, "width", vn_ocr_page_get_width (page));
      add_member_int (b, "height", vn_ocr_page_get_height (page));
      add_member_int (b, "words", vn_ocr_page_get_n_words (page));
      add_member_int (b, "first_token", vn_collation_get_page_first_token (self, p));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "discrepancies");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->discrepancies->len; i++)
    add_discrepancy (b, g_ptr_array_index (self->discrepancies, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
