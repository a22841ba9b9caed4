/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-collation-witnesses.c: the document's witnesses, estimated from the document itself:
 * its vocabulary, the OCR's habitual misreadings on it, the priors of candidate readings,
 * and the words both witnesses read alike that the document says are wrong. */
#include <math.h>

#include "vn-alignment.h"
#include "vn-collation-private.h"
#include "vn-hash.h"
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
/* A word read alike with letters the OCR cannot write put back ("вартома" → "вартӧма"):
 * how much likelier the rest of the transcription must make its letters side by side, up
 * to what that counts, and how much it counts. */
#define LETTERS_AT_LEAST        5.0
#define LETTERS_AT_MOST         8.0
#define LR_AGREED_PER_LETTERS   0.1
#define MAX_REWRITTEN           4
/* A dictionary that knows fewer than this share of the words both witnesses read alike is
 * of another language than the text's (Komi judged by a Russian one): its word is no proof. */
#define DICTIONARY_OF_ANOTHER_LANGUAGE 0.5
/* Letters side by side: add-half smoothing over an alphabet this large. */
#define LETTER_SMOOTHING        0.5
#define LETTER_ALPHABET         60.0
/* Times both witnesses read a word alike elsewhere for it to vouch for a fix of another. */
#define MIN_CONFIRMED_FIX 1
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

/* ------------------------------------------------------------------ the witnesses */

static char *
form_key (const char *core)
{
  return vn_text_casefold (core);
}

