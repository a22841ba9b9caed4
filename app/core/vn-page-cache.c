/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-page-cache.c: pages decoded on demand into a bounded cache. One worker thread decodes
 * the pages asked for, the page in focus first, then its neighbours, then the others in the
 * order asked; a second one decodes the page in focus alone, so that a page turned to never
 * waits for another page on its way. The pages held are the last ones used, the focus and its
 * neighbours never dropped. The worker shares a refcounted state with the object, never the object itself:
 * a window closed while a page is being decoded neither waits for it nor leaves it a pointer
 * to a finalized object. */
#include "vn-page-cache.h"
#include "vn-runtime.h"
#include "vn-scan-page.h"

typedef struct
{
  guint        page;
  VnPageImage *image;
} Entry;

typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  GCond            wake;
  GPtrArray       *scans;      /* VnScanPage */
  guint            capacity;
  GQueue           held;       /* Entry *, the most recently used first */
  GArray          *pending;    /* guint: pages asked for, the oldest first */
  GHashTable      *errors;     /* page → why it cannot be decoded */
  int              decoding[2]; /* the page each worker decodes, or -1 */
  int              focus;      /* the page in view, or -1 */
  gboolean         started, quit;
  GMainContext    *context;    /* where the signals are emitted */
  VnPageCache     *owner;      /* read in the owner's context only; NULL once disposed */
} Shared;

struct _VnPageCache
{
  GObject  parent_instance;
  Shared  *shared;
};

G_DEFINE_FINAL_TYPE (VnPageCache, vn_page_cache, G_TYPE_OBJECT)

enum { PAGE_DECODED, PAGE_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ shared state */

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_object_unref (entry->image);
  g_free (entry);
}

static Shared *
shared_ref (Shared *s)
{
  g_atomic_ref_count_inc (&s->ref_count);
  return s;
}

static void
shared_unref (Shared *s)
{
  if (!g_atomic_ref_count_dec (&s->ref_count))
    return;
  g_queue_clear_full (&s->held, entry_free);
  g_array_unref (s->pending);
  g_hash_table_unref (s->errors);
  g_ptr_array_unref (s->scans);
  g_main_context_unref (s->context);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->wake);
  g_free (s);
}

static gboolean
is_pinned (Shared *s,
           guint   page)
{
  return s->focus >= 0 && page + 1 >= (guint) s->focus && page <= (guint) s->focus + 1;
}

/* The entry of @page, moved to the front; NULL when @page is not held. Locked. */
static Entry *
touch (Shared *s,
       guint   page)
{
  for (GList *l = s->held.head; l != NULL; l = l->next)
    {
      Entry *entry = l->data;

      if (entry->page != page)
        continue;
      g_queue_unlink (&s->held, l);
      g_queue_push_head_link (&s->held, l);
      return entry;
    }
  return NULL;
}

/* The least recently used pages beyond the capacity go, the focus and its neighbours stay.
 * Locked. */
static void
evict (Shared *s)
{
  GList *l = s->held.tail;

  while (s->held.length > s->capacity && l != NULL)
    {
      GList *previous = l->prev;
      Entry *entry = l->data;

      if (!is_pinned (s, entry->page))
        {
          g_queue_delete_link (&s->held, l);
          entry_free (entry);
        }
      l = previous;
    }
}

/* Takes @image, unless @page is held already. Locked. */
static void
hold (Shared      *s,
      guint        page,
      VnPageImage *image)
{
  Entry *entry;

  if (touch (s, page) != NULL)
    {
      g_object_unref (image);
      return;
    }
  entry = g_new0 (Entry, 1);
  entry->page = page;
  entry->image = image;
  g_queue_push_head (&s->held, entry);
  g_hash_table_remove (s->errors, GUINT_TO_POINTER (page));
  evict (s);
}

/* ------------------------------------------------------------------ the worker */

typedef struct
{
  Shared *shared;
  guint   page;
  char   *error;
} Decoded;

static gboolean
emit_decoded (gpointer data)
{
  Decoded *d = data;
  VnPageCache *owner = d->shared->owner;

  if (owner != NULL && d->error == NULL)
    g_signal_emit (owner, signals[PAGE_DECODED], 0, d->page);
  else if (owner != NULL)
    g_signal_emit (owner, signals[PAGE_FAILED], 0, d->page, d->error);
  return G_SOURCE_REMOVE;
}

static void
decoded_free (gpointer data)
{
  Decoded *d = data;

  shared_unref (d->shared);
  g_free (d->error);
  g_free (d);
}

static void
post_decoded (Shared     *s,
              guint       page,
              const char *error)
{
  Decoded *d = g_new0 (Decoded, 1);

  d->shared = shared_ref (s);
  d->page = page;
  d->error = g_strdup (error);
  vn_runtime_post_to_context (s->context, emit_decoded, d, decoded_free);
}

