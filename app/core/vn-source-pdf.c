/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source-pdf.c: a PDF's text layer (the invisible OCR text over its scans) as the
 * published transcription: poppler's text of each page in its reading order, a line per line,
 * each word with the box of its characters, in points from the page's top left. Corrections
 * are written as a new PDF (qpdf): every object of the original kept as it is — the page
 * images stream for stream, never decoded or rendered — but each page's invisible text,
 * which is replaced by the verified words at their places. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <poppler.h>
#include <qpdf/qpdf-c.h>

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

typedef struct
{
  char  *text;
  VnBox  box;
} PdfWord;

static void
clear_pdf_word (gpointer data)
{
  g_free (((PdfWord *) data)->text);
}

/* Whether the character at @rect starts a new word after the one at @prev though no space
 * separates them in poppler's text: a text layer written a word at a time, as Tesseract's is,
 * leaves the gaps between words to the reader, and poppler's text does not always see them
 * (it ran "qui l'emmenait" together, and words of two lines). A gap of a quarter of the
 * characters' height, a step back or a change of line is a new word. */
static gboolean
is_word_gap (const PopplerRectangle *prev,
             const PopplerRectangle *rect)
{
  double height = MAX (fabs (prev->y2 - prev->y1), fabs (rect->y2 - rect->y1));
  double prev_left = MIN (prev->x1, prev->x2), prev_right = MAX (prev->x1, prev->x2);
  double left = MIN (rect->x1, rect->x2);
  double prev_middle = (prev->y1 + prev->y2) / 2, middle = (rect->y1 + rect->y2) / 2;

  return left - prev_right > height / 4 || left < prev_left - height / 4 ||
         fabs (middle - prev_middle) > height / 2;
}

static void
add_pdf_word (GArray                 *words,
              const char             *start,
              const char             *end,
              const PopplerRectangle *rects,
              guint                   first,
              guint                   last)
{
  PdfWord w = { g_strndup (start, end - start), { 0 } };

  for (guint i = first; rects != NULL && i < last; i++)
    w.box = i == first ? rect_box (&rects[i]) : vn_box_union (w.box, rect_box (&rects[i]));
  g_array_append_val (words, w);
}

/* The page's words as poppler splits its text, and where its characters' boxes part, each
 * with the box of its characters (@rects: one per character, or NULL when poppler's layout
 * does not match its text). */
static GArray *
page_words (const char             *text,
            const PopplerRectangle *rects)
{
  GArray *words = g_array_new (FALSE, TRUE, sizeof (PdfWord));
  const char *word = NULL;
  guint index = 0, word_index = 0;

  g_array_set_clear_func (words, clear_pdf_word);
  for (const char *p = text; ; p = g_utf8_next_char (p), index++)
    {
      gboolean space = *p == '\0' || g_unichar_isspace (g_utf8_get_char (p));

      if (!space && word != NULL && rects != NULL &&
          is_word_gap (&rects[index - 1], &rects[index]))
        {
          add_pdf_word (words, word, p, rects, word_index, index);
          word = NULL;
        }
      if (!space && word == NULL)
        word = p, word_index = index;
      if (space && word != NULL)
        {
          add_pdf_word (words, word, p, rects, word_index, index);
          word = NULL;
        }
      if (*p == '\0')
        break;
    }
  return words;
}

static int
compare_by_middle (gconstpointer a,
                   gconstpointer b)
{
  const PdfWord *wa = a, *wb = b;
  int ya = 2 * wa->box.y + wa->box.h, yb = 2 * wb->box.y + wb->box.h;

  return ya < yb ? -1 : ya > yb;
}

static int
compare_by_x (gconstpointer a,
              gconstpointer b)
{
  const PdfWord *wa = *(const PdfWord **) a, *wb = *(const PdfWord **) b;

  return wa->box.x < wb->box.x ? -1 : wa->box.x > wb->box.x;
}

/* Poppler orders a text layer's words as it guesses columns, which puts the first words of
 * an OCR program's lines in a column of their own; the lines are found again from the boxes:
 * words whose middles are within half a line of each other, left to right, lines top to
 * bottom, a block where a gap is more than a line and a half. */
