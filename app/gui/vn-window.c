/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-window.c: the workbench: the scan, the transcription and the review queue, linked so
 * that selecting a word anywhere selects it everywhere. OCR and collation run in a worker
 * thread; the main loop only draws. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "verno-resources.h"
#include "vn-document.h"
#include "vn-export.h"
#include "vn-runtime.h"
#include "vn-scan.h"
#include "vn-settings.h"
#include "vn-text.h"
#include "vn-window-private.h"

G_DEFINE_FINAL_TYPE (VnWindow, vn_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_SHOW_CLEANED, PROP_COLORBLIND_SAFE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { FILTER_ALL, FILTER_UNRESOLVED, FILTER_TRANSCRIPTION, FILTER_OCR, FILTER_RESOLVED };

/* pixDestroy takes a PIX **: not a GDestroyNotify. */
static void
pix_free (gpointer data)
{
  PIX *pix = data;
  pixDestroy (&pix);
}

/* ------------------------------------------------------------------ offsets */

/* Canonical bytes [start, end) as character offsets into the verified text shown. */
static void
canonical_to_chars (VnWindow *self,
                    guint     start,
                    guint     end,
                    int      *char_start,
                    int      *char_end)
{
  guint vs = vn_session_canonical_to_verified (self->session, start);
  guint ve = vn_session_canonical_to_verified (self->session, end);
  VnCorrection *c = vn_session_find_correction (self->session, start, end);

  /* A corrected span shows its replacement: cover all of it. */
  if (c != NULL)
    {
      vs = vn_session_canonical_to_verified (self->session, vn_correction_get_start (c));
      ve = vs + strlen (vn_correction_get_after (c));
    }
  *char_start = g_utf8_pointer_to_offset (self->verified, self->verified + vs);
  *char_end = g_utf8_pointer_to_offset (self->verified, self->verified + MAX (ve, vs));
}

static guint
iter_to_bytes (VnWindow          *self,
               const GtkTextIter *iter)
{
  const char *at = g_utf8_offset_to_pointer (self->verified, gtk_text_iter_get_offset (iter));
  return at - self->verified;
}

/* ------------------------------------------------------------------ states */

static const char *
resolution_of (VnWindow      *self,
               VnDiscrepancy *d)
{
  guint start = vn_discrepancy_get_start (d), end = vn_discrepancy_get_end (d);
  VnCorrection *c = vn_session_find_correction (self->session, start, end);

  if (c != NULL)
    switch (vn_correction_get_source (c))
      {
      case VN_SOURCE_SUGGESTION: return _("Suggestion accepted");
      case VN_SOURCE_OCR: return _("OCR reading taken");
      case VN_SOURCE_BATCH: return _("Fixed in batch");
      default: return _("Edited");
      }
  if (vn_session_is_kept (self->session, start, end))
    return _("Kept");
  if (start < end && vn_session_is_verified (self->session, start, end))
    return _("Verified");
  return NULL;
}

static VnBoxState
token_state (VnWindow *self,
             guint     token,
             gboolean  in_open_discrepancy)
{
  const VnToken *t = vn_transcription_get_token (vn_session_get_canonical (self->session), token);
  const VnTokenPlacement *pl = vn_collation_get_placement (self->collation, token);

  if (vn_session_find_correction (self->session, t->core_start, t->core_end))
    return VN_BOX_EDITED;
  if (vn_session_is_verified (self->session, t->core_start, t->core_end))
    return VN_BOX_VERIFIED;
  if (in_open_discrepancy)
    return VN_BOX_DISAGREES;
  if (pl->first_ocr >= 0 && vn_collation_get_ocr_word (self->collation, pl->first_ocr, NULL)
                              ->confidence < 60)
    return VN_BOX_LOW_CONFIDENCE;
  return VN_BOX_AGREES;
}

static char *
token_tooltip (VnWindow *self,
               guint     token)
{
  const VnTokenPlacement *pl = vn_collation_get_placement (self->collation, token);
  const VnToken *t = vn_transcription_get_token (vn_session_get_canonical (self->session), token);
  const VnOcrWord *word;

  /* Also what a screen reader says of the box (vn-scan-view.c), one line per clause. */
  if (pl->first_ocr < 0)
    return g_strdup_printf (_("Transcription: %s\nNot found by OCR; region estimated from its "
                              "neighbours"), t->text);
  word = vn_collation_get_ocr_word (self->collation, pl->first_ocr, NULL);
  return g_strdup_printf (_("Transcription: %s\nOCR: %s (confidence %.0f%%)"), t->text, word->text,
                          word->confidence);
}

/* Tokens inside open discrepancies, by canonical token index. */
static GHashTable *
open_tokens (VnWindow *self)
{
  GHashTable *open = g_hash_table_new (NULL, NULL);
  GListModel *list = G_LIST_MODEL (self->collation);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (list, i);
      guint first, n;

      if (vn_session_is_resolved (self->session, d) ||
          vn_discrepancy_get_likely (d) == VN_LIKELY_OCR_ERROR)
        continue;
      vn_discrepancy_get_tokens (d, &first, &n);
      for (guint k = 0; k < n; k++)
        g_hash_table_add (open, GUINT_TO_POINTER (first + k));
    }
  return open;
}

static void
update_boxes (VnWindow *self)
{
  VnTranscription *t = vn_session_get_canonical (self->session);
  g_autoptr(GArray) boxes = g_array_new (FALSE, TRUE, sizeof (VnScanBox));
  g_autoptr(GHashTable) open = open_tokens (self);

  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    {
      const VnTokenPlacement *pl = vn_collation_get_placement (self->collation, i);
      VnScanBox box = { .box = pl->box, .id = i };

      if (pl->page != (int) self->current_page || pl->box.w <= 0)
        continue;
      box.state = token_state (self, i, g_hash_table_contains (open, GUINT_TO_POINTER (i)));
      box.tooltip = token_tooltip (self, i);
      g_array_append_val (boxes, box);
    }
  vn_scan_view_set_boxes (self->scan_view, (VnScanBox *) boxes->data, boxes->len);
  for (guint i = 0; i < boxes->len; i++)
    g_free (g_array_index (boxes, VnScanBox, i).tooltip);
}

/* ------------------------------------------------------------------ text */

