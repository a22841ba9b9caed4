/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-window-actions.c: everything the editor can do in the window, as actions with keys. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vn-accept.h"
#include "vn-alignment.h"
#include "vn-concordance.h"
#include "vn-errata.h"
#include "vn-export.h"
#include "vn-help-window.h"
#include "vn-preferences-window.h"
#include "vn-window-private.h"

/* ------------------------------------------------------------------ review */

static void
move_selection (VnWindow *self,
                int       delta)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  guint position = _vn_window_selected_position (self);
  g_autoptr(VnDiscrepancy) next = NULL;

  if (n == 0)
    return;
  if (position == GTK_INVALID_LIST_POSITION)
    position = delta > 0 ? 0 : n - 1;
  else if ((delta < 0 && position == 0) || (delta > 0 && position + 1 >= n))
    return;
  else
    position += delta;
  next = g_list_model_get_item (model, position);
  _vn_window_select (self, next);
}

/* The next open discrepancy after the one just resolved, so review flows key after key. */
static void
advance_after_answer (VnWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  guint start = _vn_window_selected_position (self);

  for (guint k = 1; start != GTK_INVALID_LIST_POSITION && k <= n; k++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (model, (start + k) % n);
      if (!vn_session_is_resolved (self->session, d))
        {
          _vn_window_select (self, d);
          return;
        }
    }
}

static void
next_discrepancy (GtkWidget *widget, const char *name, GVariant *param)
{
  move_selection (VN_WINDOW (widget), 1);
}

static void
previous_discrepancy (GtkWidget *widget, const char *name, GVariant *param)
{
  move_selection (VN_WINDOW (widget), -1);
}

static void
correct_current (VnWindow           *self,
                 const char         *text,
                 VnCorrectionSource  source)
{
  VnDiscrepancy *d = self->current;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) c = NULL;
  VnBox box = vn_discrepancy_get_bbox (d);

  c = vn_session_correct (self->session, vn_discrepancy_get_start (d), vn_discrepancy_get_end (d),
                          text, source, vn_discrepancy_get_page (d), &box, NULL, &error);
  if (c == NULL)
    _vn_window_toast (self, error->message);
  else
    advance_after_answer (self);
}

/* "a" does what the verdict says: the suggestion for a likely transcription error, the
 * transcription kept for a likely OCR error; on "unsure" it asks for o or k. */
static void
accept_suggestion (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) correction = NULL;

  if (!vn_accept_discrepancy (self->session, self->current, &correction, &error))
    _vn_window_toast (self, error->message);
  else
    advance_after_answer (self);
}

static void
take_ocr (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  VnDiscrepancy *d = self->current;
  g_autofree char *text = NULL;

  /* An insertion needs a space to stand apart from the word before it. */
  if (vn_discrepancy_get_start (d) == vn_discrepancy_get_end (d))
    text = g_strconcat (" ", vn_discrepancy_get_ocr (d), NULL);
  else
    text = g_strdup (vn_discrepancy_get_ocr (d));
  correct_current (self, text, VN_SOURCE_OCR);
}

static void
keep_transcription (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!vn_session_keep (self->session, vn_discrepancy_get_start (self->current),
                        vn_discrepancy_get_end (self->current), &error))
    _vn_window_toast (self, error->message);
  else
    advance_after_answer (self);
}

static void
mark_verified (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  guint start = vn_discrepancy_get_start (self->current);
  guint end = vn_discrepancy_get_end (self->current);

  if (!vn_session_set_verified (self->session, start, end,
                                !vn_session_is_verified (self->session, start, end), &error))
    _vn_window_toast (self, error->message);
}

static void
edit_word (GtkWidget *widget, const char *name, GVariant *param)
{
  _vn_window_focus_current_text (VN_WINDOW (widget));
}

static void
undo (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!vn_session_undo (self->session, &error))
    _vn_window_toast (self, error->message);
}

static void
redo (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!vn_session_redo (self->session, &error))
    _vn_window_toast (self, error->message);
}

static void
page_status (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  VnPageStatus status;

  if (!vn_page_status_from_string (g_variant_get_string (param, NULL), &status))
    return;
  if (!vn_session_set_page_status (self->session, self->current_page, status, &error))
    _vn_window_toast (self, error->message);
}

static void
next_page (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  _vn_window_show_page (self, self->current_page + 1);
}

static void
previous_page (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  _vn_window_show_page (self, self->current_page - 1);
}

