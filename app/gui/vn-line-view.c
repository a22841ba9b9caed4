/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-line-view.c: the line-by-line review (template ui/vn-line-view.ui), as newspaper
 * correction programmes show it: every line of the scans with a discrepancy, one row each with
 * the line cut from the scan, the OCR's reading and the transcription's under it, the letters
 * they do not share marked and the selected word in bold. The window's actions answer (the
 * same journal and undo as the queue); the view says which line the editor picked, and hands
 * back a line edited in place. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "verno-resources.h"
#include "vn-char-diff.h"
#include "vn-line-row.h"
#include "vn-line-view.h"
#include "vn-scan-line.h"
#include "vn-texture.h"

struct _VnLineView
{
  GtkWidget           parent_instance;

  /* Template children */
  GtkWidget          *box;
  GtkListView        *list_view;

  VnCollation        *collation;
  VnSession          *session;
  GListModel         *lines;
  VnPageCache        *page_cache;        /* the window's pages, decoded on demand */
  guint8             *has_discrepancy;   /* per token */
  GPtrArray          *starting;          /* VnDiscrepancy, by their first token */
  guint              *first_at;          /* per token and one more: its first in starting */
  guint               n_tokens;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GHashTable         *images;            /* VnScanLine → GdkTexture */
  GHashTable         *rows;              /* VnScanLine → VnLineRow, while bound */
  int                 current_token;
  VnScanLine         *editing;           /* the line being edited, or NULL */
  guint               edit_start, edit_end;   /* its place in the verified text */
  gboolean            selecting;         /* the selection follows the window's */
  gboolean            stale;             /* hidden: rows not refilled, selection not shown */
};

G_DEFINE_FINAL_TYPE (VnLineView, vn_line_view, GTK_TYPE_WIDGET)

enum { LINE_ACTIVATED, LINE_EDITED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ rows */

static gboolean
line_has_discrepancy (gpointer item,
                      gpointer data)
{
  VnLineView *self = data;
  guint first, n;

  vn_scan_line_get_tokens (item, &first, &n);
  for (guint t = first; t < first + n && t < self->n_tokens; t++)
    if (self->has_discrepancy[t])
      return TRUE;
  return FALSE;
}

static GdkTexture *
line_image (VnLineView *self,
            VnScanLine *line)
{
  GdkTexture *texture = g_hash_table_lookup (self->images, line);
  VnBox box = vn_scan_line_get_box (line);

  if (texture != NULL || self->page_cache == NULL)
    return texture;
  texture = vn_texture_new_for_page_crop (self->page_cache, vn_scan_line_get_page (line), &box,
                                          MAX (4, box.h / 5), 0);
  if (texture != NULL)
    g_hash_table_insert (self->images, g_object_ref (line), texture);
  return texture;
}

static void
mark (PangoAttrList  *list,
      PangoAttribute *attribute,
      guint           start,
      guint           end)
{
  attribute->start_index = start;
  attribute->end_index = end;
  pango_attr_list_insert (list, attribute);
}

/* The letters of one reading the other does not share: a tint behind them. */
static void
mark_differences (PangoAttrList *list,
                  GArray        *spans,
                  gboolean       of_text,
                  guint16        r,
                  guint16        g,
                  guint16        b)
{
  for (guint i = 0; i < spans->len; i++)
    {
      const VnCharDiffSpan *s = &g_array_index (spans, VnCharDiffSpan, i);
      guint start = of_text ? s->b_start : s->a_start;
      guint len = of_text ? s->b_len : s->a_len;

      if (s->equal || len == 0)
        continue;
      mark (list, pango_attr_background_new (r, g, b), start, start + len);
      mark (list, pango_attr_background_alpha_new (0x6000), start, start + len);
    }
}

/* The selected word, in bold and underlined, where it lies in the line's text. */
static void
mark_current (VnLineView    *self,
              PangoAttrList *list,
              VnScanLine    *line,
              guint          line_start,
              gsize          line_len)
{
  const VnToken *t;
  guint start, end;

  if (self->current_token < 0 || !vn_scan_line_has_token (line, self->current_token))
    return;
  t = vn_transcription_get_token (vn_session_get_canonical (self->session), self->current_token);
  start = vn_session_canonical_to_verified (self->session, t->core_start);
  end = MAX (vn_session_canonical_to_verified (self->session, t->core_end), start);
  if (start < line_start || end - line_start > line_len)
    return;
  mark (list, pango_attr_weight_new (PANGO_WEIGHT_BOLD), start - line_start, end - line_start);
  mark (list, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE), start - line_start,
        end - line_start);
}

