/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-export.c: the verified text in the formats archives use: plain text, hOCR, ALTO 4.4,
 * PAGE XML 2019, searchable PDF and TEI P5.
 *
 * Every verified word is put where the collation placed it on its scan. Words are grouped
 * into lines by the OCR line of the word they matched; a word the OCR did not see joins its
 * previous neighbour's line. Lines are grouped into blocks and paragraphs the same way.
 *
 * Confidences (hOCR x_wconf, ALTO WC, PAGE conf) are written only for words the OCR read as
 * the verified text reads them: the OCR's confidence in another reading says nothing about
 * the verified word.
 *
 * PAGE XML holds one page per file (PcGts has exactly one Page; multi-page documents are
 * bound by METS, one PAGE file per image). A one-page document is written to PATH itself;
 * a document of N > 1 pages to PATH with the page number inserted before the extension:
 * out.xml becomes out-1.xml … out-N.xml, and PATH itself is not written. See
 * vn_export_page_file_path().
 *
 * The PDF shows each scan as an 8-bit grey JPEG at its physical size, with the words on top
 * in invisible text (render mode 3) set in Tesseract's glyphless font (pdf.ttf: a single
 * glyph that every CID maps to), so viewers can search, select and copy the verified text.
 * Text is written as UTF-16BE code units used as CIDs, as Tesseract does; characters beyond
 * the BMP get a CID of their own from the surrogate range, mapped by the ToUnicode CMap to
 * their surrogate pair, because a CMap cannot map half a pair. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libxml/xmlwriter.h>

#include "vn-error.h"
#include "vn-export.h"
#include "vn-runtime.h"
#include "vn-scan.h"
#include "vn-text.h"

#define JPEG_QUALITY 85

typedef struct
{
  guint  token;
  VnBox  box;
  int    confidence;  /* 0-100 when the OCR read this very word, else -1 */
  guint  block;       /* OCR structure of the matched word */
  guint  par;
  guint  line;
  guint  known : 1;   /* FALSE until the structure is known */
  guint  guessed : 1; /* the OCR did not see it: its region is a guess */
} Word;

typedef struct
{
  guint  first;       /* into the page's words */
  guint  n;
  guint  block;
  guint  par;
  VnBox  box;
} Line;

typedef struct
{
  VnOcrPage  *ocr;
  VnScanPage *scan;   /* NULL when the caller gave no scans */
  int         width;
  int         height;
  GArray     *words;  /* Word, in text order */
  GArray     *lines;  /* Line */
} Page;

typedef struct
{
  VnCollation     *collation;
  VnTranscription *transcription;
  GArray          *pages;  /* Page */
} Layout;

static const char *format_names[] = { "text", "hocr", "alto", "page", "pdf", "tei" };
static const char *format_titles[] = { N_("plain text"), "hOCR", "ALTO", "PAGE XML", "PDF", "TEI" };
static const char *format_extensions[] = { "txt", "hocr", "alto.xml", "page.xml", "pdf",
                                           "tei.xml" };

gboolean
vn_export_format_from_string (const char     *name,
                              VnExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  /* "txt" is the name the command line documents and defaults to. */
  if (name != NULL && g_ascii_strcasecmp (name, "txt") == 0)
    {
      *format = VN_EXPORT_TEXT;
      return TRUE;
    }
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (name, format_names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  return FALSE;
}

const char *
vn_export_format_to_string (VnExportFormat format)
{
  g_return_val_if_fail (format <= VN_EXPORT_TEI, NULL);
  return format_names[format];
}

const char *
vn_export_format_extension (VnExportFormat format)
{
  g_return_val_if_fail (format <= VN_EXPORT_TEI, NULL);
  return format_extensions[format];
}

/* PAGE XML's file for page @page (from 0) of @n_pages: @path itself for a one-page document,
 * else @path with "-N" (N from 1) before the extension of its file name. */
char *
vn_export_page_file_path (const char *path,
                          guint       page,
                          guint       n_pages)
{
  g_autofree char *base = NULL;
  const char *dot;
  gsize stem;

  g_return_val_if_fail (path != NULL, NULL);

  if (n_pages <= 1)
    return g_strdup (path);
  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  stem = strlen (path) - (dot != NULL && dot != base ? strlen (dot) : 0);
  return g_strdup_printf ("%.*s-%u%s", (int) stem, path, page + 1, path + stem);
}

/* ------------------------------------------------------------------ layout */

static void
clear_page (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->words, g_array_unref);
  g_clear_pointer (&page->lines, g_array_unref);
}

static void
layout_free (Layout *layout)
{
  g_clear_pointer (&layout->pages, g_array_unref);
  g_free (layout);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Layout, layout_free)

static const char *
word_text (Layout     *layout,
           const Word *word)
{
  return vn_transcription_get_token (layout->transcription, word->token)->text;
}

/* Interpolated regions may run off the page; every format wants them on it. */
static VnBox
clamp_box (VnBox box,
           int   width,
           int   height)
{
  box.x = CLAMP (box.x, 0, MAX (0, width - 1));
  box.y = CLAMP (box.y, 0, MAX (0, height - 1));
  box.w = CLAMP (box.w, 1, MAX (1, width - box.x));
  box.h = CLAMP (box.h, 1, MAX (1, height - box.y));
  return box;
}

static char *
nfc_core (const char *text,
          gssize      len)
{
  g_autofree char *nfc = vn_text_nfc (text, len);
  gsize start, end;

  vn_text_word_core (nfc, strlen (nfc), &start, &end);
  return g_strndup (nfc + start, end - start);
}

/* The OCR's confidence when it read the verified word's letters exactly, else -1. */
static int
matched_confidence (Layout                 *layout,
                    const VnTokenPlacement *pl,
                    const VnToken          *token)
{
  const char *text = vn_transcription_get_text (layout->transcription, NULL);
  const VnOcrWord *ocr;
  g_autofree char *ocr_core = NULL;
  g_autofree char *core = NULL;

  if (pl->interpolated || pl->first_ocr < 0 || pl->n_ocr != 1)
    return -1;
  ocr = vn_collation_get_ocr_word (layout->collation, pl->first_ocr, NULL);
  ocr_core = nfc_core (ocr->text, -1);
  core = nfc_core (text + token->core_start, token->core_end - token->core_start);
  if (*core == '\0' || !g_str_equal (core, ocr_core))
    return -1;
  return (int) CLAMP (ocr->confidence + 0.5f, 0, 100);
}

/* A region beside the previous word for words placed out of order or not at all. */
static VnBox
box_after (const Page    *page,
           const VnToken *token)
{
  const Word *prev;
  int char_w;

  if (page->words->len == 0)
    return (VnBox) { 0, 0, 1, 1 };
  prev = &g_array_index (page->words, Word, page->words->len - 1);
  char_w = MAX (4, prev->box.h / 2);
  return (VnBox) { prev->box.x + prev->box.w + char_w, prev->box.y,
                   char_w * (int) g_utf8_strlen (token->text, -1), prev->box.h };
}

/* Form feeds, when the text has one page per scan, say where its pages break. */
static int
token_page (Layout                 *layout,
            const VnTokenPlacement *pl,
            const VnToken          *token)
{
  if (vn_transcription_get_n_marked_pages (layout->transcription) == layout->pages->len)
    return token->page;
  return pl->page;
}

/* Pages only move forward in the text: a word placed on an earlier page than its previous
 * neighbour (a misalignment) is kept beside that neighbour instead. */
static void
add_token (Layout *layout,
           guint   index,
           guint  *current)
{
  const VnTokenPlacement *pl = vn_collation_get_placement (layout->collation, index);
  const VnToken *token = vn_transcription_get_token (layout->transcription, index);
  int target = token_page (layout, pl, token);
  gboolean placed = target >= (int) *current && target < (int) layout->pages->len;
  gboolean on_page = placed && target == pl->page;
  Page *page;
  Word word = { .token = index, .confidence = -1, .guessed = TRUE };

  if (placed)
    *current = target;
  page = &g_array_index (layout->pages, Page, *current);
  word.box = clamp_box (on_page ? pl->box : box_after (page, token), page->width, page->height);
  if (on_page && !pl->interpolated && pl->first_ocr >= 0)
    {
      const VnOcrWord *ocr = vn_collation_get_ocr_word (layout->collation, pl->first_ocr, NULL);

      word.block = ocr->block, word.par = ocr->par, word.line = ocr->line;
      word.known = TRUE;
      word.guessed = FALSE;
      word.confidence = matched_confidence (layout, pl, token);
    }
  g_array_append_val (page->words, word);
}

