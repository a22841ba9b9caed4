/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-cli-batch.c: `verno batch`: OCR and collation of a list of project folders, each opened
 * and read as a VnDocument, several at once, all through one engine's pool of worker threads;
 * resumable from the OCR cache and each project's saved collation, and shardable so that GNU
 * parallel or a Slurm job array can spread a list. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "vn-cli-private.h"
#include "vn-collation.h"
#include "vn-error.h"
#include "vn-ocr-engine.h"
#include "vn-project.h"
#include "vn-session.h"
#include "vn-spell-checker.h"

/* Written into each project's state folder (.verno/ beside the transcription). */
#define STATE_NAME "collation.json"

typedef struct _Batch Batch;

typedef struct
{
  Batch      *batch;
  guint       number;       /* in this shard's list, from 1 */
  char       *folder;
  VnProject  *project;
  VnDocument *document;
  JsonNode   *inputs;       /* what a saved collation is made from */
  char       *state_path;
  gint        n_done;       /* pages done, read or from the cache (atomic: see page_done ()) */
  GError     *error;
} BatchProject;

struct _Batch
{
  OcrOptions        *ocr;
  VnDocumentOptions  options;        /* the preferences and the flags, the engine shared */
  GThread           *spell_loader;   /* the dictionaries of the languages the options name,
                                      * loaded meanwhile, until they are wanted */
  GHashTable        *spells;         /* OCR languages → VnSpellChecker, one per set */
  GMutex             write_lock;     /* held while a file is written: see exit_now () */
  GCancellable      *cancellable;
  GPtrArray         *folders;        /* this shard's part of the list */
  guint              next;
  GPtrArray         *in_flight;      /* BatchProject being read */
  guint              max_in_flight;
  GTimer            *timer;
  GMainContext      *signal_context;
  GThread           *signal_thread;
  gint               finished;
  int                stop_signal;
  int                status;
  guint              n_collated;
  guint              n_up_to_date;
  guint              n_failed;
  guint              n_interrupted;
  gint               n_pages_read;   /* atomic */
};

/* ------------------------------------------------------------------ the list */

static char *
read_list_data (const char  *list,
                gsize       *len,
                GError     **error)
{
  g_autoptr(GIOChannel) channel = NULL;
  g_autoptr(GError) local_error = NULL;
  char *data = NULL;

  if (!g_str_equal (list, "-"))
    {
      if (g_file_get_contents (list, &data, len, &local_error))
        return data;
    }
  else
    {
      channel = g_io_channel_unix_new (STDIN_FILENO);
      if (g_io_channel_set_encoding (channel, NULL, &local_error) == G_IO_STATUS_NORMAL &&
          g_io_channel_read_to_end (channel, &data, len, &local_error) == G_IO_STATUS_NORMAL)
        return data;
    }
  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
               _("Cannot read the list %s: %s; give a file with one project folder a line, or "
                 "- for standard input."), list, local_error->message);
  return NULL;
}

/* Folders, one a line; blank lines and lines starting with # are left out. */
static GPtrArray *
read_list (const char  *list,
           GError     **error)
{
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  const char *nul;
  gsize len;

  if ((data = read_list_data (list, &len, error)) == NULL)
    return NULL;
  if ((nul = memchr (data, '\0', len)) != NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The list %s has a NUL byte at byte offset %zu; it must be text, one "
                     "project folder a line."), list, (size_t) (nul - data));
      return NULL;
    }
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line != '\0' && *line != '#')
        g_ptr_array_add (folders, g_strdup (line));
    }
  return g_steal_pointer (&folders);
}

/* "I/N", 1 ≤ I ≤ N. */
static gboolean
parse_shard (const char *text,
             guint      *index,
             guint      *count)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", -1);
  guint64 i, n;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT, &i, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT, &n, NULL) || i > n)
    return FALSE;
  *index = i;
  *count = n;
  return TRUE;
}

/* Shard I of N takes the entries whose position from 0 is I-1 modulo N: interleaved, so that
 * a list sorted by collection or size spreads evenly. */
static void
keep_shard (GPtrArray *folders,
            guint      index,
            guint      count)
{
  guint kept = 0;

  for (guint i = 0; i < folders->len; i++)
    if (i % count == index - 1)
      {
        char *folder = g_ptr_array_index (folders, i);

        g_ptr_array_index (folders, i) = g_ptr_array_index (folders, kept);
        g_ptr_array_index (folders, kept++) = folder;
      }
  g_ptr_array_set_size (folders, kept);
}

