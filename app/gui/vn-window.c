/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-window.c: the workbench: the scan, the transcription and the review queue, linked so
 * that selecting a word anywhere selects it everywhere; the project's pages, its opening (OCR
 * and collation in a worker thread: the main loop only draws) and its read-only state. The
 * text, the queue, the actions and the files have files of their own (vn-window-private.h). */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "verno-resources.h"
#include "vn-document.h"
#include "vn-export.h"
#include "vn-preprocess.h"
#include "vn-scan.h"
#include "vn-scan-line.h"
#include "vn-settings.h"
#include "vn-window-private.h"

G_DEFINE_FINAL_TYPE (VnWindow, vn_window, ADW_TYPE_APPLICATION_WINDOW)

GParamSpec *_vn_window_properties[N_PROPS];
#define properties _vn_window_properties

/* ------------------------------------------------------------------ pages */

/* The decoded page, or NULL while it is being decoded (it is asked for). */
VnPageImage *
_vn_window_dup_page_image (VnWindow *self,
                           guint     page)
{
  VnPageImage *image;

  if (self->page_cache == NULL)
    return NULL;
  if ((image = vn_page_cache_lookup (self->page_cache, page)) == NULL)
    vn_page_cache_request (self->page_cache, page);
  return image;
}

static void
page_decoded_cb (VnWindow *self,
                 guint     page)
{
  if (page == self->current_page && self->page_shown == NULL)
    _vn_window_set_scan_image (self);
  _vn_window_queue_page_decoded (self, page);
}

static void
page_failed_cb (VnWindow   *self,
                guint       page,
                const char *message)
{
  _vn_window_toast (self, message);
}

/* The project's pages, decoded as they are shown, a few held at a time. */
static void
open_pages (VnWindow  *self,
            VnProject *project)
{
  self->page_cache = vn_page_cache_new (vn_project_get_scan_pages (project),
                                        VN_PAGE_CACHE_DEFAULT_CAPACITY);
  g_signal_connect_swapped (self->page_cache, "page-decoded", G_CALLBACK (page_decoded_cb), self);
  g_signal_connect_swapped (self->page_cache, "page-failed", G_CALLBACK (page_failed_cb), self);
  vn_line_view_set_page_cache (self->line_view, self->page_cache);
}

static void
close_pages (VnWindow *self)
{
  if (self->line_view != NULL)
    vn_line_view_set_page_cache (self->line_view, NULL);
  if (self->page_cache != NULL)
    g_signal_handlers_disconnect_by_data (self->page_cache, self);
  g_clear_object (&self->page_cache);
  g_clear_object (&self->page_shown);
  if (self->crops)
    g_hash_table_remove_all (self->crops);
}

/* ------------------------------------------------------------------ opening */

static void
session_changed_cb (VnWindow *self)
{
  const GError *unsaved = vn_session_get_snapshot_error (self->session);

  if (!self->updating_text)
    _vn_window_sync_text (self);
  _vn_window_refresh (self);
  /* The change is in the journal; the diff and state files are behind: said, once. */
  if (unsaved != NULL && !self->said_unsaved)
    _vn_window_toast (self, unsaved->message);
  self->said_unsaved = unsaved != NULL;
}

