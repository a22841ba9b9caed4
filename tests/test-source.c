/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-source.c: the archive's own files as the published transcription, corrected in place.
 *
 * Round trips on real files: the corpus pages' own ALTO 4 exports (eScriptorium's line-level
 * Strings, polygons, baselines, tags), and word-level ALTO 4.4, PAGE 2019, hOCR and TEI made
 * from them with the official element names. Each is opened, given a substitution, a split and
 * a merge at random places (seeded), written back, then: valid against its schema when it
 * has one, `diff` of input and output shows only the corrected elements and the provenance,
 * and reopening gives exactly the corrected text. Then hostile inputs: external entities,
 * billion laughs, undeclared entities, broken files, each one sentence and nothing written. */
#include <string.h>

#include <glib/gstdio.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "vn-error.h"
#include "vn-spell-checker.h"
#include "vn-source.h"
#include "vn-test-export.h"
#include "vn-test-util.h"
#include "vn-transcription.h"

#define SEEDS_PER_FILE 4

static const char *corpus_pages[] = {
  "0d1b1aaf40cb", "0f82839b83f1", "5b0818803062", "7d9381fc745f",
  "EHRI-BF-19380509b_EN_01", "EHRI-BF-19380509b_EN_02", "FRAN_0150_0003_L-medium", NULL,
};

static char *tmp_dir;

/* ------------------------------------------------------------------ the corpus as lines */

typedef struct
{
  char  *text;
  VnBox  box;
  guint  block;
} Line;

typedef struct
{
  char   *image;
  int     width;
  int     height;
  GArray *lines;   /* Line */
} Page;

static void
clear_line (gpointer data)
{
  g_free (((Line *) data)->text);
}

static void
page_free (Page *page)
{
  g_free (page->image);
  g_array_unref (page->lines);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

static int
int_attr (xmlNodePtr node,
          const char *name)
{
  xmlChar *v = xmlGetProp (node, BAD_CAST name);
  int value = v ? (int) g_ascii_strtod ((const char *) v, NULL) : 0;

  xmlFree (v);
  return value;
}

/* The lines of a corpus ALTO file, with their blocks and boxes. */
static Page *
corpus_page (const char *name)
{
  g_autofree char *rel = g_strdup_printf ("corpus/source-xml/%s.xml", name);
  g_autofree char *path = vn_test_shared_path (rel);
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  xmlXPathContextPtr ctx = xmlXPathNewContext (doc);
  xmlXPathObjectPtr lines;
  Page *page = g_new0 (Page, 1);
  xmlNodePtr last_block = NULL;
  guint block = 0;

  xmlXPathRegisterNs (ctx, BAD_CAST "a", BAD_CAST "http://www.loc.gov/standards/alto/ns-v4#");
  lines = xmlXPathEvalExpression (BAD_CAST "//a:TextLine[a:String]", ctx);
  page->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (page->lines, clear_line);
  page->image = g_strdup_printf ("%s.jpg", name);
  {
    xmlXPathObjectPtr p = xmlXPathEvalExpression (BAD_CAST "//a:Page", ctx);
    page->width = int_attr (p->nodesetval->nodeTab[0], "WIDTH");
    page->height = int_attr (p->nodesetval->nodeTab[0], "HEIGHT");
    xmlXPathFreeObject (p);
  }
  for (int i = 0; i < lines->nodesetval->nodeNr; i++)
    {
      xmlNodePtr node = lines->nodesetval->nodeTab[i];
      xmlNodePtr string = node->children;
      xmlChar *content = NULL;
      Line line;

      while (string && !(string->type == XML_ELEMENT_NODE && xmlStrEqual (string->name,
                                                                           BAD_CAST "String")))
        string = string->next;
      content = xmlGetProp (string, BAD_CAST "CONTENT");
      if (node->parent != last_block)
        block++, last_block = node->parent;
      line.text = g_strdup ((const char *) content);
      g_strstrip (line.text);
      line.box = (VnBox) { int_attr (node, "HPOS"), int_attr (node, "VPOS"),
                           MAX (1, int_attr (node, "WIDTH")), MAX (1, int_attr (node, "HEIGHT")) };
      line.block = block;
      xmlFree (content);
      if (*line.text != '\0')
        g_array_append_val (page->lines, line);
      else
        g_free (line.text);
    }
  xmlXPathFreeObject (lines);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return page;
}

/* The words of a line, each with its share of the line's box. */
typedef void (*WordFunc) (GString *out, guint line, guint word, const char *text,
                          const VnBox *box, gpointer data);

static void
for_each_word (const Line *line,
               guint       index,
               GString    *out,
               WordFunc    func,
               gpointer    data)
{
  g_auto(GStrv) words = g_strsplit (line->text, " ", -1);
  glong total = g_utf8_strlen (line->text, -1), done = 0;
  guint w = 0;

  for (guint i = 0; words[i]; i++)
    {
      glong chars = g_utf8_strlen (words[i], -1);
      VnBox box = line->box;

      if (*words[i] == '\0')
        {
          done++;
          continue;
        }
      box.x = line->box.x + (int) ((double) line->box.w * done / MAX (total, 1));
      box.w = MAX (1, (int) ((double) line->box.w * chars / MAX (total, 1)));
      func (out, index, w++, words[i], &box, data);
      done += chars + 1;
    }
}

static char *
escape (const char *text)
{
  return (char *) xmlEncodeSpecialChars (NULL, BAD_CAST text);
}

/* ------------------------------------------------------------------ word-level ALTO 4.4 */

static void
alto_word (GString *out, guint line, guint word, const char *text, const VnBox *box,
           gpointer data)
{
  g_autofree char *content = escape (text);

  if (word > 0)
    g_string_append (out, "\n          <SP/>");
  g_string_append_printf (out, "\n          <String ID=\"s_%u_%u\" HPOS=\"%d\" VPOS=\"%d\" "
                          "WIDTH=\"%d\" HEIGHT=\"%d\" WC=\"0.87\" CONTENT=\"%s\"/>", line + 1,
                          word + 1, box->x, box->y, box->w, box->h, content);
}

static char *
make_alto (const Page *page)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<!-- Made from the corpus for Verno's tests; kept as it is. -->\n"
                               "<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\" "
                               "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                               "SCHEMAVERSION=\"4.4\">\n  <Description>\n"
                               "    <MeasurementUnit>pixel</MeasurementUnit>\n");
  guint block = 0;

  g_string_append_printf (out, "    <sourceImageInformation>\n      <fileName>%s</fileName>\n"
                          "    </sourceImageInformation>\n  </Description>\n  <?keep this?>\n"
                          "  <Layout>\n    <Page ID=\"p1\" WIDTH=\"%d\" HEIGHT=\"%d\" "
                          "PHYSICAL_IMG_NR=\"1\">\n      <PrintSpace>", page->image, page->width,
                          page->height);
  for (guint l = 0; l < page->lines->len; l++)
    {
      const Line *line = &g_array_index (page->lines, Line, l);

      if (line->block != block)
        g_string_append_printf (out, "%s\n      <TextBlock ID=\"b%u\">", block ? "\n      </TextBlock>" : "",
                                line->block);
      block = line->block;
      g_string_append_printf (out, "\n        <TextLine ID=\"l%u\" HPOS=\"%d\" VPOS=\"%d\" "
                              "WIDTH=\"%d\" HEIGHT=\"%d\">", l + 1, line->box.x, line->box.y,
                              line->box.w, line->box.h);
      for_each_word (line, l, out, alto_word, NULL);
      g_string_append (out, "\n        </TextLine>");
    }
  g_string_append (out, "\n      </TextBlock>\n      </PrintSpace>\n    </Page>\n  </Layout>\n"
                        "</alto>\n");
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ PAGE 2019 */

