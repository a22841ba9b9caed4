/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-window-reading.c: the reading of an opened project behind the window: its progress, the
 * pages' discrepancies put in the queue as each page is read (in page order, while the rest
 * are read), and the whole collation that settles them once every page is read, without
 * moving the editor's place in the queue. */
#include "config.h"

#include <glib/gi18n.h>

#include "vn-window-private.h"

/* ------------------------------------------------------------------ progress */

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
  VnWindow *self = p->self;
  g_autofree char *text = g_strdup_printf (_("Read page %u of %u (%s)"), p->done, p->total,
                                           p->label);

  self->pages_read = p->done;
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) p->done / MAX (1, p->total));
  _vn_window_update_count (self);
  g_object_unref (p->self);
  g_free (p->label);
  g_free (p);
  return G_SOURCE_REMOVE;
}

/* From the OCR's threads: the window lives as long as the reading (load_done_cb's ref). */
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
set_ready (VnWindow *self,
           gboolean  ready)
{
  if (self->ready == !!ready)
    return;
  self->ready = !!ready;
  g_object_notify_by_pspec (G_OBJECT (self), _vn_window_properties[PROP_READY]);
}

void
_vn_window_clear_reading (VnWindow *self)
{
  g_clear_object (&self->streamed);
  self->reading_stopped = FALSE;
  self->pages_read = 0;
  self->pages_streamed = 0;
  set_ready (self, FALSE);
}

/* Pages are still being read while the queue already lists those before them. */
gboolean
_vn_window_is_streaming (VnWindow *self)
{
  return self->streamed != NULL && self->collation == NULL;
}

/* The first open discrepancy selected, and the keys given to the queue. */
static void
select_first (VnWindow *self)
{
  GListModel *list = _vn_window_review_list (self);
  g_autoptr(VnDiscrepancy) first = NULL;

  if (g_list_model_get_n_items (list) == 0)
    return;
  first = _vn_window_next_open (self, 1, FALSE);
  if (first == NULL)
    first = g_list_model_get_item (list, 0);
  _vn_window_select (self, first);
  gtk_widget_grab_focus (GTK_WIDGET (self->queue_view));
}

/* ------------------------------------------------------------------ pages as they are read */

typedef struct
{
  VnWindow    *self;
  VnDocument  *document;
  guint        page;
  VnCollation *collation;   /* the page's alone */
} StreamedPage;

/* In the main thread: the page's discrepancies appended to the queue; the rows already there
 * and the selection stay where they are. */
static gboolean
show_streamed_page (gpointer data)
{
  StreamedPage *p = data;
  VnWindow *self = p->self;
  GListModel *items = G_LIST_MODEL (p->collation);
  guint n = g_list_model_get_n_items (items);

  if (p->document == self->document && self->streamed != NULL && self->collation == NULL)
    {
      g_autoptr(GPtrArray) added = g_ptr_array_new_full (n, g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (added, g_list_model_get_item (items, i));
      g_list_store_splice (self->streamed, g_list_model_get_n_items (G_LIST_MODEL (self->streamed)),
                           0, added->pdata, added->len);
      self->pages_streamed = p->page + 1;
      if (self->current == NULL)
        select_first (self);
      _vn_window_update_count (self);
      _vn_window_update_actions (self);
    }
  g_object_unref (p->collation);
  g_object_unref (p->document);
  g_object_unref (p->self);
  g_free (p);
  return G_SOURCE_REMOVE;
}

/* In the thread that reads, page by page in order. */
static void
page_read_cb (VnDocument  *document,
              guint        page,
              VnCollation *collation,
              gpointer     user_data)
{
  StreamedPage *p = g_new0 (StreamedPage, 1);

  p->self = g_object_ref (user_data);
  p->document = g_object_ref (document);
  p->page = page;
  p->collation = g_object_ref (collation);
  g_idle_add (show_streamed_page, p);
}

/* A page's discrepancy and the whole collation's for the same words have the same key: the
 * verdict, the score and even the OCR's reading may change once every page is judged. */
static char *
discrepancy_key (VnDiscrepancy *d)
{
  return g_strdup_printf ("%u:%u:%u", vn_discrepancy_get_page (d), vn_discrepancy_get_start (d),
                          vn_discrepancy_get_end (d));
}

/* The whole collation's discrepancies by key, each key's in their order. */
static GHashTable *
index_by_key (GListModel *list)
{
  GHashTable *by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_queue_free);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      VnDiscrepancy *d = g_list_model_get_item (list, i);
      char *key = discrepancy_key (d);
      GQueue *same = g_hash_table_lookup (by_key, key);

      if (same == NULL)
        g_hash_table_insert (by_key, key, same = g_queue_new ());
      else
        g_free (key);
      g_queue_push_tail (same, d);   /* the collation holds it */
      g_object_unref (d);
    }
  return by_key;
}

