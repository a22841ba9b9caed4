/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-cli-eval.c: `verno eval`: error rates of a text against its truth, with each difference,
 * or per page of a project: the published transcription and the OCR against the verified text. */
#include <glib/gi18n.h>

#include "vn-cli-private.h"
#include "vn-error.h"
#include "vn-metrics.h"

typedef struct
{
  gboolean json;
  gboolean project;
  gboolean dehyphenate;
} EvalOptions;

/* A text file the user named, checked as a transcription is: UTF-8, no NUL, not UTF-16.
 * @missing says that it does not exist, naming it by its one %s. */
static VnTranscription *
load_text (const char  *missing,
           const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf (missing, path);

      g_set_error_literal (error, VN_ERROR, VN_ERROR_BAD_INPUT, message);
      return NULL;
    }
  return vn_transcription_new_from_file (file, error);
}

static int
eval_pair (const char  *truth_path,
           const char  *hypothesis_path,
           EvalOptions *e)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnTranscription) truth = NULL, hypothesis = NULL;
  g_autoptr(VnMetrics) metrics = NULL;
  g_autofree char *output = NULL;
  const char *a, *b;
  gsize a_len, b_len;

  if ((truth = load_text (_("The truth file %s does not exist; give the path of a UTF-8 text "
                            "file."), truth_path, &error)) == NULL ||
      (hypothesis = load_text (_("The hypothesis file %s does not exist; give the path of a "
                                 "UTF-8 text file."), hypothesis_path, &error)) == NULL)
    return vn_cli_fail (error);
  a = vn_transcription_get_text (truth, &a_len);
  b = vn_transcription_get_text (hypothesis, &b_len);
  metrics = vn_metrics_compare (a ? a : "", a_len, b ? b : "", b_len,
                                e->dehyphenate ? VN_METRICS_DEHYPHENATE : VN_METRICS_DEFAULT);
  output = e->json ? vn_metrics_to_json (metrics) : vn_metrics_to_report (metrics);
  g_print ("%s%s", output, e->json ? "\n" : "");
  return VN_EXIT_OK;
}

/* ------------------------------------------------------------------ per page */

static void
print_rates (VnMetrics *metrics)
{
  double cer = vn_metrics_get_cer (metrics), wer = vn_metrics_get_wer (metrics);

  g_print ("  %7.2f%% %7.2f%%", cer * 100, wer * 100);
}

static void
print_label (const char *raw)
{
  g_autofree char *label = vn_cli_one_line (raw);
  glong len = g_utf8_strlen (label, -1);

  if (len > 24)
    {
      g_autofree char *cut = g_utf8_substring (label, 0, 23);
      g_print ("%s…", cut);
    }
  else
    g_print ("%s%*s", label, (int) (24 - len), "");
}

static void
print_totals (GPtrArray *pages)
{
  VnEditCounts sums[4] = { { 0 } };

  for (guint i = 0; i < pages->len; i++)
    {
      VnPageMetrics *page = g_ptr_array_index (pages, i);

      vn_edit_counts_add (&sums[0], vn_metrics_get_characters (page->published));
      vn_edit_counts_add (&sums[1], vn_metrics_get_words (page->published));
      vn_edit_counts_add (&sums[2], vn_metrics_get_characters (page->ocr));
      vn_edit_counts_add (&sums[3], vn_metrics_get_words (page->ocr));
    }
  g_autofree char *document = vn_cli_padded (_("document"), -24);

  g_print ("%s %10u %6u  %7.2f%% %7.2f%%  %7.2f%% %7.2f%%\n", document,
           sums[0].truth_length, sums[1].truth_length, vn_edit_counts_rate (&sums[0]) * 100,
           vn_edit_counts_rate (&sums[1]) * 100, vn_edit_counts_rate (&sums[2]) * 100,
           vn_edit_counts_rate (&sums[3]) * 100);
}