guint
_vn_collation_confirmed_count (VnCollation *self,
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

/* P(@word) from the transcription's own words: its share of them elsewhere (@own times being
 * this very place). */
static double
document_prior (VnCollation *self,
                const char  *word,
                guint        own)
{
  guint count = vocabulary_count (self, word);

  if (count <= own)
    return 0;
  return PRIOR_DOCUMENT * (count - own) /
         (vn_transcription_get_n_tokens (self->transcription) + 1.0);
}

/* log P(@word) as a word of this document: how often the transcription has it elsewhere
 * (@own times being this very place), and whether a dictionary knows it; -INFINITY for a
 * word of neither. */
static double
word_prior (VnCollation *self,
            const char  *word,
            guint        own)
{
  double p = document_prior (self, word, own);

  if (_vn_collation_check_spelling (self, word) == VN_SPELLING_CORRECT)
    p += PRIOR_DICTIONARY / DICTIONARY_WORDS;
  return p > 0 ? log (p) : -INFINITY;
}

/* word_prior () at the most, whatever the dictionaries say: asking them is the dear part. */
static double
word_prior_bound (VnCollation *self,
                  const char  *word,
                  guint        own)
{
  return log (document_prior (self, word, own) + PRIOR_DICTIONARY / DICTIONARY_WORDS);
}

/* The word of the document or a dictionary that the OCR's habitual misreadings turn into
 * the non-word @core likeliest, or NULL. */
const char *
_vn_collation_near_word (VnCollation *self,
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
      double score;

      if (ratio < log (NEAR_RATIO) || word_prior_bound (self, word, 0) + ratio <= best_score)
        continue;
      score = word_prior (self, word, 0) + ratio;
      if (score > best_score)
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
find_best_correction (VnCollation        *self,
                      const char         *written,
                      const char * const *readings,
                      double             *margin)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *own = g_utf8_strdown (written, -1);
  double prior = word_prior (self, written, 1);
  double best_score = (isinf (prior) ? log (PRIOR_NONWORD) : prior) +
                      explains (self, written, written, readings);
  char *best = NULL;
  double own_score = best_score;

  add_candidates (candidates, self->channel, written);
  for (guint k = 0; readings[k]; k++)
    add_candidates (candidates, self->channel, readings[k]);
  for (guint i = 0; i < candidates->len; i++)
    {
      g_autofree char *word = cased_like (g_ptr_array_index (candidates, i), written);
      double score;

      double explained, bound;
      gboolean read = FALSE;

      if (g_str_equal (g_ptr_array_index (candidates, i), own))
        continue;
      /* Only a candidate that could beat the best so far is looked up in the dictionaries. */
      explained = explains (self, word, written, readings);
      bound = word_prior_bound (self, word, 0);
      if ((read = g_strv_contains (readings, word)))
        bound = MAX (bound, log (PRIOR_NONWORD));
      if (bound + explained <= best_score)
        continue;
      score = word_prior (self, word, 0);
      if (isinf (score) && read)
        score = log (PRIOR_NONWORD);
      score += explained;
      if (score > best_score)
        {
          g_free (best);
          best = g_steal_pointer (&word);
          best_score = score;
        }
    }
  *margin = best ? best_score - own_score : 0;
  return best;
}

/* One weighed disagreement: how much better its best correction explains the readings than
 * the transcription's word does (a log ratio), and the correction, NULL for none. */
typedef struct
{
  double margin;
  char   best[];
} Correction;

/* A volume has the same disagreements again and again: each is weighed once. The best
 * correction, or NULL when @written explains the readings best; @margin (may be NULL) gets
 * the log ratio by which it explains them better. */
char *
_vn_collation_best_correction (VnCollation        *self,
                               const char         *written,
                               const char * const *readings,
                               double             *margin)
{
  g_autofree char *joined = g_strjoinv ("\x1f", (char **) readings);
  g_autofree char *key = g_strconcat (written, "\x1e", joined, NULL);
  Correction *known;
  g_autofree char *best = NULL;
  double found;
  gsize len;

  if ((known = g_hash_table_lookup (self->corrections, key)) == NULL)
    {
      best = find_best_correction (self, written, readings, &found);
      len = best ? strlen (best) : 0;
      known = g_malloc (sizeof (Correction) + len + 2);
      known->margin = found;
      /* The first byte says whether there is a correction at all. */
      known->best[0] = best != NULL;
      memcpy (known->best + 1, best ? best : "", len + 1);
      g_hash_table_insert (self->corrections, g_steal_pointer (&key), known);
    }
  if (margin)
    *margin = known->margin;
  return known->best[0] ? g_strdup (known->best + 1) : NULL;
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

  if (!vn_text_has_letters (core))
    return VN_FORM_OTHER;
  if (vn_text_has_digits (core))
    return VN_FORM_NONWORD;   /* "Ч0", "1Х": letters and digits make no word */
  if (_vn_collation_confirmed_count (self, core) > own)
    return VN_FORM_DOCUMENT;
  spelling = _vn_collation_check_spelling (self, core);
  if (spelling == VN_SPELLING_CORRECT)
    return VN_FORM_DICTIONARY;
  near = _vn_collation_near_word (self, core) != NULL;
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
VnForm
_vn_collation_phrase_form (VnCollation *self,
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
      g_autofree char *core = _vn_collation_dup_bytes (self, t->core_start, t->core_end);
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
          g_autofree char *core = _vn_collation_dup_bytes (self, t->core_start, t->core_end);
          g_autofree char *key = form_key (core);

          vn_witness_model_add_ocr_word (
            self->witnesses, _vn_collation_ocr_word (self, hunk->b_start + k)->confidence, TRUE);
          g_hash_table_insert (self->confirmed, g_steal_pointer (&key),
                               GUINT_TO_POINTER (_vn_collation_confirmed_count (self, core) + 1));
          *mixed_case += vn_text_mixes_case (core) && g_str_equal (core, ref->core);
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
    n += vn_text_has_letters (token_at (self, h->a_start + k)->text);
  return n;
}

static guint
count_with_letters_ocr (VnCollation       *self,
                        const VnAlignHunk *h)
{
  guint n = 0;

  for (guint k = 0; k < h->b_len; k++)
    n += vn_text_has_letters (g_array_index (self->ocr, OcrRef, h->b_start + k).core);
  return n;
}

/* The forms right words take (where the witnesses agree) and the forms of the OCR's
 * readings where they disagree (nearly all of them the OCR's errors). */
static void
learn_forms (VnCollation *self,
             guint       *missing_in_ocr,
             guint       *missing_in_transcription)
{
  guint known = 0, unknown = 0;

  for (guint h = 0; h < self->hunks->len; h++)
    {
      const VnAlignHunk *hunk = &g_array_index (self->hunks, VnAlignHunk, h);

      if (hunk->op == VN_ALIGN_DELETE)
        *missing_in_ocr += count_with_letters_tokens (self, hunk);
      else if (hunk->op == VN_ALIGN_INSERT)
        *missing_in_transcription += count_with_letters_ocr (self, hunk);
      for (guint k = 0; hunk->op == VN_ALIGN_EQUAL && k < hunk->a_len; k++)
        if (!self->halves[hunk->a_start + k])
          {
            VnForm form = word_form (self, token_at (self, hunk->a_start + k)->text, 1, TRUE);

            known += form == VN_FORM_DICTIONARY;
            unknown += is_nonword_form (form);
            vn_witness_model_add_right_form (self->witnesses, form);
          }
      for (guint k = 0; hunk->op == VN_ALIGN_REPLACE && k < hunk->b_len; k++)
        {
          const OcrRef *ref = &g_array_index (self->ocr, OcrRef, hunk->b_start + k);

          vn_witness_model_add_ocr_word (
            self->witnesses, _vn_collation_ocr_word (self, hunk->b_start + k)->confidence, FALSE);
          vn_witness_model_add_error_form (self->witnesses,
                                           word_form (self, ref->core, 0, FALSE));
        }
    }
  self->dictionary_share = known + unknown ? (double) known / (known + unknown) : 1;
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
              _vn_collation_check_spelling (self, candidate) == VN_SPELLING_CORRECT)
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

/* Whether @word, the fix of a word both witnesses read alike, is a word of the document that
 * both read so elsewhere: then the document's own vocabulary, not only one engine's habit,
 * says the word is misread, and the verdict is not held below the document's sure ones. */
static gboolean
misread_alike (VnCollation *self,
               const char  *word)
{
  return vocabulary_count (self, word) < MIN_CONFIRMED_FIX;
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

  c.transcription = _vn_collation_dup_bytes (self, t->core_start, t->core_end);
  c.ocr = g_strdup (g_array_index (self->ocr, OcrRef, ocr_index).core);
  c.suggestion = suggestion;
  _vn_collation_emit (self, &c);
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

/* Whether @fix is @core with its final capital Ь, among small letters, a small ъ, in a text
 * that writes a final ъ: the old typefaces' ъ stands as tall as a capital, and an OCR that
 * reads it so ("тамЬ") has both the regime and the odd capital against it. (A capital Ъ
 * differs from the fix in case alone, which is judged as case.) */
static gboolean
is_final_hard_sign_read_as_capital (VnCollation *self,
                                    const char  *core,
                                    const char  *fix)
{
  const char *last = g_utf8_prev_char (core + strlen (core));
  gunichar c = g_utf8_get_char (last);
  g_autofree char *head = g_strndup (core, last - core);
  g_autofree char *expected = g_strconcat (head, "ъ", NULL);
  g_autofree char *a = g_utf8_strdown (expected, -1), *b = g_utf8_strdown (fix, -1);

  return vn_orthography_is_pre_reform (self->orthography) && c == 0x042C &&
         g_utf8_strlen (core, -1) >= 2 && !vn_text_mixes_case (head) && g_str_equal (a, b);
}

/* ------------------------------------------------------------------ unwritten letters */

typedef struct
{
  VnCollation *self;
  GHashTable  *minus;   /* the pairs of the word left out, and how many times */
  double       sum;
} LetterScore;

static void
add_pair_log_prob (VnCollation *self,
                   gint64       key,
                   gpointer     data)
{
  LetterScore *score = data;
  double own = GPOINTER_TO_UINT (g_hash_table_lookup (score->minus, &key));
  double first = GPOINTER_TO_UINT (g_hash_table_lookup (score->minus,
                                                        &(gint64) { FIRST_KEY (key) }));

  score->sum += log ((MAX (0, pair_count (self, key) - own) + LETTER_SMOOTHING) /
                     (MAX (0, pair_count (self, FIRST_KEY (key)) - first) +
                      LETTER_SMOOTHING * LETTER_ALPHABET));
}

static void
remember_pair (VnCollation *self,
               gint64       key,
               gpointer     data)
{
  add_to_count (data, key);
  add_to_count (data, FIRST_KEY (key));
}

/* log P(@word's letters), each after the one before, as the transcription writes letters
 * side by side, with @left_out's letters (its own occurrence) not counted. */
static double
letters_log_prob (VnCollation *self,
                  const char  *word,
                  GHashTable  *left_out)
{
  LetterScore score = { self, left_out, 0 };

  for_each_pair (word, add_pair_log_prob, self, &score);
  return score.sum;
}

/* The non-word @core as the transcription would have written it where this OCR cannot write
 * a letter the transcription uses ("ӧ", which the stock models read as "о"): of @core with
 * some of the letters the OCR reads for it put back, the one whose letters the rest of the
 * transcription makes likeliest; NULL when none is likelier than @core by LETTERS_AT_LEAST.
 * @gain gets the log ratio. */
static char *
rewritten_word (VnCollation *self,
                const char  *core,
                double      *gain)
{
  g_autoptr(GHashTable) own = g_hash_table_new_full (vn_hash_pair64, g_int64_equal, g_free, NULL);
  glong n;
  g_autofree gunichar *w = g_utf8_to_ucs4_fast (core, -1, &n);
  double base, best_score = -INFINITY;
  char *best = NULL;
  GHashTableIter iter;
  gpointer key, count;

  *gain = 0;
  if (self->model == NULL || n < 2)
    return NULL;
  for_each_pair (core, remember_pair, self, own);
  base = letters_log_prob (self, core, own);
  g_hash_table_iter_init (&iter, self->confusions);
  while (g_hash_table_iter_next (&iter, &key, &count))
    {
      gunichar truth = *(gint64 *) key >> 32, read = *(gint64 *) key & 0xffffffff;
      guint at[MAX_REWRITTEN], k = 0;

      if (GPOINTER_TO_UINT (count) < MIN_CONFUSIONS ||
          vn_ocr_model_can_write (self->model, truth) ||
          vn_ocr_model_can_write (self->model, g_unichar_toupper (truth)))
        continue;
      for (glong i = 0; i < n && k < MAX_REWRITTEN; i++)
        if (g_unichar_tolower (w[i]) == read)
          at[k++] = i;
      /* Every choice of those letters, each put back or not. */
      for (guint set = 1; set < (1u << k); set++)
        {
          g_autofree gunichar *v = g_memdup2 (w, sizeof (gunichar) * (n + 1));
          g_autofree char *candidate = NULL;
          double score;

          for (guint j = 0; j < k; j++)
            if (set & (1u << j))
              v[at[j]] = g_unichar_isupper (w[at[j]]) ? g_unichar_toupper (truth) : truth;
          candidate = g_ucs4_to_utf8 (v, n, NULL, NULL, NULL);
          score = letters_log_prob (self, candidate, own);
          if (score > best_score)
            {
              g_free (best);
              best = g_steal_pointer (&candidate);
              best_score = score;
            }
        }
    }
  if (best == NULL || best_score - base < log (LETTERS_AT_LEAST))
    {
      g_free (best);
      return NULL;
    }
  *gain = best_score - base;
  return best;
}

/* Words both witnesses read alike that the document itself says are wrong: a final ъ
 * missing in a text that writes it, or a non-word that this OCR's habitual misreadings make
 * of a word of the document or a dictionary (and the archive's OCR may have made too). */
void
_vn_collation_find_agreed_errors (VnCollation *self)
{
  double share = vn_orthography_get_hard_sign_share (self->orthography);

  for (guint h = 0; h < self->hunks->len; h++)
    {
      const VnAlignHunk *hunk = &g_array_index (self->hunks, VnAlignHunk, h);

      for (guint k = 0; hunk->op == VN_ALIGN_EQUAL && k < hunk->a_len; k++)
        {
          guint token = hunk->a_start + k, times;
          double gain;
          const VnToken *t = token_at (self, token);
          g_autofree char *core = NULL;
          const char *near;
          char *fixed;

          if (self->consumed[token] || self->halves[token] || !vn_text_has_letters (t->text))
            continue;
          core = _vn_collation_dup_bytes (self, t->core_start, t->core_end);
          if (vn_text_mixes_case (core) && !self->writes_mixed_case)
            {
              near = _vn_collation_near_word (self, core);
              emit_agreed (self, token, hunk->b_start + k,
                           _vn_collation_in_document_case (self, g_strdup (near ? near : core)),
                           LR_AGREED_MIXED_CASE *
                           (near && is_final_hard_sign_read_as_capital (self, core, near)
                            ? LR_AGREED_PER_SHARE * share / MAX (0.01, 1 - share) : 1),
                           FALSE);
            }
          else if (self->cyrillic &&
                   (fixed = vn_orthography_dup_missing_hard_sign (self->orthography, core)) != NULL)
            emit_agreed (self, token, hunk->b_start + k, fixed,
                         LR_AGREED_PER_SHARE * share / MAX (0.01, 1 - share), FALSE);
          else if (is_nonword_form (word_form (self, core, 1, TRUE)) &&
                   vocabulary_count (self, core) == 1 &&
                   (fixed = confused_word (self, core, &times)) != NULL)
            emit_agreed (self, token, hunk->b_start + k, fixed,
                         LR_AGREED_PER_CONFUSION * times * name_discount (core),
                         misread_alike (self, fixed));
          else if (vocabulary_count (self, core) == 1 &&
                   _vn_collation_check_spelling (self, core) != VN_SPELLING_CORRECT &&
                   (near = _vn_collation_near_word (self, core)) != NULL &&
                   (vocabulary_count (self, near) >= 1 ||
                    _vn_collation_check_spelling (self, near) == VN_SPELLING_CORRECT))
            emit_agreed (self, token, hunk->b_start + k, g_strdup (near),
                         agreed_ratio (self, core, near), misread_alike (self, near));
          else if (vocabulary_count (self, core) == 1 &&
                   (self->dictionary_share < DICTIONARY_OF_ANOTHER_LANGUAGE ||
                    _vn_collation_check_spelling (self, core) != VN_SPELLING_CORRECT) &&
                   (fixed = rewritten_word (self, core, &gain)) != NULL)
            emit_agreed (self, token, hunk->b_start + k, fixed,
                         LR_AGREED_PER_LETTERS * exp (MIN (gain, LETTERS_AT_MOST)), TRUE);
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
      int j = vn_text_has_letters (token_at (self, i)->text)
              ? _vn_collation_find_broken_word (self, i, &dashed) : -1;

      if (j >= 0 && dashed && token_at (self, i)->line != token_at (self, j)->line)
        self->halves[i] = self->halves[j] = TRUE;
    }
}

gboolean
_vn_collation_covers_half (VnCollation *self,
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
          g_autofree char *core = _vn_collation_dup_bytes (self, t->core_start, t->core_end);

          vn_ocr_channel_learn (self->channel, core,
                                g_array_index (self->ocr, OcrRef, hunk->b_start + k).core);
        }
    }
}

void
_vn_collation_learn_document (VnCollation *self,
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

