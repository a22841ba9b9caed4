/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-window-export.c: files in and out of the window: the recent projects, files dropped on
 * it and the file choosers for opening, and the
 * exports, written in a worker thread behind a progress bar; the formats and their menu are
 * the core's table of exports (vn-export.c). */
#include "config.h"

#include <glib/gi18n.h>

#include "vn-errata.h"
#include "vn-export.h"
#include "vn-window-private.h"

/* ------------------------------------------------------------------ exports */

typedef struct
{
  char           *format;       /* the action's target: an export format's name, or errata */
  gboolean        errata;
  char           *errata_data;  /* errata: the file's contents, made on the main thread */
  VnCollation    *verified;     /* exports: the verified text, collated for them */
  GPtrArray      *scan_pages;
  char           *path;
  VnExportFormat  export_format;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->format);
  g_free (job->errata_data);
  g_clear_object (&job->verified);
  g_clear_pointer (&job->scan_pages, g_ptr_array_unref);
  g_free (job->path);
  g_free (job);
}

/* The file name offered for @format, from the project's name. */
static char *
suggested_name (VnWindow   *self,
                const char *format)
{
  const char *base = self->project && vn_project_get_folder (self->project)
                     ? vn_project_get_folder (self->project) : "document";
  g_autofree char *stem = g_path_get_basename (base);
  VnExportFormat f;

  if (g_str_equal (format, "errata-csv"))
    return g_strdup_printf ("%s-errata.csv", stem);
  if (g_str_equal (format, "errata-json"))
    return g_strdup_printf ("%s-errata.json", stem);
  if (vn_export_format_from_string (format, &f))
    return g_strdup_printf ("%s-verified.%s", stem, vn_export_format_extension (f));
  return g_strdup ("export");
}

/* What the worker needs, taken from the session while it is still this thread's. */
static ExportJob *
export_job_new (VnWindow    *self,
                const char  *format,
                const char  *path,
                GError     **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_ref (vn_project_get_scan_pages (self->project));
  ExportJob *job = g_new0 (ExportJob, 1);

  job->format = g_strdup (format);
  job->path = g_strdup (path);
  job->errata = g_str_has_prefix (format, "errata");
  if (job->errata)
    job->errata_data = g_str_equal (format, "errata-csv")
                       ? vn_errata_to_csv (self->session, self->collation)
                       : vn_errata_to_json (self->session, self->collation, pages);
  else if (!vn_export_format_from_string (format, &job->export_format) ||
           (job->verified = vn_document_collate_verified (self->document, error)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("Verno cannot export as “%s”."), format);
      export_job_free (job);
      return NULL;
    }
  job->scan_pages = g_steal_pointer (&pages);
  return job;
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ExportJob *job = data;
  GError *error = NULL;
  gboolean ok;

  if (job->errata)
    ok = g_file_set_contents_full (job->path, job->errata_data, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error);
  else
    ok = vn_export_write (job->verified, job->scan_pages, job->export_format, job->path, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
pulse_export (gpointer data)
{
  gtk_progress_bar_pulse (data);
  return G_SOURCE_CONTINUE;
}

static void
show_export_progress (VnWindow   *self,
                      const char *path,
                      guint      *pulse)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *label = g_strdup_printf (_("Exporting %s…"), name);

  gtk_label_set_label (self->progress_label, label);
  gtk_widget_set_visible (self->progress_cancel, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  gtk_spinner_start (self->progress_spinner);
  *pulse = g_timeout_add (120, pulse_export, self->progress_bar);
}

static void
hide_export_progress (VnWindow *self)
{
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gtk_spinner_stop (self->progress_spinner);
  gtk_widget_set_visible (self->progress_cancel, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  VnWindow *self = VN_WINDOW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  guint pulse = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;

  g_source_remove (pulse);
  hide_export_progress (self);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Exported to %s"), job->path);
      _vn_window_toast (self, message);
    }
  else
    _vn_window_toast (self, error->message);
}

static void
export_to (VnWindow   *self,
           const char *format,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  ExportJob *job = export_job_new (self, format, path, &error);
  g_autoptr(GTask) task = NULL;
  guint pulse = 0;

  if (job == NULL)
    {
      _vn_window_toast (self, error->message);
      return;
    }
  show_export_progress (self, path, &pulse);
  task = g_task_new (self, NULL, export_done_cb, GUINT_TO_POINTER (pulse));
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    VnWindow        *self)
{
  const char *format = g_object_get_data (G_OBJECT (chooser), "format");

  if (response == GTK_RESPONSE_ACCEPT && self->collation != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      export_to (self, format, path);
    }
  g_object_unref (chooser);
}

void
_vn_window_export (VnWindow   *self,
                   const char *format)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = suggested_name (self, format);

  chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "format", g_strdup (format), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Exports to @path without asking, as the menu does once a file is chosen (for tests). */
void
vn_window_export_to (VnWindow   *self,
                     const char *format,
                     const char *path)
{
  g_return_if_fail (VN_IS_WINDOW (self));
  g_return_if_fail (format != NULL && path != NULL);

  if (self->collation != NULL)
    export_to (self, format, path);
}

/* ------------------------------------------------------------------ opening */

void
_vn_window_recent_row_activated_cb (GtkListBox    *list,
                         GtkListBoxRow *row,
                         VnWindow      *self)
{
  const char *path = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GFile *files[] = { file };

  vn_window_open_files (self, files, 1);
}

void
_vn_window_fill_recent (VnWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  const char *application = g_get_application_name ();
  guint shown = 0;

  for (GList *l = items; l && shown < 6; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (info), NULL, NULL);
      g_autofree char *name = NULL;
      GtkWidget *row;

      if (path == NULL || application == NULL ||
          !gtk_recent_info_has_application (info, application) ||
          !g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      name = g_path_get_basename (path);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), path);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  gtk_widget_set_visible (self->recent_label, shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), shown > 0);
}

gboolean
_vn_window_drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         VnWindow      *self)
{
  GSList *list = g_value_get_boxed (value);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  for (GSList *l = list; l; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0)
    return FALSE;
  vn_window_open_files (self, (GFile **) files->pdata, files->len);
  return TRUE;
}


static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  VnWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      vn_window_open_files (self, (GFile **) array->pdata, array->len);
    }
  g_object_unref (chooser);
}

static void
choose (VnWindow             *self,
        const char           *title,
        GtkFileChooserAction  action,
        gboolean              multiple)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                                               _("_Open"), _("_Cancel"));

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), multiple);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_vn_window_choose_folder (VnWindow *self)
{
  choose (self, _("Open a Folder of Scans and Its Transcription"),
          GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, FALSE);
}

void
_vn_window_choose_files (VnWindow *self)
{
  choose (self, _("Choose the Scans and the Transcription (.txt)"), GTK_FILE_CHOOSER_ACTION_OPEN,
          TRUE);
}