static void
ensure_tags (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  static const struct { const char *name; const char *underline_rgba; } verdicts[] = {
    { "transcription-error", "#e01b24" }, { "unsure", "#e66100" }, { "ocr-error", "#9a9996" },
  };

  if (gtk_text_tag_table_lookup (table, "current") != NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      GdkRGBA rgba;
      gdk_rgba_parse (&rgba, verdicts[i].underline_rgba);
      gtk_text_buffer_create_tag (buffer, verdicts[i].name, "underline", PANGO_UNDERLINE_ERROR,
                                  "underline-rgba", &rgba, NULL);
    }
  gtk_text_buffer_create_tag (buffer, "resolved", "underline", PANGO_UNDERLINE_SINGLE,
                              "underline-rgba", &(GdkRGBA) { 0.15, 0.6, 0.3, 1 }, NULL);
  gtk_text_buffer_create_tag (buffer, "current", "background-rgba",
                              &(GdkRGBA) { 0.99, 0.85, 0.2, 0.45 }, NULL);
}

static void
tag_range (VnWindow   *self,
           const char *tag,
           guint       start,
           guint       end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter a, b;
  int cs, ce;

  canonical_to_chars (self, start, end, &cs, &ce);
  if (ce == cs)
    ce = cs + 1;  /* an insertion point: mark the character after it */
  gtk_text_buffer_get_iter_at_offset (buffer, &a, cs);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, ce);
  gtk_text_buffer_apply_tag_by_name (buffer, tag, &a, &b);
}

static void
update_text_tags (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GListModel *list = G_LIST_MODEL (self->collation);
  GtkTextIter start, end;

  if (self->collation == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_all_tags (buffer, &start, &end);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (list, i);
      const char *tag = vn_session_is_resolved (self->session, d)
                        ? "resolved" : vn_likely_to_string (vn_discrepancy_get_likely (d));

      tag_range (self, tag, vn_discrepancy_get_start (d), vn_discrepancy_get_end (d));
    }
  if (self->current != NULL)
    tag_range (self, "current", vn_discrepancy_get_start (self->current),
               vn_discrepancy_get_end (self->current));
}

static void
reload_text (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  g_free (self->verified);
  self->verified = vn_session_dup_verified_text (self->session, NULL);
  self->updating_text = TRUE;
  gtk_text_buffer_set_text (buffer, self->verified, -1);
  self->updating_text = FALSE;
  ensure_tags (self);
  update_text_tags (self);
}

/* An edit typed in the text becomes a journaled correction before it shows; one that cannot
 * be saved does not show, and the editor is told. Keystrokes in one stretch of words are one
 * correction (vn_session_edit_verified). */
static gboolean
record_typed_edit (VnWindow   *self,
                   guint       vstart,
                   guint       vend,
                   const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) c = NULL;

  c = vn_session_edit_verified (self->session, vstart, vend, text, self->current_page, NULL,
                                &error);
  if (c == NULL)
    _vn_window_toast (self, error->message);
  return c != NULL;
}

static void
buffer_insert_text_cb (VnWindow      *self,
                       GtkTextIter   *location,
                       const char    *text,
                       int            len,
                       GtkTextBuffer *buffer)
{
  g_autofree char *inserted = NULL;
  gboolean saved;

  if (self->updating_text || self->session == NULL)
    return;
  inserted = g_strndup (text, len);
  self->updating_text = TRUE;
  saved = record_typed_edit (self, iter_to_bytes (self, location), iter_to_bytes (self, location),
                             inserted);
  self->updating_text = FALSE;
  if (!saved)
    g_signal_stop_emission_by_name (buffer, "insert-text");
}

static void
buffer_delete_range_cb (VnWindow      *self,
                        GtkTextIter   *start,
                        GtkTextIter   *end,
                        GtkTextBuffer *buffer)
{
  gboolean saved;

  if (self->updating_text || self->session == NULL)
    return;
  self->updating_text = TRUE;
  saved = record_typed_edit (self, iter_to_bytes (self, start), iter_to_bytes (self, end), "");
  self->updating_text = FALSE;
  if (!saved)
    g_signal_stop_emission_by_name (buffer, "delete-range");
}

/* In the text, Ctrl+Z is the session's undo, not the text view's own (which would record its
 * undoing as new typing): the keys are caught before the text view's bindings see them. */
