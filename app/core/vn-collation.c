/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-collation.c: the transcription aligned word by word to the OCR of its scans, and the
 * discrepancies between them, judged and ranked (asking the scan again is in
 * vn-collation-reread.c, the JSON in vn-collation-json.c). */
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vn-alignment.h"
#include "vn-collation-private.h"
#include "vn-text.h"

/* How much a word both witnesses read alike is suspect per odds that the text writes a
 * final ъ. */
#define LR_AGREED_PER_SHARE     0.5
/* … and per capital among small letters, in a text that never writes one so. */
#define LR_AGREED_MIXED_CASE    10.0
/* A confusion the OCR makes this often on a document is its habit there; a word both read
 * alike that it leads to a word of the document is suspect this much per time. */
#define MIN_CONFUSIONS 3
#define LR_AGREED_PER_CONFUSION 1.5
/* The OCR's misreadings read backwards: at most this many letters of a word, and the
 * likeliest words so found. */
#define MAX_MISREADINGS 2
#define MAX_SOURCES     24
/* A non-word is near a word when the OCR reads it for that word at least this often, for
 * each time it reads it for itself. */
#define NEAR_RATIO      0.02
/* A candidate's prior: the share of its occurrences elsewhere in the transcription, or one
 * word of a dictionary this large; readings that are neither are far less likely. */
#define PRIOR_DOCUMENT    0.5
#define PRIOR_DICTIONARY  0.5
#define DICTIONARY_WORDS  1e5
#define PRIOR_NONWORD     1e-7
/* A right word of the document that is in no dictionary: as likely as a word of the
 * document seen once in 5000 words. */
#define PRIOR_RIGHT_NONWORD 1e-4
/* … and one with a capital: names are in no dictionary, and often once in a document. */
#define PRIOR_RIGHT_NAME    1e-2
/* Where both witnesses read a word alike, their misreadings are far from independent (one
 * engine, one typeface): the second counts this much of the first. */
#define AGREED_CORRELATION 0.5
/* A transcription that writes a capital among small letters this share of its words or
 * more does so by its own habit. */
#define MIXED_CASE_SHARE 0.05

static void
clear_pending (gpointer data)
{
  Pending *p = data;

  g_free ((char *) p->d.transcription);
  g_free ((char *) p->d.ocr);
  g_free ((char *) p->d.suggestion);
  g_free (p->unwritable);
  g_free (p->reread);
}



static void build_evidence (VnCollation     *self,
                            const Candidate *c,
                            Pending         *p);
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
  g_clear_pointer (&self->halves, g_free);
  g_clear_pointer (&self->discrepancies, g_ptr_array_unref);
  g_clear_object (&self->model);
  g_clear_object (&self->orthography);
  g_clear_object (&self->witnesses);
  g_clear_pointer (&self->confirmed, g_hash_table_unref);
  g_clear_pointer (&self->spellings, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->vocabulary, g_hash_table_unref);
  g_clear_pointer (&self->spelled, g_hash_table_unref);
  g_clear_object (&self->channel);
  g_clear_pointer (&self->near, g_hash_table_unref);
  g_clear_pointer (&self->pairs, g_hash_table_unref);
  g_clear_pointer (&self->confusions, g_hash_table_unref);
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
  self->witnesses = vn_witness_model_new ();
  self->confirmed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->spellings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_array_new (FALSE, TRUE, sizeof (Pending));
  self->vocabulary = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->spelled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->channel = vn_ocr_channel_new ();
  self->near = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->confusions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_array_set_clear_func (self->pending, clear_pending);
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

char *
_vn_collation_word_core (const char *text)
{
  gsize start, end;

  vn_text_word_core (text, strlen (text), &start, &end);
  return g_strndup (text + start, end - start);
}

