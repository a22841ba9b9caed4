/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-cli-edit.c: commands over an editor's work: status, batch acceptance, the
 * concordance, errata and export of the verified text. */
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vn-accept.h"
#include "vn-cli-private.h"
#include "vn-concordance.h"
#include "vn-errata.h"
#include "vn-export.h"
#include "vn-training.h"

/* Runs @body on the opened document; the options and usage checks every command shares.
 * @check, if not NULL, looks at the command's own options once they are parsed, before the
 * document is opened: a usage error is said at once. */
typedef int (*DocumentCommand) (VnDocument *document, gpointer data);
typedef int (*OptionsCheck) (gpointer data);

static int
with_document (const char         *command,
               const char         *parameter,
               int                 argc,
               char              **argv,
               const GOptionEntry *extra,
               OptionsCheck        check,
               DocumentCommand     body,
               gpointer            data)
{
  DocumentOptions o = { 0 };
  g_autoptr(GOptionContext) context = vn_cli_document_context (parameter, &o, extra);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnDocument) document = NULL;
  int status = vn_cli_parse_document (command, context, &o, &argc, &argv);

  if (status == VN_EXIT_OK && check != NULL)
    status = check (data);
  if (status == VN_EXIT_OK)
    {
      o.ocr.quiet = o.ocr.quiet || command[0] != 'r';
      document = vn_cli_open_document (command, &o, &error);
      if (document == NULL)
        status = vn_cli_fail (error);
      /* Warnings after the work, which may add some, and only when it succeeded: a refusal
       * is one sentence. A command that changed the project leaves its files up to date. */
      else if ((status = body (document, data)) == VN_EXIT_OK &&
               (status = vn_cli_flush (vn_document_get_session (document))) == VN_EXIT_OK)
        vn_cli_print_warnings (vn_document_get_session (document));
    }
  vn_cli_clear_document_options (&o);
  return status;
}

/* ------------------------------------------------------------------ status */

/* The page statuses' names (vn_page_status_to_string), for people. */
static const char *status_names[] G_GNUC_UNUSED = {
  NC_("page status", "not-proofread"), NC_("page status", "proofread"),
  NC_("page status", "validated"), NC_("page status", "problematic"),
};

static void
print_progress_line (const char       *label,
                     const char       *status,
                     const VnProgress *p)
{
  g_autofree char *label_cell = vn_cli_padded (label, -24);
  g_autofree char *status_cell = vn_cli_padded (*status ? g_dpgettext2 (NULL, "page status",
                                                                       status) : "", -14);

  /* TRANSLATORS: one line of a table: the page, its status, then numbers; keep their widths. */
  g_print (_("%s %s %5u/%-5u resolved %5u open %6u/%-6u words verified %4u corrected\n"),
           label_cell, status_cell, p->resolved, p->discrepancies, p->open, p->verified,
           p->words, p->corrections);
}

static int
status_body (VnDocument *document,
             gpointer    data)
{
  VnSession *session = vn_document_get_session (document);
  VnCollation *collation = vn_document_get_collation (document);
  GPtrArray *scans = vn_project_get_scan_pages (vn_document_get_project (document));
  VnProgress all;

  for (guint p = 0; p < scans->len; p++)
    {
      VnProgress progress;
      VnScanPage *scan = g_ptr_array_index (scans, p);

      vn_session_get_progress (session, collation, p, &progress);
      print_progress_line (scan->label,
                           vn_page_status_to_string (vn_session_get_page_status (session, p)),
                           &progress);
    }
  vn_session_get_progress (session, collation, -1, &all);
  print_progress_line (_("document"), "", &all);
  return VN_EXIT_OK;
}

int
vn_cli_status (int    argc,
               char **argv)
{
  return with_document ("status", N_("— show progress"), argc, argv, NULL, NULL, status_body,
                        NULL);
}

/* ------------------------------------------------------------------ accept */

typedef struct
{
  char           *likely;
  char           *kind;
  double          min_score;
  gboolean        all;
  gboolean        dry_run;
  VnAcceptFilter  filter;
  guint           counts[VN_ACCEPT_CHOOSE + 1];  /* planned, by VnAcceptAction */
  guint           done[VN_ACCEPT_CHOOSE + 1];
} AcceptOptions;