static void
take_text_undo_keys (VnWindow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  static const struct { guint key; GdkModifierType mods; const char *action; } bindings[] = {
    { GDK_KEY_z, GDK_CONTROL_MASK, "win.undo" },
    { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo" },
    { GDK_KEY_y, GDK_CONTROL_MASK, "win.redo" },
  };

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (bindings[i].key,
                                                                                    bindings[i].mods),
                                                            gtk_named_action_new (bindings[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);
}

/* Typing elsewhere after coming back is another correction. */
static void
text_focus_left_cb (VnWindow *self)
{
  if (self->session != NULL)
    vn_session_end_edit (self->session);
}

/* After a typed edit the buffer already shows the text: only offsets and tags follow. */
static void
buffer_changed_cb (VnWindow      *self,
                   GtkTextBuffer *buffer)
{
  if (self->updating_text || self->session == NULL)
    return;
  g_free (self->verified);
  self->verified = vn_session_dup_verified_text (self->session, NULL);
}

/* ------------------------------------------------------------------ queue */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  VnWindow *self = user_data;
  VnDiscrepancy *d = item;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean resolved = vn_session_is_resolved (self->session, d);

  if (search != NULL && *search != '\0' &&
      !strstr (vn_discrepancy_get_transcription (d), search) &&
      !strstr (vn_discrepancy_get_ocr (d), search) &&
      !strstr (vn_discrepancy_get_suggestion (d), search))
    return FALSE;
  switch (gtk_drop_down_get_selected (self->filter_dropdown))
    {
    case FILTER_UNRESOLVED: return !resolved;
    case FILTER_RESOLVED: return resolved;
    case FILTER_TRANSCRIPTION:
      return vn_discrepancy_get_likely (d) == VN_LIKELY_TRANSCRIPTION_ERROR;
    case FILTER_OCR: return vn_discrepancy_get_likely (d) == VN_LIKELY_OCR_ERROR;
    default: return TRUE;
    }
}

static void
update_count (VnWindow *self)
{
  VnProgress progress;
  g_autofree char *count = NULL, *subtitle = NULL;
  g_autofree char *resolved = NULL, *corrections = NULL, *verified = NULL;
  guint shown, n_corrections;

  if (self->collation == NULL)
    return;
  vn_session_get_progress (self->session, self->collation, -1, &progress);
  n_corrections = g_list_model_get_n_items (vn_session_get_corrections (self->session));
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  count = g_strdup_printf (ngettext ("%u shown", "%u shown", shown), shown);
  gtk_label_set_label (self->queue_count, count);
  resolved = g_strdup_printf (ngettext ("%u of %u discrepancy resolved",
                                        "%u of %u discrepancies resolved",
                                        progress.discrepancies),
                              progress.resolved, progress.discrepancies);
  corrections = g_strdup_printf (ngettext ("%u correction", "%u corrections", n_corrections),
                                 n_corrections);
  verified = g_strdup_printf (ngettext ("%u of %u word verified", "%u of %u words verified",
                                        progress.words), progress.verified, progress.words);
  subtitle = g_strdup_printf ("%s · %s · %s", resolved, corrections, verified);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
filter_changed_cb (VnWindow *self)
{
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static int
compare_double (double a,
                double b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
sort_score (gconstpointer a, gconstpointer b, gpointer data)
{
  return compare_double (vn_discrepancy_get_score ((gpointer) b), vn_discrepancy_get_score ((gpointer) a));
}

static int
sort_confidence (gconstpointer a, gconstpointer b, gpointer data)
{
  return compare_double (vn_discrepancy_get_confidence ((gpointer) a),
                         vn_discrepancy_get_confidence ((gpointer) b));
}

static int
sort_transcription (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_utf8_collate (vn_discrepancy_get_transcription ((gpointer) a),
                         vn_discrepancy_get_transcription ((gpointer) b));
}

static int
sort_ocr (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_utf8_collate (vn_discrepancy_get_ocr ((gpointer) a), vn_discrepancy_get_ocr ((gpointer) b));
}

static int
sort_suggestion (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_utf8_collate (vn_discrepancy_get_suggestion ((gpointer) a),
                         vn_discrepancy_get_suggestion ((gpointer) b));
}

static int
sort_verdict (gconstpointer a, gconstpointer b, gpointer data)
{
  return (int) vn_discrepancy_get_likely ((gpointer) a) - (int) vn_discrepancy_get_likely ((gpointer) b);
}

static int
sort_position (gconstpointer a, gconstpointer b, gpointer data)
{
  return (int) vn_discrepancy_get_start ((gpointer) a) - (int) vn_discrepancy_get_start ((gpointer) b);
}

static int
sort_kind (gconstpointer a, gconstpointer b, gpointer data)
{
  return (int) vn_discrepancy_get_kind ((gpointer) a) - (int) vn_discrepancy_get_kind ((gpointer) b);
}

static int
sort_status (gconstpointer a, gconstpointer b, gpointer data)
{
  VnWindow *self = data;
  return (int) vn_session_is_resolved (self->session, (gpointer) a) -
         (int) vn_session_is_resolved (self->session, (gpointer) b);
}

static void
set_sorter (GtkColumnViewColumn *column,
            GCompareDataFunc     func,
            gpointer             data)
{
  g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (func, data, NULL);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

static void
selection_changed_cb (VnWindow *self)
{
  VnDiscrepancy *d = gtk_single_selection_get_selected_item (self->selection);

  if (d != NULL && d != self->current)
    _vn_window_select (self, d);
}

static void
setup_queue (VnWindow *self)
{
  GtkSorter *view_sorter = gtk_column_view_get_sorter (self->queue_view);

  set_sorter (self->score_column, sort_score, self);
  set_sorter (self->confidence_column, sort_confidence, self);
  set_sorter (self->transcription_column, sort_transcription, self);
  set_sorter (self->ocr_column, sort_ocr, self);
  set_sorter (self->suggestion_column, sort_suggestion, self);
  set_sorter (self->verdict_column, sort_verdict, self);
  set_sorter (self->crop_column, sort_position, self);
  set_sorter (self->status_column, sort_status, self);
  set_sorter (self->signals_column, sort_kind, self);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (view_sorter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->queue_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb),
                            self);
  /* Sorted by score unless the editor clicks another column. */
  gtk_column_view_sort_by_column (self->queue_view, self->score_column, GTK_SORT_ASCENDING);
}

static void
label_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                VnWindow                 *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
set_cell (GtkListItem *item,
          const char  *text,
          const char  *css_class)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
  gtk_widget_set_css_classes (label, css_class ? (const char *[]) { css_class, NULL }
                                               : (const char *[]) { NULL });
}

static VnDiscrepancy *
item_discrepancy (GtkListItem *item)
{
  return gtk_list_item_get_item (item);
}

static void
transcription_bind_cb (GtkSignalListItemFactory *f, GtkListItem *item, VnWindow *self)
{
  VnDiscrepancy *d = item_discrepancy (item);
  const char *text = vn_discrepancy_get_transcription (d);
  set_cell (item, *text ? text : _("(nothing)"), NULL);
}

static void
ocr_bind_cb (GtkSignalListItemFactory *f, GtkListItem *item, VnWindow *self)
{
  const char *text = vn_discrepancy_get_ocr (item_discrepancy (item));
  set_cell (item, *text ? text : _("(not read)"), *text ? NULL : "dim-label");
}

static void
suggestion_bind_cb (GtkSignalListItemFactory *f, GtkListItem *item, VnWindow *self)
{
  const char *text = vn_discrepancy_get_suggestion (item_discrepancy (item));
  set_cell (item, *text ? text : _("(remove)"), NULL);
}

static void
confidence_bind_cb (GtkSignalListItemFactory *f, GtkListItem *item, VnWindow *self)
{
  double confidence = vn_discrepancy_get_confidence (item_discrepancy (item));
  g_autofree char *text = confidence < 0 ? g_strdup ("—") : g_strdup_printf ("%.0f%%", confidence);
  set_cell (item, text, "numeric");
}

static void
signals_bind_cb (GtkSignalListItemFactory *f, GtkListItem *item, VnWindow *self)
{
  VnDiscrepancy *d = item_discrepancy (item);
  g_auto(GStrv) signals = vn_signals_to_labels (vn_discrepancy_get_signals (d));
  g_autofree char *joined = g_strjoinv (", ", signals);
  const char *kind = vn_discrepancy_kind_to_label (vn_discrepancy_get_kind (d));
  g_autofree char *text = g_strdup_printf ("%s: %s", kind, joined);
  GtkWidget *label = gtk_list_item_get_child (item);

  /* The kind in the cell, every signal in the tooltip. */
  set_cell (item, kind, "dim-label");
  gtk_widget_set_tooltip_text (label, text);
}

static void
verdict_bind_cb (GtkSignalListItemFactory *f, GtkListItem *item, VnWindow *self)
{
  VnLikely likely = vn_discrepancy_get_likely (item_discrepancy (item));
  static const char *labels[] = { N_("Unsure"), N_("Text error"), N_("OCR error") };
  /* Adwaita's dim-label, which high contrast makes darker. */
  static const char *classes[] = { NULL, "verdict-transcription-error", "dim-label" };
  set_cell (item, _(labels[likely]), classes[likely]);
}

static void
score_bind_cb (GtkSignalListItemFactory *f, GtkListItem *item, VnWindow *self)
{
  g_autofree char *text = g_strdup_printf ("%.2f", vn_discrepancy_get_score (item_discrepancy (item)));
  set_cell (item, text, "numeric");
}

static const char *
verdict_sentence (VnDiscrepancy *d)
{
  const char *sentences[] = { N_("Unsure which is right"), N_("Likely a transcription error"),
                              N_("Likely an OCR error") };
  return _(sentences[vn_discrepancy_get_likely (d)]);
}

/* The row's name for screen readers: the whole discrepancy in one sentence. GTK 4.8 has no
 * GtkColumnViewRow to give it to, so it goes on the row widget the cell is in. */
static void
label_row (GtkListItem *item,
           VnWindow    *self)
{
  VnDiscrepancy *d = item_discrepancy (item);
  const char *resolution = resolution_of (self, d);
  const char *transcription = vn_discrepancy_get_transcription (d);
  const char *ocr = vn_discrepancy_get_ocr (d);
  const char *suggestion = vn_discrepancy_get_suggestion (d);
  GtkWidget *row = gtk_list_item_get_child (item);
  g_autofree char *label = NULL;

  while (row != NULL &&
         gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (row)) != GTK_ACCESSIBLE_ROLE_ROW)
    row = gtk_widget_get_parent (row);
  if (row == NULL)
    return;
  /* TRANSLATORS: "Likely a transcription error: transcription “Bepho”, OCR “Верно”,
   * suggestion “Верно”, score 0.99, Open" */
  label = g_strdup_printf (_("%s: transcription “%s”, OCR “%s”, suggestion “%s”, score %.2f, %s"),
                           verdict_sentence (d), *transcription ? transcription : _("(nothing)"),
                           *ocr ? ocr : _("(not read)"), *suggestion ? suggestion : _("(remove)"),
                           vn_discrepancy_get_score (d), resolution ? resolution : _("Open"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
status_bind_cb (GtkSignalListItemFactory *f, GtkListItem *item, VnWindow *self)
{
  const char *resolution = resolution_of (self, item_discrepancy (item));
  set_cell (item, resolution ? resolution : _("Open"), resolution ? "success" : "dim-label");
  label_row (item, self);
}

static void
crop_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               VnWindow                 *self)
{
  GtkWidget *picture = gtk_picture_new ();

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (picture, 112, 34);
  gtk_widget_add_css_class (picture, "crop");
  gtk_list_item_set_child (item, picture);
}

/* A crop of the word from the page already in memory, at about the row's height. */
static GdkTexture *
make_crop (VnWindow      *self,
           VnDiscrepancy *d)
{
  PIX *page = _vn_window_get_page_image (self, vn_discrepancy_get_page (d));
  VnBox box = vn_discrepancy_get_bbox (d);
  int margin = MAX (6, box.h / 3);
  BOX *region;
  PIX *crop, *scaled;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *rgb;
  int w, h;

  if (page == NULL || box.w <= 0)
    return NULL;
  region = boxCreate (MAX (0, box.x - margin), MAX (0, box.y - margin), box.w + 2 * margin,
                      box.h + 2 * margin);
  crop = pixClipRectangle (page, region, NULL);
  boxDestroy (&region);
  if (crop == NULL)
    return NULL;
  scaled = pixScaleToSize (crop, 0, 36 * 2);
  pixDestroy (&crop);
  w = pixGetWidth (scaled), h = pixGetHeight (scaled);
  rgb = g_malloc ((gsize) w * h * 3);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        l_uint32 v = 255;
        pixGetPixel (scaled, x, y, &v);
        memset (rgb + ((gsize) y * w + x) * 3, v, 3);
      }
  pixDestroy (&scaled);
  bytes = g_bytes_new_take (rgb, (gsize) w * h * 3);
  return gdk_memory_texture_new (w, h, GDK_MEMORY_R8G8B8, bytes, (gsize) w * 3);
}

static void
crop_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              VnWindow                 *self)
{
  VnDiscrepancy *d = item_discrepancy (item);
  GdkTexture *texture = g_hash_table_lookup (self->crops, d);

  GtkPicture *picture = GTK_PICTURE (gtk_list_item_get_child (item));
  g_autofree char *alternative = NULL;

  if (texture == NULL && (texture = make_crop (self, d)) != NULL)
    g_hash_table_insert (self->crops, g_object_ref (d), texture);
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  alternative = g_strdup_printf (_("The scan where the transcription has “%s”"),
                                 vn_discrepancy_get_transcription (d));
  gtk_picture_set_alternative_text (picture, alternative);
}

static void
queue_activate_cb (GtkColumnView *view,
                   guint          position,
                   VnWindow      *self)
{
  g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  _vn_window_select (self, d);
  gtk_widget_grab_focus (GTK_WIDGET (self->scan_view));
}

guint
_vn_window_selected_position (VnWindow *self)
{
  return self->selection ? gtk_single_selection_get_selected (self->selection)
                         : GTK_INVALID_LIST_POSITION;
}

/* ------------------------------------------------------------------ selection */

static void
update_word_bar (VnWindow *self)
{
  VnDiscrepancy *d = self->current;
  g_autofree char *verdict = NULL, *ocr_caption = NULL, *reasons = NULL;
  const char *resolution;

  if (d == NULL)
    return;
  gtk_label_set_label (self->word_transcription, *vn_discrepancy_get_transcription (d)
                       ? vn_discrepancy_get_transcription (d) : _("(nothing)"));
  gtk_label_set_label (self->word_ocr, *vn_discrepancy_get_ocr (d) ? vn_discrepancy_get_ocr (d)
                                                                   : _("(not read)"));
  gtk_label_set_label (self->word_suggestion, *vn_discrepancy_get_suggestion (d)
                       ? vn_discrepancy_get_suggestion (d) : _("(remove)"));
  ocr_caption = vn_discrepancy_get_confidence (d) >= 0
                ? g_strdup_printf (_("OCR reading · %.0f%%"), vn_discrepancy_get_confidence (d))
                : g_strdup (_("OCR reading"));
  gtk_label_set_label (self->word_ocr_caption, ocr_caption);
  resolution = resolution_of (self, d);
  /* TRANSLATORS: "Likely a transcription error\nlook-alike letters · score 0.99 · Kept" */
  verdict = g_strdup_printf (_("%s\n%s · score %.2f%s%s"), verdict_sentence (d),
                             vn_discrepancy_kind_to_label (vn_discrepancy_get_kind (d)),
                             vn_discrepancy_get_score (d), resolution ? " · " : "",
                             resolution ? resolution : "");
  gtk_label_set_label (self->word_verdict, verdict);
  /* The verdict's grounds, so that the editor can overrule it knowingly. */
  reasons = g_strjoinv ("\n", (char **) vn_discrepancy_get_reasons (d));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->word_verdict), *reasons ? reasons : NULL);
}