/* Words without OCR structure join their previous neighbour's line, or the first word's
 * line when they open the page. */
static void
fill_structure (Page *page)
{
  Word *words = (Word *) page->words->data;
  int first_known = -1;

  for (guint i = 0; i < page->words->len && first_known < 0; i++)
    if (words[i].known)
      first_known = i;
  for (guint i = 0; i < page->words->len; i++)
    {
      const Word *from = i > 0 ? &words[i - 1] : first_known >= 0 ? &words[first_known] : NULL;

      if (words[i].known || from == NULL)
        continue;
      words[i].block = from->block, words[i].par = from->par, words[i].line = from->line;
    }
}

static gboolean
same_line (const Word *a,
           const Word *b)
{
  return a->block == b->block && a->par == b->par && a->line == b->line;
}

static double
char_width (const Word *word,
            const char *text)
{
  return (double) word->box.w / MAX (1, g_utf8_strlen (text, -1));
}

/* Guessed words [first, end) of a line go, a space apart and as wide as their neighbour's
 * letters, after the word before them or else before the word after them, staying on the
 * page: the collation's guesses may run off it. */
static void
place_guessed (Layout *layout,
               Page   *page,
               guint   first,
               guint   end,
               int     before,
               int     after)
{
  Word *words = (Word *) page->words->data;
  const Word *ref = &words[before >= 0 ? before : after];
  double unit = char_width (ref, word_text (layout, ref)), left, right, x;
  guint units = 1;

  for (guint i = first; i < end; i++)
    units += g_utf8_strlen (word_text (layout, &words[i]), -1) + 1;
  left = before >= 0 ? words[before].box.x + words[before].box.w : 0;
  right = after >= 0 ? words[after].box.x : page->width;
  if (after >= 0 && right <= left)
    right = page->width;  /* the next word is not to the right after all */
  unit = CLAMP ((right - left) / units, 1, unit);
  x = before >= 0 ? left + unit : right - (units - 1) * unit;
  for (guint i = first; i < end; i++)
    {
      double w = unit * g_utf8_strlen (word_text (layout, &words[i]), -1);

      words[i].box = clamp_box ((VnBox) { (int) x, ref->box.y, MAX (1, (int) w), ref->box.h },
                                page->width, page->height);
      x += w + unit;
    }
}

static void
place_guessed_in_line (Layout     *layout,
                       Page       *page,
                       const Line *line)
{
  Word *words = (Word *) page->words->data;
  guint end = line->first + line->n;

  for (guint i = line->first; i < end;)
    {
      guint j = i;

      if (!words[i].guessed)
        {
          i++;
          continue;
        }
      while (j < end && words[j].guessed)
        j++;
      if (i > line->first || j < end)
        place_guessed (layout, page, i, j, i > line->first ? (int) i - 1 : -1,
                       j < end ? (int) j : -1);
      i = j;
    }
}

static void
build_lines (Layout *layout,
             Page   *page)
{
  for (guint i = 0; i < page->words->len;)
    {
      const Word *first = &g_array_index (page->words, Word, i);
      Line line = { .first = i, .block = first->block, .par = first->par };

      while (i < page->words->len && same_line (first, &g_array_index (page->words, Word, i)))
        i++;
      line.n = i - line.first;
      place_guessed_in_line (layout, page, &line);
      line.box = g_array_index (page->words, Word, line.first).box;
      for (guint k = 1; k < line.n; k++)
        line.box = vn_box_union (line.box, g_array_index (page->words, Word, line.first + k).box);
      g_array_append_val (page->lines, line);
    }
}

static Layout *
layout_new (VnCollation *collation,
            GPtrArray   *scan_pages)
{
  Layout *layout = g_new0 (Layout, 1);
  guint n_pages = vn_collation_get_n_pages (collation);
  guint current = 0;

  layout->collation = collation;
  layout->transcription = vn_collation_get_transcription (collation);
  layout->pages = g_array_sized_new (FALSE, TRUE, sizeof (Page), n_pages);
  g_array_set_clear_func (layout->pages, clear_page);
  for (guint p = 0; p < n_pages; p++)
    {
      VnOcrPage *ocr = vn_collation_get_page (collation, p);
      Page page = {
        .ocr = ocr, .scan = scan_pages ? g_ptr_array_index (scan_pages, p) : NULL,
        .width = vn_ocr_page_get_width (ocr), .height = vn_ocr_page_get_height (ocr),
        .words = g_array_new (FALSE, TRUE, sizeof (Word)),
        .lines = g_array_new (FALSE, TRUE, sizeof (Line)),
      };
      g_array_append_val (layout->pages, page);
    }
  for (guint t = 0; n_pages > 0 && t < vn_transcription_get_n_tokens (layout->transcription); t++)
    add_token (layout, t, &current);
  for (guint p = 0; p < n_pages; p++)
    {
      fill_structure (&g_array_index (layout->pages, Page, p));
      build_lines (layout, &g_array_index (layout->pages, Page, p));
    }
  return layout;
}

/* The layout's lines for other writers (training pairs), so that a line means the same
 * everywhere. A GArray of VnExportLine, page by page, top to bottom. */
GArray *
vn_export_lines (VnCollation *verified)
{
  g_autoptr(Layout) layout = NULL;
  GArray *lines;

  g_return_val_if_fail (VN_IS_COLLATION (verified), NULL);

  layout = layout_new (verified, NULL);
  lines = g_array_new (FALSE, TRUE, sizeof (VnExportLine));
  for (guint p = 0; p < layout->pages->len; p++)
    {
      const Page *page = &g_array_index (layout->pages, Page, p);

      for (guint l = 0; l < page->lines->len; l++)
        {
          const Line *line = &g_array_index (page->lines, Line, l);
          const Word *words = &g_array_index (page->words, Word, line->first);
          VnExportLine out = { p, l, words[0].token, line->n, line->box, FALSE };

          for (guint k = 0; k < line->n; k++)
            out.guessed = out.guessed || words[k].guessed;
          g_array_append_val (lines, out);
        }
    }
  return lines;
}

static const Word *
line_word (const Page *page,
           const Line *line,
           guint       k)
{
  return &g_array_index (page->words, Word, line->first + k);
}

/* Lines [first, end) that share @line's block (and paragraph, with @by_par). */
static guint
group_end (const Page *page,
           guint       first,
           gboolean    by_par)
{
  const Line *a = &g_array_index (page->lines, Line, first);
  guint end = first + 1;

  for (; end < page->lines->len; end++)
    {
      const Line *b = &g_array_index (page->lines, Line, end);
      if (b->block != a->block || (by_par && b->par != a->par))
        break;
    }
  return end;
}

static VnBox
lines_box (const Page *page,
           guint       first,
           guint       end)
{
  VnBox box = g_array_index (page->lines, Line, first).box;

  for (guint l = first + 1; l < end; l++)
    box = vn_box_union (box, g_array_index (page->lines, Line, l).box);
  return box;
}

/* The scan's file name for the XML formats, as valid UTF-8. */
static char *
page_image_name (const Page *page)
{
  const char *name = page->scan ? page->scan->path : vn_ocr_page_get_source_label (page->ocr);

  return g_filename_display_name (name ? name : "");
}

/* ------------------------------------------------------------------ XML helpers */

/* XML 1.0 cannot hold most control characters, even escaped. */
static char *
xml_safe (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0xFFFE);

      g_string_append_unichar (out, ok ? c : 0xFFFD);
    }
  return g_string_free (out, FALSE);
}

static void
write_string (xmlTextWriterPtr  writer,
              const char       *text)
{
  g_autofree char *safe = xml_safe (text);
  xmlTextWriterWriteString (writer, BAD_CAST safe);
}

static void
write_attr (xmlTextWriterPtr  writer,
            const char       *name,
            const char       *value)
{
  g_autofree char *safe = xml_safe (value);
  xmlTextWriterWriteAttribute (writer, BAD_CAST name, BAD_CAST safe);
}

