/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-export-alto.c: ALTO 4.4, of the verified text (an export) and of an OCR page as read
 * (`verno ocr --format alto`, through vn_ocr_page_to_alto ()): one writer for both.
 *
 * A word hyphenated across two lines is ALTO's HypPart1 and HypPart2: a String on each line
 * with its own box and its part as CONTENT, both with the whole word as SUBS_CONTENT, and the
 * hyphen the scan shows as HYP at the end of the first line. */
#include "config.h"

#include <string.h>

#include "vn-export-formats.h"
#include "vn-xml-writer.h"

static void
write_box (VnXmlWriter *w,
           const VnBox *box)
{
  vn_xml_writer_attr_int (w, "HPOS", box->x);
  vn_xml_writer_attr_int (w, "VPOS", box->y);
  vn_xml_writer_attr_int (w, "WIDTH", box->w);
  vn_xml_writer_attr_int (w, "HEIGHT", box->h);
}

static void
write_id (VnXmlWriter *w,
          const char  *kind,
          guint        page_no,
          guint        index)
{
  vn_xml_writer_attr_printf (w, "ID", "%s_%u_%u", kind, page_no, index);
}

static void
write_string (VnXmlWriter        *w,
              const VnLayoutWord *word,
              guint               page_no,
              guint               index)
{
  vn_xml_writer_start (w, "String");
  write_id (w, "string", page_no, index);
  write_box (w, &word->box);
  if (word->confidence >= 0)
    vn_xml_writer_attr_double (w, "WC", "%.2f", word->confidence / 100);
  vn_xml_writer_attr (w, "CONTENT", word->text);
  if (word->part != VN_LAYOUT_WHOLE)
    {
      vn_xml_writer_attr (w, "SUBS_TYPE",
                          word->part == VN_LAYOUT_FIRST_PART ? "HypPart1" : "HypPart2");
      vn_xml_writer_attr (w, "SUBS_CONTENT", word->whole);
    }
  vn_xml_writer_end (w);
}

/* A TextLine, its Strings a space (SP) apart, and the hyphen (HYP) that ends it, if any. */
static void
write_text_line (VnXmlWriter        *w,
                 const VnLayoutPage *page,
                 const VnLayoutLine *line,
                 guint               page_no,
                 guint               l)
{
  const VnLayoutWord *last = vn_layout_line_get_word (page, line, line->n - 1);

  vn_xml_writer_start (w, "TextLine");
  write_id (w, "line", page_no, l + 1);
  write_box (w, &line->box);
  for (guint k = 0; k < line->n; k++)
    {
      if (k > 0)
        vn_xml_writer_empty (w, "SP");
      write_string (w, vn_layout_line_get_word (page, line, k), page_no, line->first + k + 1);
    }
  if (last->part == VN_LAYOUT_FIRST_PART && last->hyphen != NULL)
    {
      vn_xml_writer_start (w, "HYP");
      vn_xml_writer_attr (w, "CONTENT", last->hyphen);
      vn_xml_writer_end (w);
    }
  vn_xml_writer_end (w);
}

static void
write_page (VnLayout    *layout,
            VnXmlWriter *w,
            guint        index)
{
  const VnLayoutPage *page = vn_layout_get_page (layout, index);
  VnBox whole = { 0, 0, page->width, page->height };

  vn_xml_writer_start (w, "Page");
  vn_xml_writer_attr_printf (w, "ID", "page_%u", index + 1);
  vn_xml_writer_attr_int (w, "WIDTH", page->width);
  vn_xml_writer_attr_int (w, "HEIGHT", page->height);
  vn_xml_writer_attr_int (w, "PHYSICAL_IMG_NR", index + 1);
  vn_xml_writer_start (w, "PrintSpace");
  write_box (w, &whole);
  for (guint l = 0, b = 1; l < page->lines->len; b++)
    {
      guint end = vn_layout_group_end (page, l, FALSE);
      VnBox box = vn_layout_lines_box (page, l, end);

      vn_xml_writer_start (w, "TextBlock");
      write_id (w, "block", index + 1, b);
      write_box (w, &box);
      for (; l < end; l++)
        write_text_line (w, page, vn_layout_page_get_line (page, l), index + 1, l);
      vn_xml_writer_end (w);
    }
  vn_xml_writer_end (w);
  vn_xml_writer_end (w);
}

/* ALTO names one image file: a document of several files also lists each page's file, in
 * page order, as a fileIdentifier. */
static void
write_source_images (VnLayout    *layout,
                     VnXmlWriter *w)
{
  const char *first = vn_layout_get_page (layout, 0)->image;
  gboolean one_file = TRUE;

  for (guint p = 1; p < layout->pages->len && one_file; p++)
    one_file = g_str_equal (vn_layout_get_page (layout, p)->image, first);
  vn_xml_writer_start (w, "sourceImageInformation");
  vn_xml_writer_text_element (w, "fileName", first);
  for (guint p = 0; p < layout->pages->len && !one_file; p++)
    {
      vn_xml_writer_start (w, "fileIdentifier");
      vn_xml_writer_attr (w, "fileIdentifierLocation", "path");
      vn_xml_writer_text (w, vn_layout_get_page (layout, p)->image);
      vn_xml_writer_end (w);
    }
  vn_xml_writer_end (w);
}

static void
write_description (VnLayout    *layout,
                   VnXmlWriter *w)
{
  g_autofree char *now = vn_export_now_iso8601 ();

  vn_xml_writer_start (w, "Description");
  vn_xml_writer_text_element (w, "MeasurementUnit", "pixel");
  write_source_images (layout, w);
  vn_xml_writer_start (w, "Processing");
  vn_xml_writer_attr (w, "ID", "processing_1");
  vn_xml_writer_text_element (w, "processingDateTime", now);
  vn_xml_writer_text_element (w, "processingStepDescription", layout->processing);
  vn_xml_writer_start (w, "processingSoftware");
  vn_xml_writer_text_element (w, "softwareName", "Verno");
  vn_xml_writer_text_element (w, "softwareVersion", PACKAGE_VERSION);
  vn_xml_writer_end (w);
  vn_xml_writer_end (w);
  vn_xml_writer_end (w);
}

char *
vn_export_alto_document (VnLayout *layout)
{
  VnXmlWriter *w = vn_xml_writer_new (TRUE);

  vn_xml_writer_start (w, "alto");
  vn_xml_writer_attr (w, "xmlns", "http://www.loc.gov/standards/alto/ns-v4#");
  vn_xml_writer_attr (w, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  vn_xml_writer_attr (w, "xsi:schemaLocation", "http://www.loc.gov/standards/alto/ns-v4# "
                      "http://www.loc.gov/alto/v4/alto-4-4.xsd");
  vn_xml_writer_attr (w, "SCHEMAVERSION", "4.4");
  write_description (layout, w);
  vn_xml_writer_start (w, "Layout");
  for (guint p = 0; p < layout->pages->len; p++)
    write_page (layout, w, p);
  vn_xml_writer_end (w);
  vn_xml_writer_end (w);
  return vn_xml_writer_finish_string (w);
}

gboolean
vn_export_alto_write (VnExportJob  *job,
                      GError      **error)
{
  char *alto = vn_export_alto_document (vn_export_job_get_layout (job));
  g_autoptr(GBytes) bytes = g_bytes_new_take (alto, strlen (alto));

  return vn_export_job_save (job, job->path, bytes, error);
}