static void
scroll_text_to (VnWindow      *self,
                VnDiscrepancy *d)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter iter;
  int cs, ce;

  canonical_to_chars (self, vn_discrepancy_get_start (d), vn_discrepancy_get_end (d), &cs, &ce);
  GtkTextMark *mark;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, cs);
  /* A mark, not an iter: it scrolls once the lines are measured, also right after a load. */
  mark = gtk_text_buffer_get_mark (buffer, "current");
  if (mark == NULL)
    mark = gtk_text_buffer_create_mark (buffer, "current", &iter, TRUE);
  else
    gtk_text_buffer_move_mark (buffer, mark, &iter);
  gtk_text_view_scroll_to_mark (self->text_view, mark, 0.1, TRUE, 0.0, 0.3);
}

static void
select_in_queue (VnWindow      *self,
                 VnDiscrepancy *d)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VnDiscrepancy) item = g_list_model_get_item (model, i);
      if (item == d)
        {
          gtk_single_selection_set_selected (self->selection, i);
          /* GTK 4.8 has no gtk_column_view_scroll_to: the inner list view scrolls. */
          for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_view));
               child; child = gtk_widget_get_next_sibling (child))
            if (GTK_IS_LIST_VIEW (child))
              gtk_widget_activate_action (child, "list.scroll-to-item", "u", i);
          return;
        }
    }
}

