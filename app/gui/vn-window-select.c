/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-window-select.c: the window's one selection, a discrepancy or a word, which the scan,
 * the text, the queue and the lines all show whichever was clicked or keyed; the word bar that
 * describes it; the scan's page, boxes, legend and zoom. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vn-preprocess.h"
#include "vn-window-private.h"

/* ------------------------------------------------------------------ states */

const char *
_vn_window_resolution_of (VnWindow      *self,
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

const char *
_vn_window_verdict_sentence (VnDiscrepancy *d)
{
  const char *sentences[] = { N_("Unsure which is right"), N_("Likely a transcription error"),
                              N_("Likely an OCR error") };
  return _(sentences[vn_discrepancy_get_likely (d)]);
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

static gboolean
token_in_open_discrepancy (VnWindow *self,
                           guint     token)
{
  VnDiscrepancy *d = _vn_window_discrepancy_of_token (self, token);

  return d != NULL && !vn_session_is_resolved (self->session, d) &&
         vn_discrepancy_get_likely (d) != VN_LIKELY_OCR_ERROR;
}

void
_vn_window_update_boxes (VnWindow *self)
{
  VnTranscription *t = vn_session_get_canonical (self->session);
  g_autoptr(GArray) boxes = g_array_new (FALSE, TRUE, sizeof (VnScanBox));

  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    {
      const VnTokenPlacement *pl = vn_collation_get_placement (self->collation, i);
      VnScanBox box = { .box = pl->box, .id = i };

      if (pl->page != (int) self->current_page || pl->box.w <= 0)
        continue;
      box.state = token_state (self, i, token_in_open_discrepancy (self, i));
      box.tooltip = token_tooltip (self, i);
      g_array_append_val (boxes, box);
    }
  vn_scan_view_set_boxes (self->scan_view, (VnScanBox *) boxes->data, boxes->len);
  for (guint i = 0; i < boxes->len; i++)
    g_free (g_array_index (boxes, VnScanBox, i).tooltip);
}

/* Per token, the discrepancy it is part of, for clicks on the scan and in the text. */
void
_vn_window_index_discrepancies (VnWindow *self)
{
  GListModel *list = G_LIST_MODEL (self->collation);
  guint n_tokens = vn_transcription_get_n_tokens (vn_session_get_canonical (self->session));

  g_clear_pointer (&self->token_discrepancy, g_ptr_array_unref);
  self->token_discrepancy = g_ptr_array_new ();
  g_ptr_array_set_size (self->token_discrepancy, n_tokens);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (list, i);
      guint first, n;

      vn_discrepancy_get_tokens (d, &first, &n);
      for (guint k = first; k < first + n && k < n_tokens; k++)
        g_ptr_array_index (self->token_discrepancy, k) = d;   /* the collation holds it */
    }
}

VnDiscrepancy *
_vn_window_discrepancy_of_token (VnWindow *self,
                                 guint     token)
{
  if (self->token_discrepancy == NULL || token >= self->token_discrepancy->len)
    return NULL;
  return g_ptr_array_index (self->token_discrepancy, token);
}

/* ------------------------------------------------------------------ the word bar */

static void
set_reading (GtkLabel   *label,
             const char *text,
             const char *empty)
{
  gtk_label_set_label (label, *text ? text : empty);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), *text ? text : NULL);
}

static void
show_discrepancy_in_word_bar (VnWindow      *self,
                              VnDiscrepancy *d)
{
  g_autofree char *verdict = NULL, *ocr_caption = NULL, *reasons = NULL, *tooltip = NULL;
  const char *resolution = _vn_window_resolution_of (self, d);

  set_reading (self->word_transcription, vn_discrepancy_get_transcription (d), _("(nothing)"));
  set_reading (self->word_ocr, vn_discrepancy_get_ocr (d), _("(not read)"));
  set_reading (self->word_suggestion, vn_discrepancy_get_suggestion (d), _("(remove)"));
  ocr_caption = vn_discrepancy_get_confidence (d) >= 0
                ? g_strdup_printf (_("OCR reading · %.0f%%"), vn_discrepancy_get_confidence (d))
                : g_strdup (_("OCR reading"));
  gtk_label_set_label (self->word_ocr_caption, ocr_caption);
  /* TRANSLATORS: "Likely a transcription error · look-alike letters · score 0.99 · Kept" */
  verdict = g_strdup_printf (_("%s · %s · score %.2f%s%s"), _vn_window_verdict_sentence (d),
                             vn_discrepancy_kind_to_label (vn_discrepancy_get_kind (d)),
                             vn_discrepancy_get_score (d), resolution ? " · " : "",
                             resolution ? resolution : "");
  gtk_label_set_label (self->word_verdict, verdict);
  /* The verdict in full (the label may be cut) and its grounds, so that the editor can
   * overrule it knowingly. */
  reasons = g_strjoinv ("\n", (char **) vn_discrepancy_get_reasons (d));
  tooltip = *reasons ? g_strconcat (verdict, "\n", reasons, NULL) : g_strdup (verdict);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->word_verdict), tooltip);
}

