/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-window-actions.c: everything the editor can do in the window, as actions with keys; the
 * keyboard shortcuts window (ui/gtk/help-overlay.ui) lists the same keys. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vn-accept.h"
#include "vn-concordance-dialog.h"
#include "vn-help-window.h"
#include "vn-preferences-window.h"
#include "vn-region-window.h"
#include "vn-scan-line.h"
#include "vn-window-private.h"

/* ------------------------------------------------------------------ review */

static void
next_discrepancy (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  g_autoptr(VnDiscrepancy) next = _vn_window_next_open (self, 1, FALSE);

  if (next != NULL)
    _vn_window_select (self, next);
  else
    gtk_widget_error_bell (widget);
}

static void
previous_discrepancy (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  g_autoptr(VnDiscrepancy) previous = _vn_window_next_open (self, -1, FALSE);

  if (previous != NULL)
    _vn_window_select (self, previous);
  else
    gtk_widget_error_bell (widget);
}

/* Replaces @d's transcription with @text; FALSE, the editor told why, when it cannot. */
static gboolean
correct (VnWindow           *self,
         VnDiscrepancy      *d,
         const char         *text,
         VnCorrectionSource  source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) c = NULL;
  VnBox box = vn_discrepancy_get_bbox (d);

  c = vn_session_correct (self->session, vn_discrepancy_get_start (d), vn_discrepancy_get_end (d),
                          text, source, vn_discrepancy_get_page (d), &box, NULL, &error);
  if (c == NULL)
    {
      _vn_window_toast (self, error->message);
      _vn_window_update_read_only (self);
    }
  return c != NULL;
}

/* The OCR's reading of @d; an insertion needs a space to stand apart from the word before. */
static char *
ocr_reading (VnDiscrepancy *d)
{
  if (vn_discrepancy_get_start (d) == vn_discrepancy_get_end (d))
    return g_strconcat (" ", vn_discrepancy_get_ocr (d), NULL);
  return g_strdup (vn_discrepancy_get_ocr (d));
}

static gboolean
keep (VnWindow      *self,
      VnDiscrepancy *d)
{
  g_autoptr(GError) error = NULL;

  if (vn_session_keep (self->session, vn_discrepancy_get_start (d), vn_discrepancy_get_end (d),
                       &error))
    return TRUE;
  _vn_window_toast (self, error->message);
  _vn_window_update_read_only (self);
  return FALSE;
}

/* "a" does what the verdict says (vn_accept_discrepancy): the suggestion for a likely
 * transcription error, the transcription kept for a likely OCR error; on "unsure" it does
 * nothing and says to choose, o or k. */
static gboolean
accept (VnWindow      *self,
        VnDiscrepancy *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) correction = NULL;

  if (vn_accept_discrepancy (self->session, d, &correction, &error))
    return TRUE;
  _vn_window_toast (self, error->message);
  _vn_window_update_read_only (self);
  return FALSE;
}

typedef enum { ANSWER_ACCEPT, ANSWER_OCR, ANSWER_KEEP } Answer;

static gboolean
answer (VnWindow      *self,
        VnDiscrepancy *d,
        Answer         kind)
{
  g_autofree char *ocr = NULL;

  switch (kind)
    {
    case ANSWER_ACCEPT:
      return accept (self, d);
    case ANSWER_OCR:
      ocr = ocr_reading (d);
      return correct (self, d, ocr, VN_SOURCE_OCR);
    case ANSWER_KEEP:
    default:
      return keep (self, d);
    }
}

static void
answer_current (VnWindow *self,
                Answer    kind)
{
  if (self->current != NULL && answer (self, self->current, kind))
    _vn_window_advance (self);
}

static void
accept_suggestion (GtkWidget *widget, const char *name, GVariant *param)
{
  answer_current (VN_WINDOW (widget), ANSWER_ACCEPT);
}

static void
take_ocr (GtkWidget *widget, const char *name, GVariant *param)
{
  answer_current (VN_WINDOW (widget), ANSWER_OCR);
}

static void
keep_transcription (GtkWidget *widget, const char *name, GVariant *param)
{
  answer_current (VN_WINDOW (widget), ANSWER_KEEP);
}

