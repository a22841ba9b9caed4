/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-export-hocr.c: hOCR 1.2, of the verified text (an export) and of an OCR page as read
 * (the OCR cache and `verno ocr`, through vn_ocr_page_to_hocr ()): one writer for both.
 *
 * A word hyphenated across two lines is two ocrx_word elements, each with its own box; the
 * first ends in a soft hyphen (U+00AD), which hOCR uses for a break inside a word: readers
 * join it to the next word without it.
 *
 * An OCR page's words also carry what Verno needs to read them back exactly: data-conf, the
 * engine's confidence at full precision (x_wconf is a whole number), and data-choices, the
 * alternatives per character. */
#include "config.h"

#include <string.h>

#include "vn-export-formats.h"
#include "vn-xml-writer.h"

/* Enough digits for a float to read back as the same float. */
#define FLOAT_FORMAT "%.9g"

static void
start_element (VnXmlWriter *w,
               const char  *element,
               const char  *klass,
               const char  *id,
               const char  *title)
{
  vn_xml_writer_start (w, element);
  vn_xml_writer_attr (w, "class", klass);
  vn_xml_writer_attr (w, "id", id);
  vn_xml_writer_attr (w, "title", title);
}

static char *
bbox (const VnBox *box)
{
  return g_strdup_printf ("bbox %d %d %d %d", box->x, box->y, box->x + box->w, box->y + box->h);
}

static void
start_box_element (VnXmlWriter *w,
                   const char  *element,
                   const char  *klass,
                   const char  *id,
                   const VnBox *box)
{
  g_autofree char *title = bbox (box);

  start_element (w, element, klass, id, title);
}

/* Per-character alternatives as one attribute: symbols split by "|", each "text conf …"
 * with texts URI-escaped, since a recognised character may itself be "|" or " ". */
static char *
choices_attribute (const VnOcrWord *word)
{
  GString *attr = g_string_new (NULL);

  for (guint s = 0; s < word->symbols->len; s++)
    {
      GArray *choices = g_array_index (word->symbols, GArray *, s);

      if (s > 0)
        g_string_append_c (attr, '|');
      for (guint c = 0; c < choices->len; c++)
        {
          const VnOcrChoice *choice = &g_array_index (choices, VnOcrChoice, c);
          g_autofree char *text = g_uri_escape_string (choice->text, NULL, TRUE);
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_printf (attr, "%s%s %s", c ? " " : "", text,
                                  g_ascii_formatd (number, sizeof number, FLOAT_FORMAT,
                                                   choice->confidence));
        }
    }
  return g_string_free (attr, FALSE);
}

static void
write_word (VnXmlWriter        *w,
            const VnLayoutWord *word,
            const char         *id)
{
  g_autofree char *box = bbox (&word->box);
  g_autofree char *title = word->confidence >= 0
    ? g_strdup_printf ("%s; x_wconf %d", box, (int) (word->confidence + 0.5))
    : g_strdup (box);

  start_element (w, "span", "ocrx_word", id, title);
  if (word->ocr != NULL)
    {
      vn_xml_writer_attr_double (w, "data-conf", FLOAT_FORMAT, word->ocr->confidence);
      if (word->ocr->symbols != NULL)
        {
          g_autofree char *choices = choices_attribute (word->ocr);
          vn_xml_writer_attr (w, "data-choices", choices);
        }
    }
  vn_xml_writer_text (w, word->text);
  if (word->part == VN_LAYOUT_FIRST_PART)
    vn_xml_writer_text (w, VN_EXPORT_SOFT_HYPHEN);
  vn_xml_writer_end (w);
}

static void
write_line (VnXmlWriter        *w,
            const VnLayoutPage *page,
            guint               page_no,
            guint               l)
{
  const VnLayoutLine *line = vn_layout_page_get_line (page, l);
  g_autofree char *id = g_strdup_printf ("line_%u_%u", page_no, l + 1);

  vn_xml_writer_newline (w, 4);
  start_box_element (w, "span", "ocr_line", id, &line->box);
  for (guint k = 0; k < line->n; k++)
    {
      g_autofree char *word_id = g_strdup_printf ("word_%u_%u", page_no, line->first + k + 1);

      if (k > 0)
        vn_xml_writer_text (w, " ");
      write_word (w, vn_layout_line_get_word (page, line, k), word_id);
    }
  vn_xml_writer_end (w);
}

