/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export-corpus.c: every export says exactly the verified text. The letter and every
 * corpus page (English, French, 18th-century Russian, Komi lines), each with random sets of
 * corrections — substitutions (with XML's special characters and letters beyond ASCII),
 * splits, merges, line-end hyphens joined into one word — are exported in every format and
 * read back as archives' tools read them (libxml2, pdftotext); the words must be the
 * verified text's, in order. ALTO and PAGE must be valid against their schemas, and the PDF
 * must show each scan in its own colours at its own size.
 *
 * The OCR comes from the suite's cache (the corpus test reads the same pages with the same
 * settings). VERNO_EXPORT_SEEDS=N runs N correction sets per document (default 2), for a
 * longer search; a failure names its seed. */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vn-export.h"
#include "vn-scan.h"
#include "vn-test-export.h"

typedef struct
{
  const char *name;
  const char *folder;      /* under the shared corpus, or NULL for the letter */
  const char *image_suffix;
  const char *text_suffix;
  const char *languages;
  int         psm;
  guint       first;       /* pages of the folder, in name order */
  guint       n;
} DocumentSpec;

static const DocumentSpec documents[] = {
  { "letter", NULL, NULL, NULL, "rus", 3, 0, 2 },
  { "en", "en-typewritten", ".jpg", ".txt", "eng", 3, 0, 2 },
  { "fr", "fr-typewritten", ".jpg", ".txt", "fra", 3, 0, 1 },
  { "ru-1", "ru-print-18c", ".jpeg", ".txt", "rus", 3, 0, 1 },
  { "ru-2", "ru-print-18c", ".jpeg", ".txt", "rus", 3, 1, 1 },
  { "ru-3", "ru-print-18c", ".jpeg", ".txt", "rus", 3, 2, 1 },
  { "ru-4", "ru-print-18c", ".jpeg", ".txt", "rus", 3, 3, 1 },
  { "kpv", "kpv-newspaper-lines", ".tif", ".gt.txt", "rus", 7, 0, 5 },
};

typedef struct
{
  const DocumentSpec *spec;
  GPtrArray          *scans;      /* VnScanPage */
  GPtrArray          *ocr;        /* VnOcrPage */
  char               *canonical;  /* pages joined by form feeds */
} Document;

static char *export_dir;
static guint hyphenated_parts;  /* words exported in two parts, over the whole run */

/* ------------------------------------------------------------------ documents */