static void
read_page_lines (VnSource *self,
                 GArray   *words)
{
  g_autoptr(GPtrArray) line = g_ptr_array_new ();
  int line_middle = 0, line_height = 0, previous_bottom = -1;

  g_array_sort (words, compare_by_middle);
  for (guint i = 0; i <= words->len; i++)
    {
      PdfWord *w = i < words->len ? &g_array_index (words, PdfWord, i) : NULL;
      int middle = w ? w->box.y + w->box.h / 2 : 0;

      if (line->len > 0 && (w == NULL || ABS (middle - line_middle) > MAX (1, line_height / 2)))
        {
          PdfWord *first = g_ptr_array_index (line, 0);

          g_ptr_array_sort (line, compare_by_x);
          if (previous_bottom >= 0 && first->box.y - previous_bottom > line_height * 3 / 2)
            _vn_source_begin_block (self);
          for (guint k = 0; k < line->len; k++)
            _vn_source_add_unit (self, VN_UNIT_WORD, ((PdfWord *) g_ptr_array_index (line, k))->text,
                                 NULL, &((PdfWord *) g_ptr_array_index (line, k))->box);
          _vn_source_end_line (self);
          previous_bottom = first->box.y + line_height;
          g_ptr_array_set_size (line, 0);
        }
      if (w == NULL)
        break;
      if (line->len == 0)
        line_middle = middle, line_height = MAX (1, w->box.h);
      g_ptr_array_add (line, w);
    }
}

/* Without boxes, poppler's own order and lines. */
static void
read_page_text (VnSource   *self,
                const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint l = 0; lines[l]; l++)
    {
      g_auto(GStrv) words = g_strsplit_set (lines[l], " \t\r\f", -1);

      for (guint k = 0; words[k]; k++)
        _vn_source_add_unit (self, VN_UNIT_WORD, words[k], NULL, NULL);
      _vn_source_end_line (self);
    }
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
      if (rects != NULL)
        {
          g_autoptr(GArray) words = page_words (text, rects);
          read_page_lines (self, words);
        }
      else
        read_page_text (self, text);
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

/* ------------------------------------------------------------------ writing */

/* A content stream without its invisible text: every text object (BT … ET) that shows text
 * only in render mode 3 goes; images, vector graphics and visible text stay, byte for byte.
 * A small tokenizer skips strings, hex strings, comments and inline images. */
typedef struct
{
  const char *p;
  const char *end;
} Lexer;

static gboolean
is_delimiter (char c)
{
  return strchr ("()<>[]{}/%", c) != NULL;
}

