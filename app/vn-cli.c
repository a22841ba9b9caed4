/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-cli.c: the command line: subcommands that never need a display. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vn-cli-private.h"
#include "vn-collation.h"
#include "vn-error.h"
#include "vn-ocr-engine.h"
#include "vn-project.h"
#include "vn-runtime.h"

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static int run_ocr (int argc, char **argv);
static int run_collate (int argc, char **argv);
static int run_help (int argc, char **argv);

static const Command commands[] = {
  { "ocr", N_("Read scans with Tesseract and print the text, hOCR, ALTO or JSON"), run_ocr },
  { "collate", N_("Align a transcription with the OCR of its scans and list the discrepancies"),
    run_collate },
  { "review", N_("Review the discrepancies one by one at the terminal"), vn_cli_review },
  { "correct", N_("Accept a class of suggestions without asking; write the diff or the text"),
    vn_cli_correct },
  { "apply", N_("Load corrections from a unified diff into a project, or write the patched "
                "text"), vn_cli_apply },
  { "eval", N_("Character and word error rates of a text against its truth"), vn_cli_eval },
  { "status", N_("Show progress: discrepancies open and resolved, words verified, page "
                 "status"), vn_cli_status },
  { "accept", N_("Accept suggestions in batch, e.g. every likely transcription error"),
    vn_cli_accept },
  { "concordance", N_("Find other occurrences of a correction's error and fix them together"),
    vn_cli_concordance },
  { "errata", N_("List the errors of the published transcription, as CSV or JSON"),
    vn_cli_errata },
  { "export", N_("Export the verified text: txt, hocr, alto, page, pdf, tei, errata or "
                 "training"), vn_cli_export },
  { "batch", N_("OCR and collate a list of project folders; resumable, and shardable"),
    vn_cli_batch },
  { "help", N_("Show help for a command"), run_help },
};

int
vn_cli_fail (GError *error)
{
  g_printerr ("verno: %s\n", error->message);
  if (error->domain == VN_ERROR && error->code == VN_ERROR_INTERNAL)
    return VN_EXIT_FAILURE;
  return VN_EXIT_BAD_INPUT;
}

int
vn_cli_usage_error (const char *command,
             const char *message)
{
  g_printerr (_("verno %s: %s\nTry “verno help %s”.\n"), command, message, command);
  return VN_EXIT_USAGE;
}

/* ------------------------------------------------------------------ OCR options */

void
vn_cli_add_ocr_entries (GOptionContext *context,
                 OcrOptions     *o)
{
  const GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &o->lang,
      N_("Tesseract languages, e.g. rus or rus+eng (default: those chosen in the preferences, else those of the transcription’s script)"), "L" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &o->jobs,
      N_("Pages read in parallel (default: one per core)"), "N" },
    { "preprocess", 'p', 0, G_OPTION_ARG_STRING, &o->preprocess,
      N_("Clean images first: deskew, normalize, binarize, all or none (default: none)"),
      N_("LIST") },
    { "psm", 0, 0, G_OPTION_ARG_INT, &o->psm,
      N_("Tesseract page segmentation mode, 0-13 (default: 3, automatic)"), "N" },
    { "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->cache_dir,
      N_("Where OCR results are cached (default: ~/.cache/verno/ocr)"), N_("DIR") },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &o->no_cache,
      N_("Neither read nor write the OCR cache"), NULL },
    { "no-rescale", 0, 0, G_OPTION_ARG_NONE, &o->no_rescale,
      N_("Read every page at its own size (by default, pages with large text are scaled down "
         "to the size Tesseract reads best)"), NULL },
    { "alternatives", 0, 0, G_OPTION_ARG_NONE, &o->alternatives,
      /* xgettext:no-c-format */
      N_("Keep Tesseract's alternatives for every character (about 40% slower)"), NULL },
    { "max-pixels", 0, 0, G_OPTION_ARG_INT64, &o->max_pixels,
      N_("Refuse images larger than this many pixels (default: $VERNO_MAX_PIXELS, else "
         "200000000)"), "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, N_("No progress on standard error"),
      NULL },
    { NULL }
  };

  /* Every command with OCR options passes here: its --help is translated from here on. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, NULL);
}

void
vn_cli_clear_ocr_options (OcrOptions *o)
{
  g_free (o->lang);
  g_free (o->preprocess);
  g_free (o->cache_dir);
  g_clear_pointer (&o->timer, g_timer_destroy);
  g_mutex_clear (&o->print_lock);
}

/* The document options the preferences give, with what the flags say on top. */
gboolean
vn_cli_document_options (OcrOptions         *o,
                         VnDocumentOptions  *options,
                         GError            **error)
{
  vn_document_options_init (options, vn_settings_get_default ());
  if (o->lang != NULL)
    {
      g_free (options->ocr_languages);
      options->ocr_languages = g_strdup (o->lang);
    }
  if (o->preprocess && !vn_preprocess_parse_flags (o->preprocess, &options->preprocess, error))
    return FALSE;
  options->page_seg_mode = o->psm;
  options->alternatives = o->alternatives;
  if (o->no_rescale)
    options->rescale = FALSE;
  if (o->jobs > 0)
    options->jobs = o->jobs;
  options->use_cache = !o->no_cache;
  options->cache_dir = g_strdup (o->cache_dir);
  if (o->max_pixels > 0)
    vn_scan_set_max_pixels (o->max_pixels);
  return TRUE;
}