static void
write_attr_int (xmlTextWriterPtr  writer,
                const char       *name,
                int               value)
{
  xmlTextWriterWriteFormatAttribute (writer, BAD_CAST name, "%d", value);
}

/* Locale-independent, so a Russian desktop does not write "0,93". */
static void
write_attr_fraction (xmlTextWriterPtr  writer,
                     const char       *name,
                     int               percent)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  write_attr (writer, name, g_ascii_formatd (buf, sizeof buf, "%.2f", percent / 100.0));
}

static void
write_text_element (xmlTextWriterPtr  writer,
                    const char       *element,
                    const char       *text)
{
  xmlTextWriterStartElement (writer, BAD_CAST element);
  write_string (writer, text);
  xmlTextWriterEndElement (writer);
}

static xmlTextWriterPtr
xml_writer_new (xmlBufferPtr buffer,
                gboolean     indent)
{
  xmlTextWriterPtr writer = xmlNewTextWriterMemory (buffer, 0);

  if (indent)
    {
      xmlTextWriterSetIndent (writer, 1);
      xmlTextWriterSetIndentString (writer, BAD_CAST "  ");
    }
  xmlTextWriterStartDocument (writer, NULL, "UTF-8", NULL);
  return writer;
}

static GBytes *
xml_writer_finish (xmlTextWriterPtr writer,
                   xmlBufferPtr     buffer)
{
  GBytes *bytes;

  xmlTextWriterEndDocument (writer);
  xmlFreeTextWriter (writer);
  bytes = g_bytes_new (xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);
  return bytes;
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* ------------------------------------------------------------------ hOCR */

static void
hocr_element (xmlTextWriterPtr  writer,
              const char       *element,
              const char       *klass,
              const char       *id,
              const VnBox      *box,
              const char       *extra)
{
  g_autofree char *title = g_strdup_printf ("bbox %d %d %d %d%s", box->x, box->y,
                                            box->x + box->w, box->y + box->h, extra);

  xmlTextWriterStartElement (writer, BAD_CAST element);
  write_attr (writer, "class", klass);
  write_attr (writer, "id", id);
  write_attr (writer, "title", title);
}

static void
hocr_line (Layout           *layout,
           xmlTextWriterPtr  writer,
           const Page       *page,
           guint             page_no,
           guint             l)
{
  const Line *line = &g_array_index (page->lines, Line, l);
  g_autofree char *id = g_strdup_printf ("line_%u_%u", page_no, l + 1);

  xmlTextWriterWriteString (writer, BAD_CAST "\n     ");
  hocr_element (writer, "span", "ocr_line", id, &line->box, "");
  for (guint k = 0; k < line->n; k++)
    {
      const Word *word = line_word (page, line, k);
      g_autofree char *wid = g_strdup_printf ("word_%u_%u", page_no, line->first + k + 1);
      g_autofree char *conf = word->confidence >= 0
                              ? g_strdup_printf ("; x_wconf %d", word->confidence)
                              : g_strdup ("");

      if (k > 0)
        xmlTextWriterWriteString (writer, BAD_CAST " ");
      hocr_element (writer, "span", "ocrx_word", wid, &word->box, conf);
      write_string (writer, word_text (layout, word));
      xmlTextWriterEndElement (writer);
    }
  xmlTextWriterEndElement (writer);
}

static void
hocr_block (Layout           *layout,
            xmlTextWriterPtr  writer,
            const Page       *page,
            guint             page_no,
            guint             block_no,
            guint             first,
            guint             end)
{
  g_autofree char *id = g_strdup_printf ("block_%u_%u", page_no, block_no);
  VnBox box = lines_box (page, first, end);

  xmlTextWriterWriteString (writer, BAD_CAST "\n   ");
  hocr_element (writer, "div", "ocr_carea", id, &box, "");
  for (guint p = first; p < end;)
    {
      guint par_end = MIN (group_end (page, p, TRUE), end);
      g_autofree char *pid = g_strdup_printf ("par_%u_%u_%u", page_no, block_no, p - first + 1);
      VnBox par_box = lines_box (page, p, par_end);

      xmlTextWriterWriteString (writer, BAD_CAST "\n    ");
      hocr_element (writer, "p", "ocr_par", pid, &par_box, "");
      for (guint l = p; l < par_end; l++)
        hocr_line (layout, writer, page, page_no, l);
      xmlTextWriterEndElement (writer);
      p = par_end;
    }
  xmlTextWriterEndElement (writer);
}

/* The hOCR image property is a quoted string: backslash and quote are escaped. */
static char *
hocr_page_title (const Page *page,
                 guint       index)
{
  char high_bytes[129] = { 0 };
  g_autofree char *image = page_image_name (page);
  g_autofree char *quoted = NULL;

  for (guint i = 0; i < 128; i++)
    high_bytes[i] = (char) (0x80 + i);
  quoted = g_strescape (image, high_bytes);
  return g_strdup_printf ("image \"%s\"; bbox 0 0 %d %d; ppageno %u; scan_res %d %d", quoted,
                          page->width, page->height, index, vn_ocr_page_get_dpi (page->ocr),
                          vn_ocr_page_get_dpi (page->ocr));
}

static void
hocr_page (Layout           *layout,
           xmlTextWriterPtr  writer,
           guint             index)
{
  const Page *page = &g_array_index (layout->pages, Page, index);
  g_autofree char *id = g_strdup_printf ("page_%u", index + 1);
  g_autofree char *title = hocr_page_title (page, index);

  xmlTextWriterWriteString (writer, BAD_CAST "\n  ");
  xmlTextWriterStartElement (writer, BAD_CAST "div");
  write_attr (writer, "class", "ocr_page");
  write_attr (writer, "id", id);
  write_attr (writer, "title", title);
  for (guint l = 0, b = 1; l < page->lines->len; b++)
    {
      guint end = group_end (page, l, FALSE);
      hocr_block (layout, writer, page, index + 1, b, l, end);
      l = end;
    }
  xmlTextWriterWriteString (writer, BAD_CAST "\n  ");
  xmlTextWriterEndElement (writer);
}

static void
hocr_meta (xmlTextWriterPtr  writer,
           const char       *name,
           const char       *content)
{
  xmlTextWriterWriteString (writer, BAD_CAST "\n  ");
  xmlTextWriterStartElement (writer, BAD_CAST "meta");
  write_attr (writer, "name", name);
  write_attr (writer, "content", content);
  xmlTextWriterEndElement (writer);
}

static void
hocr_head (Layout           *layout,
           xmlTextWriterPtr  writer)
{
  const char *title = vn_transcription_get_display_name (layout->transcription);
  g_autofree char *n_pages = g_strdup_printf ("%u", layout->pages->len);

  xmlTextWriterWriteString (writer, BAD_CAST "\n ");
  xmlTextWriterStartElement (writer, BAD_CAST "head");
  xmlTextWriterWriteString (writer, BAD_CAST "\n  ");
  write_text_element (writer, "title", title ? title : "");
  xmlTextWriterWriteString (writer, BAD_CAST "\n  ");
  xmlTextWriterStartElement (writer, BAD_CAST "meta");
  write_attr (writer, "http-equiv", "Content-Type");
  write_attr (writer, "content", "text/html;charset=utf-8");
  xmlTextWriterEndElement (writer);
  hocr_meta (writer, "ocr-system", "verno " PACKAGE_VERSION);
  hocr_meta (writer, "ocr-capabilities",
             "ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf");
  hocr_meta (writer, "ocr-number-of-pages", n_pages);
  xmlTextWriterWriteString (writer, BAD_CAST "\n ");
  xmlTextWriterEndElement (writer);
}

static GBytes *
hocr_document (Layout *layout)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  xmlTextWriterPtr writer = xml_writer_new (buffer, FALSE);

  xmlTextWriterStartElement (writer, BAD_CAST "html");
  write_attr (writer, "xmlns", "http://www.w3.org/1999/xhtml");
  hocr_head (layout, writer);
  xmlTextWriterWriteString (writer, BAD_CAST "\n ");
  xmlTextWriterStartElement (writer, BAD_CAST "body");
  for (guint p = 0; p < layout->pages->len; p++)
    hocr_page (layout, writer, p);
  xmlTextWriterWriteString (writer, BAD_CAST "\n ");
  xmlTextWriterEndElement (writer);
  xmlTextWriterWriteString (writer, BAD_CAST "\n");
  xmlTextWriterEndElement (writer);
  return xml_writer_finish (writer, buffer);
}

