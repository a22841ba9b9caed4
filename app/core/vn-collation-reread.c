/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-collation-reread.c: asking the scan again where the witnesses disagree (the disputed
 * lines' crops, read by the script's model), and what the document says of the model. */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-collation-private.h"
#include "vn-ocr-engine.h"
#include "vn-runtime.h"
#include "vn-scan.h"
#include "vn-text.h"

/* The models that read again: each language's script model where one is installed
 * ("Cyrillic" for rus, "Latin" for fra), else the language's own. */
static char *
second_reader_languages (const char *languages)
{
  static const char *cyrillic[] = { "rus", "ukr", "bel", "bul", "srp", "mkd", "kaz", NULL };
  g_autofree char *tessdata = vn_runtime_tessdata_dir ();
  g_auto(GStrv) names = g_strsplit (languages, "+", -1);
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names[i]; i++)
    {
      const char *script = g_strv_contains (cyrillic, names[i]) ? "Cyrillic" : "Latin";
      g_autofree char *file = g_strconcat (script, ".traineddata", NULL);
      g_autofree char *path = g_build_filename (tessdata, file, NULL);
      const char *name = g_file_test (path, G_FILE_TEST_IS_REGULAR) ? script : names[i];

      if (!g_ptr_array_find_with_equal_func (chosen, name, g_str_equal, NULL))
        g_ptr_array_add (chosen, g_strdup (name));
    }
  g_ptr_array_add (chosen, NULL);
  return g_strjoinv ("+", (char **) chosen->pdata);
}

/* A disagreement the first verdict puts below this is not read again: a second reading (a
 * vote of ×5 at most) could not make it a transcription error, and on the corpus such lines
 * are half of those read again (1,024 lines at 0.03, 504 at 0.2, in the verdicts benchmark). */
#define REREAD_AT_LEAST 0.2

static gboolean
worth_rereading (const Pending *p)
{
  return (p->d.kind == VN_DISCREPANCY_SUBSTITUTION || p->d.kind == VN_DISCREPANCY_MERGE ||
          p->d.kind == VN_DISCREPANCY_SPLIT) &&
         p->d.n_ocr_words > 0 && !p->e.explained && p->posterior >= REREAD_AT_LEAST;
}

static gboolean
rereads_on (VnCollation   *self,
            const Pending *p,
            guint          page)
{
  return worth_rereading (p) &&
         g_array_index (self->ocr, OcrRef, p->d.first_ocr_word).page == page;
}

/* The OCR line of @pending's first OCR word, with a margin, within the page. */
static VnBox
line_region (VnCollation   *self,
             const Pending *pending,
             guint         *line)
{
  const OcrRef *first = &g_array_index (self->ocr, OcrRef, pending->d.first_ocr_word);
  VnOcrPage *page = g_ptr_array_index (self->pages, first->page);
  const VnOcrWord *w0 = _vn_collation_ocr_word (self, pending->d.first_ocr_word);
  VnBox box = w0->box;
  int margin_y, margin_x, x1, y1;

  for (guint w = 0; w < vn_ocr_page_get_n_words (page); w++)
    if (vn_ocr_page_get_word (page, w)->line == w0->line)
      box = vn_box_union (box, vn_ocr_page_get_word (page, w)->box);
  margin_y = MAX (4, box.h / 3), margin_x = MAX (8, box.h);
  x1 = MIN (vn_ocr_page_get_width (page), box.x + box.w + margin_x);
  y1 = MIN (vn_ocr_page_get_height (page), box.y + box.h + margin_y);
  box.x = MAX (0, box.x - margin_x), box.y = MAX (0, box.y - margin_y);
  box.w = x1 - box.x, box.h = y1 - box.y;
  *line = w0->line;
  return box;
}

/* What the second reading has where the disputed OCR words are: its words that overlap them
 * for most of their width. */
static char *
second_reading_at (VnCollation      *self,
                   const Pending    *p,
                   VnOcrPage        *second,
                   const VnOcrWord **only)
{
  VnBox span = _vn_collation_ocr_region (self, p->d.first_ocr_word, p->d.n_ocr_words);
  g_autoptr(GString) reading = g_string_new (NULL);
  guint n = 0;

  for (guint w = 0; w < vn_ocr_page_get_n_words (second); w++)
    {
      const VnOcrWord *word = vn_ocr_page_get_word (second, w);
      int overlap = MIN (span.x + span.w, word->box.x + word->box.w) - MAX (span.x, word->box.x);

      if (overlap * 2 > MIN (span.w, word->box.w))
        {
          g_string_append (reading, word->text);
          *only = n++ == 0 ? word : NULL;
        }
    }
  return g_string_free (g_steal_pointer (&reading), FALSE);
}

