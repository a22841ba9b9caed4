/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-export-pdf.c: the searchable PDF: each scan as it is, with the verified words on top in
 * invisible text.
 *
 * Images keep the scan's pixels and colours: a JPEG or JPEG 2000 file is embedded as it is
 * (its own stream, not decoded), a PNG with its own compressed data, anything else
 * losslessly (Flate) in its own colour type; Leptonica prepares the data. A page is the
 * image at the resolution the exports state (vn_layout_resolution ()), its size chosen so
 * that rendering it at that resolution gives the image's exact pixel size.
 *
 * The text is set in Tesseract's glyphless font (pdf.ttf: a single glyph that every CID maps
 * to) in render mode 3, so viewers can search, select and copy the verified text. Text is
 * written as UTF-16BE code units used as CIDs, as Tesseract does; characters beyond the BMP
 * get a CID of their own from the surrogate range, mapped by the ToUnicode CMap to their
 * surrogate pair, because a CMap cannot map half a pair.
 *
 * Line ends follow the convention text extractors (poppler's pdftotext, viewers' search)
 * apply: a line that ends in a hyphen-minus continues its word on the next line, and they
 * join the two without it. So the first part of a word hyphenated across lines ends in a
 * hyphen-minus; and a hyphen-minus that ends a word of the verified text is drawn with a CID
 * of its own that reads as "- " (hyphen and space), which extractors keep.
 *
 * Not cairo: its PDF surface cannot draw text in render mode 3 nor choose the text a glyph
 * reads as, which the text layer is made of. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vn-error.h"
#include "vn-export-formats.h"
#include "vn-scan-private.h"
#include "vn-runtime.h"

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
#define PDF_LAST_ASTRAL     0xDFFE
#define PDF_KEPT_HYPHEN     0xDFFF  /* a line-final hyphen of the text itself: "- " */
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
image_data_free (L_COMP_DATA *cid)
{
  l_CIDataDestroy (&cid);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (L_COMP_DATA, image_data_free)

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
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.4f", value);
}

/* ------------------------------------------------------------------ the font */

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
  if (compressed == NULL)
    g_error ("zlib could not compress 128 KiB (out of memory)");
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
        continue;  /* surrogates: never a BMP character, see pdf_cmap_own_cids () */
      if (n % 100 == 0)
        g_string_append_printf (cmap, "%s%u beginbfrange\n", n ? "endbfrange\n" : "",
                                MIN (100, 248 - n));
      g_string_append_printf (cmap, "<%02X00> <%02XFF> <%02X00>\n", high, high, high);
      n++;
    }
  g_string_append (cmap, "endbfrange\n");
}

/* The CIDs of the surrogate range: characters beyond the BMP, and the kept hyphen. */
static void
pdf_cmap_own_cids (Pdf     *pdf,
                   GString *cmap)
{
  guint n = g_hash_table_size (pdf->astral) + 1, done = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_string_append_printf (cmap, "%u beginbfchar\n<%04X> <002D0020>\n", MIN (100, n),
                          PDF_KEPT_HYPHEN);
  done++;
  g_hash_table_iter_init (&iter, pdf->astral);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gunichar c = GPOINTER_TO_UINT (key) - 0x10000;

      if (done % 100 == 0)
        g_string_append_printf (cmap, "endbfchar\n%u beginbfchar\n", MIN (100, n - done));
      g_string_append_printf (cmap, "<%04X> <%04X%04X>\n", GPOINTER_TO_UINT (value),
                              0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
      done++;
    }
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
  pdf_cmap_own_cids (pdf, cmap);
  g_string_append (cmap, "endcmap\n"
                   "CMapName currentdict /CMap defineresource pop\n"
                   "end\n"
                   "end\n");
  pdf_stream (pdf, OBJ_TO_UNICODE, "", cmap->str, cmap->len);
}

/* ------------------------------------------------------------------ text */