/* ------------------------------------------------------------------ ALTO */

static void
alto_box (xmlTextWriterPtr  writer,
          const VnBox      *box)
{
  write_attr_int (writer, "HPOS", box->x);
  write_attr_int (writer, "VPOS", box->y);
  write_attr_int (writer, "WIDTH", box->w);
  write_attr_int (writer, "HEIGHT", box->h);
}

static void
alto_id (xmlTextWriterPtr  writer,
         const char       *kind,
         guint             page_no,
         guint             index)
{
  xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "ID", "%s_%u_%u", kind, page_no, index);
}

static void
alto_line (Layout           *layout,
           xmlTextWriterPtr  writer,
           const Page       *page,
           guint             page_no,
           guint             l)
{
  const Line *line = &g_array_index (page->lines, Line, l);

  xmlTextWriterStartElement (writer, BAD_CAST "TextLine");
  alto_id (writer, "line", page_no, l + 1);
  alto_box (writer, &line->box);
  for (guint k = 0; k < line->n; k++)
    {
      const Word *word = line_word (page, line, k);

      if (k > 0)
        {
          xmlTextWriterStartElement (writer, BAD_CAST "SP");
          xmlTextWriterEndElement (writer);
        }
      xmlTextWriterStartElement (writer, BAD_CAST "String");
      alto_id (writer, "string", page_no, line->first + k + 1);
      alto_box (writer, &word->box);
      if (word->confidence >= 0)
        write_attr_fraction (writer, "WC", word->confidence);
      write_attr (writer, "CONTENT", word_text (layout, word));
      xmlTextWriterEndElement (writer);
    }
  xmlTextWriterEndElement (writer);
}

static void
alto_page (Layout           *layout,
           xmlTextWriterPtr  writer,
           guint             index)
{
  const Page *page = &g_array_index (layout->pages, Page, index);
  VnBox whole = { 0, 0, page->width, page->height };

  xmlTextWriterStartElement (writer, BAD_CAST "Page");
  xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "ID", "page_%u", index + 1);
  write_attr_int (writer, "WIDTH", page->width);
  write_attr_int (writer, "HEIGHT", page->height);
  write_attr_int (writer, "PHYSICAL_IMG_NR", index + 1);
  xmlTextWriterStartElement (writer, BAD_CAST "PrintSpace");
  alto_box (writer, &whole);
  for (guint l = 0, b = 1; l < page->lines->len; b++)
    {
      guint end = group_end (page, l, FALSE);
      VnBox box = lines_box (page, l, end);

      xmlTextWriterStartElement (writer, BAD_CAST "TextBlock");
      alto_id (writer, "block", index + 1, b);
      alto_box (writer, &box);
      for (; l < end; l++)
        alto_line (layout, writer, page, index + 1, l);
      xmlTextWriterEndElement (writer);
    }
  xmlTextWriterEndElement (writer);
  xmlTextWriterEndElement (writer);
}

/* ALTO names one image file: a document of several files also lists each page's file, in
 * page order, as a fileIdentifier. */
static void
alto_source_images (Layout           *layout,
                    xmlTextWriterPtr  writer)
{
  g_autofree char *first = page_image_name (&g_array_index (layout->pages, Page, 0));
  gboolean one_file = TRUE;

  for (guint p = 1; p < layout->pages->len && one_file; p++)
    {
      g_autofree char *name = page_image_name (&g_array_index (layout->pages, Page, p));
      one_file = g_str_equal (name, first);
    }
  xmlTextWriterStartElement (writer, BAD_CAST "sourceImageInformation");
  write_text_element (writer, "fileName", first);
  for (guint p = 0; p < layout->pages->len && !one_file; p++)
    {
      g_autofree char *name = page_image_name (&g_array_index (layout->pages, Page, p));

      xmlTextWriterStartElement (writer, BAD_CAST "fileIdentifier");
      write_attr (writer, "fileIdentifierLocation", "path");
      write_string (writer, name);
      xmlTextWriterEndElement (writer);
    }
  xmlTextWriterEndElement (writer);
}

static void
alto_description (Layout           *layout,
                  xmlTextWriterPtr  writer)
{
  g_autofree char *now = now_iso8601 ();

  xmlTextWriterStartElement (writer, BAD_CAST "Description");
  write_text_element (writer, "MeasurementUnit", "pixel");
  alto_source_images (layout, writer);
  xmlTextWriterStartElement (writer, BAD_CAST "Processing");
  write_attr (writer, "ID", "processing_1");
  write_text_element (writer, "processingDateTime", now);
  write_text_element (writer, "processingStepDescription",
                      "Verified transcription placed on the OCR of the scans");
  xmlTextWriterStartElement (writer, BAD_CAST "processingSoftware");
  write_text_element (writer, "softwareName", "Verno");
  write_text_element (writer, "softwareVersion", PACKAGE_VERSION);
  xmlTextWriterEndElement (writer);
  xmlTextWriterEndElement (writer);
  xmlTextWriterEndElement (writer);
}

static GBytes *
alto_document (Layout *layout)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  xmlTextWriterPtr writer = xml_writer_new (buffer, TRUE);

  xmlTextWriterStartElement (writer, BAD_CAST "alto");
  write_attr (writer, "xmlns", "http://www.loc.gov/standards/alto/ns-v4#");
  write_attr (writer, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  write_attr (writer, "xsi:schemaLocation", "http://www.loc.gov/standards/alto/ns-v4# "
              "http://www.loc.gov/alto/v4/alto-4-4.xsd");
  write_attr (writer, "SCHEMAVERSION", "4.4");
  alto_description (layout, writer);
  xmlTextWriterStartElement (writer, BAD_CAST "Layout");
  for (guint p = 0; p < layout->pages->len; p++)
    alto_page (layout, writer, p);
  xmlTextWriterEndElement (writer);
  xmlTextWriterEndElement (writer);
  return xml_writer_finish (writer, buffer);
}

/* ------------------------------------------------------------------ PAGE XML */

/* The box's corners, clockwise from the top left, in inclusive pixel positions. */
static void
page_coords (xmlTextWriterPtr  writer,
             const VnBox      *box)
{
  int x1 = box->x + box->w - 1, y1 = box->y + box->h - 1;

  xmlTextWriterStartElement (writer, BAD_CAST "Coords");
  xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "points", "%d,%d %d,%d %d,%d %d,%d",
                                     box->x, box->y, x1, box->y, x1, y1, box->x, y1);
  xmlTextWriterEndElement (writer);
}

static void
page_text_equiv (xmlTextWriterPtr  writer,
                 const char       *text,
                 int               confidence)
{
  xmlTextWriterStartElement (writer, BAD_CAST "TextEquiv");
  if (confidence >= 0)
    write_attr_fraction (writer, "conf", confidence);
  write_text_element (writer, "Unicode", text);
  xmlTextWriterEndElement (writer);
}

static void
page_line (Layout           *layout,
           xmlTextWriterPtr  writer,
           const Page       *page,
           guint             l,
           GString          *region_text)
{
  const Line *line = &g_array_index (page->lines, Line, l);
  g_autoptr(GString) text = g_string_new (NULL);

  xmlTextWriterStartElement (writer, BAD_CAST "TextLine");
  xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "id", "line_%u", l + 1);
  page_coords (writer, &line->box);
  for (guint k = 0; k < line->n; k++)
    {
      const Word *word = line_word (page, line, k);

      xmlTextWriterStartElement (writer, BAD_CAST "Word");
      xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "id", "word_%u", line->first + k + 1);
      page_coords (writer, &word->box);
      page_text_equiv (writer, word_text (layout, word), word->confidence);
      xmlTextWriterEndElement (writer);
      g_string_append_printf (text, "%s%s", k > 0 ? " " : "", word_text (layout, word));
    }
  page_text_equiv (writer, text->str, -1);
  xmlTextWriterEndElement (writer);
  g_string_append_printf (region_text, "%s%s", region_text->len > 0 ? "\n" : "", text->str);
}