/* An engine for the scans alone (verno ocr): the languages the flags or the preferences
 * name, else rus. */
VnOcrEngine *
vn_cli_make_engine (const char  *command,
                    OcrOptions  *o,
                    GError     **error)
{
  g_auto(VnDocumentOptions) options = { 0 };

  if (!vn_cli_document_options (o, &options, error))
    return NULL;
  return vn_document_options_make_engine (&options, options.ocr_languages ? options.ocr_languages
                                                                          : "rus", error);
}

void
vn_cli_print_progress (guint       done,
                guint       total,
                VnScanPage *page,
                VnOcrPage  *result,
                gpointer    user_data)
{
  OcrOptions *o = user_data;

  if (o->quiet)
    return;
  g_mutex_lock (&o->print_lock);
  g_printerr (vn_ocr_page_get_from_cache (result)
              ? ngettext ("verno: [%u/%u] %s: %u word, from cache (%.1f s)\n",
                          "verno: [%u/%u] %s: %u words, from cache (%.1f s)\n",
                          vn_ocr_page_get_n_words (result))
              : ngettext ("verno: [%u/%u] %s: %u word (%.1f s)\n",
                          "verno: [%u/%u] %s: %u words (%.1f s)\n",
                          vn_ocr_page_get_n_words (result)),
              done, total, page->label, vn_ocr_page_get_n_words (result),
              g_timer_elapsed (o->timer, NULL));
  g_mutex_unlock (&o->print_lock);
}

GPtrArray *
vn_cli_recognize (VnOcrEngine  *engine,
           GPtrArray    *scans,
           OcrOptions   *o,
           GError      **error)
{
  o->timer = g_timer_new ();
  return vn_ocr_engine_recognize (engine, scans, vn_cli_print_progress, o, NULL, error);
}

/* ------------------------------------------------------------------ verno ocr */

static char *
render_page (VnOcrPage  *page,
             const char *format)
{
  if (g_str_equal (format, "hocr"))
    return vn_ocr_page_to_hocr (page, NULL);
  if (g_str_equal (format, "alto"))
    return vn_ocr_page_to_alto (page);
  if (g_str_equal (format, "json"))
    return vn_ocr_page_to_json (page);
  return vn_ocr_page_dup_text (page);
}

static const char *
format_extension (const char *format)
{
  if (g_str_equal (format, "hocr"))
    return "hocr";
  if (g_str_equal (format, "alto"))
    return "alto.xml";
  if (g_str_equal (format, "json"))
    return "json";
  return "txt";
}