/* Selecting a discrepancy selects it everywhere: queue row, text, scan region. */
void
_vn_window_select (VnWindow      *self,
                   VnDiscrepancy *d)
{
  guint first, n;

  g_set_object (&self->current, d);
  if (self->session != NULL)
    vn_session_end_edit (self->session);
  if (d == NULL)
    return;
  if (vn_discrepancy_get_page (d) != self->current_page)
    _vn_window_show_page (self, vn_discrepancy_get_page (d));
  select_in_queue (self, d);
  update_text_tags (self);
  scroll_text_to (self, d);
  update_word_bar (self);
  vn_discrepancy_get_tokens (d, &first, &n);
  if (n > 0)
    {
      vn_scan_view_set_selected_box (self->scan_view, first);
      vn_scan_view_reveal_box (self->scan_view, first);
    }
  _vn_window_update_actions (self);
}

static VnDiscrepancy *
discrepancy_of_token (VnWindow *self,
                      guint     token)
{
  GListModel *list = G_LIST_MODEL (self->collation);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (list, i);
      guint first, n;

      vn_discrepancy_get_tokens (d, &first, &n);
      if (token >= first && token < first + n)
        return d;
    }
  return NULL;
}

static void
scan_box_activated_cb (VnScanView *view,
                       guint       id,
                       VnWindow   *self)
{
  VnDiscrepancy *d = self->collation ? discrepancy_of_token (self, id) : NULL;

  vn_scan_view_set_selected_box (view, id);
  if (d != NULL)
    _vn_window_select (self, d);
}

static void
scan_region_selected_cb (VnScanView *view,
                         VnBox      *region,
                         VnWindow   *self)
{
  _vn_window_read_region (self, region);
}

/* A click in the text selects what lies under it. */
static void
text_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 VnWindow        *self)
{
  GtkTextIter iter;
  int bx, by;
  guint vbytes;
  GListModel *list;

  if (self->collation == NULL)
    return;
  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by);
  vbytes = iter_to_bytes (self, &iter);
  list = G_LIST_MODEL (self->collation);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (list, i);
      guint vs = vn_session_canonical_to_verified (self->session, vn_discrepancy_get_start (d));
      guint ve = vn_session_canonical_to_verified (self->session, vn_discrepancy_get_end (d));

      if (vbytes >= vs && vbytes <= MAX (ve, vs + 1))
        {
          _vn_window_select (self, d);
          return;
        }
    }
}

/* ------------------------------------------------------------------ pages */

/* The decoded page, or NULL while the decoding thread has not reached it. */
PIX *
_vn_window_get_page_image (VnWindow *self,
                           guint     page)
{
  if (self->project == NULL || page >= self->page_images->len)
    return NULL;
  return g_ptr_array_index (self->page_images, page);
}

static void
set_scan_image (VnWindow *self)
{
  PIX *pix = _vn_window_get_page_image (self, self->current_page);

  vn_scan_view_set_image (self->scan_view, pix);
  vn_scan_view_set_alternate_image (self->scan_view, NULL);
  if (self->show_cleaned && pix != NULL)
    {
      VnPageTransform transform;
      PIX *cleaned = vn_preprocess_apply (pix, VN_PREPROCESS_ALL, &transform);
      vn_scan_view_set_alternate_image (self->scan_view, cleaned);
      pixDestroy (&cleaned);
    }
}

typedef struct
{
  VnWindow *self;
  guint     page;
  PIX      *pix;
  char     *error;
} Decoded;

static gboolean
page_decoded (gpointer data)
{
  Decoded *d = data;
  VnWindow *self = d->self;

  if (d->error != NULL)
    _vn_window_toast (self, d->error);
  else if (d->page < self->page_images->len && g_ptr_array_index (self->page_images, d->page) == NULL)
    {
      g_ptr_array_index (self->page_images, d->page) = g_steal_pointer (&d->pix);
      if (d->page == self->current_page)
        set_scan_image (self);
      g_hash_table_remove_all (self->crops);
      _vn_window_refresh (self);
    }
  pixDestroy (&d->pix);
  g_free (d->error);
  g_object_unref (d->self);
  g_free (d);
  return G_SOURCE_REMOVE;
}