static void
page_reading_order (xmlTextWriterPtr  writer,
                    const Page       *page)
{
  guint index = 0;

  if (page->lines->len == 0)
    return;
  xmlTextWriterStartElement (writer, BAD_CAST "ReadingOrder");
  xmlTextWriterStartElement (writer, BAD_CAST "OrderedGroup");
  write_attr (writer, "id", "reading_order");
  for (guint l = 0; l < page->lines->len; l = group_end (page, l, FALSE))
    {
      xmlTextWriterStartElement (writer, BAD_CAST "RegionRefIndexed");
      write_attr_int (writer, "index", index);
      xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "regionRef", "region_%u", ++index);
      xmlTextWriterEndElement (writer);
    }
  xmlTextWriterEndElement (writer);
  xmlTextWriterEndElement (writer);
}

static void
page_regions (Layout           *layout,
              xmlTextWriterPtr  writer,
              const Page       *page)
{
  for (guint l = 0, r = 1; l < page->lines->len; r++)
    {
      guint end = group_end (page, l, FALSE);
      VnBox box = lines_box (page, l, end);
      g_autoptr(GString) text = g_string_new (NULL);

      xmlTextWriterStartElement (writer, BAD_CAST "TextRegion");
      xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "id", "region_%u", r);
      page_coords (writer, &box);
      for (; l < end; l++)
        page_line (layout, writer, page, l, text);
      page_text_equiv (writer, text->str, -1);
      xmlTextWriterEndElement (writer);
    }
}

static void
page_metadata (xmlTextWriterPtr writer)
{
  g_autofree char *now = now_iso8601 ();

  xmlTextWriterStartElement (writer, BAD_CAST "Metadata");
  write_text_element (writer, "Creator", "Verno " PACKAGE_VERSION);
  write_text_element (writer, "Created", now);
  write_text_element (writer, "LastChange", now);
  xmlTextWriterEndElement (writer);
}

static GBytes *
page_document (Layout *layout,
               guint   index)
{
  const Page *page = &g_array_index (layout->pages, Page, index);
  g_autofree char *image = page_image_name (page);
  xmlBufferPtr buffer = xmlBufferCreate ();
  xmlTextWriterPtr writer = xml_writer_new (buffer, TRUE);
  int dpi = vn_ocr_page_get_dpi (page->ocr);

  xmlTextWriterStartElement (writer, BAD_CAST "PcGts");
  write_attr (writer, "xmlns", "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15");
  write_attr (writer, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  write_attr (writer, "xsi:schemaLocation",
              "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15 "
              "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15/pagecontent.xsd");
  page_metadata (writer);
  xmlTextWriterStartElement (writer, BAD_CAST "Page");
  write_attr (writer, "imageFilename", image);
  write_attr_int (writer, "imageWidth", page->width);
  write_attr_int (writer, "imageHeight", page->height);
  if (dpi > 0)
    {
      write_attr_int (writer, "imageXResolution", dpi);
      write_attr_int (writer, "imageYResolution", dpi);
      write_attr (writer, "imageResolutionUnit", "PPI");
    }
  page_reading_order (writer, page);
  page_regions (layout, writer, page);
  xmlTextWriterEndElement (writer);
  xmlTextWriterEndElement (writer);
  return xml_writer_finish (writer, buffer);
}

/* ------------------------------------------------------------------ TEI */

typedef struct
{
  Layout           *layout;
  xmlTextWriterPtr  writer;
  gboolean          in_paragraph;
  gboolean          paragraph_start;  /* no word written in it yet */
  guint             pending_page;  /* first page whose <pb/> is not yet written */
  int               previous;      /* token, -1 before the first */
} TeiState;

static void
tei_newline (xmlTextWriterPtr writer,
             guint            depth)
{
  static const char spaces[] = "\n            ";

  xmlTextWriterWriteRawLen (writer, BAD_CAST spaces, 1 + MIN (2 * depth, sizeof spaces - 2));
}

static void
tei_header (Layout           *layout,
            xmlTextWriterPtr  writer)
{
  const char *name = vn_transcription_get_display_name (layout->transcription);
  g_autofree char *title = g_path_get_basename (name && *name ? name : "untitled");

  tei_newline (writer, 1);
  xmlTextWriterStartElement (writer, BAD_CAST "teiHeader");
  tei_newline (writer, 2);
  xmlTextWriterStartElement (writer, BAD_CAST "fileDesc");
  tei_newline (writer, 3);
  xmlTextWriterStartElement (writer, BAD_CAST "titleStmt");
  write_text_element (writer, "title", title);
  xmlTextWriterEndElement (writer);
  tei_newline (writer, 3);
  xmlTextWriterStartElement (writer, BAD_CAST "publicationStmt");
  write_text_element (writer, "p", "Verified text exported by Verno " PACKAGE_VERSION ".");
  xmlTextWriterEndElement (writer);
  tei_newline (writer, 3);
  xmlTextWriterStartElement (writer, BAD_CAST "sourceDesc");
  write_text_element (writer, "p", "A published transcription, corrected against the scans "
                      "listed under facsimile and their OCR.");
  xmlTextWriterEndElement (writer);
  tei_newline (writer, 2);
  xmlTextWriterEndElement (writer);
  tei_newline (writer, 1);
  xmlTextWriterEndElement (writer);
}

/* A URI reference for the scan: file URIs for absolute paths, escaped relative ones else. */
static char *
tei_image_url (const Page *page)
{
  const char *path = page->scan ? page->scan->path : vn_ocr_page_get_source_label (page->ocr);
  g_autofree char *display = NULL;

  if (path != NULL && g_path_is_absolute (path))
    {
      char *uri = g_filename_to_uri (path, NULL, NULL);
      if (uri != NULL)
        return uri;
    }
  display = g_filename_display_name (path ? path : "");
  return g_uri_escape_string (display, "/", TRUE);
}

static void
tei_box (xmlTextWriterPtr  writer,
         const VnBox      *box)
{
  write_attr_int (writer, "ulx", box->x);
  write_attr_int (writer, "uly", box->y);
  write_attr_int (writer, "lrx", box->x + box->w);
  write_attr_int (writer, "lry", box->y + box->h);
}

static void
tei_surface (Layout           *layout,
             xmlTextWriterPtr  writer,
             guint             index)
{
  const Page *page = &g_array_index (layout->pages, Page, index);
  g_autofree char *url = tei_image_url (page);
  VnBox whole = { 0, 0, page->width, page->height };

  tei_newline (writer, 2);
  xmlTextWriterStartElement (writer, BAD_CAST "surface");
  xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "xml:id", "page%u", index + 1);
  tei_box (writer, &whole);
  tei_newline (writer, 3);
  xmlTextWriterStartElement (writer, BAD_CAST "graphic");
  write_attr (writer, "url", url);
  xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "width", "%dpx", page->width);
  xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "height", "%dpx", page->height);
  xmlTextWriterEndElement (writer);
  for (guint l = 0; l < page->lines->len; l++)
    {
      tei_newline (writer, 3);
      xmlTextWriterStartElement (writer, BAD_CAST "zone");
      xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "xml:id", "page%u_line%u", index + 1,
                                         l + 1);
      write_attr (writer, "type", "line");
      tei_box (writer, &g_array_index (page->lines, Line, l).box);
      xmlTextWriterEndElement (writer);
    }
  tei_newline (writer, 2);
  xmlTextWriterEndElement (writer);
}

/* TRUE when a blank line (not a form feed's line) separates the two tokens. */
static gboolean
tei_paragraph_break (Layout *layout,
                     int     previous,
                     guint   token)
{
  const char *text = vn_transcription_get_text (layout->transcription, NULL);
  guint from = vn_transcription_get_token (layout->transcription, previous)->end;
  guint to = vn_transcription_get_token (layout->transcription, token)->start;
  g_autofree char *gap = g_strndup (text + from, to - from);
  g_auto(GStrv) lines = g_strsplit (gap, "\n", -1);
  guint n = g_strv_length (lines);

  for (guint i = 1; i + 1 < n; i++)
    if (strchr (lines[i], '\f') == NULL)
      return TRUE;  /* only whitespace lies between two newlines */
  return FALSE;
}

static void
tei_page_breaks (TeiState *state,
                 guint     up_to)
{
  for (; state->pending_page <= up_to; state->pending_page++)
    {
      tei_newline (state->writer, state->in_paragraph ? 4 : 3);
      xmlTextWriterStartElement (state->writer, BAD_CAST "pb");
      write_attr_int (state->writer, "n", state->pending_page + 1);
      xmlTextWriterWriteFormatAttribute (state->writer, BAD_CAST "facs", "#page%u",
                                         state->pending_page + 1);
      xmlTextWriterEndElement (state->writer);
    }
}