static char *
output_name (VnScanPage *scan,
             const char *format)
{
  g_autofree char *base = g_path_get_basename (scan->path);
  char *dot = strrchr (base, '.');

  if (dot != NULL)
    *dot = '\0';
  if (scan->n_in_file > 1)
    return g_strdup_printf ("%s-%u.%s", base, scan->index + 1, format_extension (format));
  return g_strdup_printf ("%s.%s", base, format_extension (format));
}

static gboolean
write_outputs (GPtrArray   *scans,
               GPtrArray   *pages,
               const char  *format,
               const char  *dir,
               GError     **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("Cannot create the folder %s: %s."),
                   dir, g_strerror (saved));
      return FALSE;
    }
  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *name = output_name (g_ptr_array_index (scans, i), format);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = render_page (g_ptr_array_index (pages, i), format);

      if (!g_file_set_contents (path, data, -1, error))
        return FALSE;
    }
  return TRUE;
}

static void
print_outputs (GPtrArray  *pages,
               const char *format)
{
  if (g_str_equal (format, "json"))
    g_print ("[\n");
  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *data = render_page (g_ptr_array_index (pages, i), format);

      if (i > 0)
        g_print (g_str_equal (format, "json") ? ",\n" : "\f\n");
      g_print ("%s", data);
    }
  if (g_str_equal (format, "json"))
    g_print ("\n]\n");
}