static void
append_coords (GString     *out,
               const VnBox *b)
{
  g_string_append_printf (out, "<Coords points=\"%d,%d %d,%d %d,%d %d,%d\"/>", b->x, b->y,
                          b->x + b->w, b->y, b->x + b->w, b->y + b->h, b->x, b->y + b->h);
}

static void
page_word (GString *out, guint line, guint word, const char *text, const VnBox *box,
           gpointer data)
{
  g_autofree char *content = escape (text);

  g_string_append_printf (out, "\n          <Word id=\"w_%u_%u\">", line + 1, word + 1);
  append_coords (out, box);
  g_string_append_printf (out, "<TextEquiv conf=\"0.8\"><Unicode>%s</Unicode></TextEquiv>"
                          "</Word>", content);
}

static void
end_region (GString    *out,
            const Page *page,
            guint       first,
            guint       end)
{
  GString *text = g_string_new (NULL);

  for (guint l = first; l < end; l++)
    g_string_append_printf (text, "%s%s", l > first ? "\n" : "",
                            g_array_index (page->lines, Line, l).text);
  {
    g_autofree char *content = escape (text->str);
    g_string_append_printf (out, "\n        <TextEquiv><Unicode>%s</Unicode></TextEquiv>\n"
                            "      </TextRegion>", content);
  }
  g_string_free (text, TRUE);
}

static char *
make_page (const Page *page)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<PcGts xmlns=\"http://schema.primaresearch.org/PAGE/gts/"
                               "pagecontent/2019-07-15\">\n  <Metadata>\n"
                               "    <Creator>Verno's tests</Creator>\n"
                               "    <Created>2024-01-01T00:00:00</Created>\n"
                               "    <LastChange>2024-01-01T00:00:00</LastChange>\n"
                               "  </Metadata>\n");
  guint block = 0, first = 0, n_blocks = 0;

  g_string_append_printf (out, "  <Page imageFilename=\"%s\" imageWidth=\"%d\" "
                          "imageHeight=\"%d\">\n    <ReadingOrder>\n      <OrderedGroup "
                          "id=\"ro\">", page->image, page->width, page->height);
  for (guint l = 0; l < page->lines->len; l++)
    if (g_array_index (page->lines, Line, l).block != block)
      {
        block = g_array_index (page->lines, Line, l).block;
        g_string_append_printf (out, "\n        <RegionRefIndexed index=\"%u\" "
                                "regionRef=\"r%u\"/>", n_blocks++, block);
      }
  g_string_append (out, "\n      </OrderedGroup>\n    </ReadingOrder>");
  block = 0;
  for (guint l = 0; l < page->lines->len; l++)
    {
      const Line *line = &g_array_index (page->lines, Line, l);
      g_autofree char *content = escape (line->text);

      if (line->block != block)
        {
          if (block)
            end_region (out, page, first, l);
          first = l;
          g_string_append_printf (out, "\n      <TextRegion id=\"r%u\">", line->block);
          append_coords (out, &line->box);
        }
      block = line->block;
      g_string_append_printf (out, "\n        <TextLine id=\"l%u\">", l + 1);
      append_coords (out, &line->box);
      for_each_word (line, l, out, page_word, NULL);
      g_string_append_printf (out, "\n          <TextEquiv><Unicode>%s</Unicode></TextEquiv>"
                              "\n        </TextLine>", content);
    }
  end_region (out, page, first, page->lines->len);
  g_string_append (out, "\n  </Page>\n</PcGts>\n");
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ hOCR */

static void
hocr_word (GString *out, guint line, guint word, const char *text, const VnBox *box,
           gpointer data)
{
  g_autofree char *content = escape (text);

  g_string_append_printf (out, "\n     <span class=\"ocrx_word\" id=\"word_1_%u_%u\" "
                          "title=\"bbox %d %d %d %d; x_wconf 91\">%s</span>", line + 1, word + 1,
                          box->x, box->y, box->x + box->w, box->y + box->h, content);
}

static char *
make_hocr (const Page *page)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
                               "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
                               "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\">\n"
                               " <head>\n  <title></title>\n"
                               "  <meta name=\"ocr-system\" content=\"tesseract 5.3.0\"/>\n"
                               "  <meta name=\"ocr-capabilities\" content=\"ocr_page ocr_carea "
                               "ocr_par ocr_line ocrx_word\"/>\n </head>\n <body>\n");
  guint block = 0;

  g_string_append_printf (out, "  <div class=\"ocr_page\" id=\"page_1\" title=\"image "
                          "&quot;%s&quot;; bbox 0 0 %d %d; ppageno 0\">", page->image,
                          page->width, page->height);
  for (guint l = 0; l < page->lines->len; l++)
    {
      const Line *line = &g_array_index (page->lines, Line, l);

      if (line->block != block)
        g_string_append_printf (out, "%s\n   <div class=\"ocr_carea\" id=\"block_1_%u\">"
                                "\n    <p class=\"ocr_par\" id=\"par_1_%u\">",
                                block ? "\n    </p>\n   </div>" : "", line->block, line->block);
      block = line->block;
      g_string_append_printf (out, "\n    <span class=\"ocr_line\" id=\"line_1_%u\" title=\"bbox "
                              "%d %d %d %d\">", l + 1, line->box.x, line->box.y,
                              line->box.x + line->box.w, line->box.y + line->box.h);
      for_each_word (line, l, out, hocr_word, NULL);
      g_string_append (out, "\n    </span>");
    }
  g_string_append (out, "\n    </p>\n   </div>\n  </div>\n </body>\n</html>\n");
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ TEI */

static char *
make_tei (const Page *page)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n  <teiHeader>\n"
                               "    <fileDesc><titleStmt><title>Test</title></titleStmt>"
                               "<publicationStmt><p>Tests</p></publicationStmt><sourceDesc>"
                               "<p>The corpus</p></sourceDesc></fileDesc>\n  </teiHeader>\n");
  guint block = 0;

  g_string_append_printf (out, "  <facsimile>\n    <surface xml:id=\"f1\"><graphic url=\"%s\"/>"
                          "</surface>\n  </facsimile>\n  <text>\n    <body>\n"
                          "      <pb n=\"1\" facs=\"#f1\"/>", page->image);
  for (guint l = 0; l < page->lines->len; l++)
    {
      const Line *line = &g_array_index (page->lines, Line, l);
      g_autofree char *content = escape (line->text);

      if (line->block != block)
        g_string_append_printf (out, "%s\n      <p>", block ? "\n      </p>" : "");
      block = line->block;
      g_string_append_printf (out, "\n        <lb n=\"%u\"/>%s", l + 1, content);
    }
  g_string_append (out, "\n      </p>\n    </body>\n  </text>\n</TEI>\n");
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ corrections */