static guint
pdf_astral_cid (Pdf      *pdf,
                gunichar  c)
{
  gpointer cid = g_hash_table_lookup (pdf->astral, GUINT_TO_POINTER (c));
  guint next = PDF_FIRST_ASTRAL + g_hash_table_size (pdf->astral);

  if (cid != NULL)
    return GPOINTER_TO_UINT (cid);
  if (next > PDF_LAST_ASTRAL)
    return 0xFFFD;  /* 2047 distinct rare characters in one document: the rest stay unknown */
  g_hash_table_insert (pdf->astral, GUINT_TO_POINTER (c), GUINT_TO_POINTER (next));
  return next;
}

/* @text as a hex string of CIDs, its last character the kept hyphen with @kept_hyphen;
 * returns how many. */
static guint
pdf_append_cids (Pdf        *pdf,
                 GString    *out,
                 const char *text,
                 gboolean    kept_hyphen)
{
  guint n = 0;

  g_string_append_c (out, '<');
  for (const char *p = text; *p; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);
      guint cid = c < 0x10000 ? c : pdf_astral_cid (pdf, c);

      if (c == 0xFFFE || c == 0xFFFF)
        cid = 0xFFFD;
      if (kept_hyphen && *g_utf8_next_char (p) == '\0')
        cid = PDF_KEPT_HYPHEN;
      g_string_append_printf (out, "%04X", cid);
    }
  g_string_append_c (out, '>');
  return n;
}

typedef struct
{
  double scale_x;   /* points per OCR pixel */
  double scale_y;
  double width;     /* of the page, in points */
  double height;
} PdfGeometry;

/* What the text layer says of a word: see the top for the hyphens at line ends. The text's
 * own final hyphen-minus is the kept one wherever it is: extractors may see a line end where
 * the OCR saw none, and within a line its space reads as the gap it is. */
static char *
pdf_word_text (const VnLayoutWord *word,
               gboolean           *kept_hyphen)
{
  *kept_hyphen = word->part == VN_LAYOUT_WHOLE && g_str_has_suffix (word->text, "-");
  return g_strconcat (word->text, word->part == VN_LAYOUT_FIRST_PART ? "-" : "", NULL);
}

/* Extractors tell glyphs apart only when each starts at least a tenth of the font size after
 * the one before (poppler takes closer ones for a duplicate, as in fake bold), words by the
 * gaps between them, and columns by gaps wider than 0.7 of the font size (pdftotext's
 * -colspacing): each glyph gets twice the tenth, and the gap between two words of a line is
 * a quarter to a half of the font size. */
#define PDF_MIN_ADVANCE 0.2
#define PDF_MIN_GAP     0.25
#define PDF_MAX_GAP     0.5

typedef struct
{
  char   *cids;    /* the word's text as a hex string of CIDs */
  guint   n;       /* how many */
  double  x;       /* where it starts, in points */
  double  width;
} PdfWord;

static void
pdf_word_clear (gpointer data)
{
  g_free (((PdfWord *) data)->cids);
}

/* Words that would run off the page move back left, as little as they can; a line too long
 * for the page is narrowed to fit. */
static void
fit_on_page (GArray *words,
             double  gap,
             double  limit)
{
  double total = 0, x;

  for (guint k = 0; k < words->len; k++)
    total += g_array_index (words, PdfWord, k).width + (k > 0 ? gap : 0);
  if (total > limit)
    {
      double scale = MAX (0.01, limit - gap * (words->len - 1)) / MAX (total - gap * (words->len - 1), 0.01);

      x = 0;
      for (guint k = 0; k < words->len; k++)
        {
          PdfWord *word = &g_array_index (words, PdfWord, k);

          word->width *= scale;
          word->x = x;
          x += word->width + gap;
        }
      return;
    }
  for (guint k = words->len; k-- > 0;)
    {
      PdfWord *word = &g_array_index (words, PdfWord, k);

      word->x = MIN (word->x, limit - word->width);
      limit = word->x - gap;
    }
}

/* A word's text starts at its box and is as wide, but reaches to within the gaps above of
 * the next word's box (a short correction of a long word leaves a gap extractors would take
 * for a column's edge; words that share one OCR word touch); if that leaves too little room
 * for its glyphs, it takes the room it needs, and the words after it move right as far as
 * need be — and back left if the line would run off the page, where extractors drop text.
 * All in the line's font size: another size would make a line, and a block, of its own for
 * extractors, out of reading order. */