/* The document read: its collation in the text, the boxes, the lines and the queue. */
void
_vn_window_show_collation (VnWindow *self)
{
  self->pages = vn_document_get_pages (self->document);
  self->spell = vn_document_get_spell_checker (self->document);
  self->collation = vn_document_get_collation (self->document);
  g_clear_object (&self->lines);
  self->lines = vn_scan_lines_new (self->collation);
  _vn_window_index_discrepancies (self);
  /* A queue filled page by page stays in reading order: resorting it would move every row. */
  if (!self->order_chosen && self->streamed == NULL)
    _vn_window_set_order (self, g_list_model_get_n_items (G_LIST_MODEL (self->collation)) >
                                VN_LONG_QUEUE ? VN_REVIEW_BY_READING : VN_REVIEW_BY_SCORE);
  if (self->streamed == NULL)
    _vn_window_set_collation_to_queue (self);
  vn_line_view_set_document (self->line_view, self->collation, self->session, self->lines);
  _vn_window_reload_text (self);
  _vn_window_update_boxes (self);
  _vn_window_update_count (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
}

static void
clear_document (VnWindow *self)
{
  if (self->editing)
    _vn_window_set_editing (self, FALSE, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->current);
  self->current_token = -1;
  if (self->filter_model)
    gtk_filter_list_model_set_model (self->filter_model, NULL);
  if (self->reading_order)
    gtk_sort_list_model_set_model (self->reading_order, NULL);
  if (self->line_view)
    vn_line_view_set_document (self->line_view, NULL, NULL, NULL);
  if (self->session)
    {
      g_autoptr(GError) error = NULL;

      g_signal_handlers_disconnect_by_data (self->session, self);
      /* Every change is in the journal; the diff and state say so too before the window
       * lets the project go. */
      if (!vn_session_flush (self->session, &error))
        g_warning ("%s", error->message);
    }
  /* Borrowed from the document. */
  self->session = NULL;
  self->collation = NULL;
  self->spell = NULL;
  self->pages = NULL;
  self->project = NULL;
  self->engine = NULL;
  g_clear_pointer (&self->token_discrepancy, g_ptr_array_unref);
  g_clear_object (&self->lines);
  /* The last reference: the session, and with it the project's lock, goes now. */
  g_clear_object (&self->document);
  close_pages (self);
  _vn_window_clear_reading (self);
}

static void
remember_recent (VnProject *project)
{
  const char *folder = vn_project_get_folder (project);
  g_autofree char *uri = folder ? g_filename_to_uri (folder, NULL, NULL) : NULL;

  /* Recent files are an application's: a window without a name to file them under has none. */
  if (uri != NULL && g_get_application_name () != NULL)
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

/* The document or the line-by-line review. The one not shown is hidden, not only behind:
 * a stack measures every visible child, and measuring the hidden review's lines was most of
 * a page turn. */
static void
show_mode (VnWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->line_view), self->line_mode);
  gtk_stack_set_visible_child_name (self->stack, self->line_mode ? "lines" : "document");
}

static void
show_title (VnWindow  *self,
            VnProject *project)
{
  VnTranscription *t = vn_project_get_transcription (project);

  adw_window_title_set_title (self->window_title, vn_transcription_get_display_name (t));
  if (vn_project_get_folder (project))
    {
      g_autofree char *name = g_path_get_basename (vn_project_get_folder (project));
      adw_window_title_set_title (self->window_title, name);
    }
  adw_window_title_set_subtitle (self->window_title, _("Reading the scans…"));
}

/* Opening writes nothing: a project whose state folder exists is claimed at once (another
 * Verno holding it makes this window read-only, and says so); one without is claimed by its
 * first correction, which creates the folder. */
static void
claim_if_started (VnWindow *self)
{
  const char *state_dir = vn_session_get_state_dir (self->session);

  if (g_file_test (state_dir, G_FILE_TEST_IS_DIR))
    vn_session_claim (self->session, NULL);
  _vn_window_update_read_only (self);
}

/* Shows the first page at once; the OCR and the collation follow from a worker thread. */
void
vn_window_open_project (VnWindow  *self,
                        VnProject *project)
{
  g_autoptr(GError) error = NULL;
  g_auto(VnDocumentOptions) options = { 0 };
  g_autoptr(VnProject) held = g_object_ref (project);

  g_return_if_fail (VN_IS_WINDOW (self));

  clear_document (self);
  /* The preferences' languages, dictionaries and clean-up, as the command line reads them;
   * the reading runs below the thread that draws. */
  vn_document_options_init (&options, vn_settings_get_default ());
  options.background = TRUE;
  self->document = vn_document_new (project, &options, &error);
  if (self->document == NULL)
    {
      _vn_window_toast (self, error->message);
      return;
    }
  self->project = vn_document_get_project (self->document);
  self->session = vn_document_get_session (self->document);
  self->engine = vn_document_get_engine (self->document);
  claim_if_started (self);
  g_signal_connect_swapped (self->session, "changed", G_CALLBACK (session_changed_cb), self);
  self->cancellable = g_cancellable_new ();
  show_title (self, project);
  gtk_widget_set_visible (self->page_switcher, TRUE);
  show_mode (self);
  open_pages (self, project);
  _vn_window_show_page (self, 0);
  _vn_window_reload_text (self);
  remember_recent (project);
  _vn_window_start_reading_after_paint (self);
}