typedef struct
{
  guint start;
  guint end;
} Span;

/* The words of the canonical text (letters only, so that the changes are clear). */
static GArray *
plain_words (const char *text)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Span));
  const char *p = text;

  while (*p)
    {
      const char *start;
      gboolean letters = TRUE;

      while (*p && g_ascii_isspace (*p))
        p++;
      start = p;
      while (*p && !g_ascii_isspace (*p))
        {
          letters = letters && g_unichar_isalpha (g_utf8_get_char (p));
          p = g_utf8_next_char (p);
        }
      if (p > start && letters && g_utf8_strlen (start, p - start) >= 4)
        g_array_append_val (words, ((Span) { start - text, p - text }));
    }
  return words;
}

typedef struct
{
  VnTextEdit edits[3];
  char      *texts[3];
  char      *expected;
  char      *old_words[3];
  char      *new_words[3];
} Corrections;

static void
corrections_clear (Corrections *c)
{
  for (guint i = 0; i < 3; i++)
    g_free (c->texts[i]), g_free (c->old_words[i]), g_free (c->new_words[i]);
  g_free (c->expected);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Corrections, corrections_clear)

static gboolean
same_line (const char *text,
           guint       from,
           guint       to)
{
  return memchr (text + from, '\n', to - from) == NULL;
}