/* A word with no discrepancy: its two readings agree, or OCR did not find it. */
static void
show_token_in_word_bar (VnWindow *self,
                        guint     token)
{
  const VnToken *t = vn_transcription_get_token (vn_session_get_canonical (self->session), token);
  const VnTokenPlacement *pl = vn_collation_get_placement (self->collation, token);
  const VnOcrWord *word = pl->first_ocr >= 0
                          ? vn_collation_get_ocr_word (self->collation, pl->first_ocr, NULL) : NULL;
  g_autofree char *caption = word ? g_strdup_printf (_("OCR reading · %.0f%%"), word->confidence)
                                  : g_strdup (_("OCR reading"));

  set_reading (self->word_transcription, t->text, _("(nothing)"));
  set_reading (self->word_ocr, word ? word->text : "", _("(not read)"));
  set_reading (self->word_suggestion, "", "—");
  gtk_label_set_label (self->word_ocr_caption, caption);
  gtk_label_set_label (self->word_verdict, word ? _("The scan reads as the transcription")
                                                : _("Not found by OCR"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->word_verdict), NULL);
}

void
_vn_window_update_word_bar (VnWindow *self)
{
  if (self->current != NULL)
    show_discrepancy_in_word_bar (self, self->current);
  else if (self->current_token >= 0 && self->collation != NULL)
    show_token_in_word_bar (self, self->current_token);
}

/* ------------------------------------------------------------------ selection */

/* The canonical range the selection covers. */
static void
selection_range (VnWindow *self,
                 guint    *start,
                 guint    *end)
{
  const VnToken *t;

  if (self->current != NULL)
    {
      *start = vn_discrepancy_get_start (self->current);
      *end = vn_discrepancy_get_end (self->current);
      return;
    }
  t = vn_transcription_get_token (vn_session_get_canonical (self->session), self->current_token);
  *start = t->core_start;
  *end = t->core_end;
}

/* The scan, the text and the lines show the selection; the queue is told by the caller. */
static void
show_selection (VnWindow *self)
{
  guint start, end;

  if (self->current_token >= 0)
    {
      const VnTokenPlacement *pl = vn_collation_get_placement (self->collation,
                                                               self->current_token);
      if (pl->page >= 0 && (guint) pl->page != self->current_page)
        _vn_window_show_page (self, pl->page);
      vn_scan_view_set_selected_box (self->scan_view, self->current_token);
      if (pl->box.w > 0 && pl->page == (int) self->current_page)
        vn_scan_view_follow_box (self->scan_view, self->current_token);
    }
  else
    vn_scan_view_set_selected_box (self->scan_view, -1);
  if (self->current_token >= 0 || self->current != NULL)
    {
      selection_range (self, &start, &end);
      _vn_window_update_current_tag (self);
      _vn_window_show_in_text (self, start, end);
    }
  _vn_window_update_word_bar (self);
  vn_line_view_show_token (self->line_view, self->current_token);
  _vn_window_update_actions (self);
}