/* Each streamed discrepancy replaced in its place by the whole collation's (judged on every
 * page, the disputed words read again), one row at a time so that the queue keeps its place;
 * those the whole alignment found otherwise leave, and its own come in at their places. The
 * queue then lists the collation's discrepancies, in its order, exactly. Returns the
 * replacement of @current, or NULL. */
static VnDiscrepancy *
settle_streamed (VnWindow      *self,
                 VnDiscrepancy *current)
{
  GListModel *final = G_LIST_MODEL (self->collation);
  g_autoptr(GHashTable) by_key = index_by_key (final);
  g_autoptr(GHashTable) placed = g_hash_table_new (NULL, NULL);
  VnDiscrepancy *current_now = NULL;
  guint i = 0;

  while (i < g_list_model_get_n_items (G_LIST_MODEL (self->streamed)))
    {
      g_autoptr(VnDiscrepancy) old = g_list_model_get_item (G_LIST_MODEL (self->streamed), i);
      g_autofree char *key = discrepancy_key (old);
      GQueue *same = g_hash_table_lookup (by_key, key);
      VnDiscrepancy *now = same ? g_queue_pop_head (same) : NULL;

      if (now == NULL)
        {
          g_list_store_remove (self->streamed, i);
          continue;
        }
      g_list_store_splice (self->streamed, i++, 1, (gpointer *) &now, 1);
      g_hash_table_add (placed, now);
      if (old == current)
        current_now = now;
    }
  /* The collation's own come in, and any found in another order moves, to its place. */
  for (guint k = 0; k < g_list_model_get_n_items (final); k++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (final, k);
      g_autoptr(VnDiscrepancy) there = g_list_model_get_item (G_LIST_MODEL (self->streamed), k);
      guint at;

      if (there == d)
        continue;
      if (g_hash_table_contains (placed, d) && g_list_store_find (self->streamed, d, &at))
        g_list_store_remove (self->streamed, at);
      g_list_store_insert (self->streamed, k, d);
    }
  return current_now;
}

/* ------------------------------------------------------------------ the end of the reading */

/* Every page read and collated together: the queue settles on the whole collation. */
static void
show_whole_collation (VnWindow *self)
{
  g_autoptr(VnDiscrepancy) current = self->current ? g_object_ref (self->current) : NULL;
  VnDiscrepancy *current_now;

  _vn_window_show_collation (self);
  if (self->streamed == NULL)
    {
      select_first (self);
      return;
    }
  current_now = settle_streamed (self, current);
  if (current_now != NULL)
    _vn_window_select (self, current_now);
  else if (current == NULL)
    select_first (self);
  else
    g_clear_object (&self->current);
  _vn_window_update_count (self);
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
  if (document != self->document)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->streamed == NULL)
    return;
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gtk_spinner_stop (self->progress_spinner);
  if (!read)
    {
      /* The editor stopped it: the pages shown stay, to review; the title says how many. */
      self->reading_stopped = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      _vn_window_update_count (self);
      _vn_window_toast (self, self->reading_stopped
                              ? _("Reading stopped; the pages read so far are in the queue.")
                              : error->message);
      return;
    }
  show_whole_collation (self);
  set_ready (self, TRUE);
}

/* ------------------------------------------------------------------ the start */

/* A transcription with a form feed per scan is collated page by page as the scans are read:
 * the queue lists each page's discrepancies at once, in a store of the window's own. Without,
 * the pages are found by the whole alignment, once every page is read. */
static void
start_reading (VnWindow *self)
{
  if (vn_document_streams_pages (self->document))
    {
      self->streamed = g_list_store_new (VN_TYPE_DISCREPANCY);
      vn_document_set_page_func (self->document, page_read_cb, self);
      /* The pages come in reading order: rows are only ever added below. */
      if (!self->order_chosen)
        _vn_window_set_order (self, VN_REVIEW_BY_READING);
      _vn_window_set_collation_to_queue (self);
    }
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
void
_vn_window_start_reading_after_paint (VnWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  gtk_spinner_start (self->progress_spinner);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  if (clock == NULL)
    {
      start_reading (self);
      return;
    }
  /* Tied to the window: a window closed before its first frame leaves no dangling handler. */
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_paint_cb), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