static GArray *
pdf_place_words (Pdf                *pdf,
                 const PdfGeometry  *geo,
                 const VnLayoutPage *page,
                 const VnLayoutLine *line,
                 double              size)
{
  GArray *words = g_array_sized_new (FALSE, TRUE, sizeof (PdfWord), line->n);
  double cursor = 0;

  g_array_set_clear_func (words, pdf_word_clear);
  for (guint k = 0; k < line->n; k++)
    {
      const VnLayoutWord *word = vn_layout_line_get_word (page, line, k);
      const VnLayoutWord *next = k + 1 < line->n ? vn_layout_line_get_word (page, line, k + 1)
                                                 : NULL;
      g_autoptr(GString) cids = g_string_new (NULL);
      gboolean kept_hyphen;
      g_autofree char *text = pdf_word_text (word, &kept_hyphen);
      PdfWord out = { NULL, pdf_append_cids (pdf, cids, text, kept_hyphen) };

      out.cids = g_string_free (g_steal_pointer (&cids), FALSE);
      out.n = MAX (out.n, 1);
      out.x = MAX (word->box.x * geo->scale_x, cursor);
      out.width = word->box.w * geo->scale_x;
      if (next != NULL)
        {
          double to_next = next->box.x * geo->scale_x - out.x;

          out.width = CLAMP (out.width, to_next - size * PDF_MAX_GAP, to_next - size * PDF_MIN_GAP);
        }
      out.width = MAX (out.width, out.n * PDF_MIN_ADVANCE * size);
      cursor = out.x + out.width + size * PDF_MIN_GAP;
      g_array_append_val (words, out);
    }
  fit_on_page (words, size * PDF_MIN_GAP, geo->width - 0.01);
  return words;
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* Where the line's words stand: the higher median of their bottoms, which words with
 * descenders, or a stain the OCR took for part of a word, do not pull down to the next line
 * (where extractors would take the words for part of that line). */
static double
pdf_line_baseline (const VnLayoutPage *page,
                   const VnLayoutLine *line)
{
  g_autoptr(GArray) bottoms = g_array_sized_new (FALSE, FALSE, sizeof (int), line->n);

  for (guint k = 0; k < line->n; k++)
    {
      const VnBox *box = &vn_layout_line_get_word (page, line, k)->box;
      int bottom = box->y + box->h;

      g_array_append_val (bottoms, bottom);
    }
  g_array_sort (bottoms, compare_ints);
  return g_array_index (bottoms, int, (bottoms->len - 1) / 2);
}

/* The glyphs' boxes, from the baseline to 1000 units above it, cover the line for selection.
 * Each word is scaled (Tz) to its width, and followed by a space but the last, for readers
 * that copy text without looking at gaps. */
static void
pdf_line (Pdf                *pdf,
          GString            *content,
          const PdfGeometry  *geo,
          const VnLayoutPage *page,
          const VnLayoutLine *line,
          double              size)
{
  char xs[G_ASCII_DTOSTR_BUF_SIZE], ys[G_ASCII_DTOSTR_BUF_SIZE], tz[G_ASCII_DTOSTR_BUF_SIZE];
  double baseline = geo->height - pdf_line_baseline (page, line) * geo->scale_y;
  g_autoptr(GArray) words = pdf_place_words (pdf, geo, page, line, size);

  g_string_append_printf (content, "/F1 %s Tf\n", pdf_number (xs, size));
  for (guint k = 0; k < words->len; k++)
    {
      const PdfWord *word = &g_array_index (words, PdfWord, k);

      g_string_append_printf (content, "1 0 0 1 %s %s Tm %s Tz %s Tj%s\n",
                              pdf_number (xs, word->x), pdf_number (ys, baseline),
                              pdf_number (tz, 100 * word->width /
                                              (size * PDF_GLYPH_WIDTH * word->n)),
                              word->cids, k + 1 < words->len ? " <0020> Tj" : "");
    }
}

/* One font size for a block of lines, the height of its median line: extractors take a line
 * in a size of its own for a block of its own, and join a hyphenated word only within a
 * block. */
static double
pdf_block_font_size (const VnLayoutPage *page,
                     guint               first,
                     guint               end)
{
  g_autoptr(GArray) heights = g_array_sized_new (FALSE, FALSE, sizeof (int), end - first);

  for (guint l = first; l < end; l++)
    g_array_append_val (heights, vn_layout_page_get_line (page, l)->box.h);
  g_array_sort (heights, compare_ints);
  return MAX (1, g_array_index (heights, int, heights->len / 2));
}

/* Left uncompressed: the text is small beside the image, and stays easy to inspect. */
static void
pdf_contents (Pdf                *pdf,
              guint               number,
              const VnLayoutPage *page,
              const PdfGeometry  *geo)
{
  g_autoptr(GString) content = g_string_new (NULL);
  char w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (content, "q %s 0 0 %s 0 0 cm /Im1 Do Q\n", pdf_number (w, geo->width),
                          pdf_number (h, geo->height));
  if (page->lines->len > 0)
    {
      g_string_append (content, "BT\n3 Tr\n");
      for (guint l = 0; l < page->lines->len;)
        {
          guint end = vn_layout_group_end (page, l, FALSE);
          double size = pdf_block_font_size (page, l, end) * geo->scale_y;

          for (; l < end; l++)
            pdf_line (pdf, content, geo, page, vn_layout_page_get_line (page, l), size);
        }
      g_string_append (content, "ET\n");
    }
  pdf_stream (pdf, number, "", content->str, content->len);
}

/* ------------------------------------------------------------------ images */

/* Every sample of @pix, losslessly, in its own colour type (1-bit, grey, palette or RGB). */
static L_COMP_DATA *
pdf_flate_data (PIX *pix)
{
  L_COMP_DATA *cid = NULL;

  if (pix != NULL)
    pixGenerateCIData (pix, L_FLATE_ENCODE, 0, 0, &cid);
  return cid;
}

static L_COMP_DATA *
pdf_image_data (VnScanPage  *scan,
                GError     **error)
{
  L_COMP_DATA *cid = NULL;
  int format = IFF_UNKNOWN, dpi = 0;
  PIX *pix = NULL;

  if (scan->is_pdf)
    {
      /* Rendered as Verno read it for OCR: grey. */
      if ((pix = vn_scan_page_load (scan, &dpi, error)) == NULL)
        return NULL;
    }
  else if (findFileFormat (scan->path, &format) == 0 && scan->n_in_file == 1 &&
           format == IFF_JFIF_JPEG)
    l_generateCIData (scan->path, L_JPEG_ENCODE, 0, 0, &cid);
  else if (scan->n_in_file == 1 && format == IFF_JP2)
    l_generateCIData (scan->path, L_JP2K_ENCODE, 0, 0, &cid);
  else if (scan->n_in_file == 1 && format == IFF_PNG)
    cid = l_generateFlateDataPdf (scan->path, NULL);
  else
    pix = scan->n_in_file > 1 ? pixReadTiff (scan->path, scan->index) : pixRead (scan->path);
  if (cid == NULL)
    cid = pdf_flate_data (pix);
  pixDestroy (&pix);
  if (cid == NULL)
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                 _("The scan %s cannot be read again for the PDF: the file is damaged or "
                   "was changed since it was read; export the scan again and reopen the "
                   "project."), scan->label);
  return cid;
}