const VnOcrWord *
_vn_collation_ocr_word (VnCollation *self,
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
            .page = p, .word = w, .key = vn_text_comparison_key (nfc),
            .core = _vn_collation_word_core (nfc),
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
    count_scripts (_vn_collation_ocr_word (self, j)->text, &cyrillic, &latin);
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
VnBox
_vn_collation_ocr_region (VnCollation *self,
                          guint        first,
                          guint        n)
{
  const VnOcrWord *w0 = _vn_collation_ocr_word (self, first);
  const OcrRef *r0 = &g_array_index (self->ocr, OcrRef, first);
  VnBox box = w0->box;

  for (guint k = 1; k < n; k++)
    {
      const OcrRef *ref = &g_array_index (self->ocr, OcrRef, first + k);
      const VnOcrWord *w = _vn_collation_ocr_word (self, first + k);

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
  VnBox box = _vn_collation_ocr_region (self, hunk->b_start, 1);
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
      pl->box = _vn_collation_ocr_region (self, first, pl->n_ocr);
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

/* The published file's own boxes (ALTO, PAGE, hOCR, a PDF's text layer) place its words
 * without alignment guesswork: a word's own box is where it is; a share of its line's box
 * only replaces a guess. */
static void
place_by_file (VnCollation *self)
{
  for (guint i = 0; i < self->placements->len; i++)
    {
      VnTokenPlacement *pl = &g_array_index (self->placements, VnTokenPlacement, i);
      gboolean exact;
      guint page;
      VnBox box;

      if (vn_transcription_place_token (self->transcription, i, self->pages, &page, &box,
                                        &exact) &&
          (exact || pl->interpolated || pl->page < 0))
        {
          pl->page = page;
          pl->box = box;
          pl->interpolated = FALSE;
        }
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
  place_by_file (self);
}

/* ------------------------------------------------------------------ judging */


static double
mean_confidence (VnCollation *self,
                 int          first,
                 guint        n)
{
  double sum = 0;

  if (first < 0 || n == 0)
    return -1;
  for (guint k = 0; k < n; k++)
    sum += _vn_collation_ocr_word (self, first + k)->confidence;
  return sum / n;
}

static VnSignals
spelling_signals (VnSpelling  spelling,
                  VnSignals   correct,
                  VnSignals   wrong)
{
  return spelling == VN_SPELLING_CORRECT ? correct : spelling == VN_SPELLING_MISSPELT ? wrong : 0;
}

/* An alternative Tesseract lists at this share of its choice's confidence or more is one it
 * hesitated over; the rest of its list (often at 0) are letters it ruled out. */
#define CONSIDERED_SHARE 0.5

/* TRUE when the OCR itself considered each of the transcription's differing letters. */
gboolean
_vn_collation_word_considered (const VnOcrWord *word,
                               const char      *transcription)
{
  g_autofree gunichar *trans = NULL;
  glong n_trans = 0, offset;
  guint differing = 0;
  gsize core_start, core_end;

  trans = g_utf8_to_ucs4_fast (transcription, -1, &n_trans);
  /* The word's symbols include the punctuation around it; the transcription's core not. */
  vn_text_word_core (word->text, strlen (word->text), &core_start, &core_end);
  offset = g_utf8_strlen (word->text, core_start);
  if (word->symbols == NULL || g_utf8_strlen (word->text + core_start, core_end - core_start) !=
      n_trans || (glong) word->symbols->len < offset + n_trans)
    return FALSE;
  for (glong i = 0; i < n_trans; i++)
    {
      GArray *choices = g_array_index (word->symbols, GArray *, offset + i);
      gboolean found = FALSE;

      if (choices->len == 0)
        return FALSE;
      if (g_utf8_get_char (g_array_index (choices, VnOcrChoice, 0).text) == trans[i])
        continue;
      differing++;
      for (guint k = 1; k < choices->len && !found; k++)
        found = g_utf8_get_char (g_array_index (choices, VnOcrChoice, k).text) == trans[i] &&
                g_array_index (choices, VnOcrChoice, k).confidence >=
                CONSIDERED_SHARE * g_array_index (choices, VnOcrChoice, 0).confidence;
      if (!found)
        return FALSE;
    }
  return differing > 0;
}

static gboolean
alternatives_agree (VnCollation     *self,
                    const Candidate *c)
{
  if (c->n_ocr != 1 || c->n_tokens != 1)
    return FALSE;
  return _vn_collation_word_considered (_vn_collation_ocr_word (self, c->first_ocr),
                                        c->transcription);
}

/* The document's spelling regime decides how a word is looked up: "какъ" as "как". */
static VnSpelling
check_spelling (VnCollation *self,
                const char  *phrase)
{
  gpointer cached;
  VnSpelling spelling;
  g_auto(GStrv) modern = NULL;

  if (g_hash_table_lookup_extended (self->spellings, phrase, NULL, &cached))
    return GPOINTER_TO_INT (cached);
  spelling = vn_spell_checker_check_phrase (self->spell, phrase);
  if (spelling != VN_SPELLING_CORRECT && vn_orthography_is_pre_reform (self->orthography))
    {
      modern = vn_orthography_dup_modern_forms (self->orthography, phrase);
      for (guint i = 0; modern[i] && spelling != VN_SPELLING_CORRECT; i++)
        if (vn_spell_checker_check_phrase (self->spell, modern[i]) == VN_SPELLING_CORRECT)
          spelling = VN_SPELLING_CORRECT;
    }
  g_hash_table_insert (self->spellings, g_strdup (phrase), GINT_TO_POINTER (spelling));
  return spelling;
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
    s |= spelling_signals (check_spelling (self, c->transcription),
                           VN_SIGNAL_TRANSCRIPTION_IN_DICT, VN_SIGNAL_TRANSCRIPTION_NOT_IN_DICT);
  if (*c->ocr)
    s |= spelling_signals (check_spelling (self, c->ocr),
                           VN_SIGNAL_OCR_IN_DICT, VN_SIGNAL_OCR_NOT_IN_DICT);
  if (*c->suggestion && check_spelling (self, c->suggestion) == VN_SPELLING_CORRECT)
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
      return _vn_collation_ocr_region (self, c->first_ocr, c->n_ocr);
    }
  pl = &g_array_index (self->placements, VnTokenPlacement, c->first_token);
  *page = pl->page;
  if (c->n_ocr > 0 && c->n_tokens > 1 &&
      g_array_index (self->ocr, OcrRef, c->first_ocr).page == (guint) pl->page)
    return _vn_collation_ocr_region (self, c->first_ocr, c->n_ocr);
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
  Pending pending = { 0 };
  int page = -1;

  d.line = vn_transcription_line_at_offset (self->transcription, c->start);
  d.confidence = mean_confidence (self, c->first_ocr, c->n_ocr);
  d.signals = collect_signals (self, c, d.confidence);
  d.bbox = candidate_box (self, c, &page);
  d.page = page < 0 ? 0 : page;
  pending.d = d;
  build_evidence (self, c, &pending);
  g_array_append_val (self->pending, pending);
  for (guint k = 0; k < c->n_tokens; k++)
    self->consumed[c->first_token + k] = TRUE;
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
has_digits (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isdigit (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* A digit right beside a letter: "Ч0", "1Х" (not "3.IX.56"). */
static gboolean
mixes_digits_and_letters (const char *text)
{
  gunichar prev = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((g_unichar_isdigit (c) && g_unichar_isalpha (prev)) ||
          (g_unichar_isalpha (c) && g_unichar_isdigit (prev)))
        return TRUE;
      prev = c;
    }
  return FALSE;
}

/* A capital right after a small letter: "былЪ", "пожаловалЬ" (not "McDonald"'s "D" after
 * one small letter, a name's habit). */
static gboolean
mixes_case (const char *text)
{
  guint small = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isupper (c) && small >= 2)
        return TRUE;
      small = g_unichar_islower (c) ? small + 1 : 0;
    }
  return FALSE;
}

/* @suggestion (owned) without the capitals among small letters that the OCR reads and the
 * transcription never writes ("тамЪ" → "тамъ"). */
static char *
in_document_case (VnCollation *self,
                  char        *suggestion)
{
  g_autoptr(GString) out = NULL;
  guint small = 0;

  if (self->writes_mixed_case || !mixes_case (suggestion))
    return suggestion;
  out = g_string_new (NULL);
  for (const char *p = suggestion; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isupper (c) && small >= 2)
        c = g_unichar_tolower (c);
      small = g_unichar_islower (c) ? small + 1 : 0;
      g_string_append_unichar (out, c);
    }
  g_free (suggestion);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Letters of one word a page's own writing never has: digits among them, or a capital
 * among small letters where the transcription never writes one so. */
static gboolean
garbled_writing (VnCollation *self,
                 const char  *text)
{
  return mixes_digits_and_letters (text) || (mixes_case (text) && !self->writes_mixed_case);
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
      *ocr_hyphen = ref->line_end &&
                    ends_with_dash (_vn_collation_ocr_word (self, pa->first_ocr)->text);
    }
  return *ocr_hyphen;
}

/* The OCR reads tokens @i and @j as two words of their own, as the transcription does ("la
 * mer" read "la" and "mer"): both witnesses part them, so the space is the page's. */
static gboolean
ocr_reads_apart (VnCollation *self,
                 guint        i,
                 guint        j)
{
  const VnTokenPlacement *pa = &g_array_index (self->placements, VnTokenPlacement, i);
  const VnTokenPlacement *pb = &g_array_index (self->placements, VnTokenPlacement, j);

  if (pa->first_ocr < 0 || pb->first_ocr < 0 || pa->n_ocr != 1 || pb->n_ocr != 1 ||
      pb->first_ocr != pa->first_ocr + 1)
    return FALSE;
  return g_str_equal (g_array_index (self->ocr, OcrRef, pa->first_ocr).key,
                      token_at (self, i)->key) &&
         g_str_equal (g_array_index (self->ocr, OcrRef, pb->first_ocr).key,
                      token_at (self, j)->key);
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

/* Whether the OCR's reading of token @i ends a line of the scan. */
static gboolean
ocr_ends_line_at (VnCollation *self,
                  guint        i)
{
  const VnTokenPlacement *pl = &g_array_index (self->placements, VnTokenPlacement, i);

  return pl->first_ocr >= 0 && pl->n_ocr > 0 &&
         g_array_index (self->ocr, OcrRef, pl->first_ocr + pl->n_ocr - 1).line_end;
}

/* A word cut at the transcription's line end is its convention where the text keeps the
 * page's lines, or where the scan's line ends there too (the OCR, which may read the cut
 * word's halves as anything, cannot say more than the line ends do), and its halves are
 * then judged as words; a cut inside a line is an artefact. */
static VnLayout
broken_word_layout (VnCollation *self,
                    guint        i,
                    guint        j)
{
  if (token_at (self, i)->line == token_at (self, j)->line)
    return VN_LAYOUT_ARTEFACT;
  return self->diplomatic || ocr_ends_line_at (self, i) ? VN_LAYOUT_CONVENTION
                                                        : VN_LAYOUT_REFLOWED;
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

  /* The transcription's own convention is no discrepancy: its halves are compared as words. */
  if (j < 0 || broken_word_layout (self, i, j) == VN_LAYOUT_CONVENTION)
    return FALSE;
  b = token_at (self, j);
  a_core = dup_bytes (self, a->core_start, a->core_end);
  b_core = dup_bytes (self, b->core_start, b->core_end);
  joined = g_strconcat (a_core, b_core, NULL);
  joined_key = vn_text_comparison_key (joined);
  confirmed = ocr_confirms_join (self, i, j, joined_key, &ocr_hyphen);
  if (!dashed && !ocr_hyphen && !confirmed && ocr_reads_apart (self, i, j))
    return FALSE;
  joined_spelling = vn_spell_checker_check (self->spell, joined);
  if (joined_spelling != VN_SPELLING_CORRECT && !confirmed)
    return FALSE;
  if (!dashed && !ocr_hyphen && !confirmed &&
      vn_spell_checker_check (self->spell, a_core) == VN_SPELLING_CORRECT &&
      vn_spell_checker_check (self->spell, b_core) == VN_SPELLING_CORRECT)
    return FALSE;  /* two real words that happen to join into a third */

  c.kind = dashed || ocr_hyphen ? VN_DISCREPANCY_HYPHENATION : VN_DISCREPANCY_SPLIT;
  c.layout = broken_word_layout (self, i, j);
  g_assert (c.layout != VN_LAYOUT_CONVENTION);
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
  g_autofree char *ocr_text = vn_text_nfc (_vn_collation_ocr_word (self, ocr_index)->text, -1);
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
      const VnOcrWord *w0 = _vn_collation_ocr_word (self, h->b_start + k);
      Candidate c = { .kind = VN_DISCREPANCY_MISSING_IN_TRANSCRIPTION, .first_token = h->a_start,
                      .first_ocr = h->b_start + k, .start = insert_at, .end = insert_at };

      while (k + run < h->b_len &&
             _vn_collation_ocr_word (self, h->b_start + k + run)->line == w0->line &&
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

/* ------------------------------------------------------------------ the witnesses */

static char *
form_key (const char *core)
{
  return vn_text_casefold (core);
}

static guint
confirmed_count (VnCollation *self,
                 const char  *core)
{
  g_autofree char *key = form_key (core);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->confirmed, key));
}

static guint
vocabulary_count (VnCollation *self,
                  const char  *core)
{
  g_autofree char *key = form_key (core);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->vocabulary, key));
}

static gboolean
is_all_capitals (const char *word)
{
  guint letters = 0;

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        return FALSE;
      letters += g_unichar_isalpha (c);
    }
  return letters >= 2;
}

