/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan-line.c: the lines of the scans as OCR found them, each with the run of the
 * transcription's words the alignment placed on it. A word OCR did not find goes with the word
 * before it (or, at the start, after it). A line the alignment visits twice (its words read
 * out of order) gives two lines, each with the OCR words between its own. */
#include <string.h>

#include "vn-scan-line.h"

struct _VnScanLine
{
  GObject  parent_instance;
  guint    page;
  guint    ocr_line;     /* the OCR's line index on the page */
  VnBox    box;
  guint    first_token, n_tokens;
  int      first_ocr, last_ocr;   /* OCR words, in the collation's sequence; -1: none */
  char    *ocr_text;
};

G_DEFINE_FINAL_TYPE (VnScanLine, vn_scan_line, G_TYPE_OBJECT)

static void
vn_scan_line_finalize (GObject *object)
{
  g_free (VN_SCAN_LINE (object)->ocr_text);
  G_OBJECT_CLASS (vn_scan_line_parent_class)->finalize (object);
}

static void
vn_scan_line_class_init (VnScanLineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_scan_line_finalize;
}

static void
vn_scan_line_init (VnScanLine *self)
{
  self->first_ocr = self->last_ocr = -1;
}

/* ------------------------------------------------------------------ building */

/* The OCR line a token is on: (page, line) of its first OCR word; FALSE when OCR did not
 * find it. */
static gboolean
token_line (VnCollation *collation,
            guint        token,
            guint       *page,
            guint       *line)
{
  const VnTokenPlacement *pl = vn_collation_get_placement (collation, token);
  const VnOcrWord *word;

  if (pl->first_ocr < 0 || pl->n_ocr == 0)
    return FALSE;
  word = vn_collation_get_ocr_word (collation, pl->first_ocr, page);
  *line = word->line;
  return TRUE;
}

static gboolean
on_line (VnScanLine  *self,
         VnCollation *collation,
         guint        ocr_word)
{
  guint page;
  const VnOcrWord *word = vn_collation_get_ocr_word (collation, ocr_word, &page);

  return word->line == self->ocr_line && page == self->page;
}

/* Widens the line's OCR words to those of its OCR line beyond them that no token took, so
 * that the line reads as the scan does, from its first word to its last. */
static void
widen_to_line (VnScanLine  *self,
               VnCollation *collation,
               const guint8 *taken)
{
  guint n = vn_collation_get_n_ocr_words (collation);

  while (self->first_ocr > 0 && !taken[self->first_ocr - 1] &&
         on_line (self, collation, self->first_ocr - 1))
    self->first_ocr--;
  while (self->last_ocr >= 0 && (guint) self->last_ocr + 1 < n && !taken[self->last_ocr + 1] &&
         on_line (self, collation, self->last_ocr + 1))
    self->last_ocr++;
}

/* The OCR text and the box, from the OCR words and the tokens' regions. */
static void
finish_line (VnScanLine  *self,
             VnCollation *collation,
             const guint8 *taken)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean have_box = FALSE;

  widen_to_line (self, collation, taken);
  for (int i = self->first_ocr; i >= 0 && i <= self->last_ocr; i++)
    {
      const VnOcrWord *word = vn_collation_get_ocr_word (collation, i, NULL);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, word->text);
      self->box = have_box ? vn_box_union (self->box, word->box) : word->box;
      have_box = TRUE;
    }
  for (guint t = self->first_token; !have_box && t < self->first_token + self->n_tokens; t++)
    {
      const VnTokenPlacement *pl = vn_collation_get_placement (collation, t);
      if (pl->box.w > 0)
        self->box = pl->box, have_box = TRUE;
    }
  self->ocr_text = g_string_free (g_steal_pointer (&text), FALSE);
}

static void
extend_ocr (VnScanLine             *self,
            const VnTokenPlacement *pl,
            guint8                 *taken)
{
  if (pl->first_ocr < 0 || pl->n_ocr == 0)
    return;
  if (self->first_ocr < 0 || pl->first_ocr < self->first_ocr)
    self->first_ocr = pl->first_ocr;
  self->last_ocr = MAX (self->last_ocr, pl->first_ocr + (int) pl->n_ocr - 1);
  memset (taken + pl->first_ocr, 1, pl->n_ocr);
}

/**
 * vn_scan_lines_new:
 *
 * Returns: (transfer full): a GListModel of VnScanLine, in the transcription's order.
 */
GListModel *
vn_scan_lines_new (VnCollation *collation)
{
  VnTranscription *t = vn_collation_get_transcription (collation);
  guint n_tokens = vn_transcription_get_n_tokens (t);
  g_autofree guint8 *taken = g_malloc0 (vn_collation_get_n_ocr_words (collation) + 1);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *store = g_list_store_new (VN_TYPE_SCAN_LINE);
  VnScanLine *line = NULL;

  g_return_val_if_fail (VN_IS_COLLATION (collation), G_LIST_MODEL (store));

  for (guint i = 0; i < n_tokens; i++)
    {
      const VnTokenPlacement *pl = vn_collation_get_placement (collation, i);
      guint page = 0, ocr_line = 0;
      gboolean found = token_line (collation, i, &page, &ocr_line);

      if (pl->page < 0)
        continue;
      /* A token OCR did not find stays on the line it follows. */
      if (line == NULL || (found && (page != line->page || ocr_line != line->ocr_line)))
        {
          line = g_object_new (VN_TYPE_SCAN_LINE, NULL);
          line->page = found ? page : (guint) pl->page;
          line->ocr_line = ocr_line;
          line->first_token = i;
          g_ptr_array_add (lines, line);
        }
      line->n_tokens = i + 1 - line->first_token;
      extend_ocr (line, pl, taken);
    }
  for (guint i = 0; i < lines->len; i++)
    {
      finish_line (g_ptr_array_index (lines, i), collation, taken);
      g_list_store_append (store, g_ptr_array_index (lines, i));
    }
  return G_LIST_MODEL (store);
}