/* The same project, opened again (after another Verno let go of it). */
void
_vn_window_reopen (VnWindow *self)
{
  g_autoptr(VnProject) project = self->project ? g_object_ref (self->project) : NULL;

  if (project != NULL)
    vn_window_open_project (self, project);
}

/* A folder is a project; otherwise the one .txt is the transcription and the rest scans. */
void
vn_window_open_files (VnWindow  *self,
                      GFile    **files,
                      int        n_files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = NULL;
  g_autoptr(GPtrArray) scans = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *transcription = NULL;

  if (n_files == 1 && g_file_query_file_type (files[0], 0, NULL) == G_FILE_TYPE_DIRECTORY)
    {
      g_autofree char *path = g_file_get_path (files[0]);
      project = vn_project_new_from_folder (path, &error);
    }
  else
    {
      for (int i = 0; i < n_files; i++)
        {
          char *path = g_file_get_path (files[i]);
          if (g_str_has_suffix (path, ".txt") && transcription == NULL)
            transcription = path;
          else
            g_ptr_array_add (scans, path);
        }
      g_ptr_array_add (scans, NULL);
      if (transcription == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("Choose the transcription (a .txt file) together with its scans."));
      else
        project = vn_project_new_from_files (transcription, (const char * const *) scans->pdata,
                                             &error);
    }
  if (project == NULL)
    {
      _vn_window_toast (self, error->message);
      return;
    }
  vn_window_open_project (self, project);
}

gboolean
vn_window_is_ready (VnWindow *self)
{
  g_return_val_if_fail (VN_IS_WINDOW (self), FALSE);
  return self->ready;
}

/* ------------------------------------------------------------------ read-only */

gboolean
_vn_window_is_writable (VnWindow *self)
{
  return self->session != NULL && !vn_session_is_read_only (self->session);
}

/* A read-only project says so above everything, in the session's own sentence (who holds the
 * project and since when, or why it cannot be written), for as long as it is. */