/* Decodes every page off the main thread, the first one first, handing each over at once. */
static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GPtrArray *scans = task_data;

  vn_runtime_lower_thread_priority ();
  for (guint i = 0; i < scans->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      Decoded *d = g_new0 (Decoded, 1);
      g_autoptr(GError) error = NULL;
      int dpi;

      d->self = g_object_ref (source_object);
      d->page = i;
      d->pix = vn_scan_page_load (g_ptr_array_index (scans, i), &dpi, &error);
      d->error = error ? g_strdup (error->message) : NULL;
      /* An idle source, always run by the main loop (g_main_context_invoke would run it
       * here, in this thread, whenever the main loop is not iterating). */
      g_idle_add_full (G_PRIORITY_DEFAULT, page_decoded, d, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

static void
update_page_label (VnWindow *self)
{
  guint n = vn_project_get_scan_pages (self->project)->len;
  g_autofree char *label = NULL;
  VnPageStatus status = self->session ? vn_session_get_page_status (self->session,
                                                                    self->current_page)
                                      : VN_PAGE_NOT_PROOFREAD;
  static const char *names[] = { "", N_(" · proofread"), N_(" · validated"),
                                 N_(" · problematic") };

  label = g_strdup_printf (_("Page %u of %u%s"), self->current_page + 1, n,
                           *names[status] ? _(names[status]) : "");
  gtk_menu_button_set_label (self->page_button, label);
}

void
_vn_window_show_page (VnWindow *self,
                      guint     page)
{
  VnScanPage *scan = g_ptr_array_index (vn_project_get_scan_pages (self->project), page);
  /* TRANSLATORS: the scan's name for screen readers: "Scan of page 1 of 2 (page-1.png)". */
  g_autofree char *description =
    g_strdup_printf (_("Scan of page %u of %u (%s)"), page + 1,
                     vn_project_get_scan_pages (self->project)->len, scan->label);

  self->current_page = page;
  set_scan_image (self);
  vn_scan_view_set_description (self->scan_view, description);
  update_page_label (self);
  if (self->collation != NULL)
    update_boxes (self);
  _vn_window_update_actions (self);
}

/* ------------------------------------------------------------------ opening */

/* ------------------------------------------------------------------ benchmark probes */

/* VERNO_BENCH_STALL: a 5 ms timer notes the longest wait between its ticks while the
 * scans are read, i.e. the longest the main loop was busy. */
typedef struct
{
  gint64 started;
  gint64 last;
  gint64 worst;
  guint  ticks;
  gint64 frame_start, frame_layout;   /* of the frame being drawn */
  gint64 frame_end, frame_length, frame_update;   /* of the last frame drawn */
} StallProbe;

static StallProbe stall_probe;

/* Each wait over 30 ms is printed, with the frame that ended in it if one did. */
static gboolean
stall_tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 wait = now - stall_probe.last;

  if (stall_probe.last != 0)
    {
      stall_probe.worst = MAX (stall_probe.worst, wait);
      if (wait > 30 * G_TIME_SPAN_MILLISECOND)
        {
          g_print ("verno-wait-ms %.1f at %.0f ms", wait / 1000.0,
                   (now - stall_probe.started) / 1000.0);
          if (stall_probe.frame_end > stall_probe.last)
            g_print (": a frame of %.1f ms (update and layout %.1f, paint %.1f)",
                     stall_probe.frame_length / 1000.0, stall_probe.frame_update / 1000.0,
                     (stall_probe.frame_length - stall_probe.frame_update) / 1000.0);
          g_print ("\n");
        }
    }
  stall_probe.last = now;
  stall_probe.ticks++;
  return G_SOURCE_CONTINUE;
}

static void
stall_before_paint (GdkFrameClock *clock)
{
  stall_probe.frame_start = stall_probe.frame_layout = g_get_monotonic_time ();
}

static void
stall_layout (GdkFrameClock *clock)
{
  stall_probe.frame_layout = g_get_monotonic_time ();
}

static void
stall_after_paint (GdkFrameClock *clock)
{
  stall_probe.frame_end = g_get_monotonic_time ();
  stall_probe.frame_length = stall_probe.frame_end - stall_probe.frame_start;
  stall_probe.frame_update = stall_probe.frame_layout - stall_probe.frame_start;
}

static void
start_stall_probe (VnWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  stall_probe.started = g_get_monotonic_time ();
  g_timeout_add (5, stall_tick, NULL);
  if (clock == NULL)
    return;
  g_signal_connect (clock, "before-paint", G_CALLBACK (stall_before_paint), NULL);
  g_signal_connect (clock, "layout", G_CALLBACK (stall_layout), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (stall_after_paint), NULL);
}

static void
report_stall (VnWindow *self)
{
  if (g_getenv ("VERNO_BENCH_STALL") == NULL)
    return;
  g_print ("verno-max-stall-ms %.1f over %u ticks\n", stall_probe.worst / 1000.0, stall_probe.ticks);
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

typedef struct
{
  VnWindow   *self;
  guint       done, total;
  char       *label;
} Progress;

static gboolean
show_progress (gpointer data)
{
  Progress *p = data;
  g_autofree char *text = g_strdup_printf (_("Read page %u of %u (%s)"), p->done, p->total,
                                           p->label);

  gtk_label_set_label (p->self->progress_label, text);
  gtk_progress_bar_set_fraction (p->self->progress_bar, (double) p->done / MAX (1, p->total));
  g_object_unref (p->self);
  g_free (p->label);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
ocr_progress (guint       done,
              guint       total,
              VnScanPage *page,
              VnOcrPage  *result,
              gpointer    user_data)
{
  Progress *p = g_new0 (Progress, 1);

  p->self = g_object_ref (user_data);
  p->done = done;
  p->total = total;
  p->label = g_strdup (page->label);
  g_idle_add (show_progress, p);
}

static void
session_changed_cb (VnWindow *self)
{
  const GError *unsaved = vn_session_get_snapshot_error (self->session);

  if (!self->updating_text)
    reload_text (self);
  else
    update_text_tags (self);
  _vn_window_refresh (self);
  /* The change is in the journal; the diff and state files are behind: said, once. */
  if (unsaved != NULL && !self->said_unsaved)
    _vn_window_toast (self, unsaved->message);
  self->said_unsaved = unsaved != NULL;
}

static gboolean
report_first_frame (gpointer data)
{
  VnWindow *self = data;

  if (g_getenv ("VERNO_BENCH_FIRST_FRAME") != NULL)
    {
      g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
    }
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                VnWindow      *self)
{
  /* The project is on screen once its scan is: the queue follows the collation. */
  if (!vn_scan_view_has_picture (self->scan_view))
    return;
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, self);
  g_print ("verno-first-frame-ms %.1f\n", (g_get_monotonic_time () - self->started_at) / 1000.0);
  g_print ("verno-renderer %s\n", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (self))));
  g_idle_add (report_first_frame, self);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VnDocument *document = VN_DOCUMENT (object);
  g_autoptr(VnWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean read = vn_document_read_finish (document, result, &error);

  /* Replaced by a newer reading of the document, or the window closed: nothing to show. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || document != self->document)
    return;
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gtk_spinner_stop (self->progress_spinner);
  report_stall (self);
  if (!read)
    {
      _vn_window_toast (self, error->message);
      return;
    }
  self->pages = vn_document_get_pages (document);
  self->spell = vn_document_get_spell_checker (document);
  self->collation = vn_document_get_collation (document);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->collation));
  reload_text (self);
  update_boxes (self);
  update_count (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
  self->ready = TRUE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      g_autoptr(VnDiscrepancy) first = g_list_model_get_item (G_LIST_MODEL (self->selection), 0);
      _vn_window_select (self, first);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->queue_view));
}

static void
clear_document (VnWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->current);
  if (self->filter_model)
    gtk_filter_list_model_set_model (self->filter_model, NULL);
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
  g_clear_object (&self->document);
  g_ptr_array_set_size (self->page_images, 0);
  g_hash_table_remove_all (self->crops);
  self->ready = FALSE;
}

static void
remember_recent (VnProject *project)
{
  const char *folder = vn_project_get_folder (project);
  g_autofree char *uri = folder ? g_filename_to_uri (folder, NULL, NULL) : NULL;

  if (uri != NULL)
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

static void
start_reading (VnWindow *self)
{
  if (g_getenv ("VERNO_BENCH_STALL") != NULL)
    start_stall_probe (self);
  vn_document_read_async (self->document, ocr_progress, self, self->cancellable, load_done_cb,
                          g_object_ref (self));
}

static void
first_paint_cb (GdkFrameClock *clock,
                VnWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  start_reading (self);
}

/* The window is built and painted first; the reading of the scans starts behind it. */
static void
start_reading_after_paint (VnWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL)
    {
      start_reading (self);
      return;
    }
  /* Tied to the window: a window closed before its first frame leaves no dangling handler. */
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_paint_cb), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Shows the first page at once; the OCR and the collation follow from a worker thread. */
void
vn_window_open_project (VnWindow  *self,
                        VnProject *project)
{
  g_autoptr(GError) error = NULL;
  g_auto(VnDocumentOptions) options = { 0 };
  VnTranscription *t = vn_project_get_transcription (project);

  g_return_if_fail (VN_IS_WINDOW (self));

  clear_document (self);
  /* The preferences' languages, dictionaries and clean-up, as the command line reads them;
   * the reading runs below the thread that draws. */
  vn_document_options_init (&options, vn_settings_get_default ());
  options.background = TRUE;
  options.use_cache = g_getenv ("VERNO_BENCH_NO_CACHE") == NULL;
  self->document = vn_document_new (project, &options, &error);
  if (self->document == NULL)
    {
      _vn_window_toast (self, error->message);
      return;
    }
  self->project = vn_document_get_project (self->document);
  self->session = vn_document_get_session (self->document);
  self->engine = vn_document_get_engine (self->document);
  /* The window is the project's writer from now on; if another Verno is, the session is
   * read-only and says so among its warnings. */
  vn_session_claim (self->session, NULL);
  for (guint i = 0; i < vn_session_get_warnings (self->session)->len; i++)
    _vn_window_toast (self, g_ptr_array_index (vn_session_get_warnings (self->session), i));
  g_signal_connect_swapped (self->session, "changed", G_CALLBACK (session_changed_cb), self);
  self->cancellable = g_cancellable_new ();
  adw_window_title_set_title (self->window_title, vn_transcription_get_display_name (t));
  if (vn_project_get_folder (project))
    {
      g_autofree char *name = g_path_get_basename (vn_project_get_folder (project));
      adw_window_title_set_title (self->window_title, name);
    }
  adw_window_title_set_subtitle (self->window_title, _("Reading the scans…"));
  gtk_widget_set_visible (self->page_switcher, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "document");
  g_ptr_array_set_size (self->page_images, vn_project_get_scan_pages (project)->len);
  _vn_window_show_page (self, 0);
  reload_text (self);
  {
    g_autoptr(GTask) decode = g_task_new (self, self->cancellable, NULL, NULL);
    g_task_set_task_data (decode, g_ptr_array_ref (vn_project_get_scan_pages (project)),
                          (GDestroyNotify) g_ptr_array_unref);
    g_task_run_in_thread (decode, decode_thread);
  }
  if (g_getenv ("VERNO_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                             G_CALLBACK (after_paint_cb), self, 0);
  remember_recent (project);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  gtk_spinner_start (self->progress_spinner);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  start_reading_after_paint (self);
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
  if (self->collation == NULL)
    return;
  /* The discrepancies are the same objects; their resolutions changed: rows rebind. */
  g_list_model_items_changed (G_LIST_MODEL (self->collation), 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->collation)),
                              g_list_model_get_n_items (G_LIST_MODEL (self->collation)));
  update_boxes (self);
  update_count (self);
  update_word_bar (self);
  update_page_label (self);
  if (self->current != NULL)
    select_in_queue (self, self->current);
  _vn_window_update_actions (self);
}

void
_vn_window_focus_current_text (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter a, b;
  int cs, ce;

  if (self->current == NULL)
    return;
  canonical_to_chars (self, vn_discrepancy_get_start (self->current),
                      vn_discrepancy_get_end (self->current), &cs, &ce);
  gtk_text_buffer_get_iter_at_offset (buffer, &a, cs);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, ce);
  gtk_text_buffer_select_range (buffer, &a, &b);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
add_legend_entry (VnWindow   *self,
                  VnBoxState  state,
                  const char *label)
{
  const GdkRGBA *color = vn_scan_view_get_state_color (self->scan_view, state);
  g_autofree char *markup = g_strdup_printf ("<span foreground=\"#%02x%02x%02x\">■</span> %s",
                                             (int) (color->red * 255), (int) (color->green * 255),
                                             (int) (color->blue * 255), label);
  GtkWidget *entry = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (entry), markup);
  gtk_box_append (self->legend, entry);
}