static void
cancel_ocr (GtkWidget *widget, const char *name, GVariant *param)
{
  g_cancellable_cancel (VN_WINDOW (widget)->cancellable);
}

static void
open_folder (GtkWidget *widget, const char *name, GVariant *param)
{
  _vn_window_choose_folder (VN_WINDOW (widget));
}

static void
open_files (GtkWidget *widget, const char *name, GVariant *param)
{
  _vn_window_choose_files (VN_WINDOW (widget));
}

static void
export (GtkWidget *widget, const char *name, GVariant *param)
{
  _vn_window_export (VN_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
concordance (GtkWidget *widget, const char *name, GVariant *param)
{
  _vn_window_show_concordance (VN_WINDOW (widget));
}

static void
show_help (GtkWidget *widget, const char *name, GVariant *param)
{
  vn_help_window_show (GTK_WINDOW (widget));
}

static void
show_preferences (GtkWidget *widget, const char *name, GVariant *param)
{
  gtk_window_present (vn_preferences_window_new (GTK_WINDOW (widget), NULL));
}

static void
show_translation (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  const char *path = self->project ? vn_project_get_translation_path (self->project) : NULL;
  g_autofree char *text = NULL;
  GtkWidget *window, *scroller, *view;

  if (path == NULL || !g_file_get_contents (path, &text, NULL, NULL))
    {
      _vn_window_toast (self, _("This project has no translation-en.txt."));
      return;
    }
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("English Translation"));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);
  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD);
  g_object_set (view, "left-margin", 18, "right-margin", 18, "top-margin", 12, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
    gtk_widget_set_vexpand (scroller, TRUE);
    gtk_box_append (GTK_BOX (box), scroller);
    adw_window_set_content (ADW_WINDOW (window), box);
  }
  gtk_window_present (GTK_WINDOW (window));
}

/* Review actions need a selected discrepancy in a writable project. */
void
_vn_window_update_actions (VnWindow *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  gboolean have_doc = self->collation != NULL;
  gboolean writable = have_doc && !vn_session_is_read_only (self->session);
  gboolean current = writable && self->current != NULL;
  guint n_pages = self->project ? vn_project_get_scan_pages (self->project)->len : 0;

  gtk_widget_action_set_enabled (w, "win.next-discrepancy", have_doc);
  gtk_widget_action_set_enabled (w, "win.previous-discrepancy", have_doc);
  gtk_widget_action_set_enabled (w, "win.accept-suggestion", current);
  gtk_widget_action_set_enabled (w, "win.take-ocr", current);
  gtk_widget_action_set_enabled (w, "win.keep", current);
  gtk_widget_action_set_enabled (w, "win.verify", current && vn_discrepancy_get_start (self->current) <
                                                         vn_discrepancy_get_end (self->current));
  gtk_widget_action_set_enabled (w, "win.edit-word", current);
  gtk_widget_action_set_enabled (w, "win.concordance", current);
  gtk_widget_action_set_enabled (w, "win.undo", writable && vn_session_can_undo (self->session));
  gtk_widget_action_set_enabled (w, "win.redo", writable && vn_session_can_redo (self->session));
  gtk_widget_action_set_enabled (w, "win.page-status", writable);
  gtk_widget_action_set_enabled (w, "win.export", have_doc);
  gtk_widget_action_set_enabled (w, "win.cancel-ocr", self->project != NULL && !have_doc);
  gtk_widget_action_set_enabled (w, "win.next-page", self->current_page + 1 < n_pages);
  gtk_widget_action_set_enabled (w, "win.previous-page", self->current_page > 0);
  gtk_widget_action_set_enabled (w, "win.show-translation",
                                 self->project && vn_project_get_translation_path (self->project));
}

/* ------------------------------------------------------------------ region OCR */

static const int region_psm[] = { 7, 6, 8 };  /* single line, block, single word */

static void
region_free (Region *region)
{
  g_object_unref (region->self);
  pixDestroy (&region->crop);
  g_free (region->transcription);
  g_free (region);
}

typedef struct
{
  PIX  *crop;
  int   psm;
  char *languages;
} RegionJob;

static void
region_job_free (RegionJob *job)
{
  pixDestroy (&job->crop);
  g_free (job->languages);
  g_free (job);
}

static void
region_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  RegionJob *job = data;
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new (job->languages);
  GError *error = NULL;
  VnOcrPage *page;

  vn_ocr_engine_set_page_seg_mode (engine, job->psm);
  page = vn_ocr_engine_recognize_pix (engine, job->crop, 300, "region", cancellable, &error);
  if (page == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, g_object_unref);
}

