/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source-pdf.c: a PDF's text layer (the invisible OCR text over its scans) as the
 * published transcription: poppler's text of each page in its reading order, a line per line,
 * each word with the box of its characters, in points from the page's top left. */
#include <string.h>

#include <glib/gi18n.h>
#include <poppler.h>

#include "vn-error.h"
#include "vn-source-private.h"

/* poppler-glib 22.12 declares no cleanup functions. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

static VnBox
rect_box (const PopplerRectangle *r)
{
  double x0 = MIN (r->x1, r->x2), x1 = MAX (r->x1, r->x2);
  double y0 = MIN (r->y1, r->y2), y1 = MAX (r->y1, r->y2);

  return (VnBox) { (int) (x0 + 0.5), (int) (y0 + 0.5), MAX (1, (int) (x1 - x0 + 0.5)),
                   MAX (1, (int) (y1 - y0 + 0.5)) };
}

/* A word from characters [first, last) of the page's text (@rects: one per character, or
 * NULL when poppler's layout does not match its text). */
static void
add_word (VnSource               *self,
          const char             *start,
          const char             *end,
          const PopplerRectangle *rects,
          guint                   first,
          guint                   last)
{
  g_autofree char *word = g_strndup (start, end - start);
  VnBox box = { 0 };

  for (guint i = first; rects != NULL && i < last; i++)
    box = i == first ? rect_box (&rects[i]) : vn_box_union (box, rect_box (&rects[i]));
  _vn_source_add_unit (self, VN_UNIT_WORD, word, NULL, rects ? &box : NULL);
}

static void
read_page_text (VnSource               *self,
                const char             *text,
                const PopplerRectangle *rects)
{
  const char *word = NULL;
  guint index = 0, word_index = 0;

  for (const char *p = text; ; p = g_utf8_next_char (p), index++)
    {
      gunichar c = g_utf8_get_char (p);
      gboolean space = *p == '\0' || g_unichar_isspace (c);

      if (!space && word == NULL)
        word = p, word_index = index;
      if (space && word != NULL)
        {
          add_word (self, word, p, rects, word_index, index);
          word = NULL;
        }
      if (*p == '\n')
        _vn_source_end_line (self);
      if (*p == '\0')
        break;
    }
  _vn_source_end_line (self);
}

gboolean
_vn_source_read_pdf (VnSource  *self,
                     guint      file,
                     GError   **error)
{
  VnSourceFile *f = _vn_source_get_file (self, file);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PopplerDocument) doc = poppler_document_new_from_bytes (f->bytes, NULL, &local_error);
  int n;

  if (doc == NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is not a PDF Verno can read (%s); repair it, or give the transcription "
                     "in another format."), f->name, local_error->message);
      return FALSE;
    }
  n = poppler_document_get_n_pages (doc);
  for (int p = 0; p < n; p++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, p);
      g_autofree char *text = page ? poppler_page_get_text (page) : NULL;
      PopplerRectangle *rects = NULL;
      guint n_rects = 0;
      double width = 0, height = 0;

      if (page == NULL)
        continue;
      poppler_page_get_size (page, &width, &height);
      _vn_source_begin_page (self, file, NULL, (int) (width + 0.5), (int) (height + 0.5));
      if (text == NULL || !g_utf8_validate (text, -1, NULL))
        continue;
      if (!poppler_page_get_text_layout (page, &rects, &n_rects) ||
          n_rects != (guint) g_utf8_strlen (text, -1))
        g_clear_pointer (&rects, g_free);
      _vn_source_begin_block (self);
      read_page_text (self, text, rects);
      g_free (rects);
    }
  if (self->units->len == 0)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s has no text layer, so it holds no transcription; give the "
                     "transcription as a file of its own."), f->name);
      return FALSE;
    }
  return TRUE;
}
