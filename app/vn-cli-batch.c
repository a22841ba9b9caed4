/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-cli-batch.c: `verno batch`: OCR and collation of a list of project folders, page by page
 * on worker threads across projects; resumable from the OCR cache and each project's saved
 * collation, and shardable so that GNU parallel or a Slurm job array can spread a list. */
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
  Batch     *batch;
  guint      number;       /* in this shard's list, from 1 */
  char      *folder;
  VnProject *project;
  GStrv      keys;         /* OCR cache key per page */
  JsonNode  *inputs;       /* what a saved collation is made from */
  char      *state_path;
  GPtrArray *pages;        /* VnOcrPage per page, NULL until read */
  guint      waiting;      /* pages with the workers */
  guint      n_read;
  guint      n_cached;
  gint       failed;       /* atomic: workers skip the pages of a failed project */
  GError    *error;
} BatchProject;

typedef struct
{
  BatchProject *project;
  guint         index;
  VnOcrPage    *result;
  GError       *error;
} PageTask;

struct _Batch
{
  OcrOptions     *ocr;
  VnOcrEngine    *engine;
  VnOcrCache     *cache;          /* the engine's, or NULL with --no-cache */
  VnSpellChecker *spell;          /* made for the first collation */
  GMutex          write_lock;     /* held while a file is written: see exit_now () */
  GCancellable   *cancellable;
  GAsyncQueue    *todo;           /* PageTask, for the workers */
  GAsyncQueue    *done;           /* PageTask, back to the main thread */
  GPtrArray      *workers;        /* GThread */
  GPtrArray      *folders;        /* this shard's part of the list */
  guint           next;
  GPtrArray      *in_flight;      /* BatchProject with pages at the workers */
  guint           max_in_flight;
  GTimer         *timer;
  GMainContext   *signal_context;
  GThread        *signal_thread;
  gint            finished;
  int             stop_signal;
  int             status;
  guint           n_collated;
  guint           n_up_to_date;
  guint           n_failed;
  guint           n_interrupted;
  guint           n_pages_read;
};

static PageTask stop_task;  /* pushed once per worker: end the thread */
static PageTask wake_task;  /* pushed on a signal: the main thread stops waiting */

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
unref_page (gpointer page)
{
  if (page != NULL)
    g_object_unref (page);
}

static void
batch_project_free (BatchProject *p)
{
  g_free (p->folder);
  g_clear_object (&p->project);
  g_strfreev (p->keys);
  g_clear_pointer (&p->inputs, json_node_unref);
  g_free (p->state_path);
  g_clear_pointer (&p->pages, g_ptr_array_unref);
  g_clear_error (&p->error);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BatchProject, batch_project_free)

/* What the saved collation depends on: the transcription, each page's OCR (its cache key
 * covers the image, the languages, the settings and Tesseract's version), and Verno. */