/* ------------------------------------------------------------------ a project */

static void
batch_project_free (BatchProject *p)
{
  g_free (p->folder);
  g_clear_object (&p->document);
  g_clear_object (&p->project);
  g_clear_pointer (&p->inputs, json_node_unref);
  g_free (p->state_path);
  g_clear_error (&p->error);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BatchProject, batch_project_free)

static guint
n_pages (BatchProject *p)
{
  return vn_project_get_scan_pages (p->project)->len;
}

/* What the saved collation depends on: the transcription, each page's OCR (its cache key
 * covers the image, the languages, the settings and Tesseract's version), and Verno. */
static JsonNode *
describe_inputs (BatchProject  *p,
                 VnOcrEngine   *engine,
                 GError       **error)
{
  GPtrArray *scans = vn_project_get_scan_pages (p->project);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "verno");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "transcription_sha256");
  json_builder_add_string_value (b, vn_transcription_get_checksum (
                                      vn_project_get_transcription (p->project)));
  json_builder_set_member_name (b, "ocr");
  json_builder_begin_array (b);
  for (guint i = 0; i < scans->len; i++)
    {
      g_autofree char *key = vn_ocr_engine_dup_cache_key (engine, g_ptr_array_index (scans, i),
                                                          error);
      if (key == NULL)
        return NULL;
      json_builder_add_string_value (b, key);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The project and what its collation would be made from, with the engine a document of it
 * reads with: enough to tell whether the saved collation is up to date. */
static gboolean
open_project (BatchProject  *p,
              GError       **error)
{
  VnTranscription *transcription;
  g_autoptr(VnOcrEngine) engine = NULL;
  g_autofree char *state_dir = NULL;

  if ((p->project = vn_project_new_from_folder (p->folder, error)) == NULL)
    return FALSE;
  transcription = vn_project_get_transcription (p->project);
  engine = vn_document_options_dup_engine (&p->batch->options, transcription, error);
  if (engine == NULL || (p->inputs = describe_inputs (p, engine, error)) == NULL)
    return FALSE;
  state_dir = vn_session_default_state_dir (transcription);
  p->state_path = g_build_filename (state_dir, STATE_NAME, NULL);
  return TRUE;
}

static gpointer
load_spell_checker (gpointer data)
{
  VnDocumentOptions *options = data;

  return vn_document_options_make_spell_checker (options, options->ocr_languages);
}

/* The dictionaries for @transcription's OCR languages: one set loaded per set of languages
 * in the list (each project's own, unless the flags or the preferences name them). */
static VnSpellChecker *
spell_checker_for (Batch           *batch,
                   VnTranscription *transcription)
{
  g_autofree char *languages = vn_document_options_dup_languages (&batch->options, transcription);
  VnSpellChecker *spell;

  if (batch->spell_loader != NULL)
    g_hash_table_insert (batch->spells, g_strdup (batch->options.ocr_languages),
                         g_thread_join (g_steal_pointer (&batch->spell_loader)));
  spell = g_hash_table_lookup (batch->spells, languages);
  if (spell == NULL)
    {
      spell = vn_document_options_make_spell_checker (&batch->options, languages);
      g_hash_table_insert (batch->spells, g_steal_pointer (&languages), spell);
    }
  return spell;
}

/* The project as every command opens it, with the batch's engine and dictionaries (loaded
 * meanwhile since the batch started). */
static gboolean
open_document (BatchProject  *p,
               GError       **error)
{
  Batch *batch = p->batch;

  /* Opening the session may bring its snapshot up to date: a write, see exit_now (). */
  g_mutex_lock (&batch->write_lock);
  batch->options.spell_checker = spell_checker_for (batch,
                                                    vn_project_get_transcription (p->project));
  p->document = vn_document_new (p->project, &batch->options, error);
  batch->options.spell_checker = NULL;
  g_mutex_unlock (&batch->write_lock);
  return p->document != NULL;
}

/* The number of discrepancies an earlier run saved from these very inputs, or -1. */
static int
saved_discrepancies (BatchProject *p)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root, *inputs, *discrepancies;

  if (!g_file_test (p->state_path, G_FILE_TEST_IS_REGULAR) ||
      !json_parser_load_from_mapped_file (parser, p->state_path, NULL))
    return -1;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return -1;
  inputs = json_object_get_member (json_node_get_object (root), "inputs");
  discrepancies = json_object_get_member (json_node_get_object (root), "discrepancies");
  if (inputs == NULL || !json_node_equal (inputs, p->inputs) ||
      discrepancies == NULL || !JSON_NODE_HOLDS_ARRAY (discrepancies))
    return -1;
  return json_array_get_length (json_node_get_array (discrepancies));
}