/* Where @page is among the pages asked for, or -1. Locked. */
static int
find_pending (Shared *s,
              guint   page)
{
  for (guint i = 0; i < s->pending->len; i++)
    if (g_array_index (s->pending, guint, i) == page)
      return i;
  return -1;
}

/* Removes @page from the pages asked for; whether it was there. Locked. */
static gboolean
take_pending (Shared *s,
              guint   page)
{
  int i = find_pending (s, page);

  if (i >= 0)
    g_array_remove_index (s->pending, i);
  return i >= 0;
}

static gboolean
is_decoding (Shared *s,
             guint   page)
{
  return s->decoding[0] == (int) page || s->decoding[1] == (int) page;
}

/* The next page for worker @which to decode; -1 for none. Locked. The focus worker (1) takes
 * the focus alone. The other takes the focus, its next page, its previous one, then the
 * oldest asked for; not the neighbours while the focus is still to come, which comes first. */
static int
take_next (Shared *s,
           guint   which)
{
  int near[] = { s->focus, s->focus + 1, s->focus - 1 };
  gboolean focus_to_come;
  guint page;

  if (s->focus >= 0 && take_pending (s, s->focus))
    return s->focus;
  if (which == 1)
    return -1;
  focus_to_come = s->focus >= 0 && is_decoding (s, s->focus);
  for (guint i = 1; s->focus >= 0 && !focus_to_come && i < G_N_ELEMENTS (near); i++)
    if (near[i] >= 0 && take_pending (s, near[i]))
      return near[i];
  if (s->pending->len == 0)
    return -1;
  for (guint i = 0; i < s->pending->len; i++)
    {
      page = g_array_index (s->pending, guint, i);
      if (focus_to_come && page + 1 >= (guint) s->focus && page <= (guint) s->focus + 1)
        continue;
      g_array_remove_index (s->pending, i);
      return page;
    }
  return -1;
}

static void
work (Shared *s,
      guint   which)
{
  g_mutex_lock (&s->lock);
  while (!s->quit)
    {
      g_autoptr(GError) error = NULL;
      VnPageImage *image;
      int page = take_next (s, which);

      if (page < 0)
        {
          g_cond_wait (&s->wake, &s->lock);
          continue;
        }
      if (touch (s, page) != NULL)
        continue;
      s->decoding[which] = page;
      g_mutex_unlock (&s->lock);
      image = vn_page_image_new_from_scan (g_ptr_array_index (s->scans, page), &error);
      g_mutex_lock (&s->lock);
      s->decoding[which] = -1;
      if (image != NULL)
        hold (s, page, image);
      else
        g_hash_table_insert (s->errors, GUINT_TO_POINTER (page), g_strdup (error->message));
      post_decoded (s, page, error ? error->message : NULL);
      /* The other worker may wait for this one: the focus's neighbours come after it. */
      g_cond_broadcast (&s->wake);
    }
  g_mutex_unlock (&s->lock);
  shared_unref (s);
}

static gpointer
worker_main (gpointer data)
{
  vn_runtime_lower_thread_priority ();
  work (data, 0);
  return NULL;
}

/* The page turned to is decoded at the editor's priority: it is waited for. */
static gpointer
focus_worker_main (gpointer data)
{
  work (data, 1);
  return NULL;
}

/* ------------------------------------------------------------------ GObject */

static void
vn_page_cache_dispose (GObject *object)
{
  VnPageCache *self = VN_PAGE_CACHE (object);

  if (self->shared != NULL)
    {
      g_mutex_lock (&self->shared->lock);
      self->shared->quit = TRUE;
      self->shared->owner = NULL;
      g_cond_broadcast (&self->shared->wake);
      g_mutex_unlock (&self->shared->lock);
      g_clear_pointer (&self->shared, shared_unref);
    }
  G_OBJECT_CLASS (vn_page_cache_parent_class)->dispose (object);
}