static void
write_block (VnXmlWriter        *w,
             const VnLayoutPage *page,
             guint               page_no,
             guint               block_no,
             guint               first,
             guint               end)
{
  g_autofree char *id = g_strdup_printf ("block_%u_%u", page_no, block_no);
  VnBox box = vn_layout_lines_box (page, first, end);

  vn_xml_writer_newline (w, 2);
  start_box_element (w, "div", "ocr_carea", id, &box);
  for (guint p = first; p < end;)
    {
      guint par_end = MIN (vn_layout_group_end (page, p, TRUE), end);
      g_autofree char *par_id = g_strdup_printf ("par_%u_%u_%u", page_no, block_no,
                                                 p - first + 1);
      VnBox par_box = vn_layout_lines_box (page, p, par_end);

      vn_xml_writer_newline (w, 3);
      start_box_element (w, "p", "ocr_par", par_id, &par_box);
      for (guint l = p; l < par_end; l++)
        write_line (w, page, page_no, l);
      vn_xml_writer_end (w);
      p = par_end;
    }
  vn_xml_writer_end (w);
}

/* The image property is a quoted string: backslash and quote are escaped, nothing else. An OCR
 * page also says the skew the OCR measured, at full precision. */
static char *
page_title (VnLayout           *layout,
            const VnLayoutPage *page,
            guint               index)
{
  char high_bytes[129] = { 0 };
  g_autofree char *quoted = NULL;
  GString *title;

  for (guint i = 0; i < 128; i++)
    high_bytes[i] = (char) (0x80 + i);
  quoted = g_strescape (page->image, high_bytes);
  title = g_string_new (NULL);
  g_string_append_printf (title, "image \"%s\"; bbox 0 0 %d %d; ppageno %u; scan_res %d %d",
                          quoted, page->width, page->height, index, page->dpi, page->dpi);
  if (layout->collation == NULL)
    {
      char skew[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (title, "; x_verno_skew %s",
                              g_ascii_formatd (skew, sizeof skew, "%.17g", page->skew));
    }
  return g_string_free (title, FALSE);
}

static void
write_page (VnLayout    *layout,
            VnXmlWriter *w,
            guint        index)
{
  const VnLayoutPage *page = vn_layout_get_page (layout, index);
  g_autofree char *id = g_strdup_printf ("page_%u", index + 1);
  g_autofree char *title = page_title (layout, page, index);

  vn_xml_writer_newline (w, 1);
  start_element (w, "div", "ocr_page", id, title);
  for (guint l = 0, b = 1; l < page->lines->len; b++)
    {
      guint end = vn_layout_group_end (page, l, FALSE);

      write_block (w, page, index + 1, b, l, end);
      l = end;
    }
  vn_xml_writer_newline (w, 1);
  vn_xml_writer_end (w);
}

static void
write_meta (VnXmlWriter *w,
            const char  *name,
            const char  *content)
{
  vn_xml_writer_newline (w, 2);
  vn_xml_writer_start (w, "meta");
  vn_xml_writer_attr (w, "name", name);
  vn_xml_writer_attr (w, "content", content);
  vn_xml_writer_end (w);
}

static void
write_head (VnLayout    *layout,
            VnXmlWriter *w,
            const char  *cache_key)
{
  g_autofree char *n_pages = g_strdup_printf ("%u", layout->pages->len);

  vn_xml_writer_newline (w, 1);
  vn_xml_writer_start (w, "head");
  vn_xml_writer_newline (w, 2);
  vn_xml_writer_text_element (w, "title", layout->title);
  vn_xml_writer_newline (w, 2);
  vn_xml_writer_start (w, "meta");
  vn_xml_writer_attr (w, "http-equiv", "Content-Type");
  vn_xml_writer_attr (w, "content", "text/html;charset=utf-8");
  vn_xml_writer_end (w);
  write_meta (w, "ocr-system", layout->collation ? "verno " PACKAGE_VERSION
                                                 : "verno " PACKAGE_VERSION " (tesseract)");
  write_meta (w, "ocr-capabilities", "ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf");
  write_meta (w, "ocr-number-of-pages", n_pages);
  if (cache_key != NULL)
    write_meta (w, "verno-cache-key", cache_key);
  vn_xml_writer_newline (w, 1);
  vn_xml_writer_end (w);
}

char *
vn_export_hocr_document (VnLayout   *layout,
                         const char *cache_key)
{
  VnXmlWriter *w = vn_xml_writer_new (FALSE);

  vn_xml_writer_start (w, "html");
  vn_xml_writer_attr (w, "xmlns", "http://www.w3.org/1999/xhtml");
  write_head (layout, w, cache_key);
  vn_xml_writer_newline (w, 1);
  vn_xml_writer_start (w, "body");
  for (guint p = 0; p < layout->pages->len; p++)
    write_page (layout, w, p);
  vn_xml_writer_newline (w, 1);
  vn_xml_writer_end (w);
  vn_xml_writer_newline (w, 0);
  vn_xml_writer_end (w);
  return vn_xml_writer_finish_string (w);
}

gboolean
vn_export_hocr_write (VnExportJob  *job,
                      GError      **error)
{
  char *hocr = vn_export_hocr_document (vn_export_job_get_layout (job), NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_take (hocr, strlen (hocr));

  return vn_export_job_save (job, job->path, bytes, error);
}