/* @word (lower case) in the case of @model: capitals throughout, an initial, or none. */
static char *
cased_like (const char *word,
            const char *model)
{
  g_autoptr(GString) out = NULL;

  if (is_all_capitals (model))
    return g_utf8_strup (word, -1);
  out = g_string_new (NULL);
  g_string_append_unichar (out, g_unichar_isupper (g_utf8_get_char (model))
                                ? g_unichar_toupper (g_utf8_get_char (word))
                                : g_utf8_get_char (word));
  g_string_append (out, g_utf8_next_char (word));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* log P(@word) as a word of this document: how often the transcription has it elsewhere
 * (@own times being this very place), and whether a dictionary knows it; -INFINITY for a
 * word of neither. */
static double
word_prior (VnCollation *self,
            const char  *word,
            guint        own)
{
  guint count = vocabulary_count (self, word);
  double p = 0;

  if (count > own)
    p += PRIOR_DOCUMENT * (count - own) /
         (vn_transcription_get_n_tokens (self->transcription) + 1.0);
  if (check_spelling (self, word) == VN_SPELLING_CORRECT)
    p += PRIOR_DICTIONARY / DICTIONARY_WORDS;
  return p > 0 ? log (p) : -INFINITY;
}

/* The word of the document or a dictionary that the OCR's habitual misreadings turn into
 * the non-word @core likeliest, or NULL. */
static const char *
near_word (VnCollation *self,
           const char  *core)
{
  g_autofree char *key = form_key (core);
  g_autoptr(GPtrArray) sources = NULL;
  const char *cached;
  char *best = NULL;
  double best_score = -INFINITY;

  if ((cached = g_hash_table_lookup (self->near, key)) != NULL)
    return *cached ? cached : NULL;
  sources = vn_ocr_channel_dup_sources (self->channel, core, MAX_MISREADINGS, MAX_SOURCES);
  for (guint i = 0; i < sources->len; i++)
    {
      g_autofree char *word = cased_like (g_ptr_array_index (sources, i), core);
      double ratio = vn_ocr_channel_log_ratio (self->channel, word, core);
      double score = word_prior (self, word, 0) + ratio;

      if (ratio >= log (NEAR_RATIO) && score > best_score)
        {
          g_free (best);
          best = g_steal_pointer (&word);
          best_score = score;
        }
    }
  g_hash_table_insert (self->near, g_steal_pointer (&key), best ? best : g_strdup (""));
  return best;
}

/* log P(the witnesses' readings | @word was written): the transcription's @written and
 * the OCR's @readings, each through this OCR's misreadings. */
static double
explains (VnCollation        *self,
          const char         *word,
          const char         *written,
          const char * const *readings)
{
  double score = vn_ocr_channel_log_prob (self->channel, word, written);

  for (guint k = 0; readings[k]; k++)
    score += vn_ocr_channel_log_prob (self->channel, word, readings[k]);
  return score;
}

static void
add_candidates (GPtrArray    *candidates,
                VnOcrChannel *channel,
                const char   *reading)
{
  g_autoptr(GPtrArray) sources = vn_ocr_channel_dup_sources (channel, reading, MAX_MISREADINGS,
                                                             MAX_SOURCES);

  g_ptr_array_add (candidates, g_utf8_strdown (reading, -1));
  g_ptr_array_extend_and_steal (candidates, g_steal_pointer (&sources));
}

/* The likeliest word written where the transcription has the word @written and the OCR (and
 * a second reading) have @readings: of the readings themselves and the words the OCR's
 * misreadings on this document make them from, those of the document or a dictionary,
 * weighed by how often they are written and how well they explain every reading. NULL when
 * @written itself explains them best. */
static char *
best_correction (VnCollation        *self,
                 const char         *written,
                 const char * const *readings)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *own = g_utf8_strdown (written, -1);
  double prior = word_prior (self, written, 1);
  double best_score = (isinf (prior) ? log (PRIOR_NONWORD) : prior) +
                      explains (self, written, written, readings);
  char *best = NULL;

  add_candidates (candidates, self->channel, written);
  for (guint k = 0; readings[k]; k++)
    add_candidates (candidates, self->channel, readings[k]);
  for (guint i = 0; i < candidates->len; i++)
    {
      g_autofree char *word = cased_like (g_ptr_array_index (candidates, i), written);
      double score;

      if (g_str_equal (g_ptr_array_index (candidates, i), own))
        continue;
      score = word_prior (self, word, 0);
      if (isinf (score) && g_strv_contains (readings, word))
        score = log (PRIOR_NONWORD);
      score += explains (self, word, written, readings);
      if (score > best_score)
        {
          g_free (best);
          best = g_steal_pointer (&word);
          best_score = score;
        }
    }
  return best;
}