/* Pango markup of @a with the letters @b does not share highlighted. */
static char *
diff_markup (const char *a,
             const char *b,
             const char *color)
{
  g_autofree gunichar *ua = NULL, *ub = NULL;
  glong na, nb;
  g_autoptr(GPtrArray) ka = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kb = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) hunks = NULL;
  GString *out = g_string_new (NULL);

  ua = g_utf8_to_ucs4_fast (a, -1, &na);
  ub = g_utf8_to_ucs4_fast (b, -1, &nb);
  for (glong i = 0; i < na; i++)
    g_ptr_array_add (ka, g_ucs4_to_utf8 (&ua[i], 1, NULL, NULL, NULL));
  for (glong i = 0; i < nb; i++)
    g_ptr_array_add (kb, g_ucs4_to_utf8 (&ub[i], 1, NULL, NULL, NULL));
  hunks = vn_align_words ((const char * const *) ka->pdata, na, (const char * const *) kb->pdata, nb);
  for (guint h = 0; h < hunks->len; h++)
    {
      const VnAlignHunk *hunk = &g_array_index (hunks, VnAlignHunk, h);
      g_autoptr(GString) run = g_string_new (NULL);
      g_autofree char *escaped = NULL;

      for (guint k = 0; k < hunk->a_len; k++)
        g_string_append (run, g_ptr_array_index (ka, hunk->a_start + k));
      escaped = g_markup_escape_text (run->str, -1);
      if (hunk->op == VN_ALIGN_EQUAL)
        g_string_append (out, escaped);
      else if (run->len > 0)
        g_string_append_printf (out, "<span background=\"%s\" weight=\"bold\">%s</span>", color,
                                escaped);
    }
  return g_string_free (out, FALSE);
}

static void
region_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Region *region = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnOcrPage) page = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *ocr = NULL, *ocr_markup = NULL, *text_markup = NULL, *body = NULL;
  g_autofree char *large = NULL;

  if (region->dialog == NULL)
    return;  /* closed meanwhile */
  if (page == NULL)
    {
      gtk_label_set_label (GTK_LABEL (region->comparison), error->message);
      return;
    }
  ocr = g_strstrip (vn_ocr_page_dup_text (page));
  g_strdelimit (ocr, "\n", ' ');
  ocr_markup = diff_markup (ocr, region->transcription, "#f6d32d");
  text_markup = diff_markup (region->transcription, ocr, "#f66151");
  body = g_strdup_printf ("<b>%s</b>\n%s\n\n<b>%s</b>\n%s", _("Scan, read again"), ocr_markup,
                          _("Transcription"), text_markup);
  large = g_strdup_printf ("<span size=\"large\">%s</span>", body);
  gtk_label_set_markup (GTK_LABEL (region->comparison), large);
  g_object_set_data_full (G_OBJECT (region->dialog), "comparison", g_steal_pointer (&body), g_free);
}

static void
read_region_again (Region *region)
{
  g_autoptr(GTask) task = g_task_new (region->self, NULL, region_done_cb, region);
  RegionJob *job = g_new0 (RegionJob, 1);
  const char *languages = gtk_editable_get_text (GTK_EDITABLE (region->language));

  job->crop = pixClone (region->crop);
  job->psm = region_psm[MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (region->layout)), 2)];
  job->languages = g_strdup (*languages ? languages : "rus");
  g_object_set_data (G_OBJECT (region->dialog), "comparison", NULL);
  gtk_label_set_label (GTK_LABEL (region->comparison), _("Reading…"));
  g_task_set_task_data (task, job, (GDestroyNotify) region_job_free);
  g_task_run_in_thread (task, region_thread);
}

/* The verified text of the words whose regions meet @box on the current page. */
static char *
text_in_region (VnWindow    *self,
                const VnBox *box)
{
  VnTranscription *t = vn_session_get_canonical (self->session);
  int first = -1, last = -1;
  guint vs, ve;
  g_autofree char *raw = NULL;

  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    {
      const VnTokenPlacement *pl = vn_collation_get_placement (self->collation, i);
      int cx = pl->box.x + pl->box.w / 2, cy = pl->box.y + pl->box.h / 2;

      if (pl->page != (int) self->current_page || cx < box->x || cy < box->y ||
          cx > box->x + box->w || cy > box->y + box->h)
        continue;
      if (first < 0)
        first = i;
      last = i;
    }
  if (first < 0)
    return g_strdup ("");
  vs = vn_session_canonical_to_verified (self->session, vn_transcription_get_token (t, first)->start);
  ve = vn_session_canonical_to_verified (self->session, vn_transcription_get_token (t, last)->end);
  raw = g_strndup (self->verified + vs, ve - vs);
  g_strdelimit (raw, "\n\r\f", ' ');
  return g_steal_pointer (&raw);
}