static int
run_ocr (int    argc,
         char **argv)
{
  OcrOptions o = { .psm = 3 };
  g_autofree char *format = NULL, *out_dir = NULL;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("txt, hocr, alto or json (default: txt)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, N_("Write one file per page into DIR"),
      N_("DIR") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("SCAN…") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— read scans with Tesseract"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VnOcrEngine) engine = NULL;
  g_autoptr(GPtrArray) scans = NULL, pages = NULL;
  int status;

  g_mutex_init (&o.print_lock);
  g_option_context_add_main_entries (context, entries, NULL);
  vn_cli_add_ocr_entries (context, &o);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return vn_cli_clear_ocr_options (&o), vn_cli_usage_error ("ocr", error->message);
  if (format == NULL)
    format = g_strdup ("txt");
  if (files == NULL)
    status = vn_cli_usage_error ("ocr", _("give at least one scan"));
  else if (!g_strv_contains ((const char *[]) { "txt", "hocr", "alto", "json", NULL }, format))
    status = vn_cli_usage_error ("ocr", _("--format must be txt, hocr, alto or json"));
  else if (out_dir == NULL && (g_str_equal (format, "hocr") || g_str_equal (format, "alto")) &&
           g_strv_length (files) > 1)
    status = vn_cli_usage_error ("ocr", _("several pages of hOCR or ALTO need -o DIR"));
  else if ((engine = vn_cli_make_engine ("ocr", &o, &error)) == NULL ||
           (scans = vn_scan_expand_files ((const char * const *) files, &error)) == NULL ||
           (pages = vn_cli_recognize (engine, scans, &o, &error)) == NULL ||
           (out_dir && !write_outputs (scans, pages, format, out_dir, &error)))
    status = vn_cli_fail (error);
  else
    {
      if (out_dir == NULL)
        print_outputs (pages, format);
      status = VN_EXIT_OK;
    }
  vn_cli_clear_ocr_options (&o);
  return status;
}

/* ------------------------------------------------------------------ verno collate */

char *
vn_cli_one_line (const char *text)
{
  g_autoptr(GString) out = g_string_new (text);

  g_string_replace (out, "\r\n", "⏎", 0);
  g_string_replace (out, "\n", "⏎", 0);
  g_string_replace (out, "\t", " ", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* @text padded with spaces to @width characters (not bytes, so Cyrillic lines up too): on the
 * left when @width is positive, on the right when negative, as printf's "%10s" and "%-10s". */
char *
vn_cli_padded (const char *text,
               int         width)
{
  glong fill = MAX (0, ABS (width) - g_utf8_strlen (text, -1));
  g_autofree char *spaces = g_strnfill (fill, ' ');

  return width > 0 ? g_strconcat (spaces, text, NULL) : g_strconcat (text, spaces, NULL);
}

/* One table cell: line breaks shown as ⏎, cut with … to @width characters. */
static void
print_padded (const char *raw,
              int         width)
{
  g_autofree char *shown = NULL;
  g_autofree char *text = vn_cli_one_line (raw);
  glong len = g_utf8_strlen (text, -1);

  if (len > width)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, width - 1);
      shown = g_strconcat (cut, "…", NULL);
      len = width;
    }
  g_print ("%s%*s", shown ? shown : text, (int) (width - len), "");
}

/* "letter: 412 words on 2 pages, 20 discrepancies: …", each count in its plural form. */
static void
print_counts (const char  *name,
              guint        n_words,
              guint        n_pages,
              guint        n,
              const guint  counts[3])
{
  guint te = counts[VN_LIKELY_TRANSCRIPTION_ERROR], oe = counts[VN_LIKELY_OCR_ERROR];
  guint unsure = counts[VN_LIKELY_UNSURE];
  g_autofree char *words = g_strdup_printf (ngettext ("%u word", "%u words", n_words), n_words);
  g_autofree char *pages = g_strdup_printf (ngettext ("on %u page", "on %u pages", n_pages),
                                            n_pages);
  g_autofree char *found = g_strdup_printf (ngettext ("%u discrepancy", "%u discrepancies", n),
                                            n);
  g_autofree char *te_text = g_strdup_printf (ngettext ("%u likely transcription error",
                                                        "%u likely transcription errors", te),
                                              te);
  g_autofree char *oe_text = g_strdup_printf (ngettext ("%u likely OCR error",
                                                        "%u likely OCR errors", oe), oe);
  g_autofree char *unsure_text = g_strdup_printf (ngettext ("%u unsure", "%u unsure", unsure),
                                                  unsure);

  /* TRANSLATORS: "letter.txt: 412 words on 2 pages, 20 discrepancies: 17 likely
   * transcription errors, 2 likely OCR errors, 1 unsure." */
  g_print (_("%s: %s %s, %s: %s, %s, %s.\n\n"), name, words, pages, found, te_text, oe_text,
           unsure_text);
}

static void
print_table (VnCollation *collation)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (collation));
  guint counts[3] = { 0 };
  VnTranscription *t = vn_collation_get_transcription (collation);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);
      counts[vn_discrepancy_get_likely (d)]++;
    }
  print_counts (vn_transcription_get_display_name (t), vn_transcription_get_n_tokens (t),
                vn_collation_get_n_pages (collation), n, counts);
  /* TRANSLATORS: the heading of a table; keep each column's start where it is. */
  g_print ("%s", _("   # score page line kind                     likely               "
                   "transcription        ocr                  suggestion\n"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);

      g_print ("%4u  %.2f %4u %4u ", i + 1, vn_discrepancy_get_score (d),
               vn_discrepancy_get_page (d) + 1, vn_discrepancy_get_line (d));
      print_padded (vn_discrepancy_kind_to_string (vn_discrepancy_get_kind (d)), 25);
      print_padded (vn_likely_to_string (vn_discrepancy_get_likely (d)), 21);
      print_padded (vn_discrepancy_get_transcription (d), 21);
      print_padded (vn_discrepancy_get_ocr (d), 21);
      {
        g_autofree char *suggestion = vn_cli_one_line (vn_discrepancy_get_suggestion (d));
        g_print ("%s\n", suggestion);
      }
    }
}

VnProject *
vn_cli_open_project (const char  *transcription,
              char       **files,
              GError     **error)
{
  if (transcription != NULL)
    return vn_project_new_from_files (transcription, (const char * const *) files, error);
  return vn_project_new_from_folder (files[0], error);
}

/* One line of `collate --json --stream`: {"page": N, "scan": …, "words": …, "discrepancies":
 * […]}, the page's discrepancies in @collation (all of them when it is the page's alone). */