/* Letter pairs of @core (lower case, with its beginning and end as 0): @each (with @data)
 * gets every pair. */
static void
for_each_pair (const char *core,
               void      (*each) (VnCollation *self, gint64 key, gpointer data),
               VnCollation *self,
               gpointer    data)
{
  g_autofree char *lower = g_utf8_strdown (core, -1);
  gunichar prev = 0;

  for (const char *p = lower; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      each (self, (gint64) prev << 32 | c, data);
      if (c == 0)
        break;
      prev = c;
    }
}

static guint
pair_count (VnCollation *self,
            gint64       key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->pairs, &key));
}

/* Keys of a letter's times first in a pair, second in one, and of all pairs. */
#define ANY_LETTER ((gint64) 0x110000)
#define FIRST_KEY(key)  (((key) & ~(gint64) 0xffffffff) | ANY_LETTER)
#define SECOND_KEY(key) (ANY_LETTER << 32 | ((key) & 0xffffffff))
#define ALL_PAIRS_KEY   (ANY_LETTER << 32 | ANY_LETTER)

static void
add_to_count (GHashTable *counts,
              gint64      key)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, &key));

  g_hash_table_insert (counts, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (n + 1));
}

static void
count_pair (VnCollation *self,
            gint64       key,
            gpointer     data)
{
  add_to_count (self->pairs, key);
  add_to_count (self->pairs, FIRST_KEY (key));
  add_to_count (self->pairs, SECOND_KEY (key));
  add_to_count (self->pairs, ALL_PAIRS_KEY);
}

/* A pair of letters the text never has side by side is a sign of garbage only where the
 * two letters are common enough to meet this often by chance. */
