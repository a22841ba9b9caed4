/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-window-queue.c: the review queue: the collation's discrepancies filtered, searched and
 * sorted (page by page in reading order, or likeliest errors first), one row each with a crop
 * of the scan; and the order in which "n" and the answers move through them, open ones only. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vn-texture.h"
#include "vn-window-private.h"

enum { FILTER_ALL, FILTER_UNRESOLVED, FILTER_TRANSCRIPTION, FILTER_OCR, FILTER_RESOLVED };

/* ------------------------------------------------------------------ filter and count */

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

/* While the pages stream in: how far the reading is, in the count and the title. */
static void
show_streaming_count (VnWindow *self,
                      guint     shown)
{
  guint n_pages = vn_project_get_scan_pages (self->project)->len;
  g_autofree char *count = NULL, *subtitle = NULL;

  /* TRANSLATORS: "12 shown · pages 1–3 of 100" */
  count = g_strdup_printf (ngettext ("%u shown · pages 1–%u of %u", "%u shown · pages 1–%u of %u",
                                     shown), shown, self->pages_streamed, n_pages);
  gtk_label_set_label (self->queue_count, count);
  if (self->reading_stopped)
    subtitle = g_strdup_printf (_("Reading stopped: pages 1–%u of %u shown; open the project "
                                  "again to read the rest"), self->pages_streamed, n_pages);
  else
    subtitle = g_strdup_printf (_("Reading the scans: %u of %u read…"), self->pages_read,
                                n_pages);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

void
_vn_window_update_count (VnWindow *self)
{
  VnProgress progress;
  g_autofree char *count = NULL, *subtitle = NULL;
  g_autofree char *resolved = NULL, *corrections = NULL, *verified = NULL;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)), n_corrections;

  if (_vn_window_is_streaming (self))
    {
      show_streaming_count (self, shown);
      return;
    }
  if (self->collation == NULL)
    return;
  vn_session_get_progress (self->session, self->collation, -1, &progress);
  n_corrections = g_list_model_get_n_items (vn_session_get_corrections (self->session));
  count = g_strdup_printf (ngettext ("%u shown", "%u shown", shown), shown);
  gtk_label_set_label (self->queue_count, count);
  /* Short enough for the header of a small window. */
  resolved = g_strdup_printf (_("%u/%u resolved"), progress.resolved, progress.discrepancies);
  corrections = g_strdup_printf (ngettext ("%u correction", "%u corrections", n_corrections),
                                 n_corrections);
  verified = g_strdup_printf (_("%u/%u words verified"), progress.verified, progress.words);
  subtitle = g_strdup_printf ("%s · %s · %s", resolved, corrections, verified);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
filter_changed_cb (VnWindow *self)
{
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  _vn_window_update_count (self);
}

/* Enter in the search field: the first reading found, and the keys back to the queue. */
static void
search_activate_cb (GtkSearchEntry *entry,
                    VnWindow       *self)
{
  g_autoptr(VnDiscrepancy) d = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      d = g_list_model_get_item (G_LIST_MODEL (self->selection), 0);
      _vn_window_select (self, d);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->queue_view));
}

/* Esc in the search field: the search is given up, the keys go back to the queue. */
static void
search_stop_cb (GtkSearchEntry *entry,
                VnWindow       *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->queue_view));
}

/* ------------------------------------------------------------------ sorting */

static int
compare_double (double a,
                double b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
sort_score (gconstpointer a, gconstpointer b, gpointer data)
{
  return compare_double (vn_discrepancy_get_score ((gpointer) b),
                         vn_discrepancy_get_score ((gpointer) a));
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
  return g_utf8_collate (vn_discrepancy_get_ocr ((gpointer) a),
                         vn_discrepancy_get_ocr ((gpointer) b));
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
  return (int) vn_discrepancy_get_likely ((gpointer) a) -
         (int) vn_discrepancy_get_likely ((gpointer) b);
}

/* Reading order: the transcription's, which is the pages' in turn. */
static int
sort_position (gconstpointer a, gconstpointer b, gpointer data)
{
  return (int) vn_discrepancy_get_start ((gpointer) a) -
         (int) vn_discrepancy_get_start ((gpointer) b);
}

static int
sort_kind (gconstpointer a, gconstpointer b, gpointer data)
{
  return (int) vn_discrepancy_get_kind ((gpointer) a) -
         (int) vn_discrepancy_get_kind ((gpointer) b);
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

/* The order of review is the queue's sort: by the Scan column (the place in the text) or by
 * score; the editor may sort by any other column too. */
void
_vn_window_set_order (VnWindow      *self,
                      VnReviewOrder  order)
{
  gboolean changed = self->order != order;

  self->order = order;
  gtk_column_view_sort_by_column (self->queue_view,
                                  order == VN_REVIEW_BY_SCORE ? self->score_column
                                                              : self->crop_column,
                                  GTK_SORT_ASCENDING);
  gtk_menu_button_set_label (self->order_button, order == VN_REVIEW_BY_SCORE
                                                 ? _("By Score") : _("In Reading Order"));
  if (self->current != NULL)
    _vn_window_select_in_queue (self, self->current);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), _vn_window_properties[PROP_REVIEW_ORDER]);
}

