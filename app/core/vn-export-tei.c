/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-export-tei.c: TEI P5: a header, a facsimile with a surface per scan and a zone per
 * line, and the text with <pb/> at page breaks and <lb/> at line starts, each pointing at
 * its surface or zone. Paragraphs are the blank-line-separated paragraphs of the verified
 * text. A word hyphenated across two lines has its <lb break="no"/> inside it, with nothing
 * around, so that the text reads the whole word. */
#include "config.h"

#include <string.h>

#include "vn-export-formats.h"
#include "vn-xml-writer.h"

typedef struct
{
  VnLayout    *layout;
  VnXmlWriter *w;
  gboolean     in_paragraph;
  gboolean     paragraph_start;  /* no word written in it yet */
  guint        pending_page;     /* first page whose <pb/> is not yet written */
  int          previous;         /* token, -1 before the first */
} TeiState;

static void
write_header (VnLayout    *layout,
              VnXmlWriter *w)
{
  vn_xml_writer_newline (w, 1);
  vn_xml_writer_start (w, "teiHeader");
  vn_xml_writer_newline (w, 2);
  vn_xml_writer_start (w, "fileDesc");
  vn_xml_writer_newline (w, 3);
  vn_xml_writer_start (w, "titleStmt");
  vn_xml_writer_text_element (w, "title", layout->title);
  vn_xml_writer_end (w);
  vn_xml_writer_newline (w, 3);
  vn_xml_writer_start (w, "publicationStmt");
  vn_xml_writer_text_element (w, "p", "Verified text exported by Verno " PACKAGE_VERSION ".");
  vn_xml_writer_end (w);
  vn_xml_writer_newline (w, 3);
  vn_xml_writer_start (w, "sourceDesc");
  vn_xml_writer_text_element (w, "p", "A published transcription, corrected against the scans "
                              "listed under facsimile and their OCR.");
  vn_xml_writer_end (w);
  vn_xml_writer_newline (w, 2);
  vn_xml_writer_end (w);
  vn_xml_writer_newline (w, 1);
  vn_xml_writer_end (w);
}

/* A URI reference for the scan: a file URI when its name is absolute, else escaped and
 * relative to the TEI file. */
static char *
image_url (const VnLayoutPage *page)
{
  if (g_path_is_absolute (page->image))
    {
      g_autofree char *path = g_filename_from_utf8 (page->image, -1, NULL, NULL, NULL);
      char *uri = path ? g_filename_to_uri (path, NULL, NULL) : NULL;

      if (uri != NULL)
        return uri;
    }
  return g_uri_escape_string (page->image, "/", TRUE);
}

static void
write_box (VnXmlWriter *w,
           const VnBox *box)
{
  vn_xml_writer_attr_int (w, "ulx", box->x);
  vn_xml_writer_attr_int (w, "uly", box->y);
  vn_xml_writer_attr_int (w, "lrx", box->x + box->w);
  vn_xml_writer_attr_int (w, "lry", box->y + box->h);
}

static void
write_surface (VnLayout    *layout,
               VnXmlWriter *w,
               guint        index)
{
  const VnLayoutPage *page = vn_layout_get_page (layout, index);
  g_autofree char *url = image_url (page);
  VnBox whole = { 0, 0, page->width, page->height };

  vn_xml_writer_newline (w, 2);
  vn_xml_writer_start (w, "surface");
  vn_xml_writer_attr_printf (w, "xml:id", "page%u", index + 1);
  write_box (w, &whole);
  vn_xml_writer_newline (w, 3);
  vn_xml_writer_start (w, "graphic");
  vn_xml_writer_attr (w, "url", url);
  vn_xml_writer_attr_printf (w, "width", "%dpx", page->width);
  vn_xml_writer_attr_printf (w, "height", "%dpx", page->height);
  vn_xml_writer_end (w);
  for (guint l = 0; l < page->lines->len; l++)
    {
      vn_xml_writer_newline (w, 3);
      vn_xml_writer_start (w, "zone");
      vn_xml_writer_attr_printf (w, "xml:id", "page%u_line%u", index + 1, l + 1);
      vn_xml_writer_attr (w, "type", "line");
      write_box (w, &vn_layout_page_get_line (page, l)->box);
      vn_xml_writer_end (w);
    }
  vn_xml_writer_newline (w, 2);
  vn_xml_writer_end (w);
}

