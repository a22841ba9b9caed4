/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-collation.c: the transcription aligned word by word to the OCR of its scans, each word
 * placed on its scan, and the steps that find, judge and rank the discrepancies, in order
 * (see vn-collation-private.h for the other files). */
#include <string.h>

#include "vn-alignment.h"
#include "vn-collation-private.h"
#include "vn-hash.h"
#include "vn-text.h"

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
  g_clear_pointer (&self->corrections, g_hash_table_unref);
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
  self->corrections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pairs = g_hash_table_new_full (vn_hash_pair64, g_int64_equal, g_free, NULL);
  self->confusions = g_hash_table_new_full (vn_hash_pair64, g_int64_equal, g_free, NULL);
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
  _vn_collation_learn_document (self, ocr_languages);
  _vn_collation_find_broken_words (self);
  _vn_collation_find_in_hunks (self);
  _vn_collation_find_agreed_errors (self);
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