/* Selecting a discrepancy selects it everywhere: queue row, text, scan region, line. */
void
_vn_window_select (VnWindow      *self,
                   VnDiscrepancy *d)
{
  guint first = 0, n = 0;

  if (self->editing)
    _vn_window_finish_edit (self);
  if (self->session != NULL)
    vn_session_end_edit (self->session);
  if (d == NULL)
    return;
  g_set_object (&self->current, d);
  vn_discrepancy_get_tokens (d, &first, &n);
  /* A page's discrepancy, before the whole collation, counts its words on its page alone:
   * no word of the text is selected until the words are placed. */
  self->current_token = n > 0 && self->collation != NULL ? (int) first : -1;
  if (vn_discrepancy_get_page (d) != self->current_page)
    _vn_window_show_page (self, vn_discrepancy_get_page (d));
  _vn_window_select_in_queue (self, d);
  show_selection (self);
}

/* A word selected on the scan or in the text: its discrepancy if it has one; otherwise the
 * word alone, which the queue has no row for. */
void
_vn_window_select_token (VnWindow *self,
                         guint     token)
{
  VnDiscrepancy *d = _vn_window_discrepancy_of_token (self, token);

  if (d != NULL)
    {
      _vn_window_select (self, d);
      return;
    }
  if (self->editing)
    _vn_window_finish_edit (self);
  vn_session_end_edit (self->session);
  g_clear_object (&self->current);
  self->current_token = token;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  show_selection (self);
}

static void
scan_box_activated_cb (VnScanView *view,
                       guint       id,
                       VnWindow   *self)
{
  if (self->collation != NULL)
    _vn_window_select_token (self, id);
}

static void
scan_region_selected_cb (VnScanView *view,
                         VnBox      *region,
                         VnWindow   *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.read-region", "(iiii)", region->x,
                              region->y, region->w, region->h);
}

static void
line_activated_cb (VnLineView *view,
                   guint       token,
                   VnWindow   *self)
{
  _vn_window_select_token (self, token);
}

/* A line edited in place in the line-by-line review: one correction of what changed. */
static void
line_edited_cb (VnLineView *view,
                guint       verified_start,
                guint       verified_end,
                const char *text,
                VnWindow   *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) c = NULL;
  g_autofree char *before = g_strndup (self->verified + verified_start,
                                       verified_end - verified_start);
  gsize prefix = 0, suffix = 0, lb = strlen (before), lt = strlen (text);

  _vn_window_set_editing (self, FALSE, NULL);
  while (prefix < MIN (lb, lt) && before[prefix] == text[prefix])
    prefix++;
  while (suffix < MIN (lb, lt) - prefix && before[lb - 1 - suffix] == text[lt - 1 - suffix])
    suffix++;
  /* Whole characters only. */
  while (prefix > 0 && (before[prefix] & 0xC0) == 0x80)
    prefix--;
  while (suffix > 0 && (before[lb - suffix] & 0xC0) == 0x80)
    suffix--;
  if (prefix == lb && prefix == lt)
    return;
  {
    g_autofree char *middle = g_strndup (text + prefix, lt - prefix - suffix);
    c = vn_session_correct_verified (self->session, verified_start + prefix,
                                     verified_end - suffix, middle, VN_SOURCE_TYPED,
                                     self->current_page, NULL, &error);
  }
  if (c == NULL)
    _vn_window_toast (self, error->message);
  else if (self->current != NULL && vn_session_is_resolved (self->session, self->current))
    _vn_window_advance (self);
}

/* ------------------------------------------------------------------ pages */

void
_vn_window_set_scan_image (VnWindow *self)
{
  g_autoptr(VnPageImage) image = _vn_window_dup_page_image (self, self->current_page);

  g_set_object (&self->page_shown, image);
  vn_scan_view_set_image (self->scan_view, image);
  vn_scan_view_set_alternate_image (self->scan_view, NULL);
  if (self->show_cleaned && image != NULL)
    {
      VnPageTransform transform;
      g_autoptr(VnPageImage) cleaned = vn_page_image_preprocess (image, VN_PREPROCESS_ALL,
                                                                 &transform);
      vn_scan_view_set_alternate_image (self->scan_view, cleaned);
    }
}

void
_vn_window_update_page_label (VnWindow *self)
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

/* Shows @page on the scan; the selection stays where it is. */
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
  if (self->page_cache != NULL)
    vn_page_cache_set_focus (self->page_cache, page);
  _vn_window_set_scan_image (self);
  vn_scan_view_set_description (self->scan_view, description);
  _vn_window_update_page_label (self);
  if (self->collation != NULL)
    _vn_window_update_boxes (self);
  _vn_window_update_actions (self);
}

