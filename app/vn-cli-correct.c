/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-cli-correct.c: `verno correct`, which accepts a class of suggestions without asking, and
 * `verno apply`, which loads the changes of a unified diff as corrections.
 *
 * Both journal into a project's state (.verno/ beside its transcription, or --state-dir).
 * Given only --transcription FILE, they leave nothing beside FILE: `correct` then works in a
 * private temporary state, removed on exit, and `apply` just writes the patched text; with
 * --state-dir as well, both journal there. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vn-accept.h"
#include "vn-cli-private.h"
#include "vn-diff.h"
#include "vn-error.h"

#define DIFF_CONTEXT 3

#define CORRECT_DESCRIPTION N_( \
  "Accepts the chosen suggestions in score order, skipping any a better one already covers,\n" \
  "and writes the verified text as a unified diff of the transcription (--diff; by default\n" \
  "to standard output) and/or whole (--output). A project journals each correction; a bare\n" \
  "--transcription FILE journals only into --state-dir, if given.\n")

#define APPLY_DESCRIPTION N_( \
  "Applies the diff to the canonical transcription as `patch` does (all hunks or none), and\n" \
  "loads each changed word into the project as a journaled correction. With --transcription\n" \
  "FILE, writes the patched text (--output, or standard output) and journals only into\n" \
  "--state-dir, if given.\n")

typedef enum
{
  ACCEPT_NONE,
  ACCEPT_LIKELY,        /* every discrepancy whose verdict is transcription-error */
  ACCEPT_SUGGESTIONS,   /* every discrepancy's suggestion */
} AcceptClass;

/* ------------------------------------------------------------------ output */