#define GARBLED_EXPECTED 4.0

static void
find_unseen_pair (VnCollation *self,
                  gint64       key,
                  gpointer     data)
{
  /* A transcribed word's own pairs are counted once: those the rest of the text lacks. */
  guint *state = data;   /* [0]: own occurrences, [1]: unseen pairs */
  double all = MAX (1, pair_count (self, ALL_PAIRS_KEY));
  double expected = (pair_count (self, FIRST_KEY (key)) - state[0]) *
                    (pair_count (self, SECOND_KEY (key)) - state[0]) / all;

  state[1] += pair_count (self, key) <= state[0] && expected >= GARBLED_EXPECTED;
}

/* Whether @core has letters side by side that no other word of the transcription has:
 * OCR garbage ("гутжь", "почшен!я"), rarely a word of the document's language. */
static gboolean
is_garbled (VnCollation *self,
            const char  *core,
            gboolean     transcribed)
{
  guint state[2] = { transcribed ? 1 : 0, 0 };

  for_each_pair (core, find_unseen_pair, self, state);
  return state[1] > 0;
}

/* What @word is to this document: a word of it (read alike by both witnesses elsewhere,
 * @own times being this very occurrence), a dictionary word, a non-word (near a word, or
 * garbled; @transcribed: a word of the transcription, whose letters are the document's
 * own), or neither. */
static VnForm
word_form (VnCollation *self,
           const char  *word,
           guint        own,
           gboolean     transcribed)
{
  g_autofree char *core = _vn_collation_word_core (word);
  VnSpelling spelling;
  gboolean near;

  if (!has_letters (core))
    return VN_FORM_OTHER;
  if (has_digits (core))
    return VN_FORM_NONWORD;   /* "Ч0", "1Х": letters and digits make no word */
  if (confirmed_count (self, core) > own)
    return VN_FORM_DOCUMENT;
  spelling = check_spelling (self, core);
  if (spelling == VN_SPELLING_CORRECT)
    return VN_FORM_DICTIONARY;
  near = near_word (self, core) != NULL;
  if (is_garbled (self, core, transcribed))
    return near ? VN_FORM_NEAR_GARBLED : VN_FORM_GARBLED;
  if (near)
    return VN_FORM_NEAR;
  return spelling == VN_SPELLING_MISSPELT ? VN_FORM_NONWORD : VN_FORM_OTHER;
}

static gboolean
is_nonword_form (VnForm form)
{
  return form == VN_FORM_NONWORD || form >= VN_FORM_NEAR;
}

/* Of several words, the weakest form: one non-word makes the phrase one. */
static VnForm
phrase_form (VnCollation *self,
             const char  *phrase,
             guint        own,
             gboolean     transcribed)
{
  g_auto(GStrv) words = g_strsplit_set (phrase, " \t\n", -1);
  VnForm form = VN_FORM_OTHER;
  gboolean any = FALSE;

  for (guint i = 0; words[i]; i++)
    {
      VnForm f;

      if (*words[i] == '\0')
        continue;
      f = word_form (self, words[i], own, transcribed);
      if (is_nonword_form (f))
        return f;
      if (f == VN_FORM_OTHER)
        continue;
      form = any ? MAX (form, f) : f;
      any = TRUE;
    }
  return form;
}

static void
learn_vocabulary (VnCollation *self)
{
  for (guint i = 0; i < vn_transcription_get_n_tokens (self->transcription); i++)
    {
      const VnToken *t = token_at (self, i);
      g_autofree char *core = dup_bytes (self, t->core_start, t->core_end);
      g_autofree char *key = form_key (core);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->vocabulary, key));

      if (n == 0)
        g_hash_table_insert (self->spelled, g_strdup (key), g_strdup (core));
      for_each_pair (core, count_pair, self, NULL);
      g_hash_table_insert (self->vocabulary, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
    }
}

static gboolean
token_ends_line (VnCollation *self,
                 guint        t)
{
  guint n = vn_transcription_get_n_tokens (self->transcription);
  return t + 1 >= n || token_at (self, t + 1)->line != token_at (self, t)->line;
}

/* Words both witnesses read alike: the document's vocabulary, and how the two lay out
 * their lines. */
static void
learn_agreements (VnCollation *self,
                  guint       *line_ends,
                  guint       *shared_line_ends,
                  guint       *mixed_case)
{
  for (guint h = 0; h < self->hunks->len; h++)
    {
      const VnAlignHunk *hunk = &g_array_index (self->hunks, VnAlignHunk, h);

      for (guint k = 0; hunk->op == VN_ALIGN_EQUAL && k < hunk->a_len; k++)
        {
          const VnToken *t = token_at (self, hunk->a_start + k);
          const OcrRef *ref = &g_array_index (self->ocr, OcrRef, hunk->b_start + k);
          g_autofree char *core = dup_bytes (self, t->core_start, t->core_end);
          g_autofree char *key = form_key (core);

          vn_witness_model_add_ocr_word (
            self->witnesses, _vn_collation_ocr_word (self, hunk->b_start + k)->confidence, TRUE);
          g_hash_table_insert (self->confirmed, g_steal_pointer (&key),
                               GUINT_TO_POINTER (confirmed_count (self, core) + 1));
          *mixed_case += mixes_case (core) && g_str_equal (core, ref->core);
          if (token_ends_line (self, hunk->a_start + k))
            {
              (*line_ends)++;
              *shared_line_ends += ref->line_end;
            }
        }
    }
}

static guint
count_with_letters_tokens (VnCollation       *self,
                           const VnAlignHunk *h)
{
  guint n = 0;

  for (guint k = 0; k < h->a_len; k++)
    n += has_letters (token_at (self, h->a_start + k)->text);
  return n;
}

static guint
count_with_letters_ocr (VnCollation       *self,
                        const VnAlignHunk *h)
{
  guint n = 0;

  for (guint k = 0; k < h->b_len; k++)
    n += has_letters (g_array_index (self->ocr, OcrRef, h->b_start + k).core);
  return n;
}