static void
set_basename_member (JsonObject *object,
                     const char *member)
{
  g_autofree char *name = g_path_get_basename (json_object_get_string_member (object, member));

  json_object_set_string_member (object, member, name);
}

/* `verno collate --json` output, with the transcription and scans named relative to the
 * project folder (so that it can move), and the inputs that tell a later run whether it is
 * still up to date. */
static char *
state_to_json (BatchProject  *p,
               VnCollation   *collation,
               GError       **error)
{
  g_autofree char *json = vn_collation_to_json (collation, vn_project_get_scan_pages (p->project));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *root;
  JsonArray *pages;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  set_basename_member (root, "transcription");
  pages = json_object_get_array_member (root, "pages");
  for (guint i = 0; i < json_array_get_length (pages); i++)
    set_basename_member (json_array_get_object_element (pages, i), "scan");
  json_object_set_member (root, "inputs", json_node_copy (p->inputs));
  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_set_pretty (generator, TRUE);
  g_free (json);
  json = json_generator_to_data (generator, NULL);
  return g_strconcat (json, "\n", NULL);
}

/* Written to a temporary file, flushed and renamed: never half a file. */
static gboolean
write_state (Batch       *batch,
             const char  *path,
             const char  *data,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;
  gboolean written = FALSE;

  g_mutex_lock (&batch->write_lock);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    g_set_error_literal (&local_error, G_FILE_ERROR, g_file_error_from_errno (errno),
                         g_strerror (errno));
  else
    written = g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                        &local_error);
  g_mutex_unlock (&batch->write_lock);
  if (!written)
    g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
                 _("Cannot save the collation in %s: %s; make the folder writable, or take the "
                   "project out of the list."), path, local_error->message);
  return written;
}

static gboolean
save_collation (BatchProject  *p,
                guint         *n_discrepancies,
                GError       **error)
{
  VnCollation *collation = vn_document_get_collation (p->document);
  g_autofree char *json = NULL;

  *n_discrepancies = g_list_model_get_n_items (G_LIST_MODEL (collation));
  json = state_to_json (p, collation, error);
  return json != NULL && write_state (p->batch, p->state_path, json, error);
}

/* ------------------------------------------------------------------ reports */

static char *
count_pages (guint n)
{
  return g_strdup_printf (ngettext ("%u page", "%u pages", n), n);
}

static char *
count_discrepancies (guint n)
{
  return g_strdup_printf (ngettext ("%u discrepancy", "%u discrepancies", n), n);
}

static void
report_collated (BatchProject *p,
                 guint         n_discrepancies)
{
  GPtrArray *read = vn_document_get_pages (p->document);
  g_autofree char *pages = count_pages (read->len);
  g_autofree char *found = count_discrepancies (n_discrepancies);
  guint n_cached = 0;

  for (guint i = 0; i < read->len; i++)
    n_cached += vn_ocr_page_get_from_cache (g_ptr_array_index (read, i));
  /* TRANSLATORS: folder, "4 pages", pages OCR'd now, pages found in the cache (or read for
   * another page with the same image), "12 discrepancies", the file written. */
  g_print (_("%s: collated: %s (%u read, %u from the cache), %s, in %s\n"), p->folder, pages,
           read->len - n_cached, n_cached, found, p->state_path);
  p->batch->n_collated++;
}

static void
report_up_to_date (BatchProject *p,
                   guint         n_discrepancies)
{
  g_autofree char *pages = count_pages (n_pages (p));
  g_autofree char *found = count_discrepancies (n_discrepancies);

  g_print (_("%s: up to date: %s, %s, in %s\n"), p->folder, pages, found, p->state_path);
  p->batch->n_up_to_date++;
}

static void
report_interrupted (BatchProject *p)
{
  g_print (_("%s: interrupted: %u of %u pages read; run the batch again to go on\n"), p->folder,
           (guint) g_atomic_int_get (&p->n_done), n_pages (p));
  p->batch->n_interrupted++;
}