static GtkWidget *
region_controls (Region      *region,
                 const VnBox *box)
{
  GtkWidget *grid = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  const char *layouts[] = { _("Single line"), _("Block of text"), _("Single word"), NULL };

  region->layout = gtk_drop_down_new_from_strings (layouts);
  /* A short, wide rectangle is a line; anything else a block. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (region->layout), box->h < 150 ? 0 : 1);
  region->language = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (region->language),
                         vn_ocr_engine_get_languages (region->self->engine));
  gtk_editable_set_width_chars (GTK_EDITABLE (region->language), 10);
  gtk_widget_set_tooltip_text (region->language, _("Tesseract languages, e.g. rus or rus+eng"));
  /* TRANSLATORS: "Read as [Single line] in [rus]": the layout, then the OCR languages. */
  gtk_box_append (GTK_BOX (row), gtk_label_new (_("Read as")));
  gtk_box_append (GTK_BOX (row), region->layout);
  gtk_box_append (GTK_BOX (row), gtk_label_new (C_("OCR languages", "in")));
  gtk_box_append (GTK_BOX (row), region->language);
  gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
  region->comparison = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (region->comparison), TRUE);
  gtk_label_set_selectable (GTK_LABEL (region->comparison), TRUE);
  gtk_widget_set_size_request (region->comparison, 640, -1);
  gtk_box_append (GTK_BOX (grid), row);
  gtk_box_append (GTK_BOX (grid), region->comparison);
  g_signal_connect_swapped (region->layout, "notify::selected", G_CALLBACK (read_region_again),
                            region);
  g_signal_connect_swapped (region->language, "activate", G_CALLBACK (read_region_again), region);
  return grid;
}

/* OCR of a rectangle the editor drew, beside the text it covers, letter by letter. */
void
_vn_window_read_region (VnWindow    *self,
                        const VnBox *box)
{
  PIX *page = _vn_window_get_page_image (self, self->current_page);
  Region *region;
  BOX *clip;

  if (page == NULL || self->collation == NULL || box->w < 8 || box->h < 8)
    return;
  region = g_new0 (Region, 1);
  region->self = g_object_ref (self);
  clip = boxCreate (box->x, box->y, box->w, box->h);
  region->crop = pixClipRectangle (page, clip, NULL);
  boxDestroy (&clip);
  region->transcription = text_in_region (self, box);
  region->dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Region Read Again"),
                                           _("The letters that differ are highlighted."));
  g_object_add_weak_pointer (G_OBJECT (region->dialog), (gpointer *) &region->dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (region->dialog),
                                      region_controls (region, box));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (region->dialog), "close", _("_Close"));
  g_object_set_data_full (G_OBJECT (region->dialog), "region", region,
                          (GDestroyNotify) region_free);
  gtk_window_present (GTK_WINDOW (region->dialog));
  read_region_again (region);
}

/* ------------------------------------------------------------------ concordance */

static void
concordance_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         VnWindow         *self)
{
  GListModel *found = g_object_get_data (G_OBJECT (dialog), "found");
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "checks");
  g_autofree gboolean *chosen = NULL;
  g_autoptr(GError) error = NULL;
  guint applied;

  if (g_strcmp0 (response, "apply") != 0)
    return;
  chosen = g_new0 (gboolean, checks->len + 1);
  for (guint i = 0; i < checks->len; i++)
    chosen[i] = gtk_check_button_get_active (g_ptr_array_index (checks, i));
  applied = vn_concordance_apply (self->session, found, chosen, &error);
  if (error != NULL)
    _vn_window_toast (self, error->message);
  else
    {
      g_autofree char *message = g_strdup_printf (ngettext ("%u occurrence corrected",
                                                            "%u occurrences corrected", applied),
                                                  applied);
      _vn_window_toast (self, message);
    }
}