static gboolean
is_white (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static void
skip_string (Lexer *lx)
{
  int depth = 0;

  for (; lx->p < lx->end; lx->p++)
    {
      if (*lx->p == '\\')
        lx->p++;
      else if (*lx->p == '(')
        depth++;
      else if (*lx->p == ')' && --depth == 0)
        {
          lx->p++;
          return;
        }
    }
}

/* Inline image data: up to "EI" between white space. */
static void
skip_inline_image (Lexer *lx)
{
  for (; lx->p + 2 < lx->end; lx->p++)
    if (is_white (lx->p[0]) && lx->p[1] == 'E' && lx->p[2] == 'I' &&
        (lx->p + 3 == lx->end || is_white (lx->p[3])))
      {
        lx->p += 3;
        return;
      }
  lx->p = lx->end;
}

/* The next token: its start and length; FALSE at the end. */
static gboolean
next_token (Lexer       *lx,
            const char **start,
            gsize       *len)
{
  while (lx->p < lx->end && (is_white (*lx->p) || *lx->p == '%'))
    {
      if (*lx->p == '%')
        while (lx->p < lx->end && *lx->p != '\n' && *lx->p != '\r')
          lx->p++;
      else
        lx->p++;
    }
  if (lx->p >= lx->end)
    return FALSE;
  *start = lx->p;
  if (*lx->p == '(')
    skip_string (lx);
  else if (*lx->p == '<' && lx->p + 1 < lx->end && lx->p[1] != '<')
    {
      const char *close = memchr (lx->p, '>', lx->end - lx->p);
      lx->p = close ? close + 1 : lx->end;
    }
  else if (is_delimiter (*lx->p) && *lx->p != '/')
    lx->p += (*lx->p == '<' || *lx->p == '>') && lx->p + 1 < lx->end && lx->p[1] == *lx->p ? 2 : 1;
  else
    for (lx->p++; lx->p < lx->end && !is_white (*lx->p) && !is_delimiter (*lx->p); lx->p++)
      ;
  *len = lx->p - *start;
  return TRUE;
}

static gboolean
token_is (const char *start,
          gsize       len,
          const char *op)
{
  return len == strlen (op) && memcmp (start, op, len) == 0;
}

static GString *
strip_invisible_text (const char *data,
                      gsize       len)
{
  GString *out = g_string_sized_new (len);
  Lexer lx = { data, data + len };
  const char *start, *kept = data, *block = NULL;
  gsize n;
  int mode = 0, saved[64], depth = 0, last_number = 0;
  gboolean visible = FALSE;

  while (next_token (&lx, &start, &n))
    {
      if (token_is (start, n, "BI"))
        skip_inline_image (&lx);
      else if (token_is (start, n, "q") && depth < 64)
        saved[depth++] = mode;
      else if (token_is (start, n, "Q") && depth > 0)
        mode = saved[--depth];
      else if (token_is (start, n, "Tr"))
        mode = last_number;
      else if (token_is (start, n, "BT"))
        block = start, visible = FALSE;
      else if ((token_is (start, n, "Tj") || token_is (start, n, "TJ") ||
                token_is (start, n, "'") || token_is (start, n, "\"")) && mode != 3)
        visible = TRUE;
      else if (token_is (start, n, "ET") && block != NULL)
        {
          if (!visible)
            {
              g_string_append_len (out, kept, block - kept);
              kept = lx.p;
            }
          block = NULL;
        }
      if (n > 0 && g_ascii_isdigit (*start))
        last_number = atoi (start);
    }
  g_string_append_len (out, kept, data + len - kept);
  return out;
}

/* The ToUnicode CMap of the text layer's font: each CID is a UTF-16 code unit. */
static GString *
identity_cmap (void)
{
  GString *cmap = g_string_new ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                                "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                                "1 begincodespacerange <0000> <FFFF> endcodespacerange\n");

  for (guint block = 0; block < 256; block += 100)
    {
      guint n = MIN (100, 256 - block);

      g_string_append_printf (cmap, "%u beginbfrange\n", n);
      for (guint hi = block; hi < block + n; hi++)
        g_string_append_printf (cmap, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
      g_string_append (cmap, "endbfrange\n");
    }
  g_string_append (cmap, "endcmap CMapName currentdict /CMap defineresource pop end end\n");
  return cmap;
}

typedef struct
{
  qpdf_data q;
  qpdf_oh   font;
} PdfWriter;

/* A Type 0 font with no glyphs drawn (render mode 3 draws none), whose CIDs read as their
 * UTF-16 code units: the text layer's font, as OCR programs make it. Its ascent and descent
 * span one em, so that a reader's box of each character is its line's height from the line's
 * top (poppler takes no descent of 0: it would make the boxes a third taller, and lines that
 * run into each other). */
static qpdf_oh
make_font (qpdf_data q)
{
  g_autoptr(GString) cmap = identity_cmap ();
  qpdf_oh to_unicode = qpdf_oh_new_stream (q);
  qpdf_oh descriptor = qpdf_make_indirect_object (q, qpdf_oh_parse (q,
    "<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 -200 500 800] "
    "/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 800 /StemV 80 >>"));
  qpdf_oh cid = qpdf_oh_parse (q, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont "
                               "/GlyphLessFont /CIDSystemInfo << /Registry (Adobe) /Ordering "
                               "(Identity) /Supplement 0 >> /DW 500 /CIDToGIDMap /Identity >>");
  qpdf_oh font = qpdf_oh_parse (q, "<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont "
                                "/Encoding /Identity-H >>");
  qpdf_oh descendants = qpdf_oh_new_array (q);

  qpdf_oh_replace_stream_data (q, to_unicode, (const unsigned char *) cmap->str, cmap->len,
                               qpdf_oh_new_null (q), qpdf_oh_new_null (q));
  qpdf_oh_replace_key (q, cid, "/FontDescriptor", descriptor);
  qpdf_oh_append_item (q, descendants, qpdf_make_indirect_object (q, cid));
  qpdf_oh_replace_key (q, font, "/DescendantFonts", descendants);
  qpdf_oh_replace_key (q, font, "/ToUnicode", qpdf_make_indirect_object (q, to_unicode));
  return qpdf_make_indirect_object (q, font);
}

typedef struct
{
  char  *text;
  VnBox  box;
  guint  line;
} LayerWord;

static void
clear_layer_word (gpointer data)
{
  g_free (((LayerWord *) data)->text);
}

/* A word on its line's baseline, at the font size of its line's height, stretched so that it
 * and the space after it (unless it ends its line) reach the next word: text extractors then
 * read the words apart, and on the lines they are on, however close the boxes are. */
static void
append_word (GString         *out,
             const LayerWord *word,
             const LayerWord *next,
             const VnBox     *line,
             double           left,
             double           top)
{
  glong slots = g_utf8_strlen (word->text, -1) + (next != NULL);
  double size = MAX (1, line->h);
  double width = next != NULL ? MAX (word->box.w, next->box.x - word->box.x) : word->box.w;
  double scale = 100.0 * width / MAX (1.0, slots * 0.5 * size);
  char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (x, sizeof x, "%.2f", left + word->box.x);
  g_ascii_formatd (y, sizeof y, "%.2f", top - line->y - line->h * 0.8);
  g_string_append_printf (out, "/VnTextLayer %d Tf %d Tz 1 0 0 1 %s %s Tm <", (int) size,
                          (int) CLAMP (scale, 1, 10000), x, y);
  for (const char *p = word->text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_string_append_printf (out, "%04X", c < 0x10000 ? c : 0xFFFD);
    }
  g_string_append (out, next != NULL ? "0020> Tj\n" : "> Tj\n");
}

/* The page's words as they will be, in reading order, with their lines. */
static GArray *
layer_words (VnSource     *self,
             VnSourcePlan *plan,
             guint         page)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (LayerWord));

  g_array_set_clear_func (words, clear_layer_word);
  for (guint i = 0; i < self->units->len; i++)
    {
      const VnSourceUnit *unit = &g_array_index (self->units, VnSourceUnit, i);
      const VnUnitPlan *up = &plan->units[i];
      LayerWord word = { up->changed ? g_strdup (up->text)
                                     : g_strndup (self->text->str + unit->start,
                                                  unit->end - unit->start),
                         up->changed ? up->box : unit->box, unit->line };

      if (g_array_index (self->lines, VnSourceLine, unit->line).page != page || up->removed)
        {
          g_free (word.text);
          continue;
        }
      g_array_append_val (words, word);
      for (guint w = 0; up->extra && w < up->extra->len; w++)
        {
          const VnNewWord *extra = &g_array_index (up->extra, VnNewWord, w);
          g_array_append_val (words, ((LayerWord) { g_strdup (extra->text), extra->box,
                                                    unit->line }));
        }
    }
  return words;
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* The line of words [first, end): their median height and bottom, so that a comma's box or
 * one that reaches into the next line does not move the line. */
static VnBox
typical_box (GArray *words,
             guint   first,
             guint   end)
{
  g_autofree int *heights = g_new (int, end - first);
  g_autofree int *bottoms = g_new (int, end - first);
  guint n = end - first;

  for (guint i = first; i < end; i++)
    {
      const VnBox *box = &g_array_index (words, LayerWord, i).box;

      heights[i - first] = box->h;
      bottoms[i - first] = box->y + box->h;
    }
  qsort (heights, n, sizeof (int), compare_ints);
  qsort (bottoms, n, sizeof (int), compare_ints);
  return (VnBox) { 0, bottoms[n / 2] - heights[n / 2], 0, heights[n / 2] };
}

/* The page's words as they will be, in render mode 3, where the old text layer had them. */
static GString *
text_layer (VnSource     *self,
            VnSourcePlan *plan,
            guint         page,
            double        left,
            double        top)
{
  GString *out = g_string_new ("\nq BT 3 Tr\n");
  g_autoptr(GArray) words = layer_words (self, plan, page);
  guint first = 0;

  while (first < words->len)
    {
      guint line_index = g_array_index (words, LayerWord, first).line, end = first;
      VnBox line;

      while (end < words->len && g_array_index (words, LayerWord, end).line == line_index)
        end++;
      line = typical_box (words, first, end);
      for (guint i = first; i < end; i++)
        append_word (out, &g_array_index (words, LayerWord, i),
                     i + 1 < end ? &g_array_index (words, LayerWord, i + 1) : NULL, &line, left,
                     top);
      first = end;
    }
  g_string_append (out, "ET Q\n");
  return out;
}

static double
box_number (qpdf_data q,
            qpdf_oh   box,
            int       i)
{
  return qpdf_oh_get_numeric_value (q, qpdf_oh_get_array_item (q, box, i));
}

static void
rewrite_page (PdfWriter    *w,
              VnSource     *self,
              VnSourcePlan *plan,
              guint         index)
{
  qpdf_oh page = qpdf_get_page_n (w->q, index);
  qpdf_oh box = qpdf_oh_has_key (w->q, page, "/CropBox") ? qpdf_oh_get_key (w->q, page, "/CropBox")
                                                          : qpdf_oh_get_key (w->q, page, "/MediaBox");
  qpdf_oh resources = qpdf_oh_get_key (w->q, page, "/Resources");
  qpdf_oh fonts, contents = qpdf_oh_new_stream (w->q);
  unsigned char *data = NULL;
  size_t len = 0;
  g_autoptr(GString) stripped = NULL, layer = NULL;

  if (!qpdf_oh_is_dictionary (w->q, resources))
    {
      resources = qpdf_oh_new_dictionary (w->q);
      qpdf_oh_replace_key (w->q, page, "/Resources", resources);
    }
  fonts = qpdf_oh_get_key (w->q, resources, "/Font");
  if (!qpdf_oh_is_dictionary (w->q, fonts))
    {
      fonts = qpdf_oh_new_dictionary (w->q);
      qpdf_oh_replace_key (w->q, resources, "/Font", fonts);
    }
  qpdf_oh_replace_key (w->q, fonts, "/VnTextLayer", w->font);
  qpdf_oh_get_page_content_data (w->q, page, &data, &len);
  stripped = strip_invisible_text ((const char *) data, len);
  free (data);
  layer = text_layer (self, plan, index, MIN (box_number (w->q, box, 0), box_number (w->q, box, 2)),
                      MAX (box_number (w->q, box, 1), box_number (w->q, box, 3)));
  g_string_append_len (stripped, layer->str, layer->len);
  qpdf_oh_replace_stream_data (w->q, contents, (const unsigned char *) stripped->str,
                               stripped->len, qpdf_oh_new_null (w->q), qpdf_oh_new_null (w->q));
  qpdf_oh_replace_key (w->q, page, "/Contents", qpdf_make_indirect_object (w->q, contents));
}

static gboolean
qpdf_failed (qpdf_data    q,
             const char  *name,
             GError     **error)
{
  if (!qpdf_has_error (q))
    return FALSE;
  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
               _("Cannot write the corrected text layer of %s (%s); nothing was written."), name,
               qpdf_get_error_full_text (q, qpdf_get_error (q)));
  return TRUE;
}