/* A substitution, a split and a merge, in text order, none touching another. */
static void
choose_corrections (const char  *text,
                    GRand       *rand,
                    Corrections *c)
{
  g_autoptr(GArray) words = plain_words (text);
  guint picks[3];
  GString *out = g_string_new (NULL);
  guint at = 0;

  g_assert_cmpuint (words->len, >, 12);
  for (guint tries = 0; ; tries++)
    {
      gboolean ok = TRUE;

      g_assert_cmpuint (tries, <, 1000);
      for (guint i = 0; i < 3; i++)
        picks[i] = g_rand_int_range (rand, 0, words->len - 1);
      if (!(picks[0] + 2 < picks[1] && picks[1] + 2 < picks[2]))
        continue;
      /* The merge joins a word and the next one on its line. */
      {
        Span a = g_array_index (words, Span, picks[2]);
        Span b = g_array_index (words, Span, picks[2] + 1);
        ok = b.start == a.end + 1 && same_line (text, a.start, b.end);
      }
      if (ok)
        break;
    }
  for (guint i = 0; i < 3; i++)
    {
      Span a = g_array_index (words, Span, picks[i]);
      g_autofree char *word = g_strndup (text + a.start, a.end - a.start);
      const char *second = g_utf8_next_char (g_utf8_next_char (word));

      c->edits[i].start = a.start;
      if (i == 0)  /* the first letter changed */
        c->texts[i] = g_strdup_printf ("%c%s", word[0] == 'q' ? 'z' : 'q',
                                       g_utf8_next_char (word));
      else if (i == 1)  /* split after the second letter */
        c->texts[i] = g_strdup_printf ("%.*s %s", (int) (second - word), word, second);
      else
        {
          Span b = g_array_index (words, Span, picks[i] + 1);
          g_autofree char *next = g_strndup (text + b.start, b.end - b.start);

          c->texts[i] = g_strconcat (word, next, NULL);
          a.end = b.end;
        }
      c->edits[i].end = a.end;
      c->edits[i].text = c->texts[i];
      c->old_words[i] = g_strndup (text + a.start, a.end - a.start);
      c->new_words[i] = g_strdup (c->texts[i]);
      g_string_append_len (out, text + at, a.start - at);
      g_string_append (out, c->texts[i]);
      at = a.end;
    }
  g_string_append (out, text + at);
  c->expected = g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ the round trip */

typedef struct
{
  const char *name;
  const char *extension;
  const char *schema;      /* relative to shared/, or NULL */
  const char *verified;    /* what a corrected word's element says */
  const char *provenance;  /* what the provenance line holds, or NULL */
} Format;

static const Format alto_format = { "ALTO", "alto.xml", "schemas/alto-4-4.xsd", "WC=\"1.0\"",
                                    "Processing" };
static const Format page_format = { "PAGE", "page.xml", "schemas/pagecontent-2019-07-15.xsd",
                                    "conf=\"1\"", "MetadataItem" };
static const Format alto3_format = { "ALTO 3", "alto.xml", "schemas/alto-3-0.xsd", "WC=\"1.0\"",
                                     "postProcessingStep" };
static const Format hocr_format = { "hOCR", "hocr", NULL, "x_wconf 100", NULL };
static const Format tei_format = { "TEI", "tei.xml", NULL, "<choice>", NULL };

static char *
write_temp (const char *name,
            const char *data,
            gsize       len)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static gboolean
line_mentions (const char        *line,
               const Corrections *c,
               gboolean           new_side)
{
  for (guint i = 0; i < 3; i++)
    {
      g_auto(GStrv) words = g_strsplit (new_side ? c->new_words[i] : c->old_words[i], " ", -1);

      for (guint w = 0; words[w]; w++)
        {
          g_autofree char *escaped = escape (words[w]);
          if (strstr (line, escaped) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
is_space_element (const char *line)
{
  g_autofree char *copy = g_strstrip (g_strdup (line));
  return g_str_equal (copy, "<SP/>");
}

/* Whether a line of the new side is @old with the mark of a verified word added. */
static gboolean
gains_mark (char       **lines,
            const char  *old,
            const char  *mark)
{
  g_autofree char *spaced = g_strconcat (" ", mark, NULL);

  for (guint i = 0; lines[i]; i++)
    if (lines[i][0] == '>')
      {
        g_auto(GStrv) parts = g_strsplit (lines[i] + 2, spaced, 2);
        g_autofree char *without = g_strjoinv ("", parts);

        if (g_str_equal (without, old))
          return TRUE;
      }
  return FALSE;
}

/* `diff` finds only lines that hold a corrected word, the mark of a verified word, a space
 * element between split or merged words, or the provenance. */
static void
check_diff (const char        *input,
            const char        *output,
            const Format      *format,
            const Corrections *c)
{
  const char *argv[] = { "diff", input, output, NULL };
  g_auto(VnTestRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  guint changed = 0;

  vn_test_run_argv (&run, argv, NULL, NULL);
  g_assert_cmpint (run.status, ==, 1);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      gboolean ok;

      if (l[0] != '<' && l[0] != '>')
        continue;
      changed++;
      ok = line_mentions (l, c, l[0] == '>') || strstr (l, format->verified) != NULL ||
           (l[0] == '<' && gains_mark (lines, l + 2, format->verified)) ||
           is_space_element (l + 2) ||
           (format->provenance && (strstr (l, format->provenance) || strstr (l, "LastChange")));
      if (!ok)
        g_error ("%s: diff shows a change that is not a correction: “%s”", format->name, l);
    }
  /* The three words' elements (their lines or words), the provenance, spaces. */
  /* Three corrections, each at most two words' elements and the line's and region's text
   * (PAGE), old and new; the provenance. */
  g_assert_cmpuint (changed, <=, 3 * 8 + 4);
  g_assert_cmpuint (changed, >=, 2);
}

static char *
source_text (VnSource *source)
{
  return g_strndup (g_bytes_get_data (vn_source_get_text (source), NULL),
                    g_bytes_get_size (vn_source_get_text (source)));
}

/* Equal, or the first difference shown. */
static void
assert_same_text (const char *got,
                  const char *want,
                  const char *what)
{
  gsize at = 0;

  if (g_str_equal (got, want))
    return;
  while (got[at] && got[at] == want[at])
    at++;
  at = at > 40 ? at - 40 : 0;
  g_error ("%s reads back as\n…%.120s…\ninstead of\n…%.120s…", what, got + at, want + at);
}

static void
round_trip (const char   *label,
            const char   *input_data,
            gsize         input_len,
            const Format *format,
            guint32       seed)
{
  g_autofree char *name = g_strdup_printf ("%s-%u.%s", label, seed, format->extension);
  g_autofree char *input = write_temp (name, input_data, input_len);
  g_autofree char *output = g_strconcat (input, ".corrected", NULL);
  const char *paths[] = { input, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(VnSource) source = vn_source_new_for_paths (paths, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_auto(Corrections) c = { 0 };
  g_autoptr(VnSource) again = NULL;
  g_autofree char *reread = NULL, *text = NULL;

  g_assert_no_error (error);
  if (format->schema != NULL && seed == 1)
    vn_test_assert_schema_valid (input, format->schema);
  text = source_text (source);
  choose_corrections (text, rand, &c);
  g_assert_true (vn_source_write_corrected (source, c.edits, 3, output, &error));
  g_assert_no_error (error);
  if (format->schema != NULL)
    vn_test_assert_schema_valid (output, format->schema);
  check_diff (input, output, format, &c);
  paths[0] = output;
  again = vn_source_new_for_paths (paths, &error);
  g_assert_no_error (error);
  reread = source_text (again);
  assert_same_text (reread, c.expected, name);
  g_assert_cmpint (vn_source_is_line_level (again), ==, vn_source_is_line_level (source));
}

static void
test_corpus_alto (void)
{
  for (guint i = 0; corpus_pages[i]; i++)
    {
      g_autofree char *rel = g_strdup_printf ("corpus/source-xml/%s.xml", corpus_pages[i]);
      g_autofree char *path = vn_test_shared_path (rel);
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      for (guint32 seed = 1; seed <= SEEDS_PER_FILE; seed++)
        round_trip (corpus_pages[i], data, len, &alto_format, seed);
    }
}

/* With VN_SOURCE_SEED_DIR set, the files made are kept there too: the fuzzers' seeds. */
typedef char *(*MakeFunc) (const Page *page);

/* Seeds are small: the page's first lines. */
static void
keep_seed (const char   *name,
           const Format *format,
           const Page   *page,
           MakeFunc      make)
{
  const char *dir = g_getenv ("VN_SOURCE_SEED_DIR");
  g_autofree char *file = g_strdup_printf ("%s.%s", name, format->extension);
  g_autofree char *path = dir ? g_build_filename (dir, file, NULL) : NULL;
  Page small = { page->image, page->width, page->height, NULL };
  g_autofree char *data = NULL;

  if (path == NULL)
    return;
  small.lines = g_array_new (FALSE, TRUE, sizeof (Line));
  for (guint l = 0; l < MIN (4, page->lines->len); l++)
    g_array_append_val (small.lines, g_array_index (page->lines, Line, l));
  data = make (&small);
  g_array_unref (small.lines);
  g_assert_true (g_file_set_contents (path, data, -1, NULL));
}

static void
test_made (MakeFunc make, const Format *format)
{
  for (guint i = 0; corpus_pages[i]; i++)
    {
      g_autoptr(Page) page = corpus_page (corpus_pages[i]);
      g_autofree char *data = make (page);

      keep_seed (corpus_pages[i], format, page, make);
      for (guint32 seed = 1; seed <= SEEDS_PER_FILE; seed++)
        round_trip (corpus_pages[i], data, strlen (data), format, seed);
    }
}

/* Tesseract's own renderers (5.3: hOCR and ALTO 3.0), on the French page. */
static void
test_tesseract (void)
{
  const char *names[] = { "FRAN_0150_0003_L-medium.alto.xml", "FRAN_0150_0003_L-medium.hocr" };
  const Format *formats[] = { &alto3_format, &hocr_format };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *rel = g_build_filename ("tests", "data", "tesseract", names[i], NULL);
      g_autofree char *path = vn_test_source_path (rel);
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      for (guint32 seed = 1; seed <= 2 * SEEDS_PER_FILE; seed++)
        round_trip ("tesseract", data, len, formats[i], seed);
    }
}

static void test_word_alto (void) { test_made (make_alto, &alto_format); }
static void test_page (void) { test_made (make_page, &page_format); }
static void test_hocr (void) { test_made (make_hocr, &hocr_format); }
static void test_tei (void) { test_made (make_tei, &tei_format); }

/* ------------------------------------------------------------------ random edits */

#define RANDOM_CASES 60

/* Where each line of @text starts and ends. */
static GArray *
line_spans (const char *text)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Span));
  const char *p = text;

  while (*p)
    {
      const char *nl = strchr (p, '\n');
      const char *end = nl ? nl : p + strlen (p);

      if (end > p && *p != '\f')
        g_array_append_val (lines, ((Span) { p - text, end - text }));
      p = nl ? nl + 1 : end;
    }
  return lines;
}

/* A character boundary in [from, to] of @text. */
static guint
random_boundary (GRand      *rand,
                 const char *text,
                 guint       from,
                 guint       to)
{
  guint at = g_rand_int_range (rand, from, to + 1);

  while (at > from && (text[at] & 0xC0) == 0x80)
    at--;
  return at;
}

/* Edits such as a diff of the verified text makes: anywhere inside a line, of any length,
 * cutting words, spaces and punctuation, inserting letters, spaces, hyphens and markup. */
static guint
random_edits (const char *text,
              GArray     *lines,
              GRand      *rand,
              VnTextEdit *edits,
              guint       max)
{
  static const char *inserts[] = { "", "", " ", "-", "x", "é", "ab", " q ", "&", "<b>", "ё",
                                   ".", "Z z" };
  guint n = 0, at_line = 0;

  while (n < max)
    {
      Span line;
      guint a, b, length;

      at_line += g_rand_int_range (rand, 0, MAX (2, lines->len / max));
      if (at_line >= lines->len)
        break;
      line = g_array_index (lines, Span, at_line);
      a = random_boundary (rand, text, line.start, line.end);
      length = g_rand_int_range (rand, 0, 12);
      b = random_boundary (rand, text, a, MIN (line.end, a + length));
      edits[n++] = (VnTextEdit) { a, b, inserts[g_rand_int_range (rand, 0,
                                                                  G_N_ELEMENTS (inserts))] };
      at_line++;
    }
  return n;
}

/* Any edits inside lines are written into any format: the file then reads back as the edited
 * text (vn_source_write_corrected () checks it, white space aside), and validates. */
static void
random_round_trips (const char   *label,
                    const char   *data,
                    const Format *format)
{
  g_autofree char *input = write_temp (label, data, strlen (data));
  g_autofree char *output = g_strconcat (input, ".random", NULL);
  const char *paths[] = { input, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(VnSource) source = vn_source_new_for_paths (paths, &error);
  g_autofree char *text = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_str_hash (label));

  g_assert_no_error (error);
  text = source_text (source);
  lines = line_spans (text);
  for (guint i = 0; i < RANDOM_CASES; i++)
    {
      VnTextEdit edits[4];
      guint n = random_edits (text, lines, rand, edits, 1 + i % 4);

      if (!vn_source_write_corrected (source, edits, n, output, &error))
        {
          GString *what = g_string_new (NULL);

          for (guint e = 0; e < n; e++)
            g_string_append_printf (what, " [%zu, %zu) “%.*s” → “%s”;", edits[e].start,
                                    edits[e].end, (int) (edits[e].end - edits[e].start),
                                    text + edits[e].start, edits[e].text);
          g_error ("%s, case %u:%s %s", label, i, what->str, error->message);
        }
      if (format->schema != NULL && i % 15 == 0)
        vn_test_assert_schema_valid (output, format->schema);
    }
}

static void
test_random_edits (void)
{
  struct { const char *page; MakeFunc make; const Format *format; } cases[] = {
    { "EHRI-BF-19380509b_EN_01", make_alto, &alto_format },
    { "FRAN_0150_0003_L-medium", make_page, &page_format },
    { "0f82839b83f1", make_hocr, &hocr_format },
    { "EHRI-BF-19380509b_EN_02", make_tei, &tei_format },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Page) page = corpus_page (cases[i].page);
      g_autofree char *data = cases[i].make (page);
      g_autofree char *label = g_strdup_printf ("random-%s.%s", cases[i].page,
                                                cases[i].format->extension);

      random_round_trips (label, data, cases[i].format);
    }
  {
    g_autofree char *path = vn_test_shared_path ("corpus/source-xml/FRAN_0150_0003_L-medium.xml");
    g_autofree char *data = vn_test_read_file (path);
    g_autofree char *rel = g_build_filename ("tests", "data", "tesseract",
                                             "FRAN_0150_0003_L-medium.alto.xml", NULL);
    g_autofree char *tpath = vn_test_source_path (rel);
    g_autofree char *tdata = vn_test_read_file (tpath);

    random_round_trips ("random-line-level.alto.xml", data, &alto_format);
    random_round_trips ("random-tesseract.alto.xml", tdata, &alto3_format);
  }
}

/* ------------------------------------------------------------------ as archives write them */

/* @data with the corrections (each the first occurrence of @olds[i] in the canonical text, in
 * order, made @news[i]) written back; the result as a string. */
static char *
corrected (const char  *name,
           const char  *data,
           const char **olds,
           const char **news,
           VnSource   **reopened)
{
  g_autofree char *input = write_temp (name, data, strlen (data));
  g_autofree char *output = g_strconcat (input, ".out", NULL);
  const char *paths[] = { input, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(VnSource) source = vn_source_new_for_paths (paths, &error);
  g_autofree char *text = NULL;
  VnTextEdit edits[8];
  guint n = 0, from = 0;

  g_assert_no_error (error);
  text = source_text (source);
  for (; olds[n]; n++)
    {
      const char *at = strstr (text + from, olds[n]);

      g_assert_nonnull (at);
      edits[n] = (VnTextEdit) { at - text, at - text + strlen (olds[n]), news[n] };
      from = edits[n].end;
    }
  g_assert_true (vn_source_write_corrected (source, edits, n, output, &error));
  g_assert_no_error (error);
  if (reopened != NULL)
    {
      paths[0] = output;
      *reopened = vn_source_new_for_paths (paths, &error);
      g_assert_no_error (error);
    }
  return vn_test_read_file (output);
}

/* An ALTO file whose elements carry a prefix (alto:String): what Verno adds carries it too,
 * the provenance included, and the file stays valid. */
static void
test_prefixed_alto (void)
{
  g_autofree char *path = vn_test_shared_path ("corpus/source-xml/EHRI-BF-19380509b_EN_01.xml");
  g_autofree char *data = vn_test_read_file (path);
  g_autoptr(GRegex) tags = g_regex_new ("<(/?)([A-Za-z])", 0, 0, NULL);
  g_autofree char *prefixed = g_regex_replace (tags, data, -1, 0, "<\\1alto:\\2", 0, NULL);
  g_autofree char *input = NULL, *out = NULL, *out_path = NULL;
  const char *olds[] = { "W. C. l.", "authorised", "Aid Committee", NULL };
  const char *news[] = { "W. C. 1.", "author ised", "Aid-Committee", NULL };
  char **parts = g_strsplit (prefixed, "xmlns=", 2);

  g_free (prefixed);
  prefixed = g_strjoinv ("xmlns:alto=", parts);
  g_strfreev (parts);
  input = write_temp ("prefixed.alto.xml", prefixed, strlen (prefixed));
  vn_test_assert_schema_valid (input, alto_format.schema);
  out = corrected ("prefixed.alto.xml", prefixed, olds, news, NULL);
  out_path = write_temp ("prefixed-out.alto.xml", out, strlen (out));
  vn_test_assert_schema_valid (out_path, alto_format.schema);
  g_assert_nonnull (strstr (out, "<alto:Processing ID=\"verno_correction_1\">"
                                 "<alto:processingDateTime>"));
  g_assert_null (strstr (out, "<Processing"));
}

static const char hyphenated_alto[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\">\n"
  "  <Description>\n    <MeasurementUnit>pixel</MeasurementUnit>\n  </Description>\n"
  "  <Layout>\n    <Page ID=\"p1\" WIDTH=\"1000\" HEIGHT=\"1000\" PHYSICAL_IMG_NR=\"1\">\n"
  "      <PrintSpace>\n        <TextBlock ID=\"b1\">\n"
  "          <TextLine ID=\"l1\" HPOS=\"10\" VPOS=\"10\" WIDTH=\"500\" HEIGHT=\"20\">\n"
  "            <String ID=\"s1\" CONTENT=\"the\" HPOS=\"10\" VPOS=\"10\" WIDTH=\"50\" HEIGHT=\"20\"/>\n"
  "            <SP/>\n"
  "            <String ID=\"s2\" CONTENT=\"atten\" SUBS_TYPE=\"HypPart1\" SUBS_CONTENT=\"attendait\" "
  "HPOS=\"70\" VPOS=\"10\" WIDTH=\"80\" HEIGHT=\"20\"/>\n"
  "            <HYP CONTENT=\"-\"/>\n"
  "          </TextLine>\n"
  "          <TextLine ID=\"l2\" HPOS=\"10\" VPOS=\"40\" WIDTH=\"500\" HEIGHT=\"20\">\n"
  "            <String ID=\"s3\" CONTENT=\"dait\" SUBS_TYPE=\"HypPart2\" SUBS_CONTENT=\"attendait\" "
  "HPOS=\"10\" VPOS=\"40\" WIDTH=\"50\" HEIGHT=\"20\"/>\n"
  "            <SP/>\n"
  "            <String ID=\"s1_2\" CONTENT=\"le\" HPOS=\"70\" VPOS=\"40\" WIDTH=\"30\" HEIGHT=\"20\"/>\n"
  "          </TextLine>\n        </TextBlock>\n      </PrintSpace>\n    </Page>\n  </Layout>\n"
  "</alto>\n";

/* A word hyphenated across lines (SUBS_TYPE, SUBS_CONTENT, HYP): a correction of its first
 * part leaves the HYP where it is and gives both parts the new whole word; a split of "the"
 * does not take the ID "s1_2" that a word of the file already has. */
static void
test_hyphenated_alto (void)
{
  const char *olds[] = { "the", "atten-", NULL };
  const char *news[] = { "t he", "attem-", NULL };
  g_autoptr(VnSource) again = NULL;
  g_autofree char *out = corrected ("hyphenated.alto.xml", hyphenated_alto, olds, news, &again);
  g_autofree char *out_path = write_temp ("hyphenated-out.alto.xml", out, strlen (out));
  g_autofree char *text = source_text (again);

  vn_test_assert_schema_valid (out_path, alto_format.schema);
  g_assert_cmpstr (text, ==, "t he attem-\ndait le\n");
  g_assert_nonnull (strstr (out, "<String ID=\"s2\" CONTENT=\"attem\" SUBS_TYPE=\"HypPart1\" "
                                 "SUBS_CONTENT=\"attemdait\""));
  g_assert_nonnull (strstr (out, "<HYP CONTENT=\"-\"/>"));
  g_assert_nonnull (strstr (out, "<String ID=\"s3\" CONTENT=\"dait\" SUBS_TYPE=\"HypPart2\" "
                                 "SUBS_CONTENT=\"attemdait\""));
  g_assert_nonnull (strstr (out, "<String ID=\"s1_2b\" CONTENT=\"he\""));
  g_assert_nonnull (strstr (out, ">2 words corrected"));
}

/* gImageReader's hOCR: single quotes, a word's <strong> and <em>, x_font: all kept, in the
 * corrected words and in the new word of a split. */
static void
test_formatted_hocr (void)
{
  const char *hocr =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n <body>\n"
    "  <div class='ocr_page' id='page_1' title='image \"scan.png\"; bbox 0 0 1588 2000'>\n"
    "   <span class='ocr_line' id='line_1_1' title=\"bbox 328 296 1259 325\">\n"
    "    <span class='ocrx_word' id='word_1_1' title='bbox 328 296 465 319; x_wconf 90; "
    "x_font Courier; x_fsize 12' lang='fra'><strong>aussitôt</strong></span>\n"
    "    <span class='ocrx_word' id='word_1_2' title='bbox 485 296 568 323; x_wconf 95' "
    "lang='fra'><em>aprés</em></span>\n"
    "   </span>\n  </div>\n </body>\n</html>\n";
  const char *olds[] = { "aussitôt", "aprés", NULL };
  const char *news[] = { "aus sitôt", "après", NULL };
  g_autoptr(VnSource) again = NULL;
  g_autofree char *out = corrected ("formatted.hocr", hocr, olds, news, &again);
  g_autofree char *text = source_text (again);

  g_assert_cmpstr (text, ==, "aus sitôt après\n");
  g_assert_nonnull (strstr (out, "title='bbox 328 296 379 319; x_wconf 100; x_font Courier; "
                                 "x_fsize 12' lang='fra'><strong>aus</strong></span>\n"
                                 "    <span class='ocrx_word' id='word_1_1_2' title='bbox 379 296 "
                                 "464 319; x_wconf 100; x_font Courier; x_fsize 12' lang='fra'>"
                                 "<strong>sitôt</strong></span>"));
  g_assert_nonnull (strstr (out, "<em>après</em>"));
}

/* TEI as editions write it: prose over several lines of the file, character references, a
 * page break after white space. Only the corrected words change, byte for byte. */
static void
test_tei_in_place (void)
{
  const char *tei =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n"
    "  <text>\n    <body>\n      <pb n=\"1\" facs=\"page1.jpg\"/>\n"
    "      <p>Soon after the German conquest of Vienna, where\n"
    "         traditional Jewry forms a large part of the total\n"
    "         Jewish population, a Jewish Aid&#x2D;Committee has\n"
    "         secretly been organised &amp; hidden.</p>\n"
    "      <pb n=\"2\" facs=\"page2.jpg\"/>\n"
    "      <p>Second page</p>\n    </body>\n  </text>\n</TEI>\n";
  const char *olds[] = { "population", "Aid-Committee", "& hidden", "Second", NULL };
  const char *news[] = { "populatoin", "Aid Committee", "and hidden", "Seconde", NULL };
  g_autoptr(VnSource) again = NULL;
  g_autofree char *out = corrected ("prose.tei.xml", tei, olds, news, &again);
  g_autoptr(GString) want = g_string_new (tei);

  g_string_replace (want, "population,", "<choice><sic>population,</sic><corr>populatoin,</corr>"
                                         "</choice>", 1);
  g_string_replace (want, "Aid&#x2D;Committee", "<choice><sic>Aid&#x2D;Committee</sic><corr>Aid "
                                                "Committee</corr></choice>", 1);
  g_string_replace (want, "&amp; hidden", "<choice><sic>&amp;</sic><corr>and</corr></choice> "
                                          "hidden", 1);
  g_string_replace (want, "Second page", "<choice><sic>Second</sic><corr>Seconde</corr></choice> "
                                         "page", 1);
  g_assert_cmpstr (out, ==, want->str);
  g_assert_cmpuint (vn_source_get_n_pages (again), ==, 2);
  g_assert_cmpstr (vn_source_get_page_image (again, 0), ==, "page1.jpg");
  g_assert_cmpstr (vn_source_get_page_image (again, 1), ==, "page2.jpg");
}

/* `verno apply --transcription FILE DIFF` reads an ALTO file for its text, as a project does:
 * a diff of that text applies, and the patched text is the verified text. */
static void
test_apply_published (void)
{
  g_autofree char *path = vn_test_shared_path ("corpus/source-xml/FRAN_0150_0003_L-medium.xml");
  g_autofree char *data = vn_test_read_file (path);
  g_autofree char *alto = write_temp ("apply.alto.xml", data, strlen (data));
  const char *paths[] = { alto, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(VnSource) source = vn_source_new_for_paths (paths, &error);
  g_autofree char *text = NULL, *old_path = NULL, *new_path = NULL, *diff_path = NULL;
  g_autofree char *out = g_build_filename (tmp_dir, "apply-out.txt", NULL);
  g_autoptr(GString) verified = NULL;
  g_auto(VnTestRun) diff = { 0 }, run = { 0 };

  g_assert_no_error (error);
  text = source_text (source);
  verified = g_string_new (text);
  g_assert_cmpuint (g_string_replace (verified, "rendiss", "rendis", 1), ==, 1);
  old_path = write_temp ("apply-old.txt", text, strlen (text));
  new_path = write_temp ("apply-new.txt", verified->str, verified->len);
  {
    const char *argv[] = { "diff", "-u", old_path, new_path, NULL };
    vn_test_run_argv (&diff, argv, NULL, NULL);
  }
  g_assert_cmpint (diff.status, ==, 1);
  diff_path = write_temp ("apply.diff", diff.out, strlen (diff.out));
  {
    const char *args[] = { "apply", "--transcription", alto, diff_path, "--output", out, NULL };
    vn_test_run_verno (&run, NULL, FALSE, args);
  }
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autofree char *got = vn_test_read_file (out);
    g_assert_cmpstr (got, ==, verified->str);
  }
}

/* A correction that joins two of the file's lines is refused in one sentence of whole UTF-8
 * characters, though it quotes Cyrillic (the fuzzers found it cut in the middle of one). */
static void
test_refusal_quotes_whole_characters (void)
{
  const char *alto =
    "<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\"><Layout><Page><PrintSpace>"
    "<TextBlock><TextLine><String CONTENT=\"(\"/><SP/><String CONTENT=\"что\"/><SP/>"
    "<String CONTENT=\"когда\"/></TextLine><TextLine><String CONTENT=\"тѣло,\"/><SP/>"
    "<String CONTENT=\"которое\"/><SP/><String CONTENT=\"есть\"/></TextLine></TextBlock>"
    "</PrintSpace></Page></Layout></alto>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (alto, strlen (alto));
  g_autoptr(GError) error = NULL;
  g_autoptr(VnSource) source = vn_source_new_from_bytes (bytes, "joined.alto.xml", &error);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) out = NULL;

  g_assert_no_error (error);
  text = source_text (source);
  g_assert_cmpstr (text, ==, "( что когда\nтѣло, которое есть\n");
  {
    const char *at = strstr (text, "когда");
    VnTextEdit edit = { at - text, at - text + strlen ("когда\nтѣло"), "когдатѣло" };

    out = vn_source_dup_corrected (source, 0, &edit, 1, &error);
  }
  g_assert_null (out);
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  vn_test_assert_one_sentence_message (error->message);
}

/* The canonical text is the corpus's flattened transcription, word for word. */
static void
test_text_is_corpus_text (void)
{
  const char *folders[] = { "ru-print-18c", "ru-print-18c", "ru-print-18c", "ru-print-18c",
                            "en-typewritten", "en-typewritten", "fr-typewritten" };

  for (guint i = 0; corpus_pages[i]; i++)
    {
      g_autofree char *rel = g_strdup_printf ("corpus/source-xml/%s.xml", corpus_pages[i]);
      g_autofree char *path = vn_test_shared_path (rel);
      g_autofree char *trel = g_strdup_printf ("corpus/%s/%s.txt", folders[i], corpus_pages[i]);
      g_autofree char *tpath = vn_test_shared_path (trel);
      g_autofree char *truth = vn_test_read_file (tpath);
      const char *paths[] = { path, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(VnSource) source = vn_source_new_for_paths (paths, &error);
      g_autofree char *text = NULL;
      g_autofree char *a = NULL, *b = NULL;

      g_assert_no_error (error);
      text = g_strndup (g_bytes_get_data (vn_source_get_text (source), NULL),
                        g_bytes_get_size (vn_source_get_text (source)));
      a = vn_test_normalize_for_cer (text);
      b = vn_test_normalize_for_cer (truth);
      g_assert_cmpstr (a, ==, b);
      g_assert_cmpint (vn_source_get_format (source), ==, VN_SOURCE_ALTO);
      g_assert_true (vn_source_is_line_level (source));
    }
}

/* Every token of a word-level file has its word's own box; of a line-level file, a share of
 * its line's. */
static void
test_token_boxes (void)
{
  g_autoptr(Page) page = corpus_page ("EHRI-BF-19380509b_EN_01");
  g_autofree char *alto = make_alto (page);
  g_autoptr(GBytes) bytes = g_bytes_new (alto, strlen (alto));
  g_autoptr(GError) error = NULL;
  g_autoptr(VnSource) source = vn_source_new_from_bytes (bytes, "made.alto.xml", &error);
  g_autoptr(VnTranscription) t = NULL;
  guint token = 0;

  g_assert_no_error (error);
  t = vn_transcription_new_from_source (source, &error);
  g_assert_no_error (error);
  for (guint l = 0; l < page->lines->len; l++)
    {
      const Line *line = &g_array_index (page->lines, Line, l);
      g_auto(GStrv) words = g_strsplit (line->text, " ", -1);

      for (guint w = 0; words[w]; w++)
        {
          VnSourceBox box;

          if (*words[w] == '\0')
            continue;
          g_assert_true (vn_transcription_get_token_box (t, token++, &box));
          g_assert_true (box.exact);
          g_assert_cmpint (box.frame_width, ==, page->width);
          g_assert_cmpint (box.box.y, ==, line->box.y);
          g_assert_cmpint (box.box.x, >=, line->box.x);
          g_assert_cmpint (box.box.x + box.box.w, <=, line->box.x + line->box.w + 1);
        }
    }
  g_assert_cmpuint (token, ==, vn_transcription_get_n_tokens (t));
}

/* The collation places a word where the file's box says, scaled from the file's page frame
 * to the image the OCR read, even where the OCR read it elsewhere or not at all; a line-level
 * file's share of a line replaces only a guess. */
static void
test_file_boxes_place_words (void)
{
  const char *ocr_lines[] = { "alpha beta gamma", "delta", NULL };
  const char *alto =
    "<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\"><Layout>"
    "<Page WIDTH=\"1240\" HEIGHT=\"1754\"><PrintSpace><TextBlock>"
    "<TextLine><String CONTENT=\"alpha\" HPOS=\"100\" VPOS=\"150\" WIDTH=\"60\" HEIGHT=\"20\"/>"
    "<SP/><String CONTENT=\"beta\" HPOS=\"700\" VPOS=\"900\" WIDTH=\"50\" HEIGHT=\"20\"/>"
    "<SP/><String CONTENT=\"gamma\" HPOS=\"200\" VPOS=\"150\" WIDTH=\"60\" HEIGHT=\"20\"/>"
    "</TextLine><TextLine><String CONTENT=\"delta epsilon\" HPOS=\"100\" VPOS=\"180\" "
    "WIDTH=\"130\" HEIGHT=\"20\"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>";
  g_autoptr(GBytes) bytes = g_bytes_new (alto, strlen (alto));
  g_autoptr(GError) error = NULL;
  g_autoptr(VnSource) source = vn_source_new_from_bytes (bytes, "boxes.alto.xml", &error);
  g_autoptr(VnTranscription) t = vn_transcription_new_from_source (source, &error);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  g_autoptr(VnCollation) collation = NULL;
  const VnTokenPlacement *beta, *epsilon, *delta;

  g_assert_no_error (error);
  g_ptr_array_add (pages, vn_test_synthetic_page (ocr_lines));  /* 2480 × 3508: twice */
  collation = vn_collation_new (t, pages, spell);
  beta = vn_collation_get_placement (collation, 1);
  g_assert_cmpint (beta->page, ==, 0);
  g_assert_cmpint (beta->box.x, ==, 1400);
  g_assert_cmpint (beta->box.y, ==, 1800);
  g_assert_cmpint (beta->box.w, ==, 100);
  g_assert_false (beta->interpolated);
  /* "epsilon", which the OCR did not see, has its share of its line: the right half. */
  epsilon = vn_collation_get_placement (collation, 4);
  g_assert_false (epsilon->interpolated);
  g_assert_cmpint (epsilon->box.x, >=, 200 + 2 * 60);
  g_assert_cmpint (epsilon->box.y, ==, 360);
  /* "delta", which the OCR read, stays where the OCR read it. */
  delta = vn_collation_get_placement (collation, 3);
  g_assert_cmpint (delta->box.y, ==, 360);
  g_assert_cmpint (delta->box.x, ==, 200);
}

/* ------------------------------------------------------------------ hostile input */

static const char *hostile[] = {
  /* XXE */
  "<?xml version=\"1.0\"?>\n<!DOCTYPE alto [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
  "<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\"><Layout><Page><PrintSpace>"
  "<TextBlock><TextLine><String CONTENT=\"&xxe;\"/></TextLine></TextBlock></PrintSpace></Page>"
  "</Layout></alto>",
  /* billion laughs */
  "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;"
  "&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"
  "&lol2;&lol2;&lol2;&lol2;\">]>\n<PcGts xmlns=\"http://schema.primaresearch.org/PAGE/gts/"
  "pagecontent/2019-07-15\"><Page><TextRegion><TextLine><TextEquiv><Unicode>&lol3;</Unicode>"
  "</TextEquiv></TextLine></TextRegion></Page></PcGts>",
  /* an entity it does not declare (XHTML's &nbsp;, unloaded DTD) */
  "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
  "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n<html xmlns=\"http://www.w3.org/1999/"
  "xhtml\"><body><div class=\"ocr_page\"><span class=\"ocr_line\"><span class=\"ocrx_word\">a"
  "&nbsp;b</span></span></div></body></html>",
  /* not well-formed */
  "<alto><Layout><Page><String CONTENT=\"a\"></Page></Layout></alto>",
  /* a root of no known format */
  "<?xml version=\"1.0\"?><rss><channel/></rss>",
  /* UTF-16 */
  "\xff\xfe<\0a\0l\0t\0o\0/\0>\0",
  /* a layout without its text: PAGE lines with Coords and no TextEquiv */
  "<?xml version=\"1.0\"?>\n<PcGts xmlns=\"http://schema.primaresearch.org/PAGE/gts/pagecontent/"
  "2019-07-15\"><Page imageFilename=\"a.jpg\" imageWidth=\"10\" imageHeight=\"10\"><TextRegion "
  "id=\"r\"><Coords points=\"0,0 9,0 9,9\"/><TextLine id=\"l\"><Coords points=\"0,0 9,0 9,9\"/>"
  "</TextLine></TextRegion></Page></PcGts>",
  /* a PDF whose insides are broken */
  "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nxref\ngarbage\n%%EOF\n",
};

static void
test_hostile (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      gsize len = i == 5 ? 16 : strlen (hostile[i]);
      g_autoptr(GBytes) bytes = g_bytes_new (hostile[i], len);
      g_autoptr(GError) error = NULL;
      g_autoptr(VnSource) source = vn_source_new_from_bytes (bytes, "hostile.xml", &error);

      g_assert_null (source);
      g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "hostile.xml"));
      g_assert_null (strstr (error->message, "root:"));
      vn_test_assert_one_sentence_message (error->message);
    }
}

/* On the command line: one sentence, exit 3, and no state folder made. */
static void
test_hostile_cli (void)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *dir = g_build_filename (tmp_dir, i ? "laughs" : "xxe", NULL);
      g_autofree char *xml = g_build_filename (dir, "page-1.xml", NULL);
      g_autofree char *png = g_build_filename (dir, "page-1.png", NULL);
      g_autofree char *letter = vn_test_source_path ("scans/letter-1956/page-1.png");
      g_autofree char *image = NULL;
      g_autofree char *state = g_build_filename (dir, ".verno", NULL);
      gsize len;
      const char *args[] = { "collate", dir, NULL };
      g_auto(VnTestRun) run = { 0 };

      g_mkdir_with_parents (dir, 0755);
      g_assert_true (g_file_get_contents (letter, &image, &len, NULL));
      g_assert_true (g_file_set_contents (png, image, len, NULL));
      g_assert_true (g_file_set_contents (xml, hostile[i], -1, NULL));
      vn_test_run_verno (&run, NULL, FALSE, args);
      g_assert_cmpint (run.status, ==, 3);
      vn_test_assert_one_sentence (run.err);
      g_assert_false (g_file_test (state, G_FILE_TEST_EXISTS));
    }
}