static GtkWidget *
occurrence_row (VnWindow     *self,
                VnOccurrence *o,
                GPtrArray    *checks)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *title = g_strdup_printf ("%s → %s", vn_occurrence_get_before (o),
                                            vn_occurrence_get_after (o));
  g_autofree char *subtitle = g_strdup_printf (_("%s · page %d"),
                                               vn_occurrence_reason_to_string (
                                                 vn_occurrence_get_reason (o)),
                                               vn_occurrence_get_page (o) + 1);
  PIX *page = _vn_window_get_page_image (self, MAX (0, vn_occurrence_get_page (o)));
  VnBox b = vn_occurrence_get_bbox (o);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  if (page != NULL && b.w > 0)
    {
      BOX *box = boxCreate (MAX (0, b.x - 8), MAX (0, b.y - 8), b.w + 16, b.h + 16);
      PIX *crop = pixClipRectangle (page, box, NULL);
      PIX *rgb = crop ? pixConvertTo32 (crop) : NULL;
      boxDestroy (&box);
      if (rgb != NULL)
        {
          g_autoptr(GBytes) bytes = NULL;
          int w = pixGetWidth (rgb), h = pixGetHeight (rgb);
          guint8 *data = g_malloc ((gsize) w * h * 3);
          g_autoptr(GdkTexture) texture = NULL;
          GtkWidget *picture;

          for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
              {
                l_int32 r, g, bl;
                extractRGBValues (pixGetData (rgb)[y * pixGetWpl (rgb) + x], &r, &g, &bl);
                data[(y * w + x) * 3] = r, data[(y * w + x) * 3 + 1] = g, data[(y * w + x) * 3 + 2] = bl;
              }
          bytes = g_bytes_new_take (data, (gsize) w * h * 3);
          texture = gdk_memory_texture_new (w, h, GDK_MEMORY_R8G8B8, bytes, (gsize) w * 3);
          picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
          gtk_widget_set_size_request (picture, 180, 40);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), picture);
        }
      pixDestroy (&crop);
      pixDestroy (&rgb);
    }
  g_ptr_array_add (checks, check);
  return row;
}

/* The concordance: other places with this error, with their crops and check boxes. */
void
_vn_window_show_concordance (VnWindow *self)
{
  VnDiscrepancy *d = self->current;
  g_autoptr(GListModel) found = vn_concordance_find (self->collation, self->session, self->spell,
                                                     vn_discrepancy_get_transcription (d),
                                                     vn_discrepancy_get_suggestion (d));
  GPtrArray *checks = g_ptr_array_new ();
  GtkWidget *list = gtk_list_box_new (), *scroller = gtk_scrolled_window_new ();
  guint n = g_list_model_get_n_items (found);
  g_autofree char *heading = g_strdup_printf (_("Correct “%s” Like This Elsewhere"),
                                              vn_discrepancy_get_transcription (d));
  g_autofree char *body = g_strdup_printf (ngettext ("%u place, this one included, has the same "
                                                     "error or the same confusion of letters. "
                                                     "Each fix is saved as its own correction.",
                                                     "%u places, this one included, have the same "
                                                     "error or the same confusion of letters. "
                                                     "Each fix is saved as its own correction.",
                                                     n), n);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                                        body));

  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(VnOccurrence) o = g_list_model_get_item (found, i);
      gtk_list_box_append (GTK_LIST_BOX (list), occurrence_row (self, o, checks));
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_widget_set_size_request (scroller, 560, -1);
  adw_message_dialog_set_extra_child (dialog, scroller);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "apply",
                                    _("_Correct Selected"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "apply", g_list_model_get_n_items (found) > 0);
  g_object_set_data_full (G_OBJECT (dialog), "found", g_object_ref (found), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (concordance_response_cb), self);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ files */

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    VnWindow        *self)
{
  const char *format = g_object_get_data (G_OBJECT (chooser), "format");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = g_file_get_path (file);
  if (g_str_has_prefix (format, "errata"))
    {
      g_autofree char *data = g_str_equal (format, "errata-csv")
        ? vn_errata_to_csv (self->session, self->collation)
        : vn_errata_to_json (self->session, self->collation, vn_project_get_scan_pages (self->project));
      ok = g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error);
    }
  else
    {
      VnExportFormat f = VN_EXPORT_TEXT;
      g_autoptr(VnCollation) verified = vn_document_collate_verified (self->document, &error);

      vn_export_format_from_string (format, &f);
      ok = verified && vn_export_write (verified, vn_project_get_scan_pages (self->project), f,
                                        path, &error);
    }
  if (ok)
    {
      g_autofree char *message = g_strdup_printf (_("Exported to %s"), path);
      _vn_window_toast (self, message);
    }
  else
    _vn_window_toast (self, error->message);