static void
print_page_line (VnDocument  *document,
                 guint        page,
                 VnCollation *collation,
                 gpointer     user_data)
{
  VnScanPage *scan = g_ptr_array_index (vn_project_get_scan_pages (
                                          vn_document_get_project (document)), page);
  gboolean alone = GPOINTER_TO_INT (user_data);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "page");
  json_builder_add_int_value (b, page + 1);
  json_builder_set_member_name (b, "scan");
  json_builder_add_string_value (b, scan->path);
  json_builder_set_member_name (b, "words");
  json_builder_add_int_value (b, vn_ocr_page_get_n_words (vn_collation_get_page (collation,
                                                                                 page)));
  json_builder_set_member_name (b, "discrepancies");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collation)); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);

      if (alone || vn_discrepancy_get_page (d) == page)
        vn_collation_add_discrepancy_json (b, d);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  line = json_to_string (root, FALSE);
  g_print ("%s\n", line);
  fflush (stdout);
}

/* The document's JSON, as --json prints it, on one line. */
static void
print_document_line (VnCollation *collation,
                     GPtrArray   *scans)
{
  g_autofree char *data = vn_collation_to_json (collation, scans);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = NULL;

  if (!json_parser_load_from_data (parser, data, -1, NULL))
    g_assert_not_reached ();
  line = json_to_string (json_parser_get_root (parser), FALSE);
  g_print ("%s\n", line);
  fflush (stdout);
}

/* Without a form feed for each scan the pages are found by aligning the whole text: they can
 * be printed only once every page is read. */
static void
print_pages_at_end (OcrOptions *o,
                    VnDocument *document)
{
  VnCollation *collation = vn_document_get_collation (document);

  if (!o->quiet)
    g_printerr ("%s", _("verno: the transcription has no form feed between the pages of its "
                        "scans, so each page's discrepancies are printed once every page is "
                        "read.\n"));
  for (guint p = 0; p < vn_collation_get_n_pages (collation); p++)
    print_page_line (document, p, collation, GINT_TO_POINTER (FALSE));
}

static int
collate (OcrOptions *o,
         const char *transcription,
         char      **files,
         gboolean    json,
         gboolean    stream)
{
  g_autoptr(GError) error = NULL;
  g_auto(VnDocumentOptions) options = { 0 };
  g_autoptr(VnProject) project = NULL;
  g_autoptr(VnDocument) document = NULL;
  VnCollation *collation;

  if (!vn_cli_document_options (o, &options, &error) ||
      (project = vn_cli_open_project (transcription, files, &error)) == NULL ||
      (document = vn_document_new (project, &options, &error)) == NULL)
    return vn_cli_fail (error);
  o->timer = g_timer_new ();
  if (stream)
    vn_document_set_page_func (document, print_page_line, GINT_TO_POINTER (TRUE));
  if (!vn_document_read (document, vn_cli_print_progress, o, NULL, &error))
    return vn_cli_fail (error);
  collation = vn_document_get_collation (document);
  vn_cli_print_model_advice (document);
  if (stream)
    {
      if (!vn_document_streams_pages (document))
        print_pages_at_end (o, document);
      print_document_line (collation, vn_project_get_scan_pages (project));
    }
  else if (json)
    {
      g_autofree char *data = vn_collation_to_json (collation, vn_project_get_scan_pages (project));
      g_print ("%s\n", data);
    }
  else
    print_table (collation);
  return VN_EXIT_OK;
}