/* The editor turned to @page: the text, the queue and the lines go there with the scan, to
 * the page's first open discrepancy in the order of review, or its first word. */
void
_vn_window_turn_page (VnWindow *self,
                      guint     page)
{
  GListModel *list;
  int first;

  if (self->collation == NULL)
    {
      _vn_window_show_page (self, page);
      return;
    }
  list = _vn_window_review_list (self);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (list, i);

      if (vn_discrepancy_get_page (d) == page && !vn_session_is_resolved (self->session, d))
        {
          _vn_window_select (self, d);
          return;
        }
    }
  _vn_window_show_page (self, page);
  first = vn_collation_get_page_first_token (self->collation, page);
  if (first >= 0)
    _vn_window_select_token (self, first);
}

/* ------------------------------------------------------------------ the scan's legend and zoom */

/* @inline: in the bar, where it may not push the pane wider (it shows only when it fits). */
static GtkWidget *
legend_entry (VnWindow   *self,
              VnBoxState  state,
              const char *label,
              gboolean    inline_)
{
  const GdkRGBA *color = vn_scan_view_get_state_color (self->scan_view, state);
  g_autofree char *markup = g_strdup_printf ("<span foreground=\"#%02x%02x%02x\">■</span> %s",
                                             (int) (color->red * 255), (int) (color->green * 255),
                                             (int) (color->blue * 255), label);
  GtkWidget *entry = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (entry), markup);
  gtk_label_set_xalign (GTK_LABEL (entry), 0);
  if (inline_)
    gtk_label_set_ellipsize (GTK_LABEL (entry), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (entry, "caption");
  return entry;
}

static void
remove_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* The legend, in the scan's bar and in the list behind its button. */
void
_vn_window_rebuild_legend (VnWindow *self)
{
  static const char *labels[] = { N_("Agrees"), N_("Disagrees"), N_("Low confidence"),
                                  N_("Edited"), N_("Verified") };

  remove_children (self->legend);
  remove_children (self->legend_list);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      gtk_box_append (self->legend, legend_entry (self, i, _(labels[i]), TRUE));
      gtk_box_append (self->legend_list, legend_entry (self, i, _(labels[i]), FALSE));
    }
}

/* The legend in the bar when it fits beside the zoom in @width (the scan pane's), on one
 * line; otherwise behind its button, so that the bar stays one line and nothing is cut. */
void
_vn_window_fit_legend (VnWindow *self,
                       int       width)
{
  int legend = 0, zoom = 0;
  gboolean fits;

  gtk_widget_measure (GTK_WIDGET (self->legend_list), GTK_ORIENTATION_VERTICAL, -1, NULL, NULL,
                      NULL, NULL);   /* its labels' layouts, measured once */
  for (GtkWidget *entry = gtk_widget_get_first_child (GTK_WIDGET (self->legend)); entry;
       entry = gtk_widget_get_next_sibling (entry))
    {
      int natural = 0;

      gtk_widget_measure (entry, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      legend += natural + 10;
    }
  gtk_widget_measure (gtk_widget_get_parent (GTK_WIDGET (self->zoom_button)),
                      GTK_ORIENTATION_HORIZONTAL, -1, NULL, &zoom, NULL, NULL);
  fits = legend + zoom + 36 <= width;
  if (gtk_widget_get_visible (GTK_WIDGET (self->legend)) != fits)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->legend), fits);
      gtk_widget_set_visible (GTK_WIDGET (self->legend_button), !fits);
    }
}

/* The scan's zoom, as a percentage of the image's own size. */
void
_vn_window_zoom_changed (VnWindow *self)
{
  double zoom = vn_scan_view_get_zoom (self->scan_view);
  g_autofree char *label = g_strdup_printf (_("%.0f%%"), 100 * zoom);

  gtk_menu_button_set_label (self->zoom_button, label);
}

/* The scan's and the lines' signals are the template's. */
void
_vn_window_class_select_init (GtkWidgetClass *widget_class)
{
#define CALLBACK(name) gtk_widget_class_bind_template_callback (widget_class, name)
  CALLBACK (scan_box_activated_cb); CALLBACK (scan_region_selected_cb);
  CALLBACK (line_activated_cb); CALLBACK (line_edited_cb);
#undef CALLBACK
}