/* A batch is never everything by default: --all says so, or a filter says which. */
static int
accept_check (gpointer data)
{
  AcceptOptions *a = data;
  g_autoptr(GError) error = NULL;

  if (!a->all && a->likely == NULL && a->kind == NULL && a->min_score <= 0)
    return vn_cli_usage_error ("accept", _("say which discrepancies to accept: --all, or "
                                           "--likely, --kind or --min-score"));
  a->filter.min_score = a->min_score;
  if ((a->likely != NULL && !vn_accept_filter_parse_likely (&a->filter, a->likely, &error)) ||
      (a->kind != NULL && !vn_accept_filter_parse_kinds (&a->filter, a->kind, &error)))
    return vn_cli_usage_error ("accept", error->message);
  return VN_EXIT_OK;
}

/* The open discrepancies the filter takes, best first, as the collation lists them. */
static GPtrArray *
accept_plan (AcceptOptions *a,
             VnSession     *session,
             GListModel    *list)
{
  GPtrArray *plan = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      VnDiscrepancy *d = g_list_model_get_item (list, i);

      if (vn_session_is_resolved (session, d) || !vn_accept_filter_matches (&a->filter, d))
        {
          g_object_unref (d);
          continue;
        }
      a->counts[vn_accept_action_for (d)]++;
      g_ptr_array_add (plan, d);
    }
  return plan;
}

/* "Correcting 14 …, keeping 50 …; 12 unsure are left …": said before anything is done. */
static void
print_accept_summary (AcceptOptions *a)
{
  guint fix = a->counts[VN_ACCEPT_CORRECT], keep = a->counts[VN_ACCEPT_KEEP];
  guint choose = a->counts[VN_ACCEPT_CHOOSE];
  g_autofree char *fix_text = g_strdup_printf (ngettext ("%u likely transcription error "
                                                         "corrected to its suggestion",
                                                         "%u likely transcription errors "
                                                         "corrected to their suggestions",
                                                         fix), fix);
  g_autofree char *keep_text = g_strdup_printf (ngettext ("%u likely OCR error kept as "
                                                          "transcribed",
                                                          "%u likely OCR errors kept as "
                                                          "transcribed", keep), keep);
  g_autofree char *choose_text = g_strdup_printf (ngettext ("%u unsure one left for you to "
                                                            "choose (o or k in verno review)",
                                                            "%u unsure ones left for you to "
                                                            "choose (o or k in verno review)",
                                                            choose), choose);

  /* TRANSLATORS: "Accepting: 14 likely transcription errors corrected to their suggestions,
   * 50 likely OCR errors kept as transcribed, 12 unsure ones left for you to choose (…)." */
  g_print (a->dry_run ? _("Would accept: %s, %s, %s.\n") : _("Accepting: %s, %s, %s.\n"),
           fix_text, keep_text, choose_text);
}

static void
print_accepted (AcceptOptions *a,
                VnDiscrepancy *d)
{
  const char *t = vn_discrepancy_get_transcription (d), *ocr = vn_discrepancy_get_ocr (d);
  guint page = vn_discrepancy_get_page (d) + 1, line = vn_discrepancy_get_line (d);
  double score = vn_discrepancy_get_score (d);

  switch (vn_accept_action_for (d))
    {
    case VN_ACCEPT_CORRECT:
      g_print (a->dry_run ? _("would fix %s → %s (page %u, line %u, score %.2f)\n")
                          : _("fixed %s → %s (page %u, line %u, score %.2f)\n"),
               t, vn_discrepancy_get_suggestion (d), page, line, score);
      break;
    case VN_ACCEPT_KEEP:
      g_print (a->dry_run ? _("would keep %s, not the OCR's %s (page %u, line %u, score %.2f)\n")
                          : _("kept %s, not the OCR's %s (page %u, line %u, score %.2f)\n"),
               t, ocr, page, line, score);
      break;
    case VN_ACCEPT_CHOOSE:
    default:
      g_print (_("unsure: %s or the OCR's %s? (page %u, line %u, score %.2f)\n"), t, ocr, page,
               line, score);
      break;
    }
}

/* Each answer is journaled before it is printed; a save that fails ends the command. */
static int
accept_one (AcceptOptions *a,
            VnSession     *session,
            VnDiscrepancy *d)
{
  g_autoptr(GError) error = NULL;
  const GError *stale;

  if (a->dry_run || vn_accept_action_for (d) == VN_ACCEPT_CHOOSE)
    {
      print_accepted (a, d);
      return VN_EXIT_OK;
    }
  /* An earlier answer in this batch may have settled an overlapping one. */
  if (vn_session_is_resolved (session, d))
    return VN_EXIT_OK;
  if (!vn_accept_discrepancy (session, d, NULL, &error))
    return vn_cli_fail (error);
  a->done[vn_accept_action_for (d)]++;
  print_accepted (a, d);
  if ((stale = vn_session_get_snapshot_error (session)) != NULL)
    {
      g_printerr ("verno: %s\n", stale->message);
      return VN_EXIT_BAD_INPUT;
    }
  return VN_EXIT_OK;
}