/* The forms right words take (where the witnesses agree) and the forms of the OCR's
 * readings where they disagree (nearly all of them the OCR's errors). */
static void
learn_forms (VnCollation *self,
             guint       *missing_in_ocr,
             guint       *missing_in_transcription)
{
  for (guint h = 0; h < self->hunks->len; h++)
    {
      const VnAlignHunk *hunk = &g_array_index (self->hunks, VnAlignHunk, h);

      if (hunk->op == VN_ALIGN_DELETE)
        *missing_in_ocr += count_with_letters_tokens (self, hunk);
      else if (hunk->op == VN_ALIGN_INSERT)
        *missing_in_transcription += count_with_letters_ocr (self, hunk);
      for (guint k = 0; hunk->op == VN_ALIGN_EQUAL && k < hunk->a_len; k++)
        if (!self->halves[hunk->a_start + k])
          vn_witness_model_add_right_form (self->witnesses,
                                           word_form (self,
                                                      token_at (self, hunk->a_start + k)->text, 1,
                                                      TRUE));
      for (guint k = 0; hunk->op == VN_ALIGN_REPLACE && k < hunk->b_len; k++)
        {
          const OcrRef *ref = &g_array_index (self->ocr, OcrRef, hunk->b_start + k);

          vn_witness_model_add_ocr_word (
            self->witnesses, _vn_collation_ocr_word (self, hunk->b_start + k)->confidence, FALSE);
          vn_witness_model_add_error_form (self->witnesses,
                                           word_form (self, ref->core, 0, FALSE));
        }
    }
}

static void
count_letters (GHashTable *counts,
               const char *text,
               gsize       len)
{
  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    {
      gpointer c = GUINT_TO_POINTER (g_unichar_tolower (g_utf8_get_char (p)));

      if (g_unichar_isalpha (GPOINTER_TO_UINT (c)))
        g_hash_table_insert (counts, c, GUINT_TO_POINTER (GPOINTER_TO_UINT (
                                          g_hash_table_lookup (counts, c)) + 1));
    }
}

/* What the OCR writes on this document: its models' letters (or, when they are not known,
 * those it wrote), less the letters the transcription uses again and again that it writes
 * a tenth as often at most (a model may have ӧ and read every ӧ of a page as о). */
static VnOcrModel *
model_of_document (VnCollation *self,
                   VnOcrModel  *model)
{
  gsize len;
  const char *text = vn_transcription_get_text (self->transcription, &len);
  g_autoptr(GHashTable) in_text = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) in_ocr = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) read = g_string_new (NULL);
  GHashTableIter iter;
  gpointer c, n;

  for (guint j = 0; j < self->ocr->len; j++)
    g_string_append (read, _vn_collation_ocr_word (self, j)->text);
  if (model == NULL)
    {
      /* Unknown models: whatever they wrote, and the transcription's letters but those
       * they never wrote (below). */
      g_autofree char *both = g_strconcat (read->str, text, NULL);
      model = vn_ocr_model_new_from_text (both);
    }
  count_letters (in_text, text, len);
  count_letters (in_ocr, read->str, read->len);
  g_hash_table_iter_init (&iter, in_text);
  while (g_hash_table_iter_next (&iter, &c, &n))
    if (GPOINTER_TO_UINT (n) >= MIN_UNREAD &&
        GPOINTER_TO_UINT (g_hash_table_lookup (in_ocr, c)) * UNREAD_SHARE <= GPOINTER_TO_UINT (n) &&
        vn_ocr_model_can_write (model, GPOINTER_TO_UINT (c)))
      {
        g_debug ("The OCR writes “%C” %u times for the transcription's %u: not on this document",
                 GPOINTER_TO_UINT (c), GPOINTER_TO_UINT (g_hash_table_lookup (in_ocr, c)),
                 GPOINTER_TO_UINT (n));
        vn_ocr_model_forget (model, GPOINTER_TO_UINT (c));
      }
  return model;
}

/* ------------------------------------------------------------------ agreed errors */

static gint64
confusion_key (gunichar truth,
               gunichar read)
{
  return (gint64) truth << 32 | read;
}

/* Where the transcription has letter a and the OCR, in a word of the same length, b: how
 * often this OCR reads a as b on this document ("т" as "ш" in some old typefaces). */