/* TRUE when a blank line (not a form feed's line) separates the two tokens. */
static gboolean
paragraph_break (VnLayout *layout,
                 int       previous,
                 guint     token)
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
write_page_breaks (TeiState *state,
                   guint     up_to)
{
  for (; state->pending_page <= up_to; state->pending_page++)
    {
      vn_xml_writer_newline (state->w, state->in_paragraph ? 4 : 3);
      vn_xml_writer_start (state->w, "pb");
      vn_xml_writer_attr_int (state->w, "n", state->pending_page + 1);
      vn_xml_writer_attr_printf (state->w, "facs", "#page%u", state->pending_page + 1);
      vn_xml_writer_end (state->w);
    }
}

static void
end_paragraph (TeiState *state)
{
  if (!state->in_paragraph)
    return;
  vn_xml_writer_newline (state->w, 3);
  vn_xml_writer_end (state->w);
  state->in_paragraph = FALSE;
}

static void
begin_word (TeiState *state,
            guint     page_index,
            guint     token)
{
  if (state->previous < 0 || paragraph_break (state->layout, state->previous, token))
    end_paragraph (state);
  write_page_breaks (state, page_index);
  if (!state->in_paragraph)
    {
      vn_xml_writer_newline (state->w, 3);
      vn_xml_writer_start (state->w, "p");
      state->in_paragraph = TRUE;
      state->paragraph_start = TRUE;
    }
}

static void
write_line_break (TeiState   *state,
                  guint       page_index,
                  guint       line_index,
                  gboolean    inside_word)
{
  if (!inside_word)
    vn_xml_writer_newline (state->w, 4);
  vn_xml_writer_start (state->w, "lb");
  if (inside_word)
    vn_xml_writer_attr (state->w, "break", "no");
  vn_xml_writer_attr_printf (state->w, "facs", "#page%u_line%u", page_index + 1, line_index + 1);
  vn_xml_writer_end (state->w);
}

/* A page break between paragraphs goes between them; one inside a paragraph, inside it. The
 * second part of a hyphenated word continues its word: no paragraph or page can begin. */
static void
write_word (TeiState           *state,
            guint               page_index,
            guint               line_index,
            const VnLayoutWord *word,
            gboolean            line_start)
{
  gboolean continues = word->part == VN_LAYOUT_LAST_PART && state->previous == (int) word->token;

  if (!continues)
    begin_word (state, page_index, word->token);
  if (line_start)
    write_line_break (state, page_index, line_index, continues);
  else if (!state->paragraph_start && !continues)
    vn_xml_writer_text (state->w, " ");
  vn_xml_writer_text (state->w, word->text);
  state->previous = word->token;
  state->paragraph_start = FALSE;
}

static void
write_body (VnLayout    *layout,
            VnXmlWriter *w)
{
  TeiState state = { .layout = layout, .w = w, .previous = -1 };

  vn_xml_writer_newline (w, 1);
  vn_xml_writer_start (w, "text");
  vn_xml_writer_newline (w, 2);
  vn_xml_writer_start (w, "body");
  for (guint p = 0; p < layout->pages->len; p++)
    {
      const VnLayoutPage *page = vn_layout_get_page (layout, p);

      for (guint l = 0; l < page->lines->len; l++)
        {
          const VnLayoutLine *line = vn_layout_page_get_line (page, l);

          for (guint k = 0; k < line->n; k++)
            write_word (&state, p, l, vn_layout_line_get_word (page, line, k), k == 0);
        }
    }
  end_paragraph (&state);
  if (layout->pages->len > 0)
    write_page_breaks (&state, layout->pages->len - 1);
  vn_xml_writer_newline (w, 2);
  vn_xml_writer_end (w);
  vn_xml_writer_newline (w, 1);
  vn_xml_writer_end (w);
}

gboolean
vn_export_tei_write (VnExportJob  *job,
                     GError      **error)
{
  VnLayout *layout = vn_export_job_get_layout (job);
  VnXmlWriter *w = vn_xml_writer_new (FALSE);
  g_autoptr(GBytes) bytes = NULL;

  vn_xml_writer_start (w, "TEI");
  vn_xml_writer_attr (w, "xmlns", "http://www.tei-c.org/ns/1.0");
  write_header (layout, w);
  vn_xml_writer_newline (w, 1);
  vn_xml_writer_start (w, "facsimile");
  for (guint p = 0; p < layout->pages->len; p++)
    write_surface (layout, w, p);
  vn_xml_writer_newline (w, 1);
  vn_xml_writer_end (w);
  write_body (layout, w);
  vn_xml_writer_newline (w, 0);
  vn_xml_writer_end (w);
  bytes = vn_xml_writer_finish (w);
  return vn_export_job_save (job, job->path, bytes, error);
}