static const char *
pdf_device_space (int spp)
{
  return spp == 4 ? "/DeviceCMYK" : spp == 3 ? "/DeviceRGB" : "/DeviceGray";
}

/* The image dictionary for Leptonica's data, as its own PDF writer makes it. */
static char *
pdf_image_dict (const L_COMP_DATA *cid)
{
  GString *dict = g_string_new (NULL);

  g_string_append_printf (dict, "/Type /XObject /Subtype /Image /Width %d /Height %d ",
                          cid->w, cid->h);
  if (cid->ncolors > 0)
    g_string_append_printf (dict, "/ColorSpace [ /Indexed /DeviceRGB %d %s ] ",
                            cid->ncolors - 1, cid->cmapdatahex);
  else
    g_string_append_printf (dict, "/ColorSpace %s ", pdf_device_space (cid->spp));
  if (cid->type == L_JPEG_ENCODE)
    g_string_append (dict, "/BitsPerComponent 8 /Filter /DCTDecode");
  else if (cid->type == L_JP2K_ENCODE)
    g_string_append (dict, "/BitsPerComponent 8 /Filter /JPXDecode");
  else
    {
      /* Leptonica's 1-bit samples are 1 for black; PDF's grey 0 is black. */
      if (cid->ncolors == 0 && cid->spp == 1 && cid->bps == 1)
        g_string_append (dict, "/Decode [ 1 0 ] ");
      g_string_append_printf (dict, "/BitsPerComponent %d /Filter /FlateDecode", cid->bps);
      if (cid->predictor)
        g_string_append_printf (dict, " /DecodeParms << /Columns %d /Predictor 14 /Colors %d "
                                "/BitsPerComponent %d >>", cid->w, cid->spp, cid->bps);
    }
  return g_string_free (dict, FALSE);
}