/* ------------------------------------------------------------------ navigation */

/* What "n" and the answers move through: the queue as shown, or, line by line, the
 * discrepancies in reading order. */
GListModel *
_vn_window_review_list (VnWindow *self)
{
  return self->line_mode ? G_LIST_MODEL (self->reading_order) : G_LIST_MODEL (self->selection);
}

static guint
position_of (GListModel    *list,
             VnDiscrepancy *d)
{
  for (guint i = 0; d != NULL && i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) item = g_list_model_get_item (list, i);
      if (item == d)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* The next (@direction 1) or previous (-1) open discrepancy from the selection, going round
 * the end with @wrap; resolved ones are passed over unless the queue lists only those. NULL
 * when there is none. Without a selection in the list, the first (or last). */
VnDiscrepancy *
_vn_window_next_open (VnWindow *self,
                      int       direction,
                      gboolean  wrap)
{
  GListModel *list = _vn_window_review_list (self);
  gint64 n = g_list_model_get_n_items (list);
  guint start = position_of (list, self->current);
  gboolean resolved_only = !self->line_mode &&
                           gtk_drop_down_get_selected (self->filter_dropdown) == FILTER_RESOLVED;

  for (gint64 k = 0; k < n; k++)
    {
      g_autoptr(VnDiscrepancy) d = NULL;
      gint64 i;

      if (start == GTK_INVALID_LIST_POSITION)
        i = direction > 0 ? k : n - 1 - k;
      else
        {
          i = (gint64) start + direction * (k + 1);
          if (!wrap && (i < 0 || i >= n))
            return NULL;
          i = (i % n + n) % n;
        }
      d = g_list_model_get_item (list, i);
      if (resolved_only || !vn_session_is_resolved (self->session, d))
        return g_steal_pointer (&d);
    }
  return NULL;
}

/* After an answer: the next open discrepancy, so review flows key after key. */
void
_vn_window_advance (VnWindow *self)
{
  g_autoptr(VnDiscrepancy) next = _vn_window_next_open (self, 1, TRUE);

  if (next != NULL)
    _vn_window_select (self, next);
  else
    _vn_window_toast (self, _("Every discrepancy is resolved."));
}

/* ------------------------------------------------------------------ cells */

/* A cell's tooltip is its text, made when the tooltip is shown: setting one on each cell as
 * it is bound made GTK ask the X server where the pointer was, once a cell, whenever the
 * queue scrolled (most of a page turn's time). */
static gboolean
cell_query_tooltip_cb (GtkWidget  *label,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       gpointer    unused)
{
  const char *text = gtk_label_get_label (GTK_LABEL (label));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static GtkWidget *
new_cell (GtkListItem *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_has_tooltip (label, TRUE);
  gtk_list_item_set_child (item, label);
  return label;
}

static void
label_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                VnWindow                 *self)
{
  g_signal_connect (new_cell (item), "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
}

/* The kind in the cell, every signal in the tooltip. */
static gboolean
signals_query_tooltip_cb (GtkWidget   *label,
                          int          x,
                          int          y,
                          gboolean     keyboard,
                          GtkTooltip  *tooltip,
                          GtkListItem *item)
{
  VnDiscrepancy *d = gtk_list_item_get_item (item);
  g_auto(GStrv) signals = NULL;
  g_autofree char *joined = NULL, *text = NULL;

  if (d == NULL)
    return FALSE;
  signals = vn_signals_to_labels (vn_discrepancy_get_signals (d));
  joined = g_strjoinv (", ", signals);
  text = g_strdup_printf ("%s: %s", vn_discrepancy_kind_to_label (vn_discrepancy_get_kind (d)),
                          joined);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
signals_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  VnWindow                 *self)
{
  g_signal_connect (new_cell (item), "query-tooltip", G_CALLBACK (signals_query_tooltip_cb),
                    item);
}

static void
set_cell (GtkListItem *item,
          const char  *text,
          const char  *css_class)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label), text);
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
  const char *text = vn_discrepancy_get_transcription (item_discrepancy (item));
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
  g_autofree char *text = confidence < 0 ? g_strdup ("—")
                                          : g_strdup_printf ("%.0f%%", confidence);
  set_cell (item, text, "numeric");
}

