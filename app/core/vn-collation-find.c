/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-collation-find.c: the discrepancies between the transcription and the OCR: what each
 * witness says, where, and the signals each discrepancy carries to its verdict. */
#include <string.h>

#include "vn-alignment.h"
#include "vn-collation-private.h"
#include "vn-text.h"

/* ------------------------------------------------------------------ signals */

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

/* Whether a word of @phrase ends in a consonant where the document's old regime writes a
 * final ъ: "он" is a modern dictionary's word, and no word of a text that writes "онъ". */
static gboolean
breaks_regime (VnCollation *self,
               const char  *phrase)
{
  g_auto(GStrv) words = g_strsplit_set (phrase, " \t\n", -1);

  for (guint i = 0; words[i]; i++)
    {
      g_autofree char *core = _vn_collation_word_core (words[i]);
      g_autofree char *fixed = *core ? vn_orthography_dup_missing_hard_sign (self->orthography,
                                                                             core) : NULL;
      if (fixed != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The document's spelling regime decides how a word is looked up: "какъ" as "как", and "как"
 * as no word of a text that writes "какъ". */
VnSpelling
_vn_collation_check_spelling (VnCollation *self,
                              const char  *phrase)
{
  gpointer cached;
  VnSpelling spelling;
  g_auto(GStrv) modern = NULL;

  if (g_hash_table_lookup_extended (self->spellings, phrase, NULL, &cached))
    return GPOINTER_TO_INT (cached);
  spelling = vn_spell_checker_check_phrase (self->spell, phrase);
  if (self->cyrillic && vn_orthography_is_pre_reform (self->orthography) &&
      breaks_regime (self, phrase))
    spelling = spelling == VN_SPELLING_UNKNOWN ? spelling : VN_SPELLING_MISSPELT;
  else if (spelling != VN_SPELLING_CORRECT && vn_orthography_is_pre_reform (self->orthography))
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
    s |= spelling_signals (_vn_collation_check_spelling (self, c->transcription),
                           VN_SIGNAL_TRANSCRIPTION_IN_DICT, VN_SIGNAL_TRANSCRIPTION_NOT_IN_DICT);
  if (*c->ocr)
    s |= spelling_signals (_vn_collation_check_spelling (self, c->ocr),
                           VN_SIGNAL_OCR_IN_DICT, VN_SIGNAL_OCR_NOT_IN_DICT);
  if (*c->suggestion && _vn_collation_check_spelling (self, c->suggestion) == VN_SPELLING_CORRECT)
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

void
_vn_collation_emit (VnCollation *self,
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
  _vn_collation_build_evidence (self, c, &pending);
  g_array_append_val (self->pending, pending);
  for (guint k = 0; k < c->n_tokens; k++)
    self->consumed[c->first_token + k] = TRUE;
}

/* ------------------------------------------------------------------ finding */

char *
_vn_collation_dup_bytes (VnCollation *self,
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




/* @suggestion (owned) without the capitals among small letters that the OCR reads and the
 * transcription never writes ("тамЪ" → "тамъ"). */
char *
_vn_collation_in_document_case (VnCollation *self,
                                char        *suggestion)
{
  g_autoptr(GString) out = NULL;
  guint small = 0;

  if (self->writes_mixed_case || !vn_text_mixes_case (suggestion))
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
gboolean
_vn_collation_garbled_writing (VnCollation *self,
                               const char  *text)
{
  return vn_text_mixes_digits_and_letters (text) ||
         (vn_text_mixes_case (text) && !self->writes_mixed_case);
}


/* "товари – щеской", "товари- щеской" or "устра нять": one word cut in two by the line end
 * of the typescript, or by a stray space. Returns the index of B, or -1. */
int
_vn_collation_find_broken_word (VnCollation *self,
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
  if (j >= n || self->consumed[j] || !vn_text_has_letters (token_at (self, j)->text))
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
  int j = _vn_collation_find_broken_word (self, i, &dashed);
  g_autofree char *a_core = NULL, *b_core = NULL, *joined = NULL, *joined_key = NULL;
  VnSpelling joined_spelling;
  Candidate c = { 0 };

  /* The transcription's own convention is no discrepancy: its halves are compared as words. */
  if (j < 0 || broken_word_layout (self, i, j) == VN_LAYOUT_CONVENTION)
    return FALSE;
  b = token_at (self, j);
  a_core = _vn_collation_dup_bytes (self, a->core_start, a->core_end);
  b_core = _vn_collation_dup_bytes (self, b->core_start, b->core_end);
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
  c.transcription = _vn_collation_dup_bytes (self, c.start, c.end);
  ocr_span (self, i, j, &c.first_ocr, &c.n_ocr);
  c.ocr = join_ocr_cores (self, c.first_ocr, c.n_ocr, " ");
  c.suggestion = g_steal_pointer (&joined);
  _vn_collation_emit (self, &c);
  return TRUE;
}

void
_vn_collation_find_broken_words (VnCollation *self)
{
  guint n = vn_transcription_get_n_tokens (self->transcription);

  for (guint i = 0; i + 1 < n; i++)
    if (!self->consumed[i] && vn_text_has_letters (token_at (self, i)->text))
      try_broken_word (self, i);
}

/* Where the OCR and the transcription read the same letter, the transcription's case
 * stands: OCR tells Н from н by size alone, and typed capitals are rarely mistranscribed. */
char *
_vn_collation_keep_transcription_case (const char *transcription,
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
  g_autofree char *core = _vn_collation_dup_bytes (self, t->core_start, t->core_end);
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
      _vn_collation_emit (self, &c);
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
        c.suggestion = _vn_collation_keep_transcription_case (c.transcription, c.suggestion);
    }
  _vn_collation_emit (self, &c);
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
  c.transcription = _vn_collation_dup_bytes (self, c.start, c.end);
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
    c.suggestion = _vn_collation_keep_transcription_case (c.transcription,
                                                          is_cyrillic_lookalike (self, c.ocr)
                                                          ? vn_text_lookalikes_to_cyrillic (c.ocr)
                                                          : g_strdup (c.ocr));
  _vn_collation_emit (self, &c);
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
  c.transcription = _vn_collation_dup_bytes (self, c.start, c.end);
  c.ocr = g_strdup ("");
  /* Latin gibberish in a Cyrillic text with nothing on the scan: suggest removing it. */
  c.suggestion = self->cyrillic && vn_text_scripts (c.transcription) == VN_SCRIPT_LATIN
                 ? g_strdup ("") : g_strdup (c.transcription);
  _vn_collation_emit (self, &c);
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
      _vn_collation_emit (self, &c);
    }
}

void
_vn_collation_find_in_hunks (VnCollation *self)
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