/* ------------------------------------------------------------------ pages */

/* The page's size in points for @pixels at @dpi: a hair (at most 0.004 pixel) under the
 * exact value, written to four decimals, so that a renderer at @dpi, whether it rounds up
 * (poppler) or to the nearest, makes exactly @pixels. */
static double
pdf_page_points (int pixels,
                 int dpi)
{
  return floor ((pixels * 72.0 / dpi - 2e-5) * 1e4) / 1e4;
}

static gboolean
pdf_page (Pdf                *pdf,
          const VnLayoutPage *page,
          guint               index,
          GError            **error)
{
  guint number = PDF_PAGE_OBJ (index);
  g_autoptr(L_COMP_DATA) cid = pdf_image_data (page->scan, error);
  char w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *body = NULL, *dict = NULL;
  PdfGeometry geo;

  if (cid == NULL)
    return FALSE;
  if (cid->w != page->width || cid->h != page->height)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The scan %s is %d×%d pixels now but was %d×%d when it was read; reopen "
                     "the project to read it again."), page->scan->label, cid->w, cid->h,
                   page->width, page->height);
      return FALSE;
    }
  geo.width = pdf_page_points (cid->w, page->dpi);
  geo.height = pdf_page_points (cid->h, page->dpi);
  geo.scale_x = geo.width / MAX (1, page->width);
  geo.scale_y = geo.height / MAX (1, page->height);
  body = g_strdup_printf ("<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 %s %s ]\n"
                          "   /Resources << /XObject << /Im1 %u 0 R >> /Font << /F1 3 0 R >>\n"
                          "                 /ProcSet [ /PDF /Text /ImageB /ImageC /ImageI ] >>\n"
                          "   /Contents %u 0 R >>", pdf_number (w, geo.width),
                          pdf_number (h, geo.height), number + 2, number + 1);
  pdf_object (pdf, number, body);
  pdf_contents (pdf, number + 1, page, &geo);
  dict = pdf_image_dict (cid);
  pdf_stream (pdf, number + 2, dict, cid->datacomp, cid->nbytescomp);
  return TRUE;
}

/* ------------------------------------------------------------------ the document */

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
pdf_info (VnLayout *layout,
          Pdf      *pdf)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "D:%Y%m%d%H%M%SZ");
  g_autoptr(GString) body = g_string_new ("<< /Title ");

  pdf_append_text_string (body, layout->title);
  g_string_append_printf (body, " /Producer (Verno %s) /CreationDate (%s) >>", PACKAGE_VERSION,
                          date);
  pdf_object (pdf, OBJ_INFO, body->str);
}

static void
pdf_catalog (VnLayout *layout,
             Pdf      *pdf)
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
pdf_document (VnLayout  *layout,
              GError   **error)
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
    if (!pdf_page (&pdf, vn_layout_get_page (layout, p), p, error))
      return NULL;
  pdf_to_unicode (&pdf);
  pdf_info (layout, &pdf);
  pdf_catalog (layout, &pdf);
  pdf_trailer (&pdf);
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf.data));
}

gboolean
vn_export_pdf_write (VnExportJob  *job,
                     GError      **error)
{
  g_autoptr(GBytes) bytes = pdf_document (vn_export_job_get_layout (job), error);

  return bytes != NULL && vn_export_job_save (job, job->path, bytes, error);
}