/* @path "-" is standard output; a file is replaced atomically. */
static gboolean
write_output (const char  *path,
              const char  *data,
              gsize        len,
              GError     **error)
{
  if (g_str_equal (path, "-"))
    {
      fwrite (data, 1, len, stdout);
      return fflush (stdout) == 0;
    }
  if (g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return TRUE;
  g_prefix_error (error, _("Cannot write %s: "), path);
  return FALSE;
}

/* The name diffs give the transcription, so that `patch -p1` beside it finds it. */
static char *
diff_name (VnTranscription *canonical)
{
  GFile *file = vn_transcription_get_file (canonical);
  return file ? g_file_get_basename (file) : g_strdup ("transcription.txt");
}

/* The verified text as a diff of the canonical text (@diff_path), and whole (@text_path). */
static gboolean
write_results (VnSession   *session,
               const char  *diff_path,
               const char  *text_path,
               GError     **error)
{
  VnTranscription *canonical = vn_session_get_canonical (session);
  gsize old_len, new_len;
  const char *old_text = vn_transcription_get_text (canonical, &old_len);
  g_autofree char *new_text = vn_session_dup_verified_text (session, &new_len);
  g_autofree char *name = diff_name (canonical);
  g_autofree char *diff = NULL;

  if (diff_path != NULL)
    {
      diff = vn_diff_unified (name, name, old_text, old_len, new_text, new_len, DIFF_CONTEXT);
      if (!write_output (diff_path, diff, strlen (diff), error))
        return FALSE;
    }
  return text_path == NULL || write_output (text_path, new_text, new_len, error);
}

/* A state folder of our own, for a transcription given without a project: the files the
 * session writes there are removed with it. */
static void
remove_private_state (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

/* ------------------------------------------------------------------ correct */

typedef struct
{
  char        *accept;
  char        *diff;
  char        *output;
  AcceptClass  accept_class;
  guint        accepted;
  guint        skipped;
} CorrectOptions;

static gboolean
parse_accept_class (const char  *name,
                    AcceptClass *accept)
{
  static const char *names[] = { "none", "likely", "suggestions" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      {
        *accept = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
wanted (AcceptClass    accept,
        VnDiscrepancy *d)
{
  if (accept == ACCEPT_LIKELY)
    return vn_discrepancy_get_likely (d) == VN_LIKELY_TRANSCRIPTION_ERROR;
  return accept == ACCEPT_SUGGESTIONS;
}

/* Accepts @d's suggestion unless an earlier, better-scored correction already covers it: one
 * that overlaps its words, or the space that fitting the suggestion in would take. */
static gboolean
accept_one (CorrectOptions  *c,
            VnSession       *session,
            VnDiscrepancy   *d,
            GError         **error)
{
  guint start = vn_discrepancy_get_start (d), end = vn_discrepancy_get_end (d);
  VnBox box = vn_discrepancy_get_bbox (d);
  g_autofree char *after = NULL;
  g_autoptr(VnCorrection) correction = NULL;

  if (vn_session_is_resolved (session, d))
    {
      c->skipped++;
      return TRUE;
    }
  /* As `verno accept` and `verno review` do: a removed word takes its space with it. */
  after = vn_session_fit_spacing (session, &start, &end, vn_discrepancy_get_suggestion (d));
  if (vn_session_find_correction (session, start, end) != NULL)
    {
      c->skipped++;
      return TRUE;
    }
  correction = vn_session_correct (session, start, end, after, VN_SOURCE_SUGGESTION,
                                   vn_discrepancy_get_page (d), &box, "verno correct", error);
  if (correction == NULL)
    return FALSE;
  c->accepted++;
  g_printerr (_("fixed %s → %s (page %u, line %u, %s, score %.2f)\n"),
              vn_discrepancy_get_transcription (d), vn_discrepancy_get_suggestion (d),
              vn_discrepancy_get_page (d) + 1, vn_discrepancy_get_line (d),
              vn_likely_to_string (vn_discrepancy_get_likely (d)), vn_discrepancy_get_score (d));
  return TRUE;
}

/* The collation lists discrepancies best first, so where two overlap the better one wins. */
static gboolean
accept_suggestions (CorrectOptions  *c,
                    VnDocument      *document,
                    GError         **error)
{
  VnSession *session = vn_document_get_session (document);
  GListModel *list = G_LIST_MODEL (vn_document_get_collation (document));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (list, i);

      if (wanted (c->accept_class, d) && vn_accept_suggestion_changes_text (session, d) &&
          !accept_one (c, session, d, error))
        return FALSE;
    }
  return TRUE;
}

/* Letters the OCR's models cannot write weaken every verdict on them: say which model can. */
static void
advise_model (VnDocument *document)
{
  g_autofree char *advice = vn_collation_dup_model_advice (vn_document_get_collation (document),
                                                           vn_document_get_languages (document));
  if (advice != NULL)
    g_printerr ("verno: %s\n", advice);
}

static int
correct_document (CorrectOptions  *c,
                  DocumentOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnDocument) document = vn_cli_open_document ("correct", o, &error);
  VnSession *session;

  if (document == NULL)
    return vn_cli_fail (error);
  session = vn_document_get_session (document);
  if (!vn_session_claim (session, &error))
    return vn_cli_fail (error);
  vn_cli_print_warnings (session);
  advise_model (document);
  if (!accept_suggestions (c, document, &error) || !vn_session_flush (session, &error))
    return vn_cli_fail (error);
  g_printerr (ngettext ("%u suggestion accepted, %u skipped (already resolved, or overlapping "
                        "a better one).\n",
                        "%u suggestions accepted, %u skipped (already resolved, or overlapping "
                        "a better one).\n", c->accepted), c->accepted, c->skipped);
  /* With nowhere named, the diff goes to standard output, as `git diff` prints it. */
  if (!write_results (session, c->diff ? c->diff : c->output ? NULL : "-", c->output, &error))
    return vn_cli_fail (error);
  return VN_EXIT_OK;
}

/* Checks --accept; a bare transcription gets a private state (see the top of this file). */
static int
prepare_correct (CorrectOptions   *c,
                 DocumentOptions  *o,
                 char            **private_state)
{
  g_autoptr(GError) error = NULL;

  c->accept_class = ACCEPT_LIKELY;
  if (c->accept != NULL && !parse_accept_class (c->accept, &c->accept_class))
    return vn_cli_usage_error ("correct", _("--accept must be likely, suggestions or none"));
  if (o->transcription == NULL || o->state_dir != NULL)
    return VN_EXIT_OK;
  *private_state = g_dir_make_tmp ("verno-correct-XXXXXX", &error);
  if (*private_state == NULL)
    return vn_cli_fail (error);
  o->state_dir = *private_state;
  return VN_EXIT_OK;
}

int
vn_cli_correct (int    argc,
                char **argv)
{
  CorrectOptions c = { 0 };
  DocumentOptions o = { 0 };
  const GOptionEntry entries[] = {
    { "accept", 'a', 0, G_OPTION_ARG_STRING, &c.accept,
      N_("Which suggestions: likely (transcription errors; the default), suggestions (all) or "
         "none"), N_("CLASS") },
    { "diff", 'd', 0, G_OPTION_ARG_FILENAME, &c.diff,
      N_("Write the corrections as a unified diff of the transcription (- for standard "
         "output)"), N_("OUT.diff") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &c.output,
      N_("Write the verified text (- for standard output)"), N_("VERIFIED.txt") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    vn_cli_document_context (N_("— accept a class of suggestions without asking"), &o,
                             entries);
  g_autofree char *private_state = NULL;
  int status;

  g_option_context_set_description (context, CORRECT_DESCRIPTION);
  status = vn_cli_parse_document ("correct", context, &o, &argc, &argv);
  if (status == VN_EXIT_OK)
    status = prepare_correct (&c, &o, &private_state);
  if (status == VN_EXIT_OK)
    {
      o.ocr.quiet = TRUE;
      status = correct_document (&c, &o);
    }
  if (private_state != NULL)
    {
      remove_private_state (private_state);
      o.state_dir = NULL;
    }
  vn_cli_clear_document_options (&o);
  g_free (c.accept);
  g_free (c.diff);
  g_free (c.output);
  return status;
}

/* ------------------------------------------------------------------ apply */

typedef struct
{
  char  *transcription;
  char  *state_dir;
  char  *output;
  GStrv  files;
  guint  loaded;
  guint  present;
} ApplyOptions;

/* As the session decides which corrections a new one replaces. */
static gboolean
ranges_touch (guint s1,
              guint e1,
              guint s2,
              guint e2)
{
  return (s1 < e2 && s2 < e1) || (s1 == s2 && e1 == e2) ||
         (s1 == e1 && s2 < s1 && s1 < e2) || (s2 == e2 && s1 < s2 && s2 < e1);
}

/* Whether the verified text already reads @after where canonical [start, end) is: the
 * stretch that the corrections this edit would replace cover reads the same either way. */
static gboolean
already_reads (VnSession  *session,
               guint       start,
               guint       end,
               const char *after)
{
  const char *text = vn_transcription_get_text (vn_session_get_canonical (session), NULL);
  GListModel *list = vn_session_get_corrections (session);
  g_autoptr(GString) now = g_string_new (NULL);
  g_autoptr(GString) then = g_string_new (NULL);
  guint lo = start, hi = end, at;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (list, i);
      guint cs = vn_correction_get_start (c), ce = vn_correction_get_end (c);

      if (!ranges_touch (start, end, cs, ce))
        continue;
      lo = MIN (lo, cs), hi = MAX (hi, ce);
    }
  at = lo;
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (list, i);
      guint cs = vn_correction_get_start (c), ce = vn_correction_get_end (c);

      if (!ranges_touch (start, end, cs, ce))
        continue;
      g_string_append_len (now, text + at, cs - at);
      g_string_append (now, vn_correction_get_after (c));
      at = ce;
    }
  g_string_append_len (now, text + at, hi - at);
  g_string_append_len (then, text + lo, start - lo);
  g_string_append (then, after);
  g_string_append_len (then, text + end, hi - end);
  return g_string_equal (now, then);
}

/* Each edit between the canonical and the patched text becomes one journaled correction. */
static gboolean
load_edits (ApplyOptions  *a,
            VnSession     *session,
            const char    *patched,
            GError       **error)
{
  gsize old_len;
  const char *canonical = vn_transcription_get_text (vn_session_get_canonical (session), &old_len);
  g_autoptr(GArray) edits = vn_diff_word_edits (canonical, old_len, patched, strlen (patched));

  for (guint i = 0; i < edits->len; i++)
    {
      const VnWordEdit *e = &g_array_index (edits, VnWordEdit, i);
      g_autofree char *after = g_strndup (patched + e->new_start, e->new_end - e->new_start);
      g_autoptr(VnCorrection) c = NULL;

      if (already_reads (session, e->start, e->end, after))
        {
          a->present++;
          continue;
        }
      c = vn_session_correct (session, e->start, e->end, after, VN_SOURCE_TYPED, -1, NULL,
                              "verno apply", error);
      if (c == NULL)
        return FALSE;
      a->loaded++;
    }
  return TRUE;
}

static gboolean
load_into_session (ApplyOptions     *a,
                   VnTranscription  *canonical,
                   const char       *patched,
                   const char       *diff_path,
                   GError          **error)
{
  g_autoptr(VnSession) session = vn_session_open (canonical, a->state_dir, error);
  g_autofree char *verified = NULL;

  if (session == NULL || !vn_session_claim (session, error))
    return FALSE;
  vn_cli_print_warnings (session);
  if (!load_edits (a, session, patched, error) || !vn_session_flush (session, error))
    return FALSE;
  g_printerr (ngettext ("%u correction loaded from %s, %u already in the project.\n",
                        "%u corrections loaded from %s, %u already in the project.\n",
                        a->loaded), a->loaded, diff_path, a->present);
  vn_cli_print_warnings (session);   /* a save that failed on the way, say */
  verified = vn_session_dup_verified_text (session, NULL);
  if (!g_str_equal (verified, patched))
    g_printerr (_("verno: the project keeps corrections the diff does not make; its verified "
                  "text differs from the patched transcription there.\n"));
  return a->output == NULL || write_output (a->output, verified, strlen (verified), error);
}

/* The canonical transcription with every hunk of the diff applied, as valid UTF-8. */
static char *
patch_transcription (VnTranscription  *canonical,
                     const char       *diff_path,
                     GError          **error)
{
  g_autofree char *data = NULL;
  gsize len, text_len, out_len = 0;
  const char *text = vn_transcription_get_text (canonical, &text_len);
  g_autoptr(VnPatch) patch = NULL;
  g_autofree char *patched = NULL;
  guint file;

  if (!g_file_get_contents (diff_path, &data, &len, error) ||
      (patch = vn_patch_new_from_data (data, len, diff_path, error)) == NULL)
    return NULL;
  if (vn_patch_get_n_files (patch) == 0)
    return g_strndup (text, text_len);
  if (!vn_patch_find_file (patch, vn_transcription_get_display_name (canonical), &file, error) ||
      (patched = vn_patch_apply (patch, file, text, text_len,
                                 vn_transcription_get_display_name (canonical), &out_len,
                                 error)) == NULL)
    return NULL;
  if (memchr (patched, '\0', out_len) != NULL || !g_utf8_validate (patched, out_len, NULL))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("%s makes the transcription invalid "
                   "UTF-8 text; check the diff's encoding."), diff_path);
      return NULL;
    }
  return g_steal_pointer (&patched);
}

static VnTranscription *
open_canonical (ApplyOptions  *a,
                GError       **error)
{
  g_autoptr(VnProject) project = NULL;
  g_autoptr(GFile) file = NULL;

  if (a->transcription != NULL)
    {
      file = g_file_new_for_commandline_arg (a->transcription);
      return vn_transcription_new_from_file (file, error);
    }
  project = vn_project_new_from_folder (a->files[0], error);
  return project ? g_object_ref (vn_project_get_transcription (project)) : NULL;
}

static int
apply_diff (ApplyOptions *a)
{
  g_autoptr(GError) error = NULL;
  const char *diff_path = a->files[g_strv_length (a->files) - 1];
  g_autoptr(VnTranscription) canonical = open_canonical (a, &error);
  g_autofree char *patched = NULL;

  if (canonical == NULL ||
      (patched = patch_transcription (canonical, diff_path, &error)) == NULL)
    return vn_cli_fail (error);
  /* A project journals the corrections; a bare transcription only gets its patched text. */
  if (a->transcription == NULL || a->state_dir != NULL)
    {
      if (!load_into_session (a, canonical, patched, diff_path, &error))
        return vn_cli_fail (error);
      return VN_EXIT_OK;
    }
  if (!write_output (a->output ? a->output : "-", patched, strlen (patched), &error))
    return vn_cli_fail (error);
  return VN_EXIT_OK;
}

static int
check_apply_arguments (ApplyOptions *a)
{
  guint n = a->files ? g_strv_length (a->files) : 0;

  if (n == 0)
    return vn_cli_usage_error ("apply", _("give a project folder and a diff, or "
                                          "--transcription FILE and a diff"));
  if (a->transcription == NULL && n != 2)
    return vn_cli_usage_error ("apply", _("give one project folder and one diff"));
  return VN_EXIT_OK;
}

int
vn_cli_apply (int    argc,
              char **argv)
{
  ApplyOptions a = { 0 };
  const GOptionEntry entries[] = {
    { "transcription", 't', 0, G_OPTION_ARG_FILENAME, &a.transcription,
      N_("The canonical transcription (UTF-8 text, or the archive's ALTO, PAGE, hOCR, TEI or "
         "PDF); scans after it are not needed"),
      N_("FILE") },
    { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &a.state_dir,
      N_("Where corrections are kept (default: .verno/ beside a project's transcription)"),
      N_("DIR") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output,
      N_("Write the patched (verified) text here (- for standard output)"), N_("OUT") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &a.files, NULL,
      N_("FOLDER DIFF|DIFF") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("— load corrections from a unified diff"));
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context, APPLY_DESCRIPTION);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = vn_cli_usage_error ("apply", error->message);
  else if ((status = check_apply_arguments (&a)) == VN_EXIT_OK)
    status = apply_diff (&a);
  g_free (a.transcription);
  g_free (a.state_dir);
  g_free (a.output);
  g_strfreev (a.files);
  return status;
}