static void
document_free (Document *doc)
{
  g_clear_pointer (&doc->scans, g_ptr_array_unref);
  g_clear_pointer (&doc->ocr, g_ptr_array_unref);
  g_free (doc->canonical);
  g_free (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Document, document_free)

static GPtrArray *
folder_images (const DocumentSpec *spec)
{
  g_autofree char *dir = g_build_filename ("corpus", spec->folder, NULL);
  g_autofree char *path = vn_test_shared_path (dir);
  GPtrArray *images = vn_test_list_files (path, spec->image_suffix);

  g_assert_cmpuint (images->len, >=, spec->first + spec->n);
  return images;
}

static char *
truth_of (const DocumentSpec *spec,
          const char         *image)
{
  g_autofree char *stem = g_strndup (image, strlen (image) - strlen (spec->image_suffix));
  g_autofree char *path = g_strconcat (stem, spec->text_suffix, NULL);

  return vn_test_read_file (path);
}

static Document *
load_corpus (const DocumentSpec *spec)
{
  g_autoptr(GPtrArray) images = folder_images (spec);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(VnOcrEngine) engine = vn_test_engine (spec->languages);
  g_autoptr(GError) error = NULL;
  Document *doc = g_new0 (Document, 1);

  for (guint i = spec->first; i < spec->first + spec->n; i++)
    {
      g_autofree char *truth = truth_of (spec, g_ptr_array_index (images, i));

      g_ptr_array_add (files, g_ptr_array_index (images, i));
      g_string_append_printf (text, "%s%s", i > spec->first ? "\f\n" : "", truth);
    }
  g_ptr_array_add (files, NULL);
  vn_ocr_engine_set_page_seg_mode (engine, spec->psm);
  doc->spec = spec;
  doc->scans = vn_scan_expand_files ((const char * const *) files->pdata, &error);
  g_assert_no_error (error);
  doc->ocr = vn_ocr_engine_recognize (engine, doc->scans, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  doc->canonical = g_string_free (g_steal_pointer (&text), FALSE);
  return doc;
}

static Document *
load_document (const DocumentSpec *spec)
{
  g_autoptr(VnProject) project = NULL;
  Document *doc;

  if (spec->folder != NULL)
    return load_corpus (spec);
  doc = g_new0 (Document, 1);
  doc->spec = spec;
  doc->ocr = vn_test_ocr_letter (&project);
  doc->scans = g_ptr_array_ref (vn_project_get_scan_pages (project));
  doc->canonical = g_strdup (vn_transcription_get_text (vn_project_get_transcription (project),
                                                        NULL));
  return doc;
}

/* ------------------------------------------------------------------ random corrections */

typedef struct
{
  char *word;
  char *space;  /* what follows it: " ", "\n", "\f\n", … */
} Piece;

static void
clear_piece (gpointer data)
{
  Piece *piece = data;

  g_free (piece->word);
  g_free (piece->space);
}

static GArray *
pieces_of (const char *text)
{
  GArray *pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
  const char *p = text;

  g_array_set_clear_func (pieces, clear_piece);
  while (*p && g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  g_assert_true (p == text);  /* the documents start with a word */
  while (*p)
    {
      const char *start = p, *end;
      Piece piece;

      while (*p && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      end = p;
      while (*p && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      piece.word = g_strndup (start, end - start);
      piece.space = g_strndup (end, p - end);
      g_array_append_val (pieces, piece);
    }
  return pieces;
}

static char *
text_of (GArray *pieces)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *piece = &g_array_index (pieces, Piece, i);
      g_string_append_printf (text, "%s%s", piece->word, piece->space);
    }
  return g_string_free (text, FALSE);
}

static Piece *
piece_at (GArray *pieces,
          guint   i)
{
  return &g_array_index (pieces, Piece, i);
}

/* What an editor types in: XML's special characters, letters beyond ASCII and the BMP. */
static const char *replacements[] = {
  "ПОЛОЖЕНИЕ", "Верно", "<b>", "a&b", "\"цитата\"", "l'été", "ӧтиӧ", "x<y>z", "Щ&Ж",
  "naïve", "Straße", "вѣра", "&amp;", "'apos'", "𝔄𝔅", "]]>", "—",
};

static void
substitute (GArray *pieces,
            GRand  *rand,
            guint   i)
{
  Piece *piece = piece_at (pieces, i);
  glong len = g_utf8_strlen (piece->word, -1);

  if (g_rand_boolean (rand) || len < 2)
    {
      g_free (piece->word);
      piece->word = g_strdup (replacements[g_rand_int_range (rand, 0,
                                                             G_N_ELEMENTS (replacements))]);
      return;
    }
  {
    /* One letter replaced, as an OCR-like mistake in the published text corrected. */
    glong at = g_rand_int_range (rand, 0, len);
    const char *from = g_utf8_offset_to_pointer (piece->word, at);
    g_autofree char *word = g_strdup_printf ("%.*s%s%s", (int) (from - piece->word),
                                             piece->word, g_rand_boolean (rand) ? "ж" : "&",
                                             g_utf8_next_char (from));
    g_free (piece->word);
    piece->word = g_steal_pointer (&word);
  }
}

static void
split (GArray *pieces,
       GRand  *rand,
       guint   i)
{
  Piece *piece = piece_at (pieces, i);
  glong len = g_utf8_strlen (piece->word, -1);
  const char *at;
  Piece second;

  if (len < 4)
    return;
  at = g_utf8_offset_to_pointer (piece->word, g_rand_int_range (rand, 1, len));
  second.word = g_strdup (at);
  second.space = g_steal_pointer (&piece->space);
  piece->space = g_strdup (" ");
  *(char *) at = '\0';
  g_array_insert_val (pieces, i + 1, second);
}

/* Two words of one line made one. */
static void
merge (GArray *pieces,
       guint   i)
{
  Piece *piece = piece_at (pieces, i), *next;
  char *word;

  if (i + 1 >= pieces->len || !g_str_equal (piece->space, " "))
    return;
  next = piece_at (pieces, i + 1);
  word = g_strconcat (piece->word, next->word, NULL);
  g_free (piece->word);
  g_free (piece->space);
  piece->word = word;
  piece->space = g_steal_pointer (&next->space);
  g_array_remove_index (pieces, i + 1);
}

static gboolean
is_letter_at_end (const char *word,
                  gsize       cut)
{
  const char *before = g_utf8_find_prev_char (word, word + cut);

  return before != NULL && g_unichar_isalpha (g_utf8_get_char (before));
}

/* "atten-⏎dait" → "attendait", and the letter's "товари – щеской" → "товарищеской": the word
 * the scan hyphenates at a line end, made one. Returns whether there was one at @i. */
static gboolean
join_hyphen (GArray *pieces,
             guint   i)
{
  Piece *piece = piece_at (pieces, i);
  gsize len = strlen (piece->word);
  guint next = i + 1;
  char *word;

  if (g_str_has_suffix (piece->word, "-") && len > 2 && is_letter_at_end (piece->word, len - 1) &&
      g_str_equal (piece->space, "\n") && next < pieces->len)
    piece->word[len - 1] = '\0';
  else if (g_str_equal (piece->space, " ") && i + 2 < pieces->len &&
           g_str_equal (piece_at (pieces, i + 1)->word, "–") &&
           is_letter_at_end (piece->word, len))
    next = i + 2;
  else
    return FALSE;
  word = g_strconcat (piece->word, piece_at (pieces, next)->word, NULL);
  g_free (piece->word);
  g_free (piece->space);
  piece->word = word;
  piece->space = g_strdup (piece_at (pieces, next)->space);
  g_array_remove_range (pieces, i + 1, next - i);
  return TRUE;
}

/* The canonical text with random corrections: about one word in eight changed, and each
 * hyphenated line end joined with even odds. */
static char *
random_corrections (const char *canonical,
                    guint32     seed,
                    guint      *n_joined)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) pieces = pieces_of (canonical);
  guint n = pieces->len / 8 + 3;

  *n_joined = 0;
  for (guint i = 0; i < pieces->len; i++)
    if (g_rand_boolean (rand) && join_hyphen (pieces, i))
      (*n_joined)++;
  for (guint k = 0; k < n && pieces->len > 2; k++)
    {
      guint i = g_rand_int_range (rand, 0, pieces->len - 1);

      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          substitute (pieces, rand, i);
          break;
        case 1:
          split (pieces, rand, i);
          break;
        default:
          merge (pieces, i);
          break;
        }
    }
  return text_of (pieces);
}