/* The project's sentence, on both streams: standard output is the batch's log. */
static void
report_failed (Batch      *batch,
               const char *folder,
               GError     *error)
{
  gboolean internal = error->domain == VN_ERROR && error->code == VN_ERROR_INTERNAL;

  g_printerr ("verno: %s\n", error->message);
  g_print (_("%s: failed: %s\n"), folder, error->message);
  batch->n_failed++;
  if (!internal)
    batch->status = VN_EXIT_BAD_INPUT;
  else if (batch->status == VN_EXIT_OK)
    batch->status = VN_EXIT_FAILURE;
}

/* Called from the thread reading the project, as each of its pages is done. */
static void
page_done (guint       done,
           guint       total,
           VnScanPage *scan,
           VnOcrPage  *page,
           gpointer    user_data)
{
  BatchProject *p = user_data;
  Batch *batch = p->batch;
  guint n_read;
  double elapsed;

  g_atomic_int_inc (&p->n_done);
  if (vn_ocr_page_get_from_cache (page))
    return;
  n_read = g_atomic_int_add (&batch->n_pages_read, 1) + 1;
  if (batch->ocr->quiet)
    return;
  g_mutex_lock (&batch->ocr->print_lock);
  elapsed = g_timer_elapsed (batch->timer, NULL);
  /* TRANSLATORS: project number, projects, folder, page, words, pages so far, pages a second */
  g_printerr (_("verno: [%u/%u] %s: %s: %u words (%u read, %.2f pages a second)\n"), p->number,
              batch->folders->len, p->folder, scan->label, vn_ocr_page_get_n_words (page),
              n_read, n_read / MAX (elapsed, 1e-3));
  g_mutex_unlock (&batch->ocr->print_lock);
}

static void
report_totals (Batch *batch)
{
  double elapsed = g_timer_elapsed (batch->timer, NULL);

  if (batch->ocr->quiet)
    return;
  /* TRANSLATORS: projects in the list, collated, up to date, failed, interrupted; pages read,
   * seconds, pages a second */
  g_printerr (_("verno: projects: %u in the list, %u collated, %u up to date, %u failed, "
                "%u interrupted; pages read: %u in %.1f s (%.2f a second)\n"),
              batch->folders->len, batch->n_collated, batch->n_up_to_date, batch->n_failed,
              batch->n_interrupted, (guint) g_atomic_int_get (&batch->n_pages_read), elapsed,
              g_atomic_int_get (&batch->n_pages_read) / MAX (elapsed, 1e-3));
  if (batch->stop_signal != 0)
    g_printerr (_("verno: stopped by signal %d; run the same command again to go on where it "
                  "stopped.\n"), batch->stop_signal);
}