static int
accept_body (VnDocument *document,
             gpointer    data)
{
  AcceptOptions *a = data;
  VnSession *session = vn_document_get_session (document);
  g_autoptr(GPtrArray) plan = NULL;
  int status = VN_EXIT_OK;

  if (!a->dry_run && !vn_cli_claim (session, &status))
    return status;
  plan = accept_plan (a, session, G_LIST_MODEL (vn_document_get_collation (document)));
  print_accept_summary (a);
  for (guint i = 0; i < plan->len && status == VN_EXIT_OK; i++)
    status = accept_one (a, session, g_ptr_array_index (plan, i));
  if (status == VN_EXIT_OK && !a->dry_run)
    /* TRANSLATORS: "14 corrected, 50 kept, 12 left to choose." */
    g_print (_("%u corrected, %u kept, %u left to choose.\n"), a->done[VN_ACCEPT_CORRECT],
             a->done[VN_ACCEPT_KEEP], a->counts[VN_ACCEPT_CHOOSE]);
  return status;
}

int
vn_cli_accept (int    argc,
               char **argv)
{
  AcceptOptions a = { 0 };
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &a.all,
      N_("Accept every open discrepancy as its verdict says"), NULL },
    { "likely", 0, 0, G_OPTION_ARG_STRING, &a.likely,
      N_("Only these verdicts: transcription-error, ocr-error, unsure (commas between)"),
      N_("VERDICT") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &a.kind,
      N_("Only these kinds, e.g. lookalike or hyphenation (commas between)"), N_("KIND") },
    { "min-score", 0, 0, G_OPTION_ARG_DOUBLE, &a.min_score, N_("Only scores at least this"),
      "S" },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &a.dry_run, N_("Show what would be done"), NULL },
    { NULL }
  };
  int status = with_document ("accept", N_("— accept discrepancies as their verdicts say, "
                                           "in batch"), argc, argv, entries, accept_check,
                              accept_body, &a);

  g_free (a.likely);
  g_free (a.kind);
  return status;
}

/* ------------------------------------------------------------------ concordance */

typedef struct
{
  char *from, *to, *apply;
} ConcordanceOptions;

static gboolean *
parse_choice (const char  *spec,
              guint        n,
              GError     **error)
{
  g_autofree gboolean *chosen = g_new0 (gboolean, MAX (n, 1));
  g_auto(GStrv) parts = NULL;

  if (g_str_equal (spec, "all"))
    {
      for (guint i = 0; i < n; i++)
        chosen[i] = TRUE;
      return g_steal_pointer (&chosen);
    }
  parts = g_strsplit (spec, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      guint64 k;
      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, n, &k, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--apply takes “all” or numbers from 1 to %u, like 1,3"), n);
          return NULL;
        }
      chosen[k - 1] = TRUE;
    }
  return g_steal_pointer (&chosen);
}

static void
print_occurrence (guint         number,
                  VnOccurrence *o,
                  VnDocument   *document)
{
  VnTranscription *t = vn_session_get_canonical (vn_document_get_session (document));
  GPtrArray *scans = vn_project_get_scan_pages (vn_document_get_project (document));
  g_autofree char *line = vn_transcription_dup_line (t, vn_occurrence_get_start (o));
  g_autofree char *shown = vn_cli_one_line (line);
  VnBox box = vn_occurrence_get_bbox (o);
  g_autofree char *crop = NULL;

  if (vn_occurrence_get_page (o) >= 0 && (guint) vn_occurrence_get_page (o) < scans->len)
    crop = vn_scan_page_crop_to_cache (g_ptr_array_index (scans, vn_occurrence_get_page (o)),
                                       box.x, box.y, box.w, box.h, NULL);
  g_print (_("%3u  %s → %s   (%s; page %d, line %u, bytes %u–%u)\n     %s\n     scan: %s\n"),
           number, vn_occurrence_get_before (o), vn_occurrence_get_after (o),
           vn_occurrence_reason_to_string (vn_occurrence_get_reason (o)),
           vn_occurrence_get_page (o) + 1,
           vn_transcription_line_at_offset (t, vn_occurrence_get_start (o)),
           vn_occurrence_get_start (o), vn_occurrence_get_end (o), shown,
           crop ? crop : _("(no region)"));
}