static char *
vote_key (const char *text)
{
  g_autofree char *key = vn_text_comparison_key (text);
  g_autoptr(GString) folded = g_string_new (key);

  g_string_replace (folded, "ї", "і", 0);   /* one letter, two ways to write it */
  g_string_replace (folded, " ", "", 0);
  return g_string_free (g_steal_pointer (&folded), FALSE);
}

static VnVote
vote_of (VnCollation     *self,
         const Pending   *p,
         const char      *reading,
         const VnOcrWord *word)
{
  g_autofree char *r = vote_key (reading), *t = vote_key (p->d.transcription);
  g_autofree char *o = vote_key (p->d.ocr), *s = vote_key (p->d.suggestion);

  if (*r == '\0')
    return VN_VOTE_NONE;
  if (g_str_equal (r, t) ||
      (*p->unwritable && _vn_collation_unwritable_explains (self, p->d.transcription, reading)))
    return VN_VOTE_TRANSCRIPTION;
  if (word != NULL && p->d.n_tokens == 1)
    {
      g_autofree char *core = _vn_collation_word_core (p->d.transcription);
      if (_vn_collation_word_considered (word, core))
        return VN_VOTE_HESITATES;
    }
  if (g_str_equal (r, o))
    return VN_VOTE_OCR;
  return g_str_equal (r, s) ? VN_VOTE_SUGGESTION : VN_VOTE_NEITHER;
}

/* A second reading that agrees with neither witness is a third reading of a word: the
 * correction may be a word of the document it explains too. */
static void
weigh_second_reading (VnCollation     *self,
                      Pending         *p,
                      const char      *reading,
                      const VnOcrWord *word)
{
  g_autofree char *core = _vn_collation_word_core (reading);
  const char *readings[] = { p->d.ocr, core, NULL };

  g_autofree char *before = g_strdup (p->d.suggestion);
  double margin = p->e.correction;

  p->e.vote = vote_of (self, p, reading, word);
  if (p->e.vote == VN_VOTE_NEITHER && p->d.n_tokens == 1 && p->d.n_ocr_words == 1 &&
      p->e.agreed == 0 && *core != '\0' && _vn_collation_suggest_correction (self, p, readings))
    p->e.vote = vote_of (self, p, reading, word);
  /* The vote counts the second reading; the correction's margin is the two witnesses' alone
   * (a second reading that ran into the next word would make any word of it likelier), and
   * none is left for a suggestion that only the second reading makes. */
  p->e.correction = g_strcmp0 (before, p->d.suggestion) == 0 ? margin : 0;
}

typedef struct
{
  GArray *regions;    /* VnBox */
  GArray *lines;      /* guint, the OCR line of each region */
} PageRegions;

static gboolean
reread_page (VnCollation   *self,
             VnOcrEngine   *second,
             guint          page,
             VnScanPage    *scan,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GArray) regions = g_array_new (FALSE, FALSE, sizeof (VnBox));
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) read = NULL;

  for (guint i = 0; i < self->pending->len; i++)
    {
      Pending *p = &g_array_index (self->pending, Pending, i);
      guint line, k;
      VnBox box;

      if (!rereads_on (self, p, page))
        continue;
      box = line_region (self, p, &line);
      for (k = 0; k < lines->len && g_array_index (lines, guint, k) != line; k++)
        ;
      if (k == lines->len)
        {
          g_array_append_val (regions, box);
          g_array_append_val (lines, line);
        }
    }
  if (regions->len == 0)
    return TRUE;
  read = vn_ocr_engine_recognize_regions (second, scan, (VnBox *) regions->data, regions->len,
                                          cancellable, error);
  if (read == NULL)
    return FALSE;
  for (guint i = 0; i < self->pending->len; i++)
    {
      Pending *p = &g_array_index (self->pending, Pending, i);
      g_autofree char *reading = NULL;
      const VnOcrWord *word = NULL;
      guint line, k;

      if (!rereads_on (self, p, page))
        continue;
      line_region (self, p, &line);
      for (k = 0; g_array_index (lines, guint, k) != line; k++)
        ;
      reading = second_reading_at (self, p, g_ptr_array_index (read, k), &word);
      weigh_second_reading (self, p, reading, word);
    }
  return TRUE;
}