/* The open discrepancies on the selection's line, in reading order. */
static GPtrArray *
line_discrepancies (VnWindow *self)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *order = G_LIST_MODEL (self->reading_order);
  g_autoptr(VnScanLine) line = NULL;

  for (guint i = 0; self->lines && i < g_list_model_get_n_items (self->lines) && !line; i++)
    {
      g_autoptr(VnScanLine) candidate = g_list_model_get_item (self->lines, i);
      if (self->current_token >= 0 && vn_scan_line_has_token (candidate, self->current_token))
        line = g_steal_pointer (&candidate);
    }
  for (guint i = 0; line != NULL && i < g_list_model_get_n_items (order); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (order, i);
      guint first, n;

      vn_discrepancy_get_tokens (d, &first, &n);
      if (n > 0 && vn_scan_line_has_token (line, first) &&
          !vn_session_is_resolved (self->session, d))
        g_ptr_array_add (found, g_steal_pointer (&d));
    }
  return found;
}

/* One answer for every open discrepancy of the line; then the next line's first. Accepting
 * the line follows each verdict and leaves the unsure ones open: the first of them is
 * selected, with the sentence that asks for o or k. */
static void
answer_line (VnWindow *self,
             Answer    kind)
{
  g_autoptr(GPtrArray) found = line_discrepancies (self);
  VnDiscrepancy *unsure = NULL;

  for (guint i = 0; i < found->len; i++)
    {
      VnDiscrepancy *d = g_ptr_array_index (found, i);

      if (kind == ANSWER_ACCEPT && vn_accept_action_for (d) == VN_ACCEPT_CHOOSE)
        unsure = unsure ? unsure : d;
      else if (!answer (self, d, kind))
        return;
    }
  if (unsure != NULL)
    {
      _vn_window_select (self, unsure);
      accept (self, unsure);
      return;
    }
  if (found->len == 0)
    return;
  g_set_object (&self->current, g_ptr_array_index (found, found->len - 1));
  _vn_window_advance (self);
}

static void
accept_line (GtkWidget *widget, const char *name, GVariant *param)
{
  answer_line (VN_WINDOW (widget), ANSWER_ACCEPT);
}

static void
take_ocr_line (GtkWidget *widget, const char *name, GVariant *param)
{
  answer_line (VN_WINDOW (widget), ANSWER_OCR);
}

static void
keep_line (GtkWidget *widget, const char *name, GVariant *param)
{
  answer_line (VN_WINDOW (widget), ANSWER_KEEP);
}

/* "v": the selection checked against the scan; a discrepancy verified gives way to the next,
 * as an answer does. Again, it is unverified. */
static void
mark_verified (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  guint start, end;
  gboolean verified;

  if (self->current != NULL)
    start = vn_discrepancy_get_start (self->current), end = vn_discrepancy_get_end (self->current);
  else
    {
      const VnToken *t = vn_transcription_get_token (vn_session_get_canonical (self->session),
                                                     self->current_token);
      start = t->core_start, end = t->core_end;
    }
  verified = !vn_session_is_verified (self->session, start, end);
  if (!vn_session_set_verified (self->session, start, end, verified, &error))
    {
      _vn_window_toast (self, error->message);
      _vn_window_update_read_only (self);
    }
  else if (verified && self->current != NULL)
    _vn_window_advance (self);
}

static void
edit_word (GtkWidget *widget, const char *name, GVariant *param)
{
  _vn_window_begin_edit (VN_WINDOW (widget));
}

static void
finish_edit (GtkWidget *widget, const char *name, GVariant *param)
{
  _vn_window_finish_edit (VN_WINDOW (widget));
}

static void
cancel_edit (GtkWidget *widget, const char *name, GVariant *param)
{
  _vn_window_cancel_edit (VN_WINDOW (widget));
}

static void
compose (GtkWidget *widget, const char *name, GVariant *param)
{
  VN_WINDOW (widget)->compose_pending = TRUE;
}