static int
concordance_body (VnDocument *document,
                  gpointer    data)
{
  ConcordanceOptions *c = data;
  VnSession *session = vn_document_get_session (document);
  g_autoptr(GListModel) found = vn_concordance_find (vn_document_get_collation (document), session,
                                                     vn_document_get_spell_checker (document),
                                                     c->from, c->to);
  guint n = g_list_model_get_n_items (found);
  g_autofree gboolean *chosen = NULL;
  g_autoptr(GError) error = NULL;
  guint applied;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VnOccurrence) o = g_list_model_get_item (found, i);
      print_occurrence (i + 1, o, document);
    }
  g_print (ngettext ("%u occurrence like %s → %s.\n", "%u occurrences like %s → %s.\n", n), n,
           c->from, c->to);
  if (c->apply == NULL || n == 0)
    return VN_EXIT_OK;
  if ((chosen = parse_choice (c->apply, n, &error)) == NULL)
    return vn_cli_usage_error ("concordance", error->message);
  if (!vn_session_claim (session, &error))
    return vn_cli_fail (error);
  applied = vn_concordance_apply (session, found, chosen, &error);
  g_print (ngettext ("%u correction applied.\n", "%u corrections applied.\n", applied),
           applied);
  return error ? vn_cli_fail (error) : VN_EXIT_OK;
}

int
vn_cli_concordance (int    argc,
                    char **argv)
{
  ConcordanceOptions c = { 0 };
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &c.from, N_("The wrong reading, e.g. ПОЛОЖОНИС"),
      N_("WORD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &c.to, N_("Its correction, e.g. ПОЛОЖЕНИЕ"),
      N_("WORD") },
    { "apply", 0, 0, G_OPTION_ARG_STRING, &c.apply,
      N_("Fix these occurrences: all, or numbers like 1,3"), N_("LIST") },
    { NULL }
  };
  int status;

  if (g_strv_contains ((const char * const *) argv, "--help") ||
      g_strv_contains ((const char * const *) argv, "-h"))
    c.from = g_strdup (""), c.to = g_strdup ("");
  status = with_document ("concordance", N_("--from WORD --to WORD — fix alike errors "
                                            "together"), argc, argv, entries, NULL,
                          concordance_body, &c);
  if (status == VN_EXIT_OK && (c.from == NULL || c.to == NULL))
    status = vn_cli_usage_error ("concordance", _("give --from and --to"));
  g_free (c.from);
  g_free (c.to);
  g_free (c.apply);
  return status;
}

/* ------------------------------------------------------------------ errata and export */

typedef struct
{
  char *format;
  char *output;
} OutputOptions;

static int
write_or_print (const char *output,
                const char *data)
{
  g_autoptr(GError) error = NULL;

  if (output == NULL)
    {
      g_print ("%s", data);
      return VN_EXIT_OK;
    }
  if (!g_file_set_contents_full (output, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      g_printerr (_("verno: cannot write %s: %s\n"), output, error->message);
      return VN_EXIT_BAD_INPUT;
    }
  return VN_EXIT_OK;
}

static int
errata_body (VnDocument *document,
             gpointer    data)
{
  OutputOptions *o = data;
  VnSession *session = vn_document_get_session (document);
  VnCollation *collation = vn_document_get_collation (document);
  g_autofree char *text = NULL;

  if (o->format == NULL || g_str_equal (o->format, "csv"))
    text = vn_errata_to_csv (session, collation);
  else if (g_str_equal (o->format, "json"))
    text = vn_errata_to_json (session, collation,
                              vn_project_get_scan_pages (vn_document_get_project (document)));
  else
    return vn_cli_usage_error ("errata", _("--format must be csv or json"));
  return write_or_print (o->output, text);
}

int
vn_cli_errata (int    argc,
               char **argv)
{
  OutputOptions o = { 0 };
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.format, N_("csv or json (default: csv)"),
      N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, N_("Write to FILE"), N_("FILE") },
    { NULL }
  };
  int status = with_document ("errata", N_("— errors of the published transcription"),
                              argc, argv, entries, NULL, errata_body, &o);

  g_free (o.format);
  g_free (o.output);
  return status;
}

/* The name tesstrain's files start with: the project folder's, or the transcription's own
 * name when it is not the usual transcription.txt. */
static char *
training_name (VnDocument *document)
{
  VnTranscription *t = vn_project_get_transcription (vn_document_get_project (document));
  GFile *file = vn_transcription_get_file (t);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autofree char *base = path ? g_path_get_basename (path) : g_strdup ("transcription.txt");
  g_autofree char *folder = path ? g_path_get_dirname (path) : g_get_current_dir ();
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  if (!g_str_equal (base, "transcription"))
    return g_steal_pointer (&base);
  return g_path_get_basename (folder);
}