static guint
count_unwritable (VnOcrModel *model,
                  const char *text,
                  gsize       len)
{
  guint n = 0;

  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    n += g_unichar_isalpha (g_utf8_get_char (p)) &&
         !vn_ocr_model_can_write (model, g_utf8_get_char (p));
  return n;
}

static char *
letters_unwritable (VnOcrModel *model,
                    const char *text,
                    gsize       len)
{
  g_autoptr(GString) letters = g_string_new (NULL);

  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      g_string_append_unichar (letters, g_utf8_get_char (p));
  return vn_ocr_model_dup_unwritable (model, letters->str);
}

/* A sentence advising another installed model when the transcription writes letters that
 * the OCR's models cannot and it can ("ї" in an 18th-century text: the Cyrillic model),
 * else NULL. @languages: the models that read the pages. */
char *
vn_collation_dup_model_advice (VnCollation *self,
                               const char  *languages)
{
  gsize len;
  const char *text;
  g_autofree char *other = NULL, *unwritable = NULL;
  g_autoptr(VnOcrModel) alternative = NULL;
  guint now, then;

  g_return_val_if_fail (VN_IS_COLLATION (self), NULL);
  text = vn_transcription_get_text (self->transcription, &len);
  other = second_reader_languages (languages);
  if (g_str_equal (other, languages) ||
      (alternative = vn_ocr_model_new (other, NULL)) == NULL)
    return NULL;
  now = count_unwritable (self->model, text, len);
  then = count_unwritable (alternative, text, len);
  if (now < then + MAX (3, now / 4))
    return NULL;
  unwritable = letters_unwritable (self->model, text, len);
  return g_strdup_printf (_("The transcription writes letters that the %s model cannot (%s); "
                            "the %s model can write more of them: try --lang %s."),
                          languages, unwritable, other, other);
}

/* Reads the disputed words' lines again, with the script's other model where one is
 * installed, as single lines and after Leptonica's own background normalisation: an
 * independent vote where the witnesses disagree and the verdict is open. Then judges again.
 * @engine: the one that read @scans (its models and cache); a tenth of the words or so. */
gboolean
vn_collation_reread (VnCollation   *self,
                     VnOcrEngine   *engine,
                     GPtrArray     *scans,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *languages = NULL;
  g_autoptr(VnOcrEngine) second = NULL;
  guint n;

  g_return_val_if_fail (VN_IS_COLLATION (self), FALSE);
  g_return_val_if_fail (VN_IS_OCR_ENGINE (engine), FALSE);
  g_return_val_if_fail (scans != NULL, FALSE);

  if (scans->len != self->pages->len)
    return TRUE;
  languages = second_reader_languages (vn_ocr_engine_get_languages (engine));
  /* The same threads: a batch of documents loads the second model once, not per document. */
  second = vn_ocr_engine_new_sharing (engine, languages);
  /* Beside the pages' cache, not in it: that one holds whole pages only. */
  if (vn_ocr_engine_get_cache (engine) != NULL)
    {
      VnOcrCache *pages_cache = vn_ocr_engine_get_cache (engine);
      g_autofree char *dir = g_strconcat (vn_ocr_cache_get_directory (pages_cache), "-regions",
                                          NULL);
      g_autoptr(VnOcrCache) regions = vn_ocr_cache_new (dir);
      vn_ocr_engine_set_cache (second, regions);
    }
  vn_ocr_engine_set_page_seg_mode (second, 7);   /* a single line */
  vn_ocr_engine_set_preprocess (second, VN_PREPROCESS_NORMALIZE);
  vn_ocr_engine_set_alternatives (second, TRUE);   /* did it consider the text's letters? */
  for (guint p = 0; p < scans->len; p++)
    if (!reread_page (self, second, p, g_ptr_array_index (scans, p), cancellable, error))
      return FALSE;
  n = self->discrepancies->len;
  _vn_collation_judge_all (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, self->discrepancies->len);
  return TRUE;
}