static void
print_page_table (GPtrArray *pages)
{
  g_autofree char *published = vn_cli_padded (_("published"), -18);
  g_autofree char *ocr = vn_cli_padded (_("OCR"), -18);
  g_autofree char *page = vn_cli_padded (_("page"), -24);
  g_autofree char *characters = vn_cli_padded (_("characters"), 10);
  g_autofree char *words = vn_cli_padded (_("words"), 6);

  g_print ("%s", _("Against the verified text; characters are grapheme clusters after NFC, "
                   "line-end hyphens joined.\n\n"));
  g_print ("%-24s %10s %6s  %s  %s\n%s %s %s  %8s %8s  %8s %8s\n", "", "", "", published, ocr,
           page, characters, words, "CER", "WER", "CER", "WER");
  for (guint i = 0; i < pages->len; i++)
    {
      VnPageMetrics *page = g_ptr_array_index (pages, i);

      print_label (page->label);
      g_print (" %10u %6u", vn_metrics_get_characters (page->published)->truth_length,
               vn_metrics_get_words (page->published)->truth_length);
      print_rates (page->published);
      print_rates (page->ocr);
      g_print ("\n");
    }
  print_totals (pages);
}

static int
check_document_arguments (DocumentOptions *o)
{
  if (o->files == NULL)
    return vn_cli_usage_error ("eval", _("give a project folder, or --transcription FILE and "
                                         "scans"));
  if (o->transcription == NULL && g_strv_length (o->files) != 1)
    return vn_cli_usage_error ("eval", _("give one project folder, or --transcription FILE"));
  return VN_EXIT_OK;
}

static int
eval_document (DocumentOptions *o,
               EvalOptions     *e)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnDocument) document = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  int status = check_document_arguments (o);

  if (status != VN_EXIT_OK)
    return status;
  o->ocr.quiet = TRUE;
  if ((document = vn_cli_open_document ("eval", o, &error)) == NULL)
    return vn_cli_fail (error);
  vn_cli_print_warnings (vn_document_get_session (document));
  if ((pages = vn_metrics_per_page (document, &error)) == NULL)
    return vn_cli_fail (error);
  if (e->json)
    {
      g_autofree char *json = vn_metrics_pages_to_json (pages);
      g_print ("%s\n", json);
    }
  else
    print_page_table (pages);
  return VN_EXIT_OK;
}

/* ------------------------------------------------------------------ the command */

static int
dispatch (DocumentOptions *o,
          EvalOptions     *e)
{
  if (e->project || o->transcription != NULL)
    return eval_document (o, e);
  if (o->state_dir != NULL)
    return vn_cli_usage_error ("eval", _("--state-dir goes with --project FOLDER or "
                                         "--transcription FILE SCAN…"));
  if (o->files == NULL || g_strv_length (o->files) != 2)
    return vn_cli_usage_error ("eval", _("give the truth and the text to measure: "
                                         "verno eval TRUTH HYPOTHESIS"));
  return eval_pair (o->files[0], o->files[1], e);
}

int
vn_cli_eval (int    argc,
             char **argv)
{
  DocumentOptions o = { 0 };
  EvalOptions e = { 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &e.json, N_("Print JSON"), NULL },
    { "dehyphenate", 0, 0, G_OPTION_ARG_NONE, &e.dehyphenate,
      N_("Join words hyphenated at line ends (товари-⏎щеской) in both texts before comparing"),
      NULL },
    { "project", 'p', 0, G_OPTION_ARG_NONE, &e.project,
      N_("Per page of a project FOLDER: the published transcription and the OCR against the "
         "verified text"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    vn_cli_document_context (N_("| TRUTH HYPOTHESIS — error rates of HYPOTHESIS against "
                                "TRUTH, or per page of a project: --project FOLDER, or "
                                "--transcription FILE SCAN…"), &o, entries);
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_set_description (context,
    N_("Characters are grapheme clusters after NFC and words are whitespace-separated, as in "
       "OCR-D's dinglehopper;\nruns of whitespace count as one space. Each difference is listed "
       "with its line in TRUTH and its context.\nPer-page figures always join line-end hyphens, "
       "since the OCR keeps the scan's line breaks."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = vn_cli_usage_error ("eval", error->message);
  else
    status = dispatch (&o, &e);
  vn_cli_clear_document_options (&o);
  return status;
}