void
_vn_window_update_read_only (VnWindow *self)
{
  g_autoptr(GError) error = NULL;
  gboolean read_only = self->session != NULL &&
                       !vn_session_check_writable (self->session, &error);

  gtk_label_set_label (self->read_only_label, read_only ? error->message : "");
  gtk_revealer_set_reveal_child (self->read_only_revealer, read_only);
  _vn_window_set_text_editable (self, self->editing && !self->line_mode && !read_only);
  if (read_only && self->editing)
    _vn_window_set_editing (self, FALSE, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

/* ------------------------------------------------------------------ misc */

void
_vn_window_toast (VnWindow   *self,
                  const char *message)
{
  /* libadwaita 1.2 reads a toast's title as markup: a path with "&" would show nothing. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* After any change of the session: the queue, boxes, the word bar and the title follow. */
void
_vn_window_refresh (VnWindow *self)
{
  GListModel *queued = _vn_window_queued (self);
  guint n = queued ? g_list_model_get_n_items (queued) : 0;

  /* The discrepancies are the same objects; their resolutions changed: rows rebind. */
  if (n > 0)
    g_list_model_items_changed (queued, 0, n, n);
  if (self->collation == NULL)
    {
      _vn_window_update_count (self);
      _vn_window_update_word_bar (self);
      _vn_window_update_actions (self);
      return;
    }
  _vn_window_update_boxes (self);
  _vn_window_update_count (self);
  _vn_window_update_word_bar (self);
  _vn_window_update_page_label (self);
  vn_line_view_refresh (self->line_view);
  if (self->current != NULL)
    _vn_window_select_in_queue (self, self->current);
  _vn_window_update_read_only (self);
  _vn_window_update_actions (self);
}

/* ------------------------------------------------------------------ settings */

static gboolean
reread_document (gpointer data)
{
  VnWindow *self = data;

  self->reread_source = 0;
  _vn_window_reopen (self);
  return G_SOURCE_REMOVE;
}

/* A setting that changes how the document is read reads it again (from the OCR cache where
 * it can), once the editing of the preferences pauses. */
static void
settings_changed_cb (VnWindow   *self,
                     GParamSpec *pspec)
{
  static const char *reading[] = { "ocr-languages", "preprocess-deskew", "preprocess-normalize",
                                   "preprocess-binarize", "dictionary-languages", "user-words",
                                   NULL };

  if (self->project == NULL || !g_strv_contains (reading, pspec->name))
    return;
  g_clear_handle_id (&self->reread_source, g_source_remove);
  self->reread_source = g_timeout_add (500, reread_document, self);
}

/* The size and maximisation of the last window closed; its panes where they fit. */
static void
restore_window_state (VnWindow *self)
{
  int width, height;
  gboolean maximized;

  g_object_get (vn_settings_get_default (), "window-width", &width, "window-height", &height,
                "window-maximized", &maximized, NULL);
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (maximized)
    gtk_window_maximize (GTK_WINDOW (self));
}

/* The default size is the size the window had when last not maximised. */
static void
save_window_state (VnWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_object_set (vn_settings_get_default (), "window-width", width, "window-height", height,
                "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)),
                "main-pane-position", gtk_paned_get_position (self->main_paned),
                "side-pane-position", gtk_paned_get_position (self->side_paned), NULL);
}

/* The panes, the first time the window has a size: the review side wide enough for the queue
 * and a text column of about 80 characters, the scan the rest; the text above the queue in
 * the proportion of the height. Positions saved from a window of about this size are kept. */
static void
place_panes (VnWindow *self,
             int       width,
             int       height)
{
  int main_position, side_position;
  int review = CLAMP (width * 0.55, 460, 900);
  int side = MAX (140, (height - 200) * 0.45);

  g_object_get (vn_settings_get_default (), "main-pane-position", &main_position,
                "side-pane-position", &side_position, NULL);
  if (main_position < 320 || main_position > width - 460)
    main_position = width - review;
  if (side_position < 120 || side_position > height - 300)
    side_position = side;
  gtk_paned_set_position (self->main_paned, main_position);
  gtk_paned_set_position (self->side_paned, side_position);
  self->panes_placed = TRUE;
}

static void
vn_window_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  VnWindow *self = VN_WINDOW (widget);

  if (!self->panes_placed && width > 0 && height > 0)
    place_panes (self, width, height);
  /* The review side, less the pane's handle. */
  _vn_window_fit_queue_columns (self, width - gtk_paned_get_position (self->main_paned) - 1);
  _vn_window_fit_legend (self, gtk_paned_get_position (self->main_paned));
  GTK_WIDGET_CLASS (vn_window_parent_class)->size_allocate (widget, width, height, baseline);
}

static gboolean
vn_window_close_request (GtkWindow *window)
{
  VnWindow *self = VN_WINDOW (window);

  save_window_state (self);
  /* Whatever still holds the document, this window lets go of the project now. */
  clear_document (self);
  return GTK_WINDOW_CLASS (vn_window_parent_class)->close_request (window);
}

/* Quitting saves each window's state and lets go of its project as the application shuts
 * down, even if the window is not destroyed before the process ends. */
static void
application_shutdown_cb (VnWindow *self)
{
  save_window_state (self);
  clear_document (self);
}

static void
application_changed_cb (VnWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (application != NULL)
    g_signal_connect_object (application, "shutdown", G_CALLBACK (application_shutdown_cb), self,
                             G_CONNECT_SWAPPED);
}

static void
follow_settings (VnWindow *self)
{
  VnSettings *settings = vn_settings_get_default ();

  g_object_bind_property (settings, "colorblind-safe", self, "colorblind-safe",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (settings, "notify", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
}

/* ------------------------------------------------------------------ object */

/* After construction: GtkWindow's own construction would undo a maximize asked in init. */
static void
vn_window_constructed (GObject *object)
{
  G_OBJECT_CLASS (vn_window_parent_class)->constructed (object);
  restore_window_state (VN_WINDOW (object));
}

static void
vn_window_dispose (GObject *object)
{
  VnWindow *self = VN_WINDOW (object);

  g_clear_handle_id (&self->reread_source, g_source_remove);
  clear_document (self);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->reading_order);
  g_clear_weak_pointer (&self->last_editable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VN_TYPE_WINDOW);
  G_OBJECT_CLASS (vn_window_parent_class)->dispose (object);
}

static void
vn_window_finalize (GObject *object)
{
  VnWindow *self = VN_WINDOW (object);

  g_clear_pointer (&self->crops, g_hash_table_unref);
  g_clear_pointer (&self->crop_items, g_ptr_array_unref);
  g_clear_pointer (&self->verified, g_free);
  G_OBJECT_CLASS (vn_window_parent_class)->finalize (object);
}

static void
vn_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VnWindow *self = VN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_CLEANED:
      g_value_set_boolean (value, self->show_cleaned);
      break;
    case PROP_COLORBLIND_SAFE:
      g_value_set_boolean (value, self->colorblind_safe);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_EDITING:
      g_value_set_boolean (value, self->editing);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->session != NULL && vn_session_is_read_only (self->session));
      break;
    case PROP_REVIEW_ORDER:
      g_value_set_string (value, self->order == VN_REVIEW_BY_SCORE ? "score" : "reading");
      break;
    case PROP_LINE_MODE:
      g_value_set_boolean (value, self->line_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_line_mode (VnWindow *self,
               gboolean  line_mode)
{
  if (self->line_mode == !!line_mode)
    return;
  if (self->editing)
    _vn_window_finish_edit (self);
  self->line_mode = !!line_mode;
  if (self->project != NULL)
    show_mode (self);
  if (self->line_mode)
    gtk_widget_grab_focus (GTK_WIDGET (self->line_view));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->queue_view));
  if (self->current_token >= 0)
    vn_line_view_show_token (self->line_view, self->current_token);
  _vn_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_MODE]);
}