out:
  g_object_unref (chooser);
}

void
_vn_window_export (VnWindow   *self,
                   const char *format)
{
  GtkFileChooserNative *chooser;
  VnExportFormat f;
  g_autofree char *name = NULL;
  const char *base = self->project && vn_project_get_folder (self->project)
                     ? vn_project_get_folder (self->project) : "document";
  g_autofree char *stem = g_path_get_basename (base);

  chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  if (g_str_equal (format, "errata-csv"))
    name = g_strdup_printf ("%s-errata.csv", stem);
  else if (g_str_equal (format, "errata-json"))
    name = g_strdup_printf ("%s-errata.json", stem);
  else if (vn_export_format_from_string (format, &f))
    name = g_strdup_printf ("%s-verified.%s", stem, vn_export_format_extension (f));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name ? name : "export");
  g_object_set_data_full (G_OBJECT (chooser), "format", g_strdup (format), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
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

/* ------------------------------------------------------------------ keys */

void
_vn_window_class_actions_init (GtkWidgetClass *klass)
{
  /* Single keys act when the focus is not in the text: typing there types. */
  static const struct { const char *name; GtkWidgetActionActivateFunc func; guint key; } review[] = {
    { "win.next-discrepancy", next_discrepancy, GDK_KEY_n },
    { "win.previous-discrepancy", previous_discrepancy, GDK_KEY_p },
    { "win.accept-suggestion", accept_suggestion, GDK_KEY_a },
    { "win.take-ocr", take_ocr, GDK_KEY_o },
    { "win.keep", keep_transcription, GDK_KEY_k },
    { "win.edit-word", edit_word, GDK_KEY_e },
    { "win.verify", mark_verified, GDK_KEY_v },
    { "win.concordance", concordance, GDK_KEY_b },
  };

  for (guint i = 0; i < G_N_ELEMENTS (review); i++)
    {
      gtk_widget_class_install_action (klass, review[i].name, NULL, review[i].func);
      gtk_widget_class_add_binding_action (klass, review[i].key, 0, review[i].name, NULL);
    }
  gtk_widget_class_add_binding_action (klass, GDK_KEY_F8, 0, "win.next-discrepancy", NULL);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_F8, GDK_SHIFT_MASK,
                                       "win.previous-discrepancy", NULL);
  gtk_widget_class_install_action (klass, "win.undo", NULL, undo);
  gtk_widget_class_install_action (klass, "win.redo", NULL, redo);
  gtk_widget_class_install_action (klass, "win.page-status", "s", page_status);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_1, GDK_ALT_MASK, "win.page-status", "s",
                                       "not-proofread");
  gtk_widget_class_add_binding_action (klass, GDK_KEY_2, GDK_ALT_MASK, "win.page-status", "s",
                                       "proofread");
  gtk_widget_class_add_binding_action (klass, GDK_KEY_3, GDK_ALT_MASK, "win.page-status", "s",
                                       "validated");
  gtk_widget_class_add_binding_action (klass, GDK_KEY_4, GDK_ALT_MASK, "win.page-status", "s",
                                       "problematic");
  gtk_widget_class_install_action (klass, "win.next-page", NULL, next_page);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-page",
                                       NULL);
  gtk_widget_class_install_action (klass, "win.previous-page", NULL, previous_page);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "win.previous-page", NULL);
  gtk_widget_class_install_action (klass, "win.cancel-ocr", NULL, cancel_ocr);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_Escape, 0, "win.cancel-ocr", NULL);
  gtk_widget_class_install_action (klass, "win.show-help", NULL, show_help);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_F1, 0, "win.show-help", NULL);
  gtk_widget_class_install_action (klass, "win.preferences", NULL, show_preferences);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences",
                                       NULL);
  gtk_widget_class_install_action (klass, "win.open-folder", NULL, open_folder);
  gtk_widget_class_install_action (klass, "win.open-files", NULL, open_files);
  gtk_widget_class_install_action (klass, "win.export", "s", export);
  gtk_widget_class_install_action (klass, "win.show-translation", NULL, show_translation);
  gtk_widget_class_install_property_action (klass, "win.show-cleaned", "show-cleaned");
  gtk_widget_class_add_binding_action (klass, GDK_KEY_t, 0, "win.show-cleaned", NULL);
  gtk_widget_class_install_property_action (klass, "win.colorblind-safe", "colorblind-safe");
}