/* ------------------------------------------------------------------ checks */

static VnCollation *
collate (Document   *doc,
         const char *verified)
{
  g_autoptr(GBytes) bytes = g_bytes_new (verified, strlen (verified));
  g_autofree char *name = g_strdup_printf ("%s-verified.txt", doc->spec->name);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnTranscription) text = vn_transcription_new_from_bytes (bytes, name, &error);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();

  g_assert_no_error (error);
  return vn_collation_new (text, doc->ocr, spell);
}

static guint
count_parts (const char *alto)
{
  g_autoptr(GPtrArray) parts = vn_test_file_strings (alto, "//alto:String[@SUBS_TYPE="
                                                           "'HypPart1']");
  return parts->len;
}

static void
check_schemas (VnExportFormat  format,
               const char     *path,
               guint           n_pages)
{
  if (format == VN_EXPORT_ALTO)
    vn_test_assert_schema_valid (path, "schemas/alto-4-4.xsd");
  for (guint p = 0; format == VN_EXPORT_PAGE && p < n_pages; p++)
    {
      g_autofree char *page_path = vn_export_page_file_path (path, p, n_pages);
      vn_test_assert_schema_valid (page_path, "schemas/pagecontent-2019-07-15.xsd");
    }
}

static char *
export_path (Document       *doc,
             guint32         seed,
             VnExportFormat  format)
{
  g_autofree char *name = g_strdup_printf ("%s-%u.%s", doc->spec->name, seed,
                                           vn_export_format_extension (format));

  return g_build_filename (export_dir, name, NULL);
}

/* All formats written first, then read: when one is wrong, the others are there to compare. */
static void
check_all_formats (Document   *doc,
                   const char *verified,
                   guint32     seed)
{
  g_autoptr(VnCollation) collation = collate (doc, verified);
  g_autoptr(GPtrArray) expected = vn_test_text_words (verified);

  for (VnExportFormat f = 0; f < VN_EXPORT_N_FORMATS; f++)
    {
      g_autofree char *path = export_path (doc, seed, f);
      g_autoptr(GError) error = NULL;

      g_assert_true (vn_export_write (collation, doc->scans, f, path, &error));
      g_assert_no_error (error);
    }
  for (VnExportFormat f = 0; f < VN_EXPORT_N_FORMATS; f++)
    {
      g_autofree char *path = export_path (doc, seed, f);
      g_autofree char *what = g_strdup_printf ("%s of %s, seed %u", vn_export_format_to_string (f),
                                               doc->spec->name, seed);
      g_autoptr(GPtrArray) words = vn_test_export_words (f, path, doc->scans->len);

      vn_test_assert_words_equal (words, expected, what);
      check_schemas (f, path, doc->scans->len);
      if (f == VN_EXPORT_ALTO)
        hyphenated_parts += count_parts (path);
    }
}