static void
learn_confusions (VnCollation *self)
{
  for (guint h = 0; h < self->hunks->len; h++)
    {
      const VnAlignHunk *hunk = &g_array_index (self->hunks, VnAlignHunk, h);
      g_autofree char *t = NULL, *o = NULL;
      g_autofree gunichar *a = NULL, *b = NULL;
      glong n, m;

      if (hunk->op != VN_ALIGN_REPLACE || hunk->a_len != 1 || hunk->b_len != 1)
        continue;
      t = g_utf8_strdown (token_at (self, hunk->a_start)->key, -1);
      o = g_utf8_strdown (g_array_index (self->ocr, OcrRef, hunk->b_start).key, -1);
      a = g_utf8_to_ucs4_fast (t, -1, &n);
      b = g_utf8_to_ucs4_fast (o, -1, &m);
      for (glong i = 0; n == m && i < n; i++)
        if (a[i] != b[i])
          {
            gint64 key = confusion_key (a[i], b[i]);
            gpointer count = g_hash_table_lookup (self->confusions, &key);
            g_hash_table_insert (self->confusions, g_memdup2 (&key, sizeof key),
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
          }
    }
}

/* @form with the first letter's case of @model. */
static char *
with_case_of (const char *form,
              const char *model)
{
  gunichar first = g_utf8_get_char (form);
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append_unichar (out, g_unichar_isupper (g_utf8_get_char (model))
                                ? g_unichar_toupper (first) : g_unichar_tolower (first));
  g_string_append (out, g_utf8_next_char (form));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A word the OCR read as the transcription has it, one letter off a word the document uses,
 * by a confusion this OCR makes again and again here: both witnesses may have erred alike.
 * Returns the likelier word, and how many times the OCR made that confusion. */
static char *
confused_word (VnCollation *self,
               const char  *core,
               guint       *times)
{
  glong n;
  g_autofree gunichar *w = g_utf8_to_ucs4_fast (core, -1, &n);
  char *best = NULL;
  GHashTableIter iter;
  gpointer key, count;

  *times = 0;
  g_hash_table_iter_init (&iter, self->confusions);
  while (g_hash_table_iter_next (&iter, &key, &count))
    {
      gunichar truth = *(gint64 *) key >> 32, read = *(gint64 *) key & 0xffffffff;

      if (GPOINTER_TO_UINT (count) < MIN_CONFUSIONS || GPOINTER_TO_UINT (count) <= *times)
        continue;
      for (glong i = 0; i < n; i++)
        {
          g_autofree char *candidate = NULL;
          gunichar saved = w[i];

          if (g_unichar_tolower (w[i]) != read)
            continue;
          w[i] = g_unichar_isupper (saved) ? g_unichar_toupper (truth) : truth;
          candidate = g_ucs4_to_utf8 (w, n, NULL, NULL, NULL);
          w[i] = saved;
          if (vocabulary_count (self, candidate) >= 1 ||
              check_spelling (self, candidate) == VN_SPELLING_CORRECT)
            {
              g_autofree char *key = form_key (candidate);
              const char *spelled = g_hash_table_lookup (self->spelled, key);

              g_free (best);
              /* As the document writes it: "зараженъ", not the OCR's "зараженЪ". */
              best = spelled ? with_case_of (spelled, core) : g_steal_pointer (&candidate);
              *times = GPOINTER_TO_UINT (count);
              break;
            }
        }
    }
  return best;
}

static void
emit_agreed (VnCollation *self,
             guint        token,
             guint        ocr_index,
             char        *suggestion,
             double       ratio,
             gboolean     misread)
{
  const VnToken *t = token_at (self, token);
  Candidate c = { .kind = VN_DISCREPANCY_SUBSTITUTION, .first_token = token, .n_tokens = 1,
                  .first_ocr = ocr_index, .n_ocr = 1, .start = t->core_start,
                  .end = t->core_end, .agreed = ratio, .misread_alike = misread };

  c.transcription = dup_bytes (self, t->core_start, t->core_end);
  c.ocr = g_strdup (g_array_index (self->ocr, OcrRef, ocr_index).core);
  c.suggestion = suggestion;
  emit (self, &c);
}

/* A non-word with a capital read alike is likelier a name than a non-word without. */
static double
name_discount (const char *core)
{
  return g_unichar_isupper (g_utf8_get_char (core)) ? PRIOR_RIGHT_NONWORD / PRIOR_RIGHT_NAME : 1;
}

/* How much likelier both witnesses read the non-word @core where @word is written than
 * where @core is: @word's share of the document against a right non-word's, times the
 * chance that this OCR misreads @word so (the archive's OCR, one like it, is counted for
 * part only). */
static double
agreed_ratio (VnCollation *self,
              const char  *core,
              const char  *word)
{
  return exp (word_prior (self, word, 0) - log (PRIOR_RIGHT_NONWORD) +
              AGREED_CORRELATION * vn_ocr_channel_log_ratio (self->channel, word, core)) *
         name_discount (core);
}

/* Words both witnesses read alike that the document itself says are wrong: a final ъ
 * missing in a text that writes it, or a non-word that this OCR's habitual misreadings make
 * of a word of the document or a dictionary (and the archive's OCR may have made too). */
static void
find_agreed_errors (VnCollation *self)
{
  double share = vn_orthography_get_hard_sign_share (self->orthography);

  for (guint h = 0; h < self->hunks->len; h++)
    {
      const VnAlignHunk *hunk = &g_array_index (self->hunks, VnAlignHunk, h);

      for (guint k = 0; hunk->op == VN_ALIGN_EQUAL && k < hunk->a_len; k++)
        {
          guint token = hunk->a_start + k, times;
          const VnToken *t = token_at (self, token);
          g_autofree char *core = NULL;
          char *fixed;

          if (self->consumed[token] || self->halves[token] || !has_letters (t->text))
            continue;
          core = dup_bytes (self, t->core_start, t->core_end);
          if (mixes_case (core) && !self->writes_mixed_case)
            emit_agreed (self, token, hunk->b_start + k,
                         in_document_case (self, g_strdup (near_word (self, core)
                                                           ? near_word (self, core) : core)),
                         LR_AGREED_MIXED_CASE, FALSE);
          else if (self->cyrillic &&
                   (fixed = vn_orthography_dup_missing_hard_sign (self->orthography, core)) != NULL)
            emit_agreed (self, token, hunk->b_start + k, fixed,
                         LR_AGREED_PER_SHARE * share / MAX (0.01, 1 - share), FALSE);
          else if (is_nonword_form (word_form (self, core, 1, TRUE)) &&
                   vocabulary_count (self, core) == 1 &&
                   (fixed = confused_word (self, core, &times)) != NULL)
            emit_agreed (self, token, hunk->b_start + k, fixed,
                         LR_AGREED_PER_CONFUSION * times * name_discount (core), TRUE);
          else if (vocabulary_count (self, core) == 1 &&
                   check_spelling (self, core) != VN_SPELLING_CORRECT &&
                   near_word (self, core) != NULL &&
                   (vocabulary_count (self, near_word (self, core)) >= 1 ||
                    check_spelling (self, near_word (self, core)) == VN_SPELLING_CORRECT))
            emit_agreed (self, token, hunk->b_start + k, g_strdup (near_word (self, core)),
                         agreed_ratio (self, core, near_word (self, core)), TRUE);
        }
    }
}

/* The halves of words cut by a hyphen at a line end: neither is a word to look up. */
static void
find_halves (VnCollation *self)
{
  guint n = vn_transcription_get_n_tokens (self->transcription);

  for (guint i = 0; i + 1 < n; i++)
    {
      gboolean dashed;
      int j = has_letters (token_at (self, i)->text) ? find_broken_word (self, i, &dashed) : -1;

      if (j >= 0 && dashed && token_at (self, i)->line != token_at (self, j)->line)
        self->halves[i] = self->halves[j] = TRUE;
    }
}

static gboolean
covers_half (VnCollation *self,
             guint        first,
             guint        n)
{
  for (guint k = 0; k < n; k++)
    if (self->halves[first + k])
      return TRUE;
  return FALSE;
}

/* The OCR's misreadings: every pair of words it and the transcription give for one place. */
static void
learn_channel (VnCollation *self)
{
  for (guint h = 0; h < self->hunks->len; h++)
    {
      const VnAlignHunk *hunk = &g_array_index (self->hunks, VnAlignHunk, h);

      if (hunk->op != VN_ALIGN_EQUAL &&
          (hunk->op != VN_ALIGN_REPLACE || hunk->a_len != hunk->b_len))
        continue;
      for (guint k = 0; k < hunk->a_len; k++)
        {
          const VnToken *t = token_at (self, hunk->a_start + k);
          g_autofree char *core = dup_bytes (self, t->core_start, t->core_end);

          vn_ocr_channel_learn (self->channel, core,
                                g_array_index (self->ocr, OcrRef, hunk->b_start + k).core);
        }
    }
}

static void
learn_document (VnCollation *self,
                const char  *ocr_languages)
{
  g_autoptr(GError) error = NULL;
  VnOcrModel *model = NULL;
  guint line_ends = 0, shared = 0, missing_in_ocr = 0, missing_in_transcription = 0;
  guint mixed_case = 0;

  if (ocr_languages != NULL && (model = vn_ocr_model_new (ocr_languages, &error)) == NULL)
    g_debug ("%s", error->message);
  self->model = model_of_document (self, model);
  self->orthography = g_object_ref (vn_transcription_get_orthography (self->transcription));
  learn_vocabulary (self);
  learn_confusions (self);
  learn_channel (self);
  learn_agreements (self, &line_ends, &shared, &mixed_case);
  self->writes_mixed_case = mixed_case >= 3 &&
    mixed_case >= MIXED_CASE_SHARE * vn_transcription_get_n_tokens (self->transcription);
  self->line_agreement = line_ends ? (double) shared / line_ends : 0;
  self->diplomatic = line_ends >= 3 && self->line_agreement >= 0.6;
  g_debug ("line ends shared with the OCR: %u of %u; %s", shared, line_ends,
           self->diplomatic ? "diplomatic" : "reflowed");
  find_halves (self);
  learn_forms (self, &missing_in_ocr, &missing_in_transcription);
  vn_witness_model_set_counts (self->witnesses, vn_transcription_get_n_tokens (self->transcription),
                               missing_in_ocr, self->ocr->len, missing_in_transcription);
}

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
  p->d.suggestion = keep_transcription_case (p->d.transcription, written);
}

/* The likeliest correction of a word given @readings, as the suggestion; none when the
 * transcription explains them best. */
gboolean
_vn_collation_suggest_correction (VnCollation        *self,
                                  Pending            *p,
                                  const char * const *readings)
{
  g_autofree char *better = best_correction (self, p->d.transcription, readings);

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

static void
build_evidence (VnCollation     *self,
                const Candidate *c,
                Pending         *p)
{
  VnEvidence *e = &p->e;
  gboolean words = c->kind == VN_DISCREPANCY_SUBSTITUTION || c->kind == VN_DISCREPANCY_MERGE ||
                   c->kind == VN_DISCREPANCY_SPLIT;

  /* A word both read alike is confirmed by this very place; half a word is none. */
  guint own = c->agreed > 0;
  gboolean half = c->n_tokens > 0 && covers_half (self, c->first_token, c->n_tokens);

  e->kind = c->kind;
  e->confidence = p->d.confidence;
  e->transcription_form = *c->transcription && !half
                          ? phrase_form (self, c->transcription, own, TRUE) : VN_FORM_OTHER;
  e->ocr_form = *c->ocr && !half ? phrase_form (self, c->ocr, own, FALSE) : VN_FORM_OTHER;
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
  e->ocr_garbled = (c->kind == VN_DISCREPANCY_CASE ? garbled_writing (self, c->ocr)
                                                    : mixes_digits_and_letters (c->ocr)) &&
                   !garbled_writing (self, c->transcription);
  e->transcription_garbled = mixes_case (c->transcription) && !self->writes_mixed_case &&
                             !garbled_writing (self, c->ocr);
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
        p->d.suggestion = keep_transcription_case (c->transcription, g_strdup (c->suggestion));
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
  guint times = confirmed_count (self, core);

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
                                           near_word (self, core), reading));
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
  if (e->ocr_garbled)
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

      p->d.suggestion = in_document_case (self, (char *) p->d.suggestion);
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

/* Aligns and judges at once; about a millisecond per page of text. What the OCR could not
 * write is guessed from the document: vn_collation_new_full() knows it from the models. */
VnCollation *
vn_collation_new (VnTranscription *transcription,
                  GPtrArray       *ocr_pages,
                  VnSpellChecker  *spell_checker)
{
  return vn_collation_new_full (transcription, ocr_pages, spell_checker, NULL);
}

/* @ocr_languages: the Tesseract models that read @ocr_pages ("rus", "eng+fra"), or NULL. */
VnCollation *
vn_collation_new_full (VnTranscription *transcription,
                       GPtrArray       *ocr_pages,
                       VnSpellChecker  *spell_checker,
                       const char      *ocr_languages)
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
  self->halves = g_new0 (guint8, vn_transcription_get_n_tokens (transcription) + 1);
  collect_ocr (self);
  self->cyrillic = detect_cyrillic (self);
  align (self);
  place_tokens (self);
  learn_document (self, ocr_languages);
  find_broken_words (self);
  find_in_hunks (self);
  find_agreed_errors (self);
  _vn_collation_judge_all (self);
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
  return _vn_collation_ocr_word (self, index);
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