static void
tei_end_paragraph (TeiState *state)
{
  if (!state->in_paragraph)
    return;
  tei_newline (state->writer, 3);
  xmlTextWriterEndElement (state->writer);
  state->in_paragraph = FALSE;
}

/* A page break between paragraphs goes between them; one inside a paragraph, inside it. */
static void
tei_word (TeiState   *state,
          guint       page_index,
          guint       line_index,
          const Word *word,
          gboolean    line_start)
{
  if (state->previous < 0 || tei_paragraph_break (state->layout, state->previous, word->token))
    tei_end_paragraph (state);
  tei_page_breaks (state, page_index);
  if (!state->in_paragraph)
    {
      tei_newline (state->writer, 3);
      xmlTextWriterStartElement (state->writer, BAD_CAST "p");
      state->in_paragraph = TRUE;
      state->paragraph_start = TRUE;
    }
  if (line_start)
    {
      tei_newline (state->writer, 4);
      xmlTextWriterStartElement (state->writer, BAD_CAST "lb");
      xmlTextWriterWriteFormatAttribute (state->writer, BAD_CAST "facs", "#page%u_line%u",
                                         page_index + 1, line_index + 1);
      xmlTextWriterEndElement (state->writer);
    }
  else if (!state->paragraph_start)
    xmlTextWriterWriteString (state->writer, BAD_CAST " ");
  write_string (state->writer, word_text (state->layout, word));
  state->previous = word->token;
  state->paragraph_start = FALSE;
}

static void
tei_body (Layout           *layout,
          xmlTextWriterPtr  writer)
{
  TeiState state = { .layout = layout, .writer = writer, .previous = -1 };

  tei_newline (writer, 1);
  xmlTextWriterStartElement (writer, BAD_CAST "text");
  tei_newline (writer, 2);
  xmlTextWriterStartElement (writer, BAD_CAST "body");
  for (guint p = 0; p < layout->pages->len; p++)
    {
      const Page *page = &g_array_index (layout->pages, Page, p);

      for (guint l = 0; l < page->lines->len; l++)
        {
          const Line *line = &g_array_index (page->lines, Line, l);

          for (guint k = 0; k < line->n; k++)
            tei_word (&state, p, l, line_word (page, line, k), k == 0);
        }
    }
  tei_end_paragraph (&state);
  if (layout->pages->len > 0)
    tei_page_breaks (&state, layout->pages->len - 1);
  tei_newline (writer, 2);
  xmlTextWriterEndElement (writer);
  tei_newline (writer, 1);
  xmlTextWriterEndElement (writer);
}

static GBytes *
tei_document (Layout *layout)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  xmlTextWriterPtr writer = xml_writer_new (buffer, FALSE);

  xmlTextWriterStartElement (writer, BAD_CAST "TEI");
  write_attr (writer, "xmlns", "http://www.tei-c.org/ns/1.0");
  tei_header (layout, writer);
  tei_newline (writer, 1);
  xmlTextWriterStartElement (writer, BAD_CAST "facsimile");
  for (guint p = 0; p < layout->pages->len; p++)
    tei_surface (layout, writer, p);
  tei_newline (writer, 1);
  xmlTextWriterEndElement (writer);
  tei_body (layout, writer);
  tei_newline (writer, 0);
  xmlTextWriterEndElement (writer);
  return xml_writer_finish (writer, buffer);
}

/* ------------------------------------------------------------------ PDF */

/* Objects with fixed numbers; each page then takes three: page, contents, image. */
enum
{
  OBJ_CATALOG = 1,
  OBJ_PAGES,
  OBJ_FONT,
  OBJ_CID_FONT,
  OBJ_CID_TO_GID_MAP,
  OBJ_TO_UNICODE,
  OBJ_FONT_DESCRIPTOR,
  OBJ_FONT_FILE,
  OBJ_INFO,
  OBJ_FIRST_PAGE,
};

#define PDF_PAGE_OBJ(p)     (OBJ_FIRST_PAGE + 3 * (p))
#define PDF_FIRST_ASTRAL    0xD800  /* CIDs for characters beyond the BMP, see the top */
#define PDF_LAST_ASTRAL     0xDFFF
#define PDF_GLYPH_WIDTH     0.5     /* every glyph of the glyphless font is 500/1000 wide */

typedef struct
{
  GByteArray *data;
  GArray     *offsets;   /* goffset per object number */
  GHashTable *astral;    /* gunichar → CID */
} Pdf;

static void
pdf_clear (Pdf *pdf)
{
  g_clear_pointer (&pdf->data, g_byte_array_unref);
  g_clear_pointer (&pdf->offsets, g_array_unref);
  g_clear_pointer (&pdf->astral, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pdf, pdf_clear)

static void
pdf_append (Pdf        *pdf,
            const void *data,
            gsize       len)
{
  g_byte_array_append (pdf->data, data, len);
}

static void G_GNUC_PRINTF (2, 3)
pdf_printf (Pdf        *pdf,
            const char *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  pdf_append (pdf, text, strlen (text));
}

static void
pdf_begin_object (Pdf   *pdf,
                  guint  number)
{
  goffset offset = pdf->data->len;

  if (pdf->offsets->len <= number)
    g_array_set_size (pdf->offsets, number + 1);
  g_array_index (pdf->offsets, goffset, number) = offset;
  pdf_printf (pdf, "%u 0 obj\n", number);
}

static void
pdf_object (Pdf        *pdf,
            guint       number,
            const char *body)
{
  pdf_begin_object (pdf, number);
  pdf_printf (pdf, "%s\nendobj\n", body);
}

static void
pdf_stream (Pdf        *pdf,
            guint       number,
            const char *dict,
            const void *data,
            gsize       len)
{
  pdf_begin_object (pdf, number);
  pdf_printf (pdf, "<< %s /Length %" G_GSIZE_FORMAT " >>\nstream\n", dict, len);
  pdf_append (pdf, data, len);
  pdf_printf (pdf, "\nendstream\nendobj\n");
}

/* PDF numbers have no exponent and no locale. */
static const char *
pdf_number (char   *buf,
            double  value)
{
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.2f", value);
}

/* Tesseract's glyphless font, beside its models. */
static char *
pdf_font_path (void)
{
  g_autofree char *dir = vn_runtime_tessdata_dir ();

  return g_build_filename (dir, "pdf.ttf", NULL);
}

static gboolean
pdf_font_file (Pdf     *pdf,
               GError **error)
{
  g_autofree char *path = pdf_font_path ();
  g_autofree char *font = NULL;
  g_autofree char *dict = NULL;
  gsize len;

  if (!g_file_get_contents (path, &font, &len, NULL))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
                   _("Tesseract's glyphless font %s, which searchable PDFs need, is missing; "
                     "install it with “apt-get install --reinstall tesseract-ocr "
                     "libtesseract5”."),
                   path);
      return FALSE;
    }
  dict = g_strdup_printf ("/Length1 %" G_GSIZE_FORMAT, len);
  pdf_stream (pdf, OBJ_FONT_FILE, dict, font, len);
  return TRUE;
}

/* Every CID shows glyph 1: glyph 0 (.notdef) upsets Acrobat, says Tesseract's renderer. */
static void
pdf_cid_to_gid_map (Pdf *pdf)
{
  g_autofree guint8 *map = g_malloc (2 << 16);
  size_t len = 0;
  l_uint8 *compressed;

  for (guint i = 0; i < 2 << 16; i++)
    map[i] = i % 2;
  compressed = zlibCompress (map, 2 << 16, &len);
  g_assert (compressed != NULL);
  pdf_stream (pdf, OBJ_CID_TO_GID_MAP, "/Filter /FlateDecode", compressed, len);
  lept_free (compressed);
}