static int
export_training (VnDocument  *document,
                 VnCollation *verified,
                 const char  *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = training_name (document);
  VnTrainingStats stats;

  if (!vn_training_write (vn_document_get_session (document), verified,
                          vn_project_get_scan_pages (vn_document_get_project (document)), name,
                          dir, &stats, &error))
    return vn_cli_fail (error);
  g_print (ngettext ("%u line pair written to %s: %u of %u lines are verified, %u of them not "
                     "seen whole by the OCR (hyphenated, or with marks the text lacks).\n",
                     "%u line pairs written to %s: %u of %u lines are verified, %u of them not "
                     "seen whole by the OCR (hyphenated, or with marks the text lacks).\n",
                     stats.written), stats.written, dir, stats.verified, stats.lines,
           stats.verified - stats.written);
  return VN_EXIT_OK;
}

/* errata and training are not layouts of the verified text, so they are not export formats
 * of the core; the command line offers them here too, beside the formats that are. */
static int
export_other (VnDocument   *document,
              OutputOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCollation) verified = NULL;

  if (g_str_equal (o->format, "errata"))
    {
      g_autofree char *text = vn_errata_to_csv (vn_document_get_session (document),
                                                vn_document_get_collation (document));
      return write_or_print (o->output, text);
    }
  if (o->output == NULL)
    return vn_cli_usage_error ("export", _("training pairs need -o DIR, the folder to write "
                                           "them to"));
  verified = vn_document_collate_verified (document, &error);
  if (verified == NULL)
    return vn_cli_fail (error);
  return export_training (document, verified, o->output);
}

static int
export_body (VnDocument *document,
             gpointer    data)
{
  OutputOptions *o = data;
  VnExportFormat format;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCollation) verified = NULL;
  g_autofree char *temp_dir = NULL, *path = NULL, *text = NULL;

  /* "-o -" is standard output, as everywhere else on the command line. */
  if (o->output != NULL && g_str_equal (o->output, "-"))
    g_clear_pointer (&o->output, g_free);
  if (o->format != NULL && (g_str_equal (o->format, "errata") ||
                            g_str_equal (o->format, "training")))
    return export_other (document, o);
  if (!vn_export_format_from_string (o->format ? o->format : "txt", &format))
    {
      g_autofree char *names = vn_export_dup_format_names ();
      g_autofree char *message = g_strdup_printf (_("--format must be %s, errata or training"),
                                                  names);
      return vn_cli_usage_error ("export", message);
    }
  if (o->output == NULL && (vn_export_format_get_info (format)->flags & VN_EXPORT_NEEDS_OUTPUT))
    {
      g_autofree char *message =
        g_strdup_printf (_("the %s export needs -o PATH: it cannot go to standard output"),
                         _(vn_export_format_get_info (format)->title));
      return vn_cli_usage_error ("export", message);
    }
  verified = vn_document_collate_verified (document, &error);
  if (verified == NULL)
    return vn_cli_fail (error);
  if (o->output != NULL)
    path = g_strdup (o->output);
  else if ((temp_dir = g_dir_make_tmp ("verno-export-XXXXXX", &error)) != NULL)
    path = g_build_filename (temp_dir, "export", NULL);
  if (path == NULL ||
      !vn_export_write (verified, vn_project_get_scan_pages (vn_document_get_project (document)),
                        format, path, &error))
    return vn_cli_fail (error);
  if (o->output != NULL)
    {
      /* Said on standard error: a script that reads standard output gets nothing else. */
      g_printerr (_("The verified text is written as %s to %s.\n"),
                  _(vn_export_format_get_info (format)->title), o->output);
      return VN_EXIT_OK;
    }
  /* To standard output: through a private temporary file, which is then removed. */
  if (!g_file_get_contents (path, &text, NULL, &error))
    return vn_cli_fail (error);
  g_print ("%s", text);
  g_remove (path);
  g_rmdir (temp_dir);
  return VN_EXIT_OK;
}

int
vn_cli_export (int    argc,
               char **argv)
{
  OutputOptions o = { 0 };
  g_autofree char *names = vn_export_dup_format_names ();
  g_autofree char *formats = g_strdup_printf (_("%s, errata or training (default: txt)"), names);
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.format, formats, N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output,
      N_("Write to PATH (- for standard output; for training, the folder of line pairs)"),
      N_("PATH") },
    { NULL }
  };
  int status = with_document ("export", N_("— export the verified text"), argc, argv,
                              entries, NULL, export_body, &o);

  g_free (o.format);
  g_free (o.output);
  return status;
}