static void
rebuild_legend (VnWindow *self)
{
  static const char *labels[] = { N_("Agrees"), N_("Disagrees"), N_("Low confidence"),
                                  N_("Edited"), N_("Verified") };
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->legend))) != NULL)
    gtk_box_remove (self->legend, child);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    add_legend_entry (self, i, _(labels[i]));
}

static void
recent_row_activated_cb (GtkListBox    *list,
                         GtkListBoxRow *row,
                         VnWindow      *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GFile *files[] = { file };

  vn_window_open_files (self, files, 1);
}

static void
fill_recent (VnWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint shown = 0;

  for (GList *l = items; l && shown < 6; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (info), NULL, NULL);
      g_autofree char *name = NULL;
      GtkWidget *row;

      if (path == NULL || !gtk_recent_info_has_application (info, g_get_application_name ()) ||
          !g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      name = g_path_get_basename (path);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), path);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "path", g_strdup (path), g_free);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  gtk_widget_set_visible (self->recent_label, shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), shown > 0);
}

static gboolean
drop_cb (GtkDropTarget *target,
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

/* ------------------------------------------------------------------ settings */

static gboolean
reread_document (gpointer data)
{
  VnWindow *self = data;
  g_autoptr(VnProject) project = self->project ? g_object_ref (self->project) : NULL;

  self->reread_source = 0;
  if (project != NULL)
    vn_window_open_project (self, project);
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

/* The size, maximisation and panes of the last window closed. */
static void
restore_window_state (VnWindow *self)
{
  int width, height, main_position, side_position;
  gboolean maximized;

  g_object_get (vn_settings_get_default (), "window-width", &width, "window-height", &height,
                "window-maximized", &maximized, "main-pane-position", &main_position,
                "side-pane-position", &side_position, NULL);
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (maximized)
    gtk_window_maximize (GTK_WINDOW (self));
  if (main_position >= 0)
    gtk_paned_set_position (self->main_paned, main_position);
  if (side_position >= 0)
    gtk_paned_set_position (self->side_paned, side_position);
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

static gboolean
vn_window_close_request (GtkWindow *window)
{
  save_window_state (VN_WINDOW (window));
  return GTK_WINDOW_CLASS (vn_window_parent_class)->close_request (window);
}

/* Quitting (Ctrl+Q) closes no window: each saves its state as the application shuts down. */
static void
application_changed_cb (VnWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (application != NULL)
    g_signal_connect_object (application, "shutdown", G_CALLBACK (save_window_state), self,
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
  gtk_widget_dispose_template (GTK_WIDGET (self), VN_TYPE_WINDOW);
  G_OBJECT_CLASS (vn_window_parent_class)->dispose (object);
}

static void
vn_window_finalize (GObject *object)
{
  VnWindow *self = VN_WINDOW (object);

  g_clear_pointer (&self->page_images, g_ptr_array_unref);
  g_clear_pointer (&self->crops, g_hash_table_unref);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
      rebuild_legend (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  GTK_WINDOW_CLASS (klass)->close_request = vn_window_close_request;

  properties[PROP_SHOW_CLEANED] =
    g_param_spec_boolean ("show-cleaned", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLORBLIND_SAFE] =
    g_param_spec_boolean ("colorblind-safe", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Referencing the bundle links it in from the static library, and registers it. */
  g_assert (verno_get_resource () != NULL);
  g_type_ensure (VN_TYPE_SCAN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/verno/Verno/vn-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, VnWindow, name)
  CHILD (toast_overlay); CHILD (window_title); CHILD (stack); CHILD (recent_list);
  CHILD (recent_label); CHILD (page_switcher); CHILD (page_button); CHILD (export_button);
  CHILD (scan_view); CHILD (progress_revealer); CHILD (progress_spinner); CHILD (progress_label);
  CHILD (progress_bar); CHILD (legend); CHILD (main_paned); CHILD (side_paned);
  CHILD (word_transcription); CHILD (word_ocr); CHILD (word_ocr_caption); CHILD (word_suggestion);
  CHILD (word_verdict); CHILD (text_view); CHILD (filter_dropdown); CHILD (search_entry);
  CHILD (queue_count); CHILD (queue_view); CHILD (crop_column); CHILD (transcription_column);
  CHILD (ocr_column); CHILD (suggestion_column); CHILD (confidence_column);
  CHILD (signals_column); CHILD (verdict_column); CHILD (score_column); CHILD (status_column);
#undef CHILD
#define CALLBACK(name) gtk_widget_class_bind_template_callback (widget_class, name)
  CALLBACK (scan_box_activated_cb); CALLBACK (scan_region_selected_cb); CALLBACK (queue_activate_cb);
  CALLBACK (label_setup_cb); CALLBACK (crop_setup_cb); CALLBACK (crop_bind_cb);
  CALLBACK (transcription_bind_cb); CALLBACK (ocr_bind_cb); CALLBACK (suggestion_bind_cb);
  CALLBACK (confidence_bind_cb); CALLBACK (signals_bind_cb); CALLBACK (verdict_bind_cb);
  CALLBACK (score_bind_cb); CALLBACK (status_bind_cb); CALLBACK (recent_row_activated_cb);
#undef CALLBACK
  _vn_window_class_actions_init (widget_class);
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
  GtkTextBuffer *buffer;
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_autoptr(GMenuModel) formats = vn_export_dup_menu ("win.export");

  self->started_at = g_get_monotonic_time ();
  load_styles ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The verified text's formats are the core's table of formats. */
  g_menu_prepend_section (G_MENU (gtk_menu_button_get_menu_model (self->export_button)),
                          _("Verified Text"), formats);
  self->page_images = g_ptr_array_new_with_free_func (pix_free);
  self->crops = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_set_enable_undo (buffer, FALSE);  /* the session's undo covers typing */
  g_signal_connect_swapped (buffer, "insert-text", G_CALLBACK (buffer_insert_text_cb), self);
  g_signal_connect_swapped (buffer, "delete-range", G_CALLBACK (buffer_delete_range_cb), self);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
  g_signal_connect (click, "pressed", G_CALLBACK (text_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (text_focus_left_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), focus);
  take_text_undo_keys (self);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  g_signal_connect_swapped (self->filter_dropdown, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (filter_changed_cb),
                            self);
  setup_queue (self);
  rebuild_legend (self);
  fill_recent (self);
  follow_settings (self);
  _vn_window_update_actions (self);
}

VnWindow *
vn_window_new (VnApplication *application)
{
  return g_object_new (VN_TYPE_WINDOW, "application", application, NULL);
}