/* The published file is never written over, and a write that cannot be made says why. */
static void
test_never_overwrites (void)
{
  g_autofree char *path = vn_test_shared_path ("corpus/source-xml/FRAN_0150_0003_L-medium.xml");
  g_autofree char *copy = NULL;
  g_autofree char *data = NULL;
  gsize len;
  const char *paths[2] = { NULL, NULL };
  g_autoptr(VnSource) source = NULL;
  g_autoptr(GError) error = NULL;
  VnTextEdit edit = { 0, 0, "X" };

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  copy = write_temp ("published.xml", data, len);
  paths[0] = copy;
  source = vn_source_new_for_paths (paths, &error);
  g_assert_no_error (error);
  g_assert_false (vn_source_write_corrected (source, &edit, 1, copy, &error));
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
  g_clear_error (&error);
  {
    g_autofree char *after = vn_test_read_file (copy);
    g_assert_cmpstr (after, ==, data);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("verno-source-XXXXXX", NULL);
  g_test_add_func ("/verno/source/corpus-text", test_text_is_corpus_text);
  g_test_add_func ("/verno/source/alto-line-level", test_corpus_alto);
  g_test_add_func ("/verno/source/alto-word-level", test_word_alto);
  g_test_add_func ("/verno/source/tesseract", test_tesseract);
  g_test_add_func ("/verno/source/random-edits", test_random_edits);
  g_test_add_func ("/verno/source/prefixed-alto", test_prefixed_alto);
  g_test_add_func ("/verno/source/hyphenated-alto", test_hyphenated_alto);
  g_test_add_func ("/verno/source/formatted-hocr", test_formatted_hocr);
  g_test_add_func ("/verno/source/tei-in-place", test_tei_in_place);
  g_test_add_func ("/verno/source/apply-published", test_apply_published);
  g_test_add_func ("/verno/source/refusal-quotes-whole-characters",
                   test_refusal_quotes_whole_characters);
  g_test_add_func ("/verno/source/page", test_page);
  g_test_add_func ("/verno/source/hocr", test_hocr);
  g_test_add_func ("/verno/source/tei", test_tei);
  g_test_add_func ("/verno/source/token-boxes", test_token_boxes);
  g_test_add_func ("/verno/source/file-boxes-place-words", test_file_boxes_place_words);
  g_test_add_func ("/verno/source/hostile", test_hostile);
  g_test_add_func ("/verno/source/hostile-cli", test_hostile_cli);
  g_test_add_func ("/verno/source/never-overwrites", test_never_overwrites);
  status = g_test_run ();
  vn_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