static void
vn_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  VnWindow *self = VN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_CLEANED:
      self->show_cleaned = g_value_get_boolean (value);
      if (self->project != NULL)
        _vn_window_show_page (self, self->current_page);
      vn_scan_view_set_show_alternate (self->scan_view, self->show_cleaned);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_COLORBLIND_SAFE:
      self->colorblind_safe = g_value_get_boolean (value);
      vn_scan_view_set_colorblind_safe (self->scan_view, self->colorblind_safe);
      _vn_window_rebuild_legend (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_REVIEW_ORDER:
      self->order_chosen = TRUE;
      _vn_window_set_order (self, g_strcmp0 (g_value_get_string (value), "score") == 0
                                  ? VN_REVIEW_BY_SCORE : VN_REVIEW_BY_READING);
      break;
    case PROP_LINE_MODE:
      set_line_mode (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_SHOW_CLEANED] =
    g_param_spec_boolean ("show-cleaned", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLORBLIND_SAFE] =
    g_param_spec_boolean ("colorblind-safe", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The collation of the project is shown: the queue, the text and the boxes are filled. */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A word is being edited in the text, or a line in the line-by-line review. */
  properties[PROP_EDITING] =
    g_param_spec_boolean ("editing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* "reading" (page by page) or "score" (likeliest errors first). */
  properties[PROP_REVIEW_ORDER] =
    g_param_spec_string ("review-order", NULL, NULL, "reading",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE_MODE] =
    g_param_spec_boolean ("line-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/verno/Verno/vn-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, VnWindow, name)
  CHILD (toast_overlay); CHILD (window_title); CHILD (read_only_revealer); CHILD (read_only_label);
  CHILD (stack); CHILD (recent_list); CHILD (recent_label); CHILD (page_switcher);
  CHILD (page_button); CHILD (export_button); CHILD (menu_button); CHILD (line_mode_button);
  CHILD (scan_view);
  CHILD (progress_revealer); CHILD (progress_spinner); CHILD (progress_label);
  CHILD (progress_bar); CHILD (progress_cancel); CHILD (legend); CHILD (legend_button);
  CHILD (legend_list); CHILD (zoom_button);
  CHILD (main_paned); CHILD (side_paned); CHILD (word_transcription); CHILD (word_ocr);
  CHILD (word_ocr_caption); CHILD (word_suggestion); CHILD (word_verdict); CHILD (edit_revealer);
  CHILD (edit_label); CHILD (letters_button); CHILD (text_view);
  CHILD (order_button); CHILD (filter_dropdown); CHILD (search_entry); CHILD (queue_count);
  CHILD (queue_view); CHILD (crop_column); CHILD (transcription_column); CHILD (ocr_column);
  CHILD (suggestion_column); CHILD (confidence_column); CHILD (signals_column);
  CHILD (verdict_column); CHILD (score_column); CHILD (status_column); CHILD (line_view);
#undef CHILD
#define CALLBACK(name) gtk_widget_class_bind_template_callback (widget_class, name)
  gtk_widget_class_bind_template_callback_full (widget_class, "recent_row_activated_cb",
                                                G_CALLBACK (_vn_window_recent_row_activated_cb));
#undef CALLBACK
}

static void
vn_window_class_init (VnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vn_window_constructed;
  object_class->dispose = vn_window_dispose;
  object_class->finalize = vn_window_finalize;
  object_class->get_property = vn_window_get_property;
  object_class->set_property = vn_window_set_property;
  widget_class->size_allocate = vn_window_size_allocate;
  GTK_WINDOW_CLASS (klass)->close_request = vn_window_close_request;
  install_properties (object_class);

  /* Referencing the bundle links it in from the static library, and registers it. */
  g_assert (verno_get_resource () != NULL);
  g_type_ensure (VN_TYPE_SCAN_VIEW);
  g_type_ensure (VN_TYPE_LINE_VIEW);
  bind_template (widget_class);
  _vn_window_class_select_init (widget_class);
  _vn_window_class_queue_init (widget_class);
  _vn_window_class_actions_init (widget_class);
}

/* A menu button's tooltip would cover its own menu's entries: it is off while the menu is
 * open. */
static void
popover_shown_cb (GtkMenuButton *button,
                  GParamSpec    *pspec,
                  GtkPopover    *popover)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (button),
                              !gtk_widget_get_visible (GTK_WIDGET (popover)) &&
                              gtk_widget_get_tooltip_text (GTK_WIDGET (button)) != NULL);
}

static void
hide_tooltips_over_menus (VnWindow *self)
{
  GtkMenuButton *buttons[] = { self->page_button, self->export_button, self->menu_button,
                               self->order_button, self->zoom_button, self->letters_button,
                               self->legend_button };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkPopover *popover = gtk_menu_button_get_popover (buttons[i]);

      if (popover != NULL)
        g_signal_connect_object (popover, "notify::visible", G_CALLBACK (popover_shown_cb),
                                 buttons[i], G_CONNECT_SWAPPED);
    }
}

