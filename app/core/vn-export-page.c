/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-export-page.c: PAGE XML 2019-07-15, one file per page (PcGts has exactly one Page;
 * multi-page documents are bound by METS, one PAGE file per image). A one-page document is
 * written to PATH itself; a document of N > 1 pages to PATH with the page number inserted
 * before the extension: out.xml becomes out-1.xml … out-N.xml, and PATH itself is not
 * written. See vn_export_page_file_path ().
 *
 * A word hyphenated across two lines is a Word on each line with its own Coords; the first
 * one's text ends in a soft hyphen (U+00AD), a break inside the word, as in hOCR. */
#include "config.h"

#include <string.h>

#include "vn-export-formats.h"
#include "vn-xml-writer.h"

/* The box's corners, clockwise from the top left, in inclusive pixel positions. */
static void
write_coords (VnXmlWriter *w,
              const VnBox *box)
{
  int x1 = box->x + box->w - 1, y1 = box->y + box->h - 1;

  vn_xml_writer_start (w, "Coords");
  vn_xml_writer_attr_printf (w, "points", "%d,%d %d,%d %d,%d %d,%d", box->x, box->y, x1,
                             box->y, x1, y1, box->x, y1);
  vn_xml_writer_end (w);
}

static void
write_text_equiv (VnXmlWriter *w,
                  const char  *text,
                  double       confidence)
{
  vn_xml_writer_start (w, "TextEquiv");
  if (confidence >= 0)
    vn_xml_writer_attr_double (w, "conf", "%.2f", confidence / 100);
  vn_xml_writer_text_element (w, "Unicode", text);
  vn_xml_writer_end (w);
}

static char *
word_text (const VnLayoutWord *word)
{
  return g_strconcat (word->text, word->part == VN_LAYOUT_FIRST_PART ? VN_EXPORT_SOFT_HYPHEN
                                                                      : "", NULL);
}

static void
write_line (VnXmlWriter        *w,
            const VnLayoutPage *page,
            guint               l,
            GString            *region_text)
{
  const VnLayoutLine *line = vn_layout_page_get_line (page, l);
  g_autoptr(GString) text = g_string_new (NULL);

  vn_xml_writer_start (w, "TextLine");
  vn_xml_writer_attr_printf (w, "id", "line_%u", l + 1);
  write_coords (w, &line->box);
  for (guint k = 0; k < line->n; k++)
    {
      const VnLayoutWord *word = vn_layout_line_get_word (page, line, k);
      g_autofree char *shown = word_text (word);

      vn_xml_writer_start (w, "Word");
      vn_xml_writer_attr_printf (w, "id", "word_%u", line->first + k + 1);
      write_coords (w, &word->box);
      write_text_equiv (w, shown, word->confidence);
      vn_xml_writer_end (w);
      g_string_append_printf (text, "%s%s", k > 0 ? " " : "", shown);
    }
  write_text_equiv (w, text->str, -1);
  vn_xml_writer_end (w);
  g_string_append_printf (region_text, "%s%s", region_text->len > 0 ? "\n" : "", text->str);
}

static void
write_reading_order (VnXmlWriter        *w,
                     const VnLayoutPage *page)
{
  guint index = 0;

  if (page->lines->len == 0)
    return;
  vn_xml_writer_start (w, "ReadingOrder");
  vn_xml_writer_start (w, "OrderedGroup");
  vn_xml_writer_attr (w, "id", "reading_order");
  for (guint l = 0; l < page->lines->len; l = vn_layout_group_end (page, l, FALSE))
    {
      vn_xml_writer_start (w, "RegionRefIndexed");
      vn_xml_writer_attr_int (w, "index", index);
      vn_xml_writer_attr_printf (w, "regionRef", "region_%u", ++index);
      vn_xml_writer_end (w);
    }
  vn_xml_writer_end (w);
  vn_xml_writer_end (w);
}

static void
write_regions (VnXmlWriter        *w,
               const VnLayoutPage *page)
{
  for (guint l = 0, r = 1; l < page->lines->len; r++)
    {
      guint end = vn_layout_group_end (page, l, FALSE);
      VnBox box = vn_layout_lines_box (page, l, end);
      g_autoptr(GString) text = g_string_new (NULL);

      vn_xml_writer_start (w, "TextRegion");
      vn_xml_writer_attr_printf (w, "id", "region_%u", r);
      write_coords (w, &box);
      for (; l < end; l++)
        write_line (w, page, l, text);
      write_text_equiv (w, text->str, -1);
      vn_xml_writer_end (w);
    }
}

static void
write_metadata (VnXmlWriter *w)
{
  g_autofree char *now = vn_export_now_iso8601 ();

  vn_xml_writer_start (w, "Metadata");
  vn_xml_writer_text_element (w, "Creator", "Verno " PACKAGE_VERSION);
  vn_xml_writer_text_element (w, "Created", now);
  vn_xml_writer_text_element (w, "LastChange", now);
  vn_xml_writer_end (w);
}

static GBytes *
page_document (const VnLayoutPage *page)
{
  VnXmlWriter *w = vn_xml_writer_new (TRUE);

  vn_xml_writer_start (w, "PcGts");
  vn_xml_writer_attr (w, "xmlns",
                      "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15");
  vn_xml_writer_attr (w, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  vn_xml_writer_attr (w, "xsi:schemaLocation",
                      "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15 "
                      "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15/"
                      "pagecontent.xsd");
  write_metadata (w);
  vn_xml_writer_start (w, "Page");
  vn_xml_writer_attr (w, "imageFilename", page->image);
  vn_xml_writer_attr_int (w, "imageWidth", page->width);
  vn_xml_writer_attr_int (w, "imageHeight", page->height);
  vn_xml_writer_attr_int (w, "imageXResolution", page->dpi);
  vn_xml_writer_attr_int (w, "imageYResolution", page->dpi);
  vn_xml_writer_attr (w, "imageResolutionUnit", "PPI");
  write_reading_order (w, page);
  write_regions (w, page);
  vn_xml_writer_end (w);
  vn_xml_writer_end (w);
  return vn_xml_writer_finish (w);
}

/* Each page's file is written whole or not at all; the export is done once all are. */
gboolean
vn_export_page_write (VnExportJob  *job,
                      GError      **error)
{
  VnLayout *layout = vn_export_job_get_layout (job);

  for (guint p = 0; p < layout->pages->len; p++)
    {
      g_autofree char *path = vn_export_page_file_path (job->path, p, layout->pages->len);
      g_autoptr(GBytes) bytes = page_document (vn_layout_get_page (layout, p));

      if (!vn_export_job_save (job, path, bytes, error))
        return FALSE;
    }
  return TRUE;
}