static gboolean
pdf_fonts (Pdf     *pdf,
           GError **error)
{
  if (!pdf_font_file (pdf, error))
    return FALSE;
  pdf_object (pdf, OBJ_FONT,
              "<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H\n"
              "   /DescendantFonts [ 4 0 R ] /ToUnicode 6 0 R >>");
  pdf_object (pdf, OBJ_CID_FONT,
              "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont\n"
              "   /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>\n"
              "   /FontDescriptor 7 0 R /CIDToGIDMap 5 0 R /DW 500 >>");
  pdf_object (pdf, OBJ_FONT_DESCRIPTOR,
              "<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5\n"
              "   /FontBBox [ 0 0 500 1000 ] /ItalicAngle 0 /Ascent 1000 /Descent -1\n"
              "   /CapHeight 1000 /StemV 80 /FontFile2 8 0 R >>");
  pdf_cid_to_gid_map (pdf);
  return TRUE;
}

static void
pdf_cmap_ranges (GString *cmap)
{
  guint n = 0;

  for (guint high = 0; high < 0x100; high++)
    {
      if (high >= 0xD8 && high <= 0xDF)
        continue;  /* surrogates: never a BMP character, see pdf_cmap_astral() */
      if (n % 100 == 0)
        g_string_append_printf (cmap, "%s%u beginbfrange\n", n ? "endbfrange\n" : "",
                                MIN (100, 248 - n));
      g_string_append_printf (cmap, "<%02X00> <%02XFF> <%02X00>\n", high, high, high);
      n++;
    }
  g_string_append (cmap, "endbfrange\n");
}

static void
pdf_cmap_astral (Pdf     *pdf,
                 GString *cmap)
{
  guint n = g_hash_table_size (pdf->astral), done = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, pdf->astral);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gunichar c = GPOINTER_TO_UINT (key) - 0x10000;

      if (done % 100 == 0)
        g_string_append_printf (cmap, "%s%u beginbfchar\n", done ? "endbfchar\n" : "",
                                MIN (100, n - done));
      g_string_append_printf (cmap, "<%04X> <%04X%04X>\n", GPOINTER_TO_UINT (value),
                              0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
      done++;
    }
  if (done > 0)
    g_string_append (cmap, "endbfchar\n");
}

/* Written last, once every character beyond the BMP has its CID. */
static void
pdf_to_unicode (Pdf *pdf)
{
  g_autoptr(GString) cmap = g_string_new ("/CIDInit /ProcSet findresource begin\n"
                                          "12 dict begin\n"
                                          "begincmap\n"
                                          "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
                                          "/Supplement 0 >> def\n"
                                          "/CMapName /Adobe-Identity-UCS def\n"
                                          "/CMapType 2 def\n"
                                          "1 begincodespacerange\n<0000> <FFFF>\n"
                                          "endcodespacerange\n");

  pdf_cmap_ranges (cmap);
  pdf_cmap_astral (pdf, cmap);
  g_string_append (cmap, "endcmap\n"
                   "CMapName currentdict /CMap defineresource pop\n"
                   "end\n"
                   "end\n");
  pdf_stream (pdf, OBJ_TO_UNICODE, "", cmap->str, cmap->len);
}

static guint
pdf_astral_cid (Pdf      *pdf,
                gunichar  c)
{
  gpointer cid = g_hash_table_lookup (pdf->astral, GUINT_TO_POINTER (c));
  guint next = PDF_FIRST_ASTRAL + g_hash_table_size (pdf->astral);

  if (cid != NULL)
    return GPOINTER_TO_UINT (cid);
  if (next > PDF_LAST_ASTRAL)
    return 0xFFFD;  /* 2048 distinct rare characters in one document: the rest stay unknown */
  g_hash_table_insert (pdf->astral, GUINT_TO_POINTER (c), GUINT_TO_POINTER (next));
  return next;
}

/* Appends @text as a hex string of CIDs; returns how many. */
static guint
pdf_append_cids (Pdf        *pdf,
                 GString    *out,
                 const char *text)
{
  guint n = 0;

  g_string_append_c (out, '<');
  for (const char *p = text; *p; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);
      g_string_append_printf (out, "%04X", c < 0x10000 ? c : pdf_astral_cid (pdf, c));
    }
  g_string_append_c (out, '>');
  return n;
}

typedef struct
{
  double scale_x;   /* points per OCR pixel */
  double scale_y;
  double height;    /* of the page, in points */
} PdfGeometry;

/* Each word starts at its box, scaled (Tz) to @width; a space follows all but the last word
 * of a line for readers that copy text without looking at gaps. */
static void
pdf_word (Pdf               *pdf,
          GString           *content,
          const PdfGeometry *geo,
          const char        *text,
          double             x,
          double             width,
          double             size,
          double             baseline,
          gboolean           space_after)
{
  char xs[G_ASCII_DTOSTR_BUF_SIZE], ys[G_ASCII_DTOSTR_BUF_SIZE], tz[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GString) cids = g_string_new (NULL);
  guint n = pdf_append_cids (pdf, cids, text);

  g_string_append_printf (content, "1 0 0 1 %s %s Tm %s Tz %s Tj%s\n",
                          pdf_number (xs, x), pdf_number (ys, baseline),
                          pdf_number (tz, 100 * width / (size * PDF_GLYPH_WIDTH * MAX (n, 1))),
                          cids->str, space_after ? " <0020> Tj" : "");
}

/* Words whose regions touch (one OCR word shared by several verified words) would run
 * together in text extraction, which finds words by the gaps between them: each word ends
 * a quarter of the font size before the next one starts. */
static double
pdf_word_width (const PdfGeometry *geo,
                const Word        *word,
                const Word        *next,
                double             size)
{
  double width = word->box.w * geo->scale_x;

  if (next != NULL && next->box.x > word->box.x)
    width = MIN (width, (next->box.x - word->box.x) * geo->scale_x - size / 4);
  return MAX (width, size / 10);
}

/* The font is as tall as the line, its baseline at the line's bottom: the glyphs' boxes,
 * from 0 to 1000 units above the baseline, then cover the line for selection. */
static void
pdf_line (Layout            *layout,
          Pdf               *pdf,
          GString           *content,
          const PdfGeometry *geo,
          const Page        *page,
          const Line        *line)
{
  char size_text[G_ASCII_DTOSTR_BUF_SIZE];
  double size = MAX (1, line->box.h * geo->scale_y);
  double baseline = geo->height - (line->box.y + line->box.h) * geo->scale_y;

  g_string_append_printf (content, "/F1 %s Tf\n", pdf_number (size_text, size));
  for (guint k = 0; k < line->n; k++)
    {
      const Word *word = line_word (page, line, k);
      const Word *next = k + 1 < line->n ? line_word (page, line, k + 1) : NULL;

      pdf_word (pdf, content, geo, word_text (layout, word), word->box.x * geo->scale_x,
                pdf_word_width (geo, word, next, size), size, baseline, next != NULL);
    }
}

/* Left uncompressed: the text is small beside the image, and stays easy to inspect. */
static void
pdf_contents (Layout            *layout,
              Pdf               *pdf,
              guint              index,
              const PdfGeometry *geo,
              double             width)
{
  const Page *page = &g_array_index (layout->pages, Page, index);
  g_autoptr(GString) content = g_string_new (NULL);
  char w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (content, "q %s 0 0 %s 0 0 cm /Im1 Do Q\n", pdf_number (w, width),
                          pdf_number (h, geo->height));
  if (page->lines->len > 0)
    {
      g_string_append (content, "BT\n3 Tr\n");
      for (guint l = 0; l < page->lines->len; l++)
        pdf_line (layout, pdf, content, geo, page, &g_array_index (page->lines, Line, l));
      g_string_append (content, "ET\n");
    }
  pdf_stream (pdf, PDF_PAGE_OBJ (index) + 1, "", content->str, content->len);
}

static gboolean
pdf_image (Pdf         *pdf,
           guint        number,
           PIX         *pix,
           const char  *label,
           GError     **error)
{
  l_uint8 *jpeg = NULL;
  size_t len = 0;
  g_autofree char *dict = NULL;

  if (pixWriteMemJpeg (&jpeg, &len, pix, JPEG_QUALITY, 0) != 0 || jpeg == NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_INTERNAL,
                   _("Cannot compress the scan %s as JPEG for the PDF; Leptonica may lack "
                     "JPEG support (install liblept5 from Debian)."), label);
      return FALSE;
    }
  dict = g_strdup_printf ("/Type /XObject /Subtype /Image /Width %d /Height %d "
                          "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
                          pixGetWidth (pix), pixGetHeight (pix));
  pdf_stream (pdf, number, dict, jpeg, len);
  lept_free (jpeg);
  return TRUE;
}