/* Verno's few styles, once per display (the window may live without the application). */
static void
load_styles (void)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    {
      GtkCssProvider *css = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (css, "/io/github/verno/Verno/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&loaded, 1);
    }
}

static void
vn_window_init (VnWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_autoptr(GMenuModel) formats = vn_export_dup_menu ("win.export");

  load_styles ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The verified text's formats are the core's table of formats. */
  g_menu_prepend_section (G_MENU (gtk_menu_button_get_menu_model (self->export_button)),
                          _("Verified Text"), formats);
  self->current_token = -1;
  self->crops = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  self->crop_items = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (drop, "drop", G_CALLBACK (_vn_window_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  g_signal_connect_swapped (self->scan_view, "notify::zoom", G_CALLBACK (_vn_window_zoom_changed),
                            self);
  _vn_window_init_text (self);
  _vn_window_init_queue (self);
  _vn_window_init_actions (self);
  _vn_window_rebuild_legend (self);
  _vn_window_zoom_changed (self);
  hide_tooltips_over_menus (self);
  _vn_window_fill_recent (self);
  follow_settings (self);
  _vn_window_update_actions (self);
}

VnWindow *
vn_window_new (VnApplication *application)
{
  return g_object_new (VN_TYPE_WINDOW, "application", application, NULL);
}