static void
vn_page_cache_class_init (VnPageCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vn_page_cache_dispose;

  /**
   * VnPageCache::page-decoded:
   * @page: the page, from 0
   *
   * A page asked for (vn_page_cache_request ()) is held now; emitted in the thread-default
   * main context of the cache's creation.
   */
  signals[PAGE_DECODED] = g_signal_new ("page-decoded", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_UINT);
  /**
   * VnPageCache::page-failed:
   * @page: the page, from 0
   * @message: why it cannot be decoded, in words
   *
   * A page asked for cannot be decoded; it is not asked for again.
   */
  signals[PAGE_FAILED] = g_signal_new ("page-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                       G_TYPE_UINT, G_TYPE_STRING);
}

static void
vn_page_cache_init (VnPageCache *self)
{
}

/* The pages of @scan_pages (VnScanPage), at most @capacity of them held (at least 3: the
 * focus and its neighbours). Use it from the thread whose main context is current here,
 * except vn_page_cache_lookup () and vn_page_cache_load (), which any thread may call. */
VnPageCache *
vn_page_cache_new (GPtrArray *scan_pages,
                   guint      capacity)
{
  VnPageCache *self;
  Shared *s;

  g_return_val_if_fail (scan_pages != NULL, NULL);

  self = g_object_new (VN_TYPE_PAGE_CACHE, NULL);
  s = self->shared = g_new0 (Shared, 1);
  g_atomic_ref_count_init (&s->ref_count);
  g_mutex_init (&s->lock);
  g_cond_init (&s->wake);
  s->scans = g_ptr_array_ref (scan_pages);
  s->capacity = MAX (capacity, 3);
  g_queue_init (&s->held);
  s->pending = g_array_new (FALSE, FALSE, sizeof (guint));
  s->errors = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  s->decoding[0] = s->decoding[1] = s->focus = -1;
  s->context = g_main_context_ref_thread_default ();
  s->owner = self;
  return self;
}

guint
vn_page_cache_get_n_pages (VnPageCache *self)
{
  g_return_val_if_fail (VN_IS_PAGE_CACHE (self), 0);
  return self->shared->scans->len;
}

guint
vn_page_cache_get_capacity (VnPageCache *self)
{
  g_return_val_if_fail (VN_IS_PAGE_CACHE (self), 0);
  return self->shared->capacity;
}

/* How many pages are decoded in memory now. */
guint
vn_page_cache_get_n_held (VnPageCache *self)
{
  guint n;

  g_return_val_if_fail (VN_IS_PAGE_CACHE (self), 0);

  g_mutex_lock (&self->shared->lock);
  n = self->shared->held.length;
  g_mutex_unlock (&self->shared->lock);
  return n;
}

/* The page if it is decoded, else NULL (nothing is decoded). */
VnPageImage *
vn_page_cache_lookup (VnPageCache *self,
                      guint        page)
{
  VnPageImage *image = NULL;
  Entry *entry;

  g_return_val_if_fail (VN_IS_PAGE_CACHE (self), NULL);

  g_mutex_lock (&self->shared->lock);
  if ((entry = touch (self->shared, page)) != NULL)
    image = g_object_ref (entry->image);
  g_mutex_unlock (&self->shared->lock);
  return image;
}

/* The page, decoded in this thread if it is not held. */
VnPageImage *
vn_page_cache_load (VnPageCache  *self,
                    guint         page,
                    GError      **error)
{
  Shared *s;
  VnPageImage *image;

  g_return_val_if_fail (VN_IS_PAGE_CACHE (self), NULL);
  g_return_val_if_fail (page < self->shared->scans->len, NULL);

  if ((image = vn_page_cache_lookup (self, page)) != NULL)
    return image;
  s = self->shared;
  if ((image = vn_page_image_new_from_scan (g_ptr_array_index (s->scans, page), error)) == NULL)
    return NULL;
  g_mutex_lock (&s->lock);
  hold (s, page, g_object_ref (image));
  g_mutex_unlock (&s->lock);
  return image;
}

/* Decodes @page in the worker unless it is held, on its way, or cannot be decoded; then
 * VnPageCache::page-decoded (or ::page-failed) says so. */
void
vn_page_cache_request (VnPageCache *self,
                       guint        page)
{
  Shared *s;

  g_return_if_fail (VN_IS_PAGE_CACHE (self));

  s = self->shared;
  if (page >= s->scans->len)
    return;
  g_mutex_lock (&s->lock);
  if (touch (s, page) == NULL && !is_decoding (s, page) &&
      !g_hash_table_contains (s->errors, GUINT_TO_POINTER (page)) && find_pending (s, page) < 0)
    {
      g_array_append_val (s->pending, page);
      if (!s->started)
        {
          g_thread_unref (g_thread_new ("verno-pages", worker_main, shared_ref (s)));
          g_thread_unref (g_thread_new ("verno-page-focus", focus_worker_main, shared_ref (s)));
        }
      s->started = TRUE;
      g_cond_broadcast (&s->wake);
    }
  g_mutex_unlock (&s->lock);
}

/* @page is in view: it and its neighbours are decoded first and kept. */
void
vn_page_cache_set_focus (VnPageCache *self,
                         guint        page)
{
  g_return_if_fail (VN_IS_PAGE_CACHE (self));

  g_mutex_lock (&self->shared->lock);
  self->shared->focus = MIN (page, (guint) G_MAXINT);
  g_mutex_unlock (&self->shared->lock);
  vn_page_cache_request (self, page);
  vn_page_cache_request (self, page + 1);
  if (page > 0)
    vn_page_cache_request (self, page - 1);
}

/* Why @page could not be decoded when it was asked for, or NULL. */
char *
vn_page_cache_dup_error (VnPageCache *self,
                         guint        page)
{
  char *message;

  g_return_val_if_fail (VN_IS_PAGE_CACHE (self), NULL);

  g_mutex_lock (&self->shared->lock);
  message = g_strdup (g_hash_table_lookup (self->shared->errors, GUINT_TO_POINTER (page)));
  g_mutex_unlock (&self->shared->lock);
  return message;
}