static JsonNode *
describe_inputs (BatchProject *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "verno");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "transcription_sha256");
  json_builder_add_string_value (b, vn_transcription_get_checksum (
                                      vn_project_get_transcription (p->project)));
  json_builder_set_member_name (b, "ocr");
  json_builder_begin_array (b);
  for (guint i = 0; p->keys[i] != NULL; i++)
    json_builder_add_string_value (b, p->keys[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
open_project (BatchProject  *p,
              GError       **error)
{
  GPtrArray *scans;
  g_autofree char *state_dir = NULL;

  if ((p->project = vn_project_new_from_folder (p->folder, error)) == NULL)
    return FALSE;
  scans = vn_project_get_scan_pages (p->project);
  p->keys = g_new0 (char *, scans->len + 1);
  for (guint i = 0; i < scans->len; i++)
    {
      p->keys[i] = vn_ocr_engine_dup_cache_key (p->batch->engine, g_ptr_array_index (scans, i),
                                                error);
      if (p->keys[i] == NULL)
        return FALSE;
    }
  p->inputs = describe_inputs (p);
  state_dir = vn_session_default_state_dir (vn_project_get_transcription (p->project));
  p->state_path = g_build_filename (state_dir, STATE_NAME, NULL);
  p->pages = g_ptr_array_new_full (scans->len, unref_page);
  g_ptr_array_set_size (p->pages, scans->len);
  return TRUE;
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
collate_and_save (BatchProject  *p,
                  guint         *n_discrepancies,
                  GError       **error)
{
  Batch *batch = p->batch;
  g_autoptr(VnCollation) collation = NULL;
  g_autofree char *json = NULL;

  const char *languages = vn_ocr_engine_get_languages (batch->engine);

  if (batch->spell == NULL)
    batch->spell = vn_spell_checker_new_for_ocr_languages (languages, NULL);
  /* As `verno collate` judges: the models' letters, and the disputed words read again. */
  collation = vn_collation_new_full (vn_project_get_transcription (p->project), p->pages,
                                     batch->spell, languages);
  if (!vn_collation_reread (collation, batch->engine, vn_project_get_scan_pages (p->project),
                            NULL, error))
    return FALSE;
  *n_discrepancies = g_list_model_get_n_items (G_LIST_MODEL (collation));
  json = state_to_json (p, collation, error);
  return json != NULL && write_state (batch, p->state_path, json, error);
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
  g_autofree char *pages = count_pages (p->pages->len);
  g_autofree char *found = count_discrepancies (n_discrepancies);

  /* TRANSLATORS: folder, "4 pages", pages OCR'd now, pages found in the cache,
   * "12 discrepancies", the file written. */
  g_print (_("%s: collated: %s (%u read, %u from the cache), %s, in %s\n"), p->folder, pages,
           p->n_read, p->n_cached, found, p->state_path);
  p->batch->n_collated++;
}

static void
report_up_to_date (BatchProject *p,
                   guint         n_discrepancies)
{
  g_autofree char *pages = count_pages (p->pages->len);
  g_autofree char *found = count_discrepancies (n_discrepancies);

  g_print (_("%s: up to date: %s, %s, in %s\n"), p->folder, pages, found, p->state_path);
  p->batch->n_up_to_date++;
}

static void
report_interrupted (BatchProject *p)
{
  g_print (_("%s: interrupted: %u of %u pages read; run the batch again to go on\n"), p->folder,
           p->n_read + p->n_cached, p->pages->len);
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

static void
report_page (BatchProject *p,
             guint         index,
             VnOcrPage    *page)
{
  Batch *batch = p->batch;
  VnScanPage *scan = g_ptr_array_index (vn_project_get_scan_pages (p->project), index);
  double elapsed = g_timer_elapsed (batch->timer, NULL);

  if (batch->ocr->quiet)
    return;
  /* TRANSLATORS: project number, projects, folder, page, words, pages so far, pages a second */
  g_printerr (_("verno: [%u/%u] %s: %s: %u words (%u read, %.2f pages a second)\n"), p->number,
              batch->folders->len, p->folder, scan->label, vn_ocr_page_get_n_words (page),
              batch->n_pages_read, batch->n_pages_read / MAX (elapsed, 1e-3));
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
              batch->n_interrupted, batch->n_pages_read, elapsed,
              batch->n_pages_read / MAX (elapsed, 1e-3));
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

  if (p->error == NULL && !collate_and_save (p, &n_discrepancies, &error))
    p->error = g_steal_pointer (&error);
  if (p->error == NULL)
    report_collated (p, n_discrepancies);
  else if (g_error_matches (p->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report_interrupted (p);
  else
    report_failed (p->batch, p->folder, p->error);
  fflush (stdout);
}

/* ------------------------------------------------------------------ pages and workers */

/* The page as the cache holds it (confidences to two decimals): a project collated now and
 * collated again later from the cache then gets the same figures. */
static VnOcrPage *
as_cached (VnOcrPage *page)
{
  g_autofree char *hocr = vn_ocr_page_to_hocr (page, NULL);
  VnOcrPage *copy = vn_ocr_page_new_from_hocr (hocr, strlen (hocr), NULL, NULL);

  if (copy == NULL)
    return page;
  g_object_unref (page);
  return copy;
}

/* A page read, cached whole under the write lock (see exit_now ()), and returned as the cache
 * holds it. */
static VnOcrPage *
read_page (Batch         *batch,
           VnOcrWorker   *worker,
           BatchProject  *p,
           guint          index,
           GError       **error)
{
  VnScanPage *scan = g_ptr_array_index (vn_project_get_scan_pages (p->project), index);
  VnOcrPage *page = vn_ocr_worker_recognize (worker, scan, batch->cancellable, error);
  g_autoptr(GError) store_error = NULL;
  gboolean stored;

  if (page == NULL || batch->cache == NULL)
    return page;
  g_mutex_lock (&batch->write_lock);
  stored = vn_ocr_cache_store (batch->cache, p->keys[index], page, &store_error);
  g_mutex_unlock (&batch->write_lock);
  if (!stored)
    g_printerr ("verno: %s\n", store_error->message);  /* the page is good; only reuse is lost */
  return as_cached (page);
}

static gpointer
worker_main (gpointer data)
{
  Batch *batch = data;
  g_autoptr(VnOcrWorker) worker = vn_ocr_worker_new (batch->engine);
  PageTask *task;

  while ((task = g_async_queue_pop (batch->todo)) != &stop_task)
    {
      if (!g_cancellable_set_error_if_cancelled (batch->cancellable, &task->error) &&
          !g_atomic_int_get (&task->project->failed))
        task->result = read_page (batch, worker, task->project, task->index, &task->error);
      g_async_queue_push (batch->done, task);
    }
  return NULL;
}

/* Cached pages are taken now; the others go to the workers. */
static void
queue_pages (BatchProject *p)
{
  Batch *batch = p->batch;

  for (guint i = 0; i < p->pages->len; i++)
    {
      VnOcrPage *page = batch->cache ? vn_ocr_cache_lookup (batch->cache, p->keys[i]) : NULL;
      PageTask *task;

      if (page != NULL)
        {
          g_ptr_array_index (p->pages, i) = page;
          p->n_cached++;
          continue;
        }
      task = g_new0 (PageTask, 1);
      task->project = p;
      task->index = i;
      p->waiting++;
      g_async_queue_push (batch->todo, task);
    }
}

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
  else
    {
      queue_pages (p);
      if (p->waiting == 0)
        finish_project (p);
      else
        g_ptr_array_add (batch->in_flight, p);
    }
  fflush (stdout);
}

static void
page_done (Batch    *batch,
           PageTask *task)
{
  g_autofree PageTask *owned = task;
  BatchProject *p = task->project;

  if (task->result != NULL)
    {
      g_ptr_array_index (p->pages, task->index) = task->result;
      p->n_read++;
      batch->n_pages_read++;
      report_page (p, task->index, task->result);
    }
  else if (task->error != NULL && p->error == NULL)
    {
      p->error = task->error;
      g_atomic_int_set (&p->failed, TRUE);
    }
  else
    g_clear_error (&task->error);
  if (--p->waiting == 0)
    {
      g_ptr_array_remove_fast (batch->in_flight, p);
      finish_project (p);
    }
}

/* ------------------------------------------------------------------ signals */

/* Tesseract's layout analysis cannot be cancelled, and on a busy machine it takes a second or
 * more: waiting for the pages being read would not stop the batch within a second. Every file
 * a run writes is written whole and renamed into place, under write_lock; once no write is
 * under way, the process can end at once, leaving those pages unread and nothing half-written.
 * (_exit: the worker threads must not meet the libraries' destructors.) */
static void G_GNUC_NORETURN
exit_now (Batch *batch)
{
  g_mutex_lock (&batch->write_lock);
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
  g_async_queue_push (batch->done, &wake_task);
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

/* Signals are taken on a thread of their own, since the main thread waits on a queue. */
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

static void
run_projects (Batch *batch)
{
  while (!g_cancellable_is_cancelled (batch->cancellable))
    {
      PageTask *task;

      while (batch->in_flight->len < batch->max_in_flight &&
             batch->next < batch->folders->len &&
             !g_cancellable_is_cancelled (batch->cancellable))
        start_project (batch, batch->next++);
      if (batch->in_flight->len == 0)
        break;
      task = g_async_queue_pop (batch->done);
      if (task != &wake_task)
        page_done (batch, task);
    }
  if (g_cancellable_is_cancelled (batch->cancellable))
    stop_now (batch);
}

static int
run_batch (Batch *batch,
           guint  n_workers)
{
  batch->cache = vn_ocr_engine_get_cache (batch->engine);
  batch->todo = g_async_queue_new ();
  batch->done = g_async_queue_new ();
  batch->cancellable = g_cancellable_new ();
  batch->workers = g_ptr_array_new ();
  batch->in_flight = g_ptr_array_new ();
  /* Enough projects open that the workers never wait for the next one to be hashed, few
   * enough that memory does not grow with the list. */
  batch->max_in_flight = n_workers + 2;
  batch->timer = g_timer_new ();
  g_mutex_init (&batch->write_lock);
  watch_signals (batch);
  for (guint i = 0; i < n_workers; i++)
    g_ptr_array_add (batch->workers, g_thread_new ("verno-ocr", worker_main, batch));
  run_projects (batch);
  for (guint i = 0; i < n_workers; i++)
    g_async_queue_push (batch->todo, &stop_task);
  for (guint i = 0; i < n_workers; i++)
    g_thread_join (g_ptr_array_index (batch->workers, i));
  unwatch_signals (batch);
  report_totals (batch);
  g_clear_object (&batch->spell);
  g_clear_object (&batch->cancellable);
  g_clear_pointer (&batch->todo, g_async_queue_unref);
  g_clear_pointer (&batch->done, g_async_queue_unref);
  g_clear_pointer (&batch->workers, g_ptr_array_unref);
  g_clear_pointer (&batch->in_flight, g_ptr_array_unref);
  g_clear_pointer (&batch->timer, g_timer_destroy);
  g_mutex_clear (&batch->write_lock);
  return batch->stop_signal != 0 ? 128 + batch->stop_signal : batch->status;
}

static int
batch_list (OcrOptions *o,
            const char *list,
            const char *shard)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnOcrEngine) engine = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  Batch batch = { .ocr = o, .status = VN_EXIT_OK };
  guint index = 1, count = 1;

  if (shard != NULL && !parse_shard (shard, &index, &count))
    return vn_cli_usage_error ("batch", _("--shard must be I/N with 1 ≤ I ≤ N, e.g. 2/8"));
  if (o->jobs < 0)
    return vn_cli_usage_error ("batch", _("--jobs must be 1 or more"));
  if ((engine = vn_cli_make_engine ("batch", o, &error)) == NULL ||
      (folders = read_list (list, &error)) == NULL)
    return vn_cli_fail (error);
  keep_shard (folders, index, count);
  if (folders->len == 0 && !o->quiet)
    g_printerr (_("verno: shard %u/%u of %s holds no project folder; nothing to do.\n"), index,
                count, list);
  batch.engine = engine;
  batch.folders = folders;
  return run_batch (&batch, o->jobs > 0 ? (guint) o->jobs : MAX (1, g_get_num_processors ()));
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