/* The scan fills the page at its physical size; OCR boxes are scaled onto it. */
static gboolean
pdf_page (Layout  *layout,
          Pdf     *pdf,
          guint    index,
          GError **error)
{
  const Page *page = &g_array_index (layout->pages, Page, index);
  guint number = PDF_PAGE_OBJ (index);
  int dpi = 0;
  PIX *pix = vn_scan_page_load (page->scan, &dpi, error);
  char w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *body = NULL;
  PdfGeometry geo;
  double width;
  gboolean ok;

  if (pix == NULL)
    return FALSE;
  dpi = dpi > 0 ? dpi : 300;
  width = pixGetWidth (pix) * 72.0 / dpi;
  geo.height = pixGetHeight (pix) * 72.0 / dpi;
  geo.scale_x = width / MAX (1, page->width);
  geo.scale_y = geo.height / MAX (1, page->height);
  body = g_strdup_printf ("<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 %s %s ]\n"
                          "   /Resources << /XObject << /Im1 %u 0 R >> /Font << /F1 3 0 R >>\n"
                          "                 /ProcSet [ /PDF /Text /ImageB ] >>\n"
                          "   /Contents %u 0 R >>", pdf_number (w, width),
                          pdf_number (h, geo.height), number + 2, number + 1);
  pdf_object (pdf, number, body);
  pdf_contents (layout, pdf, index, &geo, width);
  ok = pdf_image (pdf, number + 2, pix, page->scan->label, error);
  pixDestroy (&pix);
  return ok;
}

/* A text string in UTF-16BE with its byte-order mark, as PDF wants for non-Latin text. */
static void
pdf_append_text_string (GString    *out,
                        const char *text)
{
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (text, -1, NULL, NULL, NULL);

  g_string_append (out, "<FEFF");
  for (guint i = 0; utf16 != NULL && utf16[i]; i++)
    g_string_append_printf (out, "%04X", utf16[i]);
  g_string_append_c (out, '>');
}

static void
pdf_info (Layout *layout,
          Pdf    *pdf)
{
  const char *name = vn_transcription_get_display_name (layout->transcription);
  g_autofree char *title = g_path_get_basename (name && *name ? name : "untitled");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "D:%Y%m%d%H%M%SZ");
  g_autoptr(GString) body = g_string_new ("<< /Title ");

  pdf_append_text_string (body, title);
  g_string_append_printf (body, " /Producer (Verno %s) /CreationDate (%s) >>", PACKAGE_VERSION,
                          date);
  pdf_object (pdf, OBJ_INFO, body->str);
}

static void
pdf_catalog (Layout *layout,
             Pdf    *pdf)
{
  g_autoptr(GString) pages = g_string_new ("<< /Type /Pages /Kids [");

  pdf_object (pdf, OBJ_CATALOG, "<< /Type /Catalog /Pages 2 0 R >>");
  for (guint p = 0; p < layout->pages->len; p++)
    g_string_append_printf (pages, " %u 0 R", PDF_PAGE_OBJ (p));
  g_string_append_printf (pages, " ] /Count %u >>", layout->pages->len);
  pdf_object (pdf, OBJ_PAGES, pages->str);
}

static void
pdf_trailer (Pdf *pdf)
{
  g_autofree char *id = g_compute_checksum_for_data (G_CHECKSUM_MD5, pdf->data->data,
                                                     pdf->data->len);
  goffset xref = pdf->data->len;

  pdf_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", pdf->offsets->len);
  for (guint i = 1; i < pdf->offsets->len; i++)
    pdf_printf (pdf, "%010" G_GINT64_FORMAT " 00000 n \n",
                (gint64) g_array_index (pdf->offsets, goffset, i));
  pdf_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R /Info %u 0 R /ID [ <%s> <%s> ] >>\n"
              "startxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n", pdf->offsets->len, OBJ_INFO, id, id,
              (gint64) xref);
}

static GBytes *
pdf_document (Layout  *layout,
              GError **error)
{
  g_auto(Pdf) pdf = {
    .data = g_byte_array_new (),
    .offsets = g_array_new (FALSE, TRUE, sizeof (goffset)),
    .astral = g_hash_table_new (NULL, NULL),
  };

  /* The comment of high bytes tells transfer tools the file is binary. */
  pdf_printf (&pdf, "%%PDF-1.5\n%%\xE2\xE3\xCF\xD3\n");
  if (!pdf_fonts (&pdf, error))
    return NULL;
  for (guint p = 0; p < layout->pages->len; p++)
    if (!pdf_page (layout, &pdf, p, error))
      return NULL;
  pdf_to_unicode (&pdf);
  pdf_info (layout, &pdf);
  pdf_catalog (layout, &pdf);
  pdf_trailer (&pdf);
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf.data));
}

/* ------------------------------------------------------------------ writing */

static const char *
file_error_reason (const GError *error)
{
  if (error->domain != G_FILE_ERROR)
    return error->message;
  switch (error->code)
    {
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
      return _("permission denied");
    case G_FILE_ERROR_NOENT:
    case G_FILE_ERROR_NOTDIR:
      return _("its folder does not exist");
    case G_FILE_ERROR_ISDIR:
      return _("it is a folder");
    case G_FILE_ERROR_NOSPC:
      return _("the disk is full");
    case G_FILE_ERROR_ROFS:
      return _("the file system is read-only");
    default:
      return error->message;
    }
}

/* Atomic: a temporary file in the same folder, renamed over @path once complete. */
static gboolean
write_file (const char      *path,
            GBytes          *bytes,
            VnExportFormat   format,
            GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (g_file_set_contents_full (path, data ? data : "", len, G_FILE_SET_CONTENTS_CONSISTENT,
                                0666, &local_error))
    return TRUE;
  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
               _("Cannot write the %s export to %s (%s); choose a folder that exists and that "
                 "you can write to."), _(format_titles[format]), path,
               file_error_reason (local_error));
  return FALSE;
}

static gboolean
write_page_files (Layout      *layout,
                  const char  *path,
                  GError     **error)
{
  for (guint p = 0; p < layout->pages->len; p++)
    {
      g_autofree char *page_path = vn_export_page_file_path (path, p, layout->pages->len);
      g_autoptr(GBytes) bytes = page_document (layout, p);

      if (!write_file (page_path, bytes, VN_EXPORT_PAGE, error))
        return FALSE;
    }
  return TRUE;
}

static GBytes *
export_bytes (Layout          *layout,
              VnExportFormat   format,
              GError         **error)
{
  switch (format)
    {
    case VN_EXPORT_HOCR:
      return hocr_document (layout);
    case VN_EXPORT_ALTO:
      return alto_document (layout);
    case VN_EXPORT_PDF:
      return pdf_document (layout, error);
    case VN_EXPORT_TEI:
      return tei_document (layout);
    case VN_EXPORT_TEXT:
    case VN_EXPORT_PAGE:
    default:
      g_assert_not_reached ();
    }
}

gboolean
vn_export_write (VnCollation     *verified,
                 GPtrArray       *scan_pages,
                 VnExportFormat   format,
                 const char      *path,
                 GError         **error)
{
  VnTranscription *transcription;
  g_autoptr(Layout) layout = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (VN_IS_COLLATION (verified), FALSE);
  g_return_val_if_fail (scan_pages == NULL ||
                        scan_pages->len == vn_collation_get_n_pages (verified), FALSE);
  g_return_val_if_fail (format != VN_EXPORT_PDF || scan_pages != NULL, FALSE);
  g_return_val_if_fail (format <= VN_EXPORT_TEI, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  transcription = vn_collation_get_transcription (verified);
  if (format == VN_EXPORT_TEXT)
    return write_file (path, vn_transcription_get_bytes (transcription), format, error);
  if (vn_collation_get_n_pages (verified) == 0)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("There are no scanned pages to place %s on, so it cannot be exported as "
                     "%s; add the scans, or export it as plain text."),
                   vn_transcription_get_display_name (transcription), _(format_titles[format]));
      return FALSE;
    }
  layout = layout_new (verified, scan_pages);
  if (format == VN_EXPORT_PAGE)
    return write_page_files (layout, path, error);
  bytes = export_bytes (layout, format, error);
  return bytes != NULL && write_file (path, bytes, format, error);
}