/* ------------------------------------------------------------------ lookups */

static int
overlap (int a0,
         int a1,
         int b0,
         int b1)
{
  return MAX (0, MIN (a1, b1) - MAX (a0, b0));
}

/* The tokens a rectangle drawn on page @page covers: on the lines it covers by at least half
 * their height, those whose middle lies between its left and right edges; from the first in
 * the transcription to the last. A sliver of the line above or below does not count. FALSE
 * when it covers none. */
gboolean
vn_scan_lines_find_region (GListModel  *lines,
                           VnCollation *collation,
                           guint        page,
                           const VnBox *region,
                           guint       *first_token,
                           guint       *n_tokens)
{
  int first = -1, last = -1;

  g_return_val_if_fail (G_IS_LIST_MODEL (lines) && region != NULL, FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(VnScanLine) line = g_list_model_get_item (lines, i);
      VnBox b = line->box;

      if (line->page != page || b.h <= 0 ||
          2 * overlap (b.y, b.y + b.h, region->y, region->y + region->h) < b.h)
        continue;
      for (guint t = line->first_token; t < line->first_token + line->n_tokens; t++)
        {
          const VnTokenPlacement *pl = vn_collation_get_placement (collation, t);
          int middle = pl->box.x + pl->box.w / 2;

          if (pl->box.w <= 0 || middle < region->x || middle > region->x + region->w)
            continue;
          first = first < 0 ? (int) t : MIN (first, (int) t);
          last = MAX (last, (int) t);
        }
    }
  if (first < 0)
    return FALSE;
  *first_token = first;
  *n_tokens = last + 1 - first;
  return TRUE;
}

/* The verified text of tokens [first, first + n), whitespace and line breaks between them
 * included, and where it lies in the verified text. */
char *
vn_scan_lines_dup_verified (VnSession *session,
                            guint      first_token,
                            guint      n_tokens,
                            guint     *verified_start,
                            guint     *verified_end)
{
  VnTranscription *t = vn_session_get_canonical (session);
  g_autofree char *verified = NULL;
  const VnToken *first, *last;
  guint vs, ve;

  g_return_val_if_fail (VN_IS_SESSION (session), NULL);
  g_return_val_if_fail (n_tokens > 0 && first_token + n_tokens <= vn_transcription_get_n_tokens (t),
                        NULL);

  verified = vn_session_dup_verified_text (session, NULL);
  first = vn_transcription_get_token (t, first_token);
  last = vn_transcription_get_token (t, first_token + n_tokens - 1);
  vs = vn_session_canonical_to_verified (session, first->start);
  ve = vn_session_canonical_to_verified (session, last->end);
  ve = MAX (ve, vs);
  if (verified_start != NULL)
    *verified_start = vs;
  if (verified_end != NULL)
    *verified_end = ve;
  return g_strndup (verified + vs, ve - vs);
}

guint
vn_scan_line_get_page (VnScanLine *self)
{
  g_return_val_if_fail (VN_IS_SCAN_LINE (self), 0);
  return self->page;
}

/* The line on its page, in the image's pixels: its OCR words, or its tokens' regions. */
VnBox
vn_scan_line_get_box (VnScanLine *self)
{
  g_return_val_if_fail (VN_IS_SCAN_LINE (self), (VnBox) { 0 });
  return self->box;
}

void
vn_scan_line_get_tokens (VnScanLine *self,
                         guint      *first,
                         guint      *n)
{
  g_return_if_fail (VN_IS_SCAN_LINE (self));
  *first = self->first_token;
  *n = self->n_tokens;
}

gboolean
vn_scan_line_has_token (VnScanLine *self,
                        guint       token)
{
  g_return_val_if_fail (VN_IS_SCAN_LINE (self), FALSE);
  return token >= self->first_token && token < self->first_token + self->n_tokens;
}

/* What OCR read on the line, its words separated by single spaces. */
const char *
vn_scan_line_get_ocr_text (VnScanLine *self)
{
  g_return_val_if_fail (VN_IS_SCAN_LINE (self), NULL);
  return self->ocr_text;
}

/* The line's words in the verified text, and where they lie in it. */
char *
vn_scan_line_dup_transcription (VnScanLine *self,
                                VnSession  *session,
                                guint      *verified_start,
                                guint      *verified_end)
{
  g_return_val_if_fail (VN_IS_SCAN_LINE (self), NULL);
  return vn_scan_lines_dup_verified (session, self->first_token, self->n_tokens, verified_start,
                                     verified_end);
}