/* A new PDF: the original's objects (page images untouched, stream for stream), each page's
 * invisible text replaced by the verified words at their places. */
GBytes *
_vn_source_write_pdf (VnSource      *self,
                      guint          file,
                      VnSourcePlan  *plan,
                      GError       **error)
{
  VnSourceFile *f = _vn_source_get_file (self, file);
  PdfWriter w = { qpdf_init (), 0 };
  gsize len;
  const char *data = g_bytes_get_data (f->bytes, &len);
  GBytes *out = NULL;

  qpdf_silence_errors (w.q);
  qpdf_set_suppress_warnings (w.q, QPDF_TRUE);
  if (qpdf_read_memory (w.q, f->name, data, len, NULL) & QPDF_ERRORS ||
      qpdf_failed (w.q, f->name, error))
    goto out;
  qpdf_push_inherited_attributes_to_page (w.q);
  if ((guint) qpdf_get_num_pages (w.q) != self->pages->len)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("qpdf and poppler count different pages in %s; nothing was written."),
                   f->name);
      goto out;
    }
  w.font = make_font (w.q);
  for (guint p = 0; p < self->pages->len; p++)
    rewrite_page (&w, self, plan, p);
  if (qpdf_failed (w.q, f->name, error) || qpdf_init_write_memory (w.q) & QPDF_ERRORS)
    goto out;
  /* Streams as they are: the images' bytes are the original's. */
  qpdf_set_stream_data_mode (w.q, qpdf_s_preserve);
  qpdf_set_decode_level (w.q, qpdf_dl_none);
  if (qpdf_write (w.q) & QPDF_ERRORS || qpdf_failed (w.q, f->name, error))
    goto out;
  out = g_bytes_new (qpdf_get_buffer (w.q), qpdf_get_buffer_length (w.q));
out:
  if (out == NULL && error != NULL && *error == NULL)
    qpdf_failed (w.q, f->name, error);
  qpdf_cleanup (&w.q);
  return out;
}