static int
run_collate (int    argc,
             char **argv)
{
  OcrOptions o = { .psm = 3 };
  g_autofree char *transcription = NULL;
  g_auto(GStrv) files = NULL;
  gboolean json = FALSE, stream = FALSE;
  const GOptionEntry entries[] = {
    { "transcription", 't', 0, G_OPTION_ARG_FILENAME, &transcription,
      N_("The canonical transcription: UTF-8 text, or the archive's ALTO, PAGE, hOCR, TEI or "
         "PDF"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the discrepancies as JSON"), NULL },
    { "stream", 0, 0, G_OPTION_ARG_NONE, &stream,
      N_("With --json: a line of JSON per page as soon as it is read, then the document's"),
      NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL,
      N_("FOLDER|SCAN…") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("— list where the transcription and the OCR disagree"));
  g_autoptr(GError) error = NULL;
  int status;

  g_mutex_init (&o.print_lock);
  g_option_context_add_main_entries (context, entries, NULL);
  vn_cli_add_ocr_entries (context, &o);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = vn_cli_usage_error ("collate", error->message);
  else if (files == NULL)
    status = vn_cli_usage_error ("collate", _("give a project folder, or --transcription FILE "
                                              "and scans"));
  else if (transcription == NULL && g_strv_length (files) != 1)
    status = vn_cli_usage_error ("collate", _("give one project folder, or --transcription "
                                              "FILE"));
  else if (stream && !json)
    status = vn_cli_usage_error ("collate", _("--stream goes with --json"));
  else
    status = collate (&o, transcription, files, json, stream);
  vn_cli_clear_ocr_options (&o);
  return status;
}

/* ------------------------------------------------------------------ documents */

GOptionContext *
vn_cli_document_context (const char         *parameter,
                         DocumentOptions    *o,
                         const GOptionEntry *extra)
{
  const GOptionEntry entries[] = {
    { "transcription", 't', 0, G_OPTION_ARG_FILENAME, &o->transcription,
      N_("The canonical transcription (UTF-8 text, or the archive's ALTO, PAGE, hOCR, TEI or "
         "PDF); then give its scans"), N_("FILE") },
    { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->state_dir,
      N_("Where corrections are kept (default: .verno/ beside the transcription)"), N_("DIR") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->files, NULL,
      N_("FOLDER|SCAN…") },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (parameter);

  o->ocr.psm = 3;
  g_mutex_init (&o->ocr.print_lock);
  g_option_context_add_main_entries (context, entries, NULL);
  if (extra != NULL)
    g_option_context_add_main_entries (context, extra, NULL);
  vn_cli_add_ocr_entries (context, &o->ocr);
  return context;
}

/* VN_EXIT_OK, or the usage error's status after saying why. */
int
vn_cli_parse_document (const char       *command,
                       GOptionContext   *context,
                       DocumentOptions  *o,
                       int              *argc,
                       char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    return vn_cli_usage_error (command, error->message);
  if (o->files == NULL)
    return vn_cli_usage_error (command, _("give a project folder, or --transcription FILE and "
                                          "scans"));
  if (o->transcription == NULL && g_strv_length (o->files) != 1)
    return vn_cli_usage_error (command, _("give one project folder, or --transcription FILE"));
  return VN_EXIT_OK;
}

VnDocument *
vn_cli_open_document (const char       *command,
                      DocumentOptions  *o,
                      GError          **error)
{
  g_auto(VnDocumentOptions) options = { 0 };
  g_autoptr(VnProject) project = NULL;

  if (!vn_cli_document_options (&o->ocr, &options, error) ||
      (project = vn_cli_open_project (o->transcription, o->files, error)) == NULL)
    return NULL;
  options.state_dir = g_strdup (o->state_dir);
  o->ocr.timer = g_timer_new ();
  return vn_document_open (project, &options, vn_cli_print_progress,
                           &o->ocr, NULL, error);
}

/* Where another Tesseract model would read the document better (its letters, its script),
 * the command says so, once. */
void
vn_cli_print_model_advice (VnDocument *document)
{
  g_autofree char *advice = vn_collation_dup_model_advice (vn_document_get_collation (document),
                                                           vn_document_get_languages (document));

  if (advice != NULL)
    g_printerr ("verno: %s\n", advice);
}

void
vn_cli_clear_document_options (DocumentOptions *o)
{
  vn_cli_clear_ocr_options (&o->ocr);
  g_free (o->transcription);
  g_free (o->state_dir);
  g_strfreev (o->files);
}

void
vn_cli_print_warnings (VnSession *session)
{
  GPtrArray *warnings = vn_session_get_warnings (session);
  /* Those not printed yet: a command prints the session's warnings when it opens it and
   * again when it is done, and a failed save repeats for every correction after it. */
  guint printed = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (session), "vn-cli-printed"));

  for (guint i = printed; i < warnings->len; i++)
    if (i == 0 || g_strcmp0 (g_ptr_array_index (warnings, i),
                             g_ptr_array_index (warnings, i - 1)) != 0)
      g_printerr ("verno: %s\n", (const char *) g_ptr_array_index (warnings, i));
  g_object_set_data (G_OBJECT (session), "vn-cli-printed", GUINT_TO_POINTER (warnings->len));
}

/* Before a command changes anything: FALSE, having said why in one sentence, when another
 * Verno holds the project or its state folder cannot be written. */
gboolean
vn_cli_claim (VnSession *session,
              int       *status)
{
  g_autoptr(GError) error = NULL;

  if (vn_session_claim (session, &error))
    return TRUE;
  *status = vn_cli_fail (error);
  return FALSE;
}

/* Before a command that changed the project ends: corrections.diff and state.json say what
 * the journal holds, or the command fails with why (status 3) though every acknowledged
 * correction is safe. */
int
vn_cli_flush (VnSession *session)
{
  g_autoptr(GError) error = NULL;

  if (vn_session_flush (session, &error))
    return VN_EXIT_OK;
  return vn_cli_fail (error);
}

/* ------------------------------------------------------------------ help */

static void
print_usage (void)
{
  g_print ("%s", _("Usage: verno [FOLDER | SCAN… TRANSCRIPTION.txt]   (opens the window)\n"
                   "       verno COMMAND [OPTION…]\n\n"
                   "Verno lines up archival scans, Tesseract's OCR of them and their published\n"
                   "transcription, and points the editor at every place where they disagree.\n\n"
                   "Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-12s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("%s", _("\nOptions:\n  -h, --help     Show this help\n  --version      Show versions\n\n"
                   "Example: verno collate scans/letter-1956\n"
                   "Run “verno help COMMAND” for a command's options.\n"));
}

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

/* GOption's usage line starts with the program's name: make it "verno ocr", not "verno". */
static int
run_command (const Command  *command,
             int             argc,
             char          **argv)
{
  g_autofree char *prgname = g_strconcat ("verno ", command->name, NULL);

  g_set_prgname (prgname);
  return command->run (argc, argv);
}

static int
run_help (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("[COMMAND] — show a command's options, or the list of commands"));
  g_autoptr(GError) error = NULL;
  const Command *command;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return vn_cli_usage_error ("help", error->message);
  if (argc < 2)
    {
      print_usage ();
      return VN_EXIT_OK;
    }
  command = find_command (argv[1]);
  if (command == NULL)
    {
      g_printerr (_("verno: no command “%s”. Try “verno --help”.\n"), argv[1]);
      return VN_EXIT_USAGE;
    }
  return run_command (command, 2, (char *[]) { argv[1], (char *) "--help", NULL });
}

gboolean
vn_cli_is_command (const char *name)
{
  return find_command (name) != NULL;
}

int
vn_cli_run (int    argc,
            char **argv)
{
  const Command *command;

  g_set_prgname ("verno");
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      if (argc < 2)
        g_printerr ("%s", _("verno: no display to open the window on; give a command.\n\n"));
      print_usage ();
      return argc < 2 ? VN_EXIT_USAGE : VN_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_autofree char *versions = vn_runtime_describe_versions ();
      g_print ("%s", versions);
      return VN_EXIT_OK;
    }
  command = find_command (argv[1]);
  if (command == NULL)
    {
      g_printerr (_("verno: “%s” is not a command. Try “verno --help”.\n"), argv[1]);
      return VN_EXIT_USAGE;
    }
  return run_command (command, argc - 1, argv + 1);
}