static void
signals_bind_cb (GtkSignalListItemFactory *f, GtkListItem *item, VnWindow *self)
{
  VnDiscrepancy *d = item_discrepancy (item);

  set_cell (item, vn_discrepancy_kind_to_label (vn_discrepancy_get_kind (d)), "dim-label");
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
  g_autofree char *text = g_strdup_printf ("%.2f",
                                           vn_discrepancy_get_score (item_discrepancy (item)));
  set_cell (item, text, "numeric");
}

/* The row's name for screen readers: the whole discrepancy in one sentence. GTK 4.8 has no
 * GtkColumnViewRow to give it to, so it goes on the row widget the cell is in. */
static void
label_row (GtkListItem *item,
           VnWindow    *self)
{
  VnDiscrepancy *d = item_discrepancy (item);
  const char *resolution = _vn_window_resolution_of (self, d);
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
                           _vn_window_verdict_sentence (d),
                           *transcription ? transcription : _("(nothing)"),
                           *ocr ? ocr : _("(not read)"), *suggestion ? suggestion : _("(remove)"),
                           vn_discrepancy_get_score (d), resolution ? resolution : _("Open"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
status_bind_cb (GtkSignalListItemFactory *f, GtkListItem *item, VnWindow *self)
{
  const char *resolution = _vn_window_resolution_of (self, item_discrepancy (item));
  set_cell (item, resolution ? resolution : _("Open"), resolution ? "success" : "dim-label");
  label_row (item, self);
}

/* About 20 MB of crops at most. */
#define MAX_CROPS 512

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
  g_ptr_array_add (self->crop_items, g_object_ref (item));
}

/* A crop of the word from its page, at about the row's height; NULL while the page is
 * decoded. */
static GdkTexture *
make_crop (VnWindow      *self,
           VnDiscrepancy *d)
{
  VnBox box = vn_discrepancy_get_bbox (d);

  if (self->page_cache == NULL)
    return NULL;
  return vn_texture_new_for_page_crop (self->page_cache, vn_discrepancy_get_page (d), &box,
                                       MAX (6, box.h / 3), 36 * 2);
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
    {
      /* The crops of the rows seen so far, up to a bound: memory stays bounded however long
       * the queue. */
      if (g_hash_table_size (self->crops) >= MAX_CROPS)
        g_hash_table_remove_all (self->crops);
      g_hash_table_insert (self->crops, g_object_ref (d), texture);
    }
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  alternative = g_strdup_printf (_("The scan where the transcription has “%s”"),
                                 vn_discrepancy_get_transcription (d));
  gtk_picture_set_alternative_text (picture, alternative);
}

/* Page @page is decoded: the rows on it that wait for their crop get it. */
void
_vn_window_queue_page_decoded (VnWindow *self,
                               guint     page)
{
  for (guint i = 0; i < self->crop_items->len; i++)
    {
      GtkListItem *item = g_ptr_array_index (self->crop_items, i);
      VnDiscrepancy *d = gtk_list_item_get_item (item);

      if (d != NULL && vn_discrepancy_get_page (d) == page &&
          g_hash_table_lookup (self->crops, d) == NULL)
        crop_bind_cb (NULL, item, self);
    }
}

/* ------------------------------------------------------------------ selection */

static void
queue_activate_cb (GtkColumnView *view,
                   guint          position,
                   VnWindow      *self)
{
  g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  _vn_window_select (self, d);
}

static void
selection_changed_cb (VnWindow *self)
{
  VnDiscrepancy *d = gtk_single_selection_get_selected_item (self->selection);

  if (d != NULL && d != self->current)
    _vn_window_select (self, d);
}

/* The row of @d selected and scrolled into view; none when the queue does not list it. */
void
_vn_window_select_in_queue (VnWindow      *self,
                            VnDiscrepancy *d)
{
  guint i = position_of (G_LIST_MODEL (self->selection), d);

  gtk_single_selection_set_selected (self->selection, i);
  if (i == GTK_INVALID_LIST_POSITION)
    return;
  /* GTK 4.8 has no gtk_column_view_scroll_to: the inner list view scrolls. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_view));
       child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", i);
}

/* ------------------------------------------------------------------ layout */

static int
text_width (VnWindow   *self,
            const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->queue_view),
                                                                  text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* The width a column needs for its title (and the sort arrow beside it). */
static int
title_width (VnWindow            *self,
             GtkColumnViewColumn *column)
{
  return text_width (self, gtk_column_view_column_get_title (column)) + 28;
}

static void
set_width (GtkColumnViewColumn *column,
           int                  width)
{
  if (gtk_column_view_column_get_fixed_width (column) != width)
    gtk_column_view_column_set_fixed_width (column, width);
}

/* Columns that matter less give way on a narrow review side, least useful first, until the
 * rest fit: none is ever cut at the edge (the queue does not scroll sideways). The three
 * readings share what is left, each at least as wide as its title. Every width is fixed
 * here, so that what the queue shows depends on the width alone. */
void
_vn_window_fit_queue_columns (VnWindow *self,
                              int       width)
{
  GtkColumnViewColumn *readings[] = { self->transcription_column, self->ocr_column,
                                      self->suggestion_column };
  /* What a reading's cell says when there is none: never cut either. */
  const char *placeholders[] = { _("(nothing)"), _("(not read)"), _("(remove)") };
  GtkColumnViewColumn *optional[] = { self->verdict_column, self->confidence_column,
                                      self->signals_column, self->score_column };
  static const int optional_widths[] = { 92, 54, 114, 54 };
  /* The scroll bar is drawn over the rows, but keeps clear of the last column's text. */
  int least[G_N_ELEMENTS (readings)], needed = 8 + 112 + 104, spare;

  if (width <= 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    needed += least[i] = MAX (MAX (80, title_width (self, readings[i])),
                              text_width (self, placeholders[i]) + 20);
  /* Shown while they fit, in order of use: the verdict first, the score last. */
  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    {
      int more = MAX (optional_widths[i], title_width (self, optional[i]));
      gboolean fits = needed + more <= width;

      set_width (optional[i], more);
      if (gtk_column_view_column_get_visible (optional[i]) != fits)
        gtk_column_view_column_set_visible (optional[i], fits);
      if (fits)
        needed += more;
    }
  spare = MAX (0, width - needed);
  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    set_width (readings[i], least[i] + spare / (int) G_N_ELEMENTS (readings));
}

/* ------------------------------------------------------------------ set-up */

/* What the queue lists: the collation's discrepancies, or those of the pages read so far. */
GListModel *
_vn_window_queued (VnWindow *self)
{
  return self->streamed ? G_LIST_MODEL (self->streamed) : G_LIST_MODEL (self->collation);
}

void
_vn_window_set_collation_to_queue (VnWindow *self)
{
  gtk_filter_list_model_set_model (self->filter_model, _vn_window_queued (self));
  gtk_sort_list_model_set_model (self->reading_order, _vn_window_queued (self));
}

void
_vn_window_init_queue (VnWindow *self)
{
  GtkSorter *view_sorter = gtk_column_view_get_sorter (self->queue_view);
  g_autoptr(GtkCustomSorter) by_position = gtk_custom_sorter_new (sort_position, NULL, NULL);

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
  self->reading_order = gtk_sort_list_model_new (NULL, g_object_ref (GTK_SORTER (by_position)));
  g_signal_connect_swapped (self->filter_dropdown, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (filter_changed_cb),
                            self);
  self->order = VN_REVIEW_BY_SCORE;
  _vn_window_set_order (self, VN_REVIEW_BY_READING);
}

/* The queue's cells and its search field are the template's. */
void
_vn_window_class_queue_init (GtkWidgetClass *widget_class)
{
#define CALLBACK(name) gtk_widget_class_bind_template_callback (widget_class, name)
  CALLBACK (queue_activate_cb); CALLBACK (label_setup_cb); CALLBACK (crop_setup_cb);
  CALLBACK (crop_bind_cb); CALLBACK (transcription_bind_cb); CALLBACK (ocr_bind_cb);
  CALLBACK (suggestion_bind_cb); CALLBACK (confidence_bind_cb); CALLBACK (signals_bind_cb);
  CALLBACK (signals_setup_cb); CALLBACK (verdict_bind_cb); CALLBACK (score_bind_cb);
  CALLBACK (status_bind_cb);
  CALLBACK (search_activate_cb); CALLBACK (search_stop_cb);
#undef CALLBACK
}