static void
insert_letter (GtkWidget *widget, const char *name, GVariant *param)
{
  _vn_window_insert_letter (VN_WINDOW (widget), g_variant_get_string (param, NULL));
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

/* ------------------------------------------------------------------ pages and view */

static void
page_status (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  VnPageStatus status;

  if (!vn_page_status_from_string (g_variant_get_string (param, NULL), &status))
    return;
  if (!vn_session_set_page_status (self->session, self->current_page, status, &error))
    {
      _vn_window_toast (self, error->message);
      _vn_window_update_read_only (self);
    }
}

static void
next_page (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  _vn_window_turn_page (self, self->current_page + 1);
}

static void
previous_page (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  _vn_window_turn_page (self, self->current_page - 1);
}

/* "in", "out", "page", "width" or "original", as the scan's own keys do. */
static void
zoom (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  const char *how = g_variant_get_string (param, NULL);
  g_autofree char *action = g_str_equal (how, "in") || g_str_equal (how, "out") ||
                            g_str_equal (how, "original")
                            ? g_strdup_printf ("scan.zoom-%s", how)
                            : g_strdup_printf ("scan.zoom-fit-%s", how);

  gtk_widget_activate_action (GTK_WIDGET (self->scan_view), action, NULL);
}

static void
find (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);

  if (self->line_mode)
    g_object_set (self, "line-mode", FALSE, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
cancel_ocr (GtkWidget *widget, const char *name, GVariant *param)
{
  g_cancellable_cancel (VN_WINDOW (widget)->cancellable);
}

/* ------------------------------------------------------------------ tools and windows */

/* The box of the selected word's line, with a little room around it. */
static gboolean
selected_line_box (VnWindow *self,
                   VnBox    *box)
{
  for (guint i = 0; self->lines && self->current_token >= 0 &&
                    i < g_list_model_get_n_items (self->lines); i++)
    {
      g_autoptr(VnScanLine) line = g_list_model_get_item (self->lines, i);

      if (vn_scan_line_has_token (line, self->current_token))
        {
          VnBox b = vn_scan_line_get_box (line);
          int pad = MAX (4, b.h / 4);

          *box = (VnBox) { b.x - pad, b.y - pad, b.w + 2 * pad, b.h + 2 * pad };
          return TRUE;
        }
    }
  return FALSE;
}

static void
read_region (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  g_autoptr(VnPageImage) page = _vn_window_dup_page_image (self, self->current_page);
  VnBox box;

  g_variant_get (param, "(iiii)", &box.x, &box.y, &box.w, &box.h);
  if (box.w == 0 && box.h == 0 && !selected_line_box (self, &box))
    return;
  if (page == NULL || self->collation == NULL || box.w < 8 || box.h < 8)
    return;
  gtk_window_present (vn_region_window_new (GTK_WINDOW (self), self->document, self->lines,
                                            self->current_page, page, &box));
}

static void
concordance (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);

  gtk_window_present (vn_concordance_dialog_new (GTK_WINDOW (self), self->document,
                                                 self->page_cache, self->current));
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
reopen (GtkWidget *widget, const char *name, GVariant *param)
{
  _vn_window_reopen (VN_WINDOW (widget));
}

static void
export (GtkWidget *widget, const char *name, GVariant *param)
{
  _vn_window_export (VN_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
show_help (GtkWidget *widget, const char *name, GVariant *param)
{
  vn_help_window_show (GTK_WINDOW (widget));
}

/* The preferences say which OCR languages "Automatic" chose for the project open here. */
static void
show_preferences (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  GtkWindow *preferences = vn_preferences_window_new (GTK_WINDOW (widget), NULL);

  if (self->engine != NULL)
    vn_preferences_window_set_chosen_languages (VN_PREFERENCES_WINDOW (preferences),
                                                vn_ocr_engine_get_languages (self->engine));
  gtk_window_present (preferences);
}

static void
show_translation (GtkWidget *widget, const char *name, GVariant *param)
{
  VnWindow *self = VN_WINDOW (widget);
  const char *path = self->project ? vn_project_get_translation_path (self->project) : NULL;
  g_autofree char *text = NULL;
  GtkWidget *window, *scroller, *view, *box;

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
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

/* ------------------------------------------------------------------ what is possible */

static void
enable (VnWindow   *self,
        const char *action,
        gboolean    enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), action, enabled);
}

/* Answers need a selected discrepancy in a writable project, and no edit under way; editing
 * needs a selected word. A read-only project offers nothing that changes it. */
void
_vn_window_update_actions (VnWindow *self)
{
  gboolean have_doc = self->collation != NULL;
  /* While the pages stream in, the queue's answers are journaled by their place in the
   * canonical text, as they will be; editing words waits for the words to be placed. */
  gboolean have_queue = have_doc || _vn_window_is_streaming (self);
  gboolean writable = have_doc && _vn_window_is_writable (self);
  gboolean reviewing = writable && !self->editing;
  gboolean answering = have_queue && _vn_window_is_writable (self) && !self->editing &&
                       self->current != NULL;
  gboolean current = reviewing && self->current != NULL;
  gboolean word = reviewing && (self->current != NULL || self->current_token >= 0);
  guint n_pages = self->project ? vn_project_get_scan_pages (self->project)->len : 0;

  enable (self, "win.next-discrepancy", have_queue && !self->editing);
  enable (self, "win.previous-discrepancy", have_queue && !self->editing);
  enable (self, "win.accept-suggestion", answering);
  enable (self, "win.take-ocr", answering);
  enable (self, "win.keep", answering);
  enable (self, "win.accept-line", reviewing && self->current_token >= 0);
  enable (self, "win.take-ocr-line", reviewing && self->current_token >= 0);
  enable (self, "win.keep-line", reviewing && self->current_token >= 0);
  enable (self, "win.verify", word && (self->current == NULL ||
                                       vn_discrepancy_get_start (self->current) <
                                       vn_discrepancy_get_end (self->current)));
  enable (self, "win.edit-word", word);
  enable (self, "win.finish-edit", self->editing);
  enable (self, "win.cancel-edit", self->editing);
  enable (self, "win.compose", self->editing);
  enable (self, "win.insert-letter", self->editing);
  enable (self, "win.concordance", current);
  enable (self, "win.read-region", have_doc);
  enable (self, "win.undo", writable && vn_session_can_undo (self->session));
  enable (self, "win.redo", writable && vn_session_can_redo (self->session));
  enable (self, "win.page-status", writable);
  enable (self, "win.export", have_doc);
  enable (self, "win.reopen", self->project != NULL);
  enable (self, "win.cancel-ocr", self->project != NULL && !have_doc);
  enable (self, "win.next-page", self->current_page + 1 < n_pages);
  enable (self, "win.previous-page", self->current_page > 0);
  enable (self, "win.show-translation",
          self->project && vn_project_get_translation_path (self->project));
  gtk_widget_set_sensitive (GTK_WIDGET (self->letters_button), self->editing);
}

/* ------------------------------------------------------------------ keys */

static void
add_key (GtkWidgetClass  *klass,
         guint            key,
         GdkModifierType  mods,
         const char      *action,
         const char      *target)
{
  if (target != NULL)
    gtk_widget_class_add_binding_action (klass, key, mods, action, "s", target);
  else
    gtk_widget_class_add_binding_action (klass, key, mods, action, NULL);
}

/* Single keys act when the focus is not in something being typed in: the text is not
 * editable until "e", and the search field and a line's field take their own letters. */
static void
install_review_actions (GtkWidgetClass *klass)
{
  static const struct
  {
    const char *name;
    GtkWidgetActionActivateFunc func;
    guint key;
    GdkModifierType mods;
  } review[] = {
    { "win.next-discrepancy", next_discrepancy, GDK_KEY_n, 0 },
    { "win.previous-discrepancy", previous_discrepancy, GDK_KEY_p, 0 },
    { "win.accept-suggestion", accept_suggestion, GDK_KEY_a, 0 },
    { "win.take-ocr", take_ocr, GDK_KEY_o, 0 },
    { "win.keep", keep_transcription, GDK_KEY_k, 0 },
    { "win.edit-word", edit_word, GDK_KEY_e, 0 },
    { "win.verify", mark_verified, GDK_KEY_v, 0 },
    { "win.concordance", concordance, GDK_KEY_b, 0 },
    { "win.accept-line", accept_line, GDK_KEY_a, GDK_SHIFT_MASK },
    { "win.take-ocr-line", take_ocr_line, GDK_KEY_o, GDK_SHIFT_MASK },
    { "win.keep-line", keep_line, GDK_KEY_k, GDK_SHIFT_MASK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (review); i++)
    {
      gtk_widget_class_install_action (klass, review[i].name, NULL, review[i].func);
      add_key (klass, review[i].key, review[i].mods, review[i].name, NULL);
    }
  add_key (klass, GDK_KEY_F8, 0, "win.next-discrepancy", NULL);
  add_key (klass, GDK_KEY_F8, GDK_SHIFT_MASK, "win.previous-discrepancy", NULL);
  /* Enter and Esc are caught by the text and the lines' fields (vn-window-text.c). */
  gtk_widget_class_install_action (klass, "win.finish-edit", NULL, finish_edit);
  add_key (klass, GDK_KEY_Return, 0, "win.finish-edit", NULL);
  gtk_widget_class_install_action (klass, "win.cancel-edit", NULL, cancel_edit);
  add_key (klass, GDK_KEY_Escape, 0, "win.cancel-edit", NULL);
  gtk_widget_class_install_action (klass, "win.compose", NULL, compose);
  add_key (klass, GDK_KEY_semicolon, GDK_CONTROL_MASK, "win.compose", NULL);
  gtk_widget_class_install_action (klass, "win.insert-letter", "s", insert_letter);
  /* Also the application's accelerators; here for a window without one (the tests'). */
  gtk_widget_class_install_action (klass, "win.undo", NULL, undo);
  add_key (klass, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_install_action (klass, "win.redo", NULL, redo);
  add_key (klass, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
}

static void
install_page_actions (GtkWidgetClass *klass)
{
  static const char *statuses[] = { "not-proofread", "proofread", "validated", "problematic" };
  static const struct { guint key; const char *target; } zooms[] = {
    { GDK_KEY_plus, "in" }, { GDK_KEY_equal, "in" }, { GDK_KEY_KP_Add, "in" },
    { GDK_KEY_minus, "out" }, { GDK_KEY_KP_Subtract, "out" }, { GDK_KEY_0, "page" },
    { GDK_KEY_1, "original" }, { GDK_KEY_2, "width" },
  };

  gtk_widget_class_install_action (klass, "win.page-status", "s", page_status);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    add_key (klass, GDK_KEY_1 + i, GDK_ALT_MASK, "win.page-status", statuses[i]);
  gtk_widget_class_install_action (klass, "win.next-page", NULL, next_page);
  add_key (klass, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-page", NULL);
  gtk_widget_class_install_action (klass, "win.previous-page", NULL, previous_page);
  add_key (klass, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.previous-page", NULL);
  gtk_widget_class_install_action (klass, "win.zoom", "s", zoom);
  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    add_key (klass, zooms[i].key, GDK_CONTROL_MASK, "win.zoom", zooms[i].target);
  gtk_widget_class_install_property_action (klass, "win.line-mode", "line-mode");
  add_key (klass, GDK_KEY_l, GDK_CONTROL_MASK, "win.line-mode", NULL);
  gtk_widget_class_install_property_action (klass, "win.review-order", "review-order");
  gtk_widget_class_install_property_action (klass, "win.show-cleaned", "show-cleaned");
  add_key (klass, GDK_KEY_t, 0, "win.show-cleaned", NULL);
  gtk_widget_class_install_property_action (klass, "win.colorblind-safe", "colorblind-safe");
}

static void
install_window_actions (GtkWidgetClass *klass)
{
  gtk_widget_class_install_action (klass, "win.find", NULL, find);
  add_key (klass, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_install_action (klass, "win.cancel-ocr", NULL, cancel_ocr);
  add_key (klass, GDK_KEY_Escape, 0, "win.cancel-ocr", NULL);
  /* Shift+drag on the scan reads a rectangle; "r" the selected word's line. */
  gtk_widget_class_install_action (klass, "win.read-region", "(iiii)", read_region);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_r, 0, "win.read-region", "(iiii)", 0, 0, 0,
                                       0);
  gtk_widget_class_install_action (klass, "win.show-help", NULL, show_help);
  add_key (klass, GDK_KEY_F1, 0, "win.show-help", NULL);
  gtk_widget_class_install_action (klass, "win.preferences", NULL, show_preferences);
  add_key (klass, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_install_action (klass, "win.open-folder", NULL, open_folder);
  gtk_widget_class_install_action (klass, "win.open-files", NULL, open_files);
  gtk_widget_class_install_action (klass, "win.reopen", NULL, reopen);
  gtk_widget_class_install_action (klass, "win.export", "s", export);
  gtk_widget_class_install_action (klass, "win.show-translation", NULL, show_translation);
}

/* Page turns work wherever the focus is: the queue and the text have Ctrl+Page Up and Down
 * of their own (scrolling), which would otherwise take them first. */
void
_vn_window_init_actions (VnWindow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  static const struct { guint key; const char *action; } bindings[] = {
    { GDK_KEY_Page_Down, "win.next-page" }, { GDK_KEY_Page_Up, "win.previous-page" },
  };

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    {
      GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (bindings[i].key, GDK_CONTROL_MASK);
      GtkShortcutAction *action = gtk_named_action_new (bindings[i].action);

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                            gtk_shortcut_new (trigger, action));
    }
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

void
_vn_window_class_actions_init (GtkWidgetClass *klass)
{
  install_review_actions (klass);
  install_page_actions (klass);
  install_window_actions (klass);
}