static void
finish_project (BatchProject *p)
{
  g_autoptr(BatchProject) owned = p;
  g_autoptr(GError) error = NULL;
  guint n_discrepancies = 0;

  if (p->error == NULL && !save_collation (p, &n_discrepancies, &error))
    p->error = g_steal_pointer (&error);
  if (p->error == NULL)
    report_collated (p, n_discrepancies);
  else if (g_error_matches (p->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report_interrupted (p);
  else
    report_failed (p->batch, p->folder, p->error);
  fflush (stdout);
}

/* ------------------------------------------------------------------ reading */

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  BatchProject *p = user_data;
  g_autoptr(GError) error = NULL;

  g_ptr_array_remove_fast (p->batch->in_flight, p);
  if (!vn_document_read_finish (p->document, result, &error))
    p->error = g_steal_pointer (&error);
  finish_project (p);
}

/* Up to date, failed, or read: the document's pages go to the engine's pool with those of the
 * other projects in flight. */
static void
start_project (Batch *batch,
               guint  index)
{
  BatchProject *p = g_new0 (BatchProject, 1);
  g_autoptr(GError) error = NULL;
  int saved;

  p->batch = batch;
  p->number = index + 1;
  p->folder = g_strdup (g_ptr_array_index (batch->folders, index));
  if (!open_project (p, &error))
    {
      report_failed (batch, p->folder, error);
      batch_project_free (p);
    }
  else if ((saved = saved_discrepancies (p)) >= 0)
    {
      report_up_to_date (p, saved);
      batch_project_free (p);
    }
  else if (!open_document (p, &error))
    {
      report_failed (batch, p->folder, error);
      batch_project_free (p);
    }
  else
    {
      g_ptr_array_add (batch->in_flight, p);
      vn_document_read_async (p->document, page_done, p, batch->cancellable, read_done, p);
    }
  fflush (stdout);
}

/* ------------------------------------------------------------------ signals */

/* Tesseract's layout analysis cannot be cancelled, and on a busy machine it takes a second or
 * more: waiting for the pages being read would not stop the batch within a second. Every file
 * a run writes is written whole and renamed into place, under write_lock (collations) or the
 * engine's cache write lock (OCR); once no write is under way, the process can end at once,
 * leaving those pages unread and nothing half-written. (_exit: the worker threads must not
 * meet the libraries' destructors.) */
static void G_GNUC_NORETURN
exit_now (Batch *batch)
{
  g_mutex_lock (&batch->write_lock);
  vn_ocr_engine_hold_cache_writes (batch->options.engine);
  fflush (stdout);
  fflush (stderr);
  _exit (128 + batch->stop_signal);
}

/* Should the main thread be held up (a long collation), the signal thread ends the run. */
static gboolean
exit_when_late (gpointer data)
{
  exit_now (data);
}

static gboolean
stop_on_signal (Batch *batch,
                int    signum)
{
  g_autoptr(GSource) deadline = NULL;

  if (batch->stop_signal != 0)
    return G_SOURCE_CONTINUE;
  g_printerr (_("verno: stopping: pages being read are dropped; finished pages and projects "
                "are kept.\n"));
  batch->stop_signal = signum;
  g_cancellable_cancel (batch->cancellable);
  deadline = g_timeout_source_new (500);
  g_source_set_callback (deadline, exit_when_late, batch, NULL);
  g_source_attach (deadline, batch->signal_context);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigint (gpointer data)
{
  return stop_on_signal (data, SIGINT);
}

static gboolean
on_sigterm (gpointer data)
{
  return stop_on_signal (data, SIGTERM);
}

/* Signals are taken on a thread of their own, since the main thread may be busy writing. */
static gpointer
signal_main (gpointer data)
{
  Batch *batch = data;

  while (!g_atomic_int_get (&batch->finished))
    g_main_context_iteration (batch->signal_context, TRUE);
  return NULL;
}

static void
watch_signals (Batch *batch)
{
  const struct { int signum; GSourceFunc func; } watches[] = {
    { SIGINT, on_sigint }, { SIGTERM, on_sigterm },
  };

  batch->signal_context = g_main_context_new ();
  for (guint i = 0; i < G_N_ELEMENTS (watches); i++)
    {
      g_autoptr(GSource) source = g_unix_signal_source_new (watches[i].signum);

      g_source_set_callback (source, watches[i].func, batch, NULL);
      g_source_attach (source, batch->signal_context);
    }
  batch->signal_thread = g_thread_new ("verno-signals", signal_main, batch);
}

static void
unwatch_signals (Batch *batch)
{
  g_atomic_int_set (&batch->finished, TRUE);
  g_main_context_wakeup (batch->signal_context);
  g_thread_join (batch->signal_thread);
  g_main_context_unref (batch->signal_context);
}

/* ------------------------------------------------------------------ the run */

static void G_GNUC_NORETURN
stop_now (Batch *batch)
{
  for (guint i = 0; i < batch->in_flight->len; i++)
    report_interrupted (g_ptr_array_index (batch->in_flight, i));
  report_totals (batch);
  exit_now (batch);
}

static gboolean
wake_up (GCancellable *cancellable,
         gpointer      data)
{
  return G_SOURCE_REMOVE;
}

/* Projects are opened in this thread and read in others; each one's end comes back here. */
static void
run_projects (Batch *batch)
{
  g_autoptr(GSource) stopped = g_cancellable_source_new (batch->cancellable);

  g_source_set_callback (stopped, G_SOURCE_FUNC (wake_up), NULL, NULL);
  g_source_attach (stopped, NULL);
  while (!g_cancellable_is_cancelled (batch->cancellable))
    {
      while (batch->in_flight->len < batch->max_in_flight &&
             batch->next < batch->folders->len &&
             !g_cancellable_is_cancelled (batch->cancellable))
        start_project (batch, batch->next++);
      if (batch->in_flight->len == 0)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_destroy (stopped);
  if (g_cancellable_is_cancelled (batch->cancellable))
    stop_now (batch);
}

static int
run_batch (Batch *batch)
{
  batch->cancellable = g_cancellable_new ();
  batch->in_flight = g_ptr_array_new ();
  /* Enough projects in flight that the pool never waits for the next one to be opened and
   * hashed, nor for a small one's last page; few enough that memory does not grow with the
   * list. */
  batch->max_in_flight = vn_ocr_engine_get_jobs (batch->options.engine) + 2;
  batch->timer = g_timer_new ();
  g_mutex_init (&batch->write_lock);
  batch->spells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if (batch->options.ocr_languages != NULL)
    batch->spell_loader = g_thread_new ("verno-spell", load_spell_checker, &batch->options);
  watch_signals (batch);
  run_projects (batch);
  unwatch_signals (batch);
  report_totals (batch);
  if (batch->spell_loader != NULL)
    g_object_unref (g_thread_join (g_steal_pointer (&batch->spell_loader)));
  g_clear_pointer (&batch->spells, g_hash_table_unref);
  g_clear_object (&batch->cancellable);
  g_clear_pointer (&batch->in_flight, g_ptr_array_unref);
  g_clear_pointer (&batch->timer, g_timer_destroy);
  g_mutex_clear (&batch->write_lock);
  return batch->stop_signal != 0 ? 128 + batch->stop_signal : batch->status;
}

/* One engine for the whole list: the languages the flags or the preferences name, else
 * those of each transcription's script, through one pool of threads; a missing model fails
 * only the projects that need it. */
static gboolean
make_options (Batch       *batch,
              GError     **error)
{
  VnDocumentOptions *options = &batch->options;

  if (!vn_cli_document_options (batch->ocr, options, error))
    return FALSE;
  options->engine = vn_document_options_make_shared_engine (options, error);
  return options->engine != NULL;
}

static int
batch_list (OcrOptions *o,
            const char *list,
            const char *shard)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  Batch batch = { .ocr = o, .status = VN_EXIT_OK };
  guint index = 1, count = 1;
  int status;

  if (shard != NULL && !parse_shard (shard, &index, &count))
    return vn_cli_usage_error ("batch", _("--shard must be I/N with 1 ≤ I ≤ N, e.g. 2/8"));
  if (o->jobs < 0)
    return vn_cli_usage_error ("batch", _("--jobs must be 1 or more"));
  if (!make_options (&batch, &error) || (folders = read_list (list, &error)) == NULL)
    {
      vn_document_options_clear (&batch.options);
      return vn_cli_fail (error);
    }
  keep_shard (folders, index, count);
  if (folders->len == 0 && !o->quiet)
    g_printerr (_("verno: shard %u/%u of %s holds no project folder; nothing to do.\n"), index,
                count, list);
  batch.folders = folders;
  status = run_batch (&batch);
  vn_document_options_clear (&batch.options);
  return status;
}

int
vn_cli_batch (int    argc,
              char **argv)
{
  OcrOptions o = { .psm = 3 };
  g_autofree char *shard = NULL;
  g_auto(GStrv) lists = NULL;
  const GOptionEntry entries[] = {
    { "shard", 's', 0, G_OPTION_ARG_STRING, &shard,
      N_("Take only every Nth folder of the list, from the Ith (for parallel or Slurm)"), "I/N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &lists, NULL, N_("LIST") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— OCR and collate every project folder in LIST, one a line "
                            "(- for standard input)"));
  g_autoptr(GError) error = NULL;
  int status;

  g_mutex_init (&o.print_lock);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _(
    "Each folder is read as “verno collate FOLDER” reads it; its discrepancies are saved as\n"
    "“verno collate --json” prints them, in .verno/collation.json beside its transcription.\n"
    "A run again skips every project whose saved collation is up to date and reads no page\n"
    "that is in the OCR cache, so a stopped batch (Ctrl+C, SIGTERM) goes on where it stopped.\n"
    "Exit status: 0 when every project was collated, 3 when some had bad input (the others\n"
    "are still done), 128+signal when stopped.\n\n"
    "--shard I/N takes the folders at positions I, I+N, I+2N… of the list. Four shards on\n"
    "two machines:\n"
    "  parallel -S host1,host2 -j 1 verno batch --jobs 2 --shard {}/4 list.txt ::: 1 2 3 4"));
  g_option_context_add_main_entries (context, entries, NULL);
  vn_cli_add_ocr_entries (context, &o);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = vn_cli_usage_error ("batch", error->message);
  else if (lists == NULL || g_strv_length (lists) != 1)
    status = vn_cli_usage_error ("batch", _("give one LIST of project folders, or - to read it "
                                            "from standard input"));
  else
    status = batch_list (&o, lists[0], shard);
  vn_cli_clear_ocr_options (&o);
  return status;
}