/* ------------------------------------------------------------------ the PDF's images */

/* The resolution the page must have: the file's, when plausible for a scan. */
static int
expected_dpi (VnScanPage *scan)
{
  PIX *pix = scan->n_in_file > 1 ? pixReadTiff (scan->path, scan->index) : pixRead (scan->path);
  int dpi = pixGetXRes (pix);

  pixDestroy (&pix);
  return dpi >= 100 && dpi <= 2400 ? dpi : 300;
}

static void
check_pdf_images (Document *doc)
{
  g_autofree char *name = g_strdup_printf ("%s-0.pdf", doc->spec->name);
  g_autofree char *pdf = g_build_filename (export_dir, name, NULL);
  g_autoptr(GPtrArray) rows = vn_test_pdf_image_rows (pdf);
  g_autofree char *root = g_build_filename (export_dir, "image", NULL);

  g_assert_cmpuint (rows->len, ==, doc->scans->len);
  for (guint p = 0; p < doc->scans->len; p++)
    {
      VnScanPage *scan = g_ptr_array_index (doc->scans, p);
      char **row = g_ptr_array_index (rows, p);
      VnOcrPage *ocr = g_ptr_array_index (doc->ocr, p);
      gboolean jpeg = g_str_has_suffix (scan->path, ".jpg") || g_str_has_suffix (scan->path,
                                                                                ".jpeg");

      g_assert_cmpuint (g_strv_length (row), >, 8);
      g_assert_cmpint (atoi (row[0]), ==, p + 1);
      g_assert_cmpint (atoi (row[3]), ==, vn_ocr_page_get_width (ocr));
      g_assert_cmpint (atoi (row[4]), ==, vn_ocr_page_get_height (ocr));
      g_assert_cmpstr (row[5], ==, vn_test_colour_type (scan->path));
      g_assert_cmpstr (row[8], ==, jpeg ? "jpeg" : "image");
      if (jpeg)
        {
          g_autofree char *extracted = vn_test_extract_pdf_image (pdf, p, root);

          vn_test_assert_same_bytes (extracted, scan->path);
          g_remove (extracted);
        }
      if (p == 0)
        vn_test_assert_rendered_size (pdf, p, expected_dpi (scan), vn_ocr_page_get_width (ocr),
                                      vn_ocr_page_get_height (ocr), root);
    }
}

/* ------------------------------------------------------------------ the tests */

static guint
n_seeds (void)
{
  const char *env = g_getenv ("VERNO_EXPORT_SEEDS");
  guint64 n = 2;

  if (env != NULL)
    g_assert_true (g_ascii_string_to_unsigned (env, 10, 1, 100000, &n, NULL));
  return n;
}

static void
test_document (gconstpointer data)
{
  g_autoptr(Document) doc = NULL;
  guint joined_total = 0;

  if (!vn_test_have_tool ("pdftotext", "poppler-utils"))
    return;
  doc = load_document (data);
  /* Seed 0: the text as published, no correction at all. */
  check_all_formats (doc, doc->canonical, 0);
  check_pdf_images (doc);
  for (guint32 seed = 1; seed <= n_seeds (); seed++)
    {
      guint joined = 0;
      g_autofree char *verified = random_corrections (doc->canonical, seed, &joined);

      g_test_message ("%s, seed %u: %u line-end hyphens joined", doc->spec->name, seed, joined);
      check_all_formats (doc, verified, seed);
      joined_total += joined;
    }
  g_test_message ("%s: %u line-end hyphens joined; %u words exported in two parts so far",
                  doc->spec->name, joined_total, hyphenated_parts);
}

/* The joined hyphens were seen, as two parts, somewhere: the check above is not vacuous. */
static void
test_parts_seen (void)
{
  if (!vn_test_have_tool ("pdftotext", "poppler-utils"))
    return;
  g_assert_cmpuint (hyphenated_parts, >, 5);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  export_dir = vn_test_export_init (&argc, &argv, "verno-export-corpus-XXXXXX");
  g_test_message ("exports in %s (VERNO_KEEP_EXPORTS=1 keeps them)", export_dir);
  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autofree char *path = g_strdup_printf ("/verno/export-corpus/%s", documents[i].name);
      g_test_add_data_func (path, &documents[i], test_document);
    }
  g_test_add_func ("/verno/export-corpus/parts-seen", test_parts_seen);
  status = g_test_run ();
  if (g_getenv ("VERNO_KEEP_EXPORTS") == NULL)
    vn_test_remove_tree (export_dir);
  else
    g_printerr ("exports kept in %s\n", export_dir);
  g_free (export_dir);
  return status;
}