/* The open discrepancies that start on @line: through the index, since a page turn refills
 * every row shown and the collation of a volume has thousands. */
static guint
count_open (VnLineView *self,
            VnScanLine *line)
{
  guint open = 0, first, n;

  vn_scan_line_get_tokens (line, &first, &n);
  for (guint t = first; t < first + n && t < self->n_tokens; t++)
    for (guint k = self->first_at[t]; k < self->first_at[t + 1]; k++)
      if (!vn_session_is_resolved (self->session, g_ptr_array_index (self->starting, k)))
        open++;
  return open;
}

static void
fill_row (VnLineView *self,
          VnLineRow  *row,
          VnScanLine *line)
{
  guint vs = 0, ve = 0, open = count_open (self, line);
  g_autofree char *text = vn_scan_line_dup_transcription (line, self->session, &vs, &ve);
  const char *ocr = vn_scan_line_get_ocr_text (line);
  g_autoptr(GArray) spans = vn_char_diff (ocr, text, VN_CHAR_DIFF_SPACES_EQUAL);
  g_autoptr(PangoAttrList) ocr_marks = pango_attr_list_new ();
  g_autoptr(PangoAttrList) text_marks = pango_attr_list_new ();
  g_autofree char *caption = NULL, *description = NULL;

  /* Yellow for the scan's letters, red for the transcription's, as in the region reading. */
  mark_differences (ocr_marks, spans, FALSE, 0xf600, 0xd300, 0x2d00);
  mark_differences (text_marks, spans, TRUE, 0xf600, 0x6100, 0x5100);
  mark_current (self, text_marks, line, vs, strlen (text));
  /* TRANSLATORS: "Page 1 · 2 open": the line's page and its unresolved discrepancies. */
  caption = g_strdup_printf (ngettext ("Page %u · %u open", "Page %u · %u open", open),
                             vn_scan_line_get_page (line) + 1, open);
  vn_line_row_set_readings (row, caption, ocr, ocr_marks, text, text_marks);
  description = g_strdup_printf (_("The line of the scan the OCR read as “%s”"), ocr);
  vn_line_row_set_image (row, GDK_PAINTABLE (line_image (self, line)), description);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              VnLineView               *self)
{
  gtk_list_item_set_child (item, vn_line_row_new ());
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             VnLineView               *self)
{
  VnScanLine *line = gtk_list_item_get_item (item);
  VnLineRow *row = VN_LINE_ROW (gtk_list_item_get_child (item));

  g_hash_table_insert (self->rows, line, row);
  fill_row (self, row, line);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               VnLineView               *self)
{
  VnScanLine *line = gtk_list_item_get_item (item);

  if (g_hash_table_lookup (self->rows, line) == gtk_list_item_get_child (item))
    g_hash_table_remove (self->rows, line);
}

/* Every row on screen, anew: the session changed, or the selected word moved. */
void
vn_line_view_refresh (VnLineView *self)
{
  GHashTableIter iter;
  gpointer line, row;

  g_return_if_fail (VN_IS_LINE_VIEW (self));

  if (self->session == NULL)
    return;
  /* Hidden behind the text, its rows are refilled once shown, not on every page turn. */
  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->stale)
    return;
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &line, &row))
    if (line != self->editing)
      fill_row (self, row, line);
}

/* ------------------------------------------------------------------ selection */

/* The editor picked a line: its first open discrepancy's word, or its first word with one. */
static void
selection_changed_cb (VnLineView *self)
{
  VnScanLine *line = gtk_single_selection_get_selected_item (self->selection);
  guint first, n;
  int chosen = -1;

  if (self->selecting || line == NULL || vn_scan_line_has_token (line, self->current_token))
    return;
  vn_scan_line_get_tokens (line, &first, &n);
  for (guint t = first; t < first + n && chosen < 0; t++)
    if (self->has_discrepancy[t])
      chosen = t;
  if (chosen >= 0)
    g_signal_emit (self, signals[LINE_ACTIVATED], 0, (guint) chosen);
}

static guint
position_of_token (VnLineView *self,
                   int         token)
{
  GListModel *model = G_LIST_MODEL (self->filtered);

  for (guint i = 0; token >= 0 && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VnScanLine) line = g_list_model_get_item (model, i);
      if (vn_scan_line_has_token (line, token))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* The line of @token selected and in view, the word marked; -1 selects nothing. */
void
vn_line_view_show_token (VnLineView *self,
                         int         token)
{
  guint position;

  g_return_if_fail (VN_IS_LINE_VIEW (self));

  self->current_token = token;
  if (self->filtered == NULL)
    return;
  /* Hidden, the list would still bind and fill the rows it scrolls to: it goes there once
   * shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  position = position_of_token (self, token);
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting = FALSE;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  vn_line_view_refresh (self);
}

/* ------------------------------------------------------------------ editing */

static VnLineRow *
selected_row (VnLineView  *self,
              VnScanLine **line)
{
  *line = self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;
  return *line ? g_hash_table_lookup (self->rows, *line) : NULL;
}

/* The selected line's transcription in a field, to edit in place, verified bytes
 * [@word_start, @word_end) selected (the marked word; all of the line when it has none). A
 * word that runs on to the next line (a hyphenation) takes the field there too. FALSE when no
 * line is selected. */
gboolean
vn_line_view_begin_edit (VnLineView *self,
                         guint       word_start,
                         guint       word_end)
{
  VnScanLine *line;
  VnLineRow *row = selected_row (self, &line);
  g_autofree char *verified = NULL, *text = NULL;
  guint line_start = 0, line_end = 0;
  int from = 0, to = -1;

  g_return_val_if_fail (VN_IS_LINE_VIEW (self), FALSE);

  if (row == NULL || self->session == NULL)
    return FALSE;
  g_free (vn_scan_line_dup_transcription (line, self->session, &line_start, &line_end));
  verified = vn_session_dup_verified_text (self->session, NULL);
  self->edit_start = line_start, self->edit_end = line_end;
  if (word_start <= word_end && word_end <= strlen (verified) &&
      word_start < line_end && word_end > line_start)
    {
      self->edit_start = MIN (line_start, word_start);
      self->edit_end = MAX (line_end, word_end);
      from = g_utf8_pointer_to_offset (verified + self->edit_start, verified + word_start);
      to = g_utf8_pointer_to_offset (verified + self->edit_start, verified + word_end);
    }
  text = g_strndup (verified + self->edit_start, self->edit_end - self->edit_start);
  self->editing = line;
  vn_line_row_begin_edit (row, text, from, to);
  return TRUE;
}

static void
end_edit (VnLineView *self)
{
  VnScanLine *line = self->editing;
  VnLineRow *row = line ? g_hash_table_lookup (self->rows, line) : NULL;

  self->editing = NULL;
  if (row != NULL)
    {
      vn_line_row_end_edit (row);
      fill_row (self, row, line);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* Enter: the line as edited goes to the window ("line-edited"), which corrects what
 * changed. */
void
vn_line_view_finish_edit (VnLineView *self)
{
  g_autofree char *text = NULL;
  VnLineRow *row;

  g_return_if_fail (VN_IS_LINE_VIEW (self));

  if (self->editing == NULL || (row = g_hash_table_lookup (self->rows, self->editing)) == NULL)
    {
      self->editing = NULL;
      return;
    }
  text = g_strdup (vn_line_row_get_edited (row));
  end_edit (self);
  g_signal_emit (self, signals[LINE_EDITED], 0, self->edit_start, self->edit_end, text);
}

/* Esc: nothing was saved, nothing changes. */
void
vn_line_view_cancel_edit (VnLineView *self)
{
  g_return_if_fail (VN_IS_LINE_VIEW (self));
  end_edit (self);
}

/* ------------------------------------------------------------------ document */

/* The discrepancies each token has, and those each starts (counted, then placed). */
static void
index_tokens (VnLineView *self)
{
  GListModel *list = G_LIST_MODEL (self->collation);
  guint n_items = g_list_model_get_n_items (list);
  g_autofree guint *placed = NULL;

  self->n_tokens = vn_transcription_get_n_tokens (vn_collation_get_transcription (self->collation));
  self->has_discrepancy = g_malloc0 (self->n_tokens + 1);
  self->first_at = g_new0 (guint, self->n_tokens + 1);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (list, i);
      guint first, n;

      vn_discrepancy_get_tokens (d, &first, &n);
      for (guint t = first; t < first + n && t < self->n_tokens; t++)
        self->has_discrepancy[t] = TRUE;
      if (n > 0 && first < self->n_tokens)
        self->first_at[first + 1]++;
    }
  for (guint t = 0; t < self->n_tokens; t++)
    self->first_at[t + 1] += self->first_at[t];
  placed = g_memdup2 (self->first_at, sizeof (guint) * (self->n_tokens + 1));
  self->starting = g_ptr_array_new_full (self->first_at[self->n_tokens], g_object_unref);
  g_ptr_array_set_size (self->starting, self->first_at[self->n_tokens]);
  for (guint i = 0; i < n_items; i++)
    {
      VnDiscrepancy *d = g_list_model_get_item (list, i);
      guint first, n;

      vn_discrepancy_get_tokens (d, &first, &n);
      if (n > 0 && first < self->n_tokens)
        g_ptr_array_index (self->starting, placed[first]++) = d;
      else
        g_object_unref (d);
    }
}

static void
clear_document (VnLineView *self)
{
  if (self->selection != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->collation);
  g_clear_object (&self->session);
  g_clear_object (&self->lines);
  g_clear_pointer (&self->has_discrepancy, g_free);
  g_clear_pointer (&self->first_at, g_free);
  g_clear_pointer (&self->starting, g_ptr_array_unref);
  g_hash_table_remove_all (self->images);
  g_hash_table_remove_all (self->rows);
  self->editing = NULL;
  self->current_token = -1;
}

/* The lines of @collation that have a discrepancy; NULLs empty the view. */
void
vn_line_view_set_document (VnLineView  *self,
                           VnCollation *collation,
                           VnSession   *session,
                           GListModel  *lines)
{
  g_return_if_fail (VN_IS_LINE_VIEW (self));

  clear_document (self);
  if (collation == NULL || session == NULL || lines == NULL)
    return;
  self->collation = g_object_ref (collation);
  self->session = g_object_ref (session);
  self->lines = g_object_ref (lines);
  index_tokens (self);
  self->filter = gtk_custom_filter_new (line_has_discrepancy, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (lines),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (selection_changed_cb), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

/* The pages the lines are cut from; lines of pages decoded later get their images then. */
void
vn_line_view_set_page_cache (VnLineView  *self,
                             VnPageCache *page_cache)
{
  g_return_if_fail (VN_IS_LINE_VIEW (self));

  if (self->page_cache != NULL)
    g_signal_handlers_disconnect_by_data (self->page_cache, self);
  g_set_object (&self->page_cache, page_cache);
  g_hash_table_remove_all (self->images);
  if (page_cache != NULL)
    g_signal_connect_swapped (page_cache, "page-decoded", G_CALLBACK (vn_line_view_refresh),
                              self);
  vn_line_view_refresh (self);
}

/* The lines shown: those with a discrepancy, as VnScanLine. */
GListModel *
vn_line_view_get_lines (VnLineView *self)
{
  g_return_val_if_fail (VN_IS_LINE_VIEW (self), NULL);
  return self->selection ? G_LIST_MODEL (self->selection) : NULL;
}

/* ------------------------------------------------------------------ object */

static gboolean
vn_line_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (VN_LINE_VIEW (widget)->list_view));
}

static void
vn_line_view_map (GtkWidget *widget)
{
  VnLineView *self = VN_LINE_VIEW (widget);

  GTK_WIDGET_CLASS (vn_line_view_parent_class)->map (widget);
  if (self->stale)
    vn_line_view_show_token (self, self->current_token);   /* and refills the rows */
}

static void
vn_line_view_dispose (GObject *object)
{
  VnLineView *self = VN_LINE_VIEW (object);

  clear_document (self);
  if (self->page_cache != NULL)
    g_signal_handlers_disconnect_by_data (self->page_cache, self);
  g_clear_object (&self->page_cache);
  gtk_widget_dispose_template (GTK_WIDGET (self), VN_TYPE_LINE_VIEW);
  G_OBJECT_CLASS (vn_line_view_parent_class)->dispose (object);
}

static void
vn_line_view_finalize (GObject *object)
{
  VnLineView *self = VN_LINE_VIEW (object);

  g_clear_pointer (&self->images, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  G_OBJECT_CLASS (vn_line_view_parent_class)->finalize (object);
}

static void
vn_line_view_class_init (VnLineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vn_line_view_dispose;
  object_class->finalize = vn_line_view_finalize;
  widget_class->grab_focus = vn_line_view_grab_focus;
  widget_class->map = vn_line_view_map;

  /* The editor picked a line in the list: its word @token, to select everywhere. */
  signals[LINE_ACTIVATED] = g_signal_new ("line-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_UINT);
  /* A line edited in place: verified bytes [start, end) now read as the string. */
  signals[LINE_EDITED] = g_signal_new ("line-edited", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                       G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);

  g_assert (verno_get_resource () != NULL);
  g_type_ensure (VN_TYPE_LINE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/verno/Verno/vn-line-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, VnLineView, box);
  gtk_widget_class_bind_template_child (widget_class, VnLineView, list_view);
  gtk_widget_class_bind_template_callback (widget_class, row_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_unbind_cb);
}

static void
vn_line_view_init (VnLineView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->images = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  self->rows = g_hash_table_new (NULL, NULL);
  self->current_token = -1;
}
