/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-pool.c: the worker threads that read images for every caller of an engine (and of
 * the engines that share its pool): each thread keeps its Tesseract instances from page to
 * page, every caller's pages wait in one queue, and an image asked for again while it is
 * being read, or once it has been read, is not read twice.
 *
 * A reading is one image to read under one key (its content and the settings: the OCR
 * cache's key). Calls subscribe to readings; a reading nobody waits for any more is dropped
 * from the queue, or cancelled if under way, and the call that gave it up waits for it to
 * stop, so that nothing of a call runs once it has returned. Everything but the reading
 * itself happens under the pool's lock. */
#include <sys/stat.h>

#include "vn-ocr-pool.h"
#include "vn-scan-private.h"
#include "vn-runtime.h"

/* Readings kept once done, for a caller that asks for the same image again without a cache
 * (or before its entry could be read back): a few pages' words, not a volume's. */
#define MEMO_SIZE 64

typedef enum
{
  READING_LOOKUP,      /* its creator is looking it up in the cache */
  READING_QUEUED,
  READING_UNDER_WAY,
  READING_DONE,        /* kept in the memo */
} ReadingState;

typedef struct _Reading Reading;

typedef struct
{
  VnOcrCall *call;
  Reading   *reading;
  guint      ticket;
  char      *label;
} Subscription;

typedef struct
{
  guint      ticket;
  char      *label;
  VnOcrPage *page;    /* NULL with an error */
  gboolean   own;     /* the first caller's: the reading itself, not a repeat of it */
  GError    *error;
} Delivery;

struct _Reading
{
  int            refs;          /* under the pool's lock */
  char          *key;           /* NULL: never shared */
  ReadingState   state;
  VnScanPage    *scan;          /* or */
  PIX           *pix;
  int            dpi;
  char          *label;
  VnOcrSettings  settings;
  VnOcrCache    *cache;
  gboolean       background;
  GCancellable  *cancellable;   /* cancelled once nobody waits for it */
  GPtrArray     *subscribers;   /* Subscription, owned by their calls */
  VnOcrCall     *drainer;       /* gave it up while it was under way: waits for its end */
  VnOcrPage     *page;          /* once done */
};

/* A page's content hash, and what its file was when it was computed. */
typedef struct
{
  dev_t            dev;
  ino_t            ino;
  off_t            size;
  struct timespec  mtime;
  struct timespec  ctime;
  char            *hash;
  GChecksum       *file_checksum;   /* a whole file's, for its pages (key "PATH") */
} KnownHash;

struct _VnOcrPool
{
  gatomicrefcount  refs;
  GMutex           lock;
  GCond            work;        /* a reading queued, fewer threads wanted, or the end */
  GQueue           queue;       /* Reading, QUEUED; the queue holds a reference */
  GHashTable      *readings;    /* key → Reading not given up; the table holds a reference */
  GQueue           memo;        /* Reading, DONE, oldest first: in the table too */
  GPtrArray       *threads;     /* GThread, joined at the end */
  guint            n_running;
  guint            n_idle;
  guint            max_threads;
  gboolean         ending;
  GMutex           store_lock;  /* held while a cache entry is written */
  GMutex           hash_lock;
  GHashTable      *hashes;      /* "PATH#PAGE" and "PATH" → KnownHash */
};

struct _VnOcrCall
{
  VnOcrPool    *pool;
  GCancellable *cancellable;
  gulong        cancel_id;
  GCond         cond;           /* a delivery, a drained reading, or the cancellation */
  GQueue        inbox;          /* Delivery */
  GPtrArray    *waiting;        /* Subscription */
  guint         draining;
};

/* ------------------------------------------------------------------ readings */

static Reading *
reading_new (const VnOcrAsk *ask)
{
  Reading *r = g_new0 (Reading, 1);

  r->refs = 1;
  r->key = g_strdup (ask->key);
  r->scan = ask->scan ? vn_scan_page_ref (ask->scan) : NULL;
  /* A copy: the reading may outlive the call that asked, if another call wants it too. */
  r->pix = ask->pix ? pixCopy (NULL, ask->pix) : NULL;
  r->dpi = ask->dpi;
  r->label = g_strdup (ask->scan ? ask->scan->label : ask->label);
  vn_ocr_settings_copy (&r->settings, ask->settings);
  r->cache = ask->cache && ask->key ? g_object_ref (ask->cache) : NULL;
  r->background = ask->background;
  r->cancellable = g_cancellable_new ();
  r->subscribers = g_ptr_array_new ();
  return r;
}

/* What a done reading no longer needs. */
static void
reading_drop_source (Reading *r)
{
  g_clear_pointer (&r->scan, vn_scan_page_unref);
  pixDestroy (&r->pix);
}

static void
reading_unref_locked (Reading *r)
{
  if (--r->refs > 0)
    return;
  g_assert (r->subscribers->len == 0 && r->drainer == NULL);
  reading_drop_source (r);
  g_free (r->key);
  g_free (r->label);
  vn_ocr_settings_clear (&r->settings);
  g_clear_object (&r->cache);
  g_clear_object (&r->cancellable);
  g_ptr_array_unref (r->subscribers);
  g_clear_object (&r->page);
  g_free (r);
}

/* Out of the table: a later ask for its key makes a new reading. */
static void
forget_locked (VnOcrPool *pool,
               Reading   *r)
{
  if (r->key == NULL || g_hash_table_lookup (pool->readings, r->key) != r)
    return;
  g_hash_table_remove (pool->readings, r->key);
  reading_unref_locked (r);
}

static void
remember_locked (VnOcrPool *pool,
                 Reading   *r)
{
  r->state = READING_DONE;
  reading_drop_source (r);
  g_queue_push_tail (&pool->memo, r);
  if (g_queue_get_length (&pool->memo) > MEMO_SIZE)
    forget_locked (pool, g_queue_pop_head (&pool->memo));
}

/* ------------------------------------------------------------------ deliveries */

static void
delivery_free (gpointer data)
{
  Delivery *d = data;

  g_free (d->label);
  g_clear_object (&d->page);
  g_clear_error (&d->error);
  g_free (d);
}

static void
deliver_locked (VnOcrCall    *call,
                guint         ticket,
                const char   *label,
                VnOcrPage    *page,
                gboolean      own,
                const GError *error)
{
  Delivery *d = g_new0 (Delivery, 1);

  d->ticket = ticket;
  d->label = g_strdup (label);
  d->page = page ? g_object_ref (page) : NULL;
  d->own = own;
  d->error = error ? g_error_copy (error) : NULL;
  g_queue_push_tail (&call->inbox, d);
  g_cond_broadcast (&call->cond);
}

static GArray *
copy_choices (GArray *choices)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (VnOcrChoice), choices->len);

  for (guint i = 0; i < choices->len; i++)
    {
      VnOcrChoice choice = g_array_index (choices, VnOcrChoice, i);

      choice.text = g_strdup (choice.text);
      g_array_append_val (copy, choice);
    }
  return copy;
}

/* The same reading under another page's label. */
static VnOcrPage *
copy_page (VnOcrPage  *page,
           const char *label)
{
  VnOcrPage *copy = vn_ocr_page_new (label, vn_ocr_page_get_width (page),
                                     vn_ocr_page_get_height (page), vn_ocr_page_get_dpi (page));

  vn_ocr_page_set_skew (copy, vn_ocr_page_get_skew (page));
  for (guint i = 0; i < vn_ocr_page_get_n_words (page); i++)
    {
      const VnOcrWord *w = vn_ocr_page_get_word (page, i);
      VnOcrWord *c = vn_ocr_page_add_word (copy, w->text, &w->box, w->confidence, w->block,
                                           w->par, w->line);

      for (guint k = 0; w->symbols != NULL && k < w->symbols->len; k++)
        vn_ocr_word_add_symbol (c, copy_choices (g_array_index (w->symbols, GArray *, k)));
    }
  return copy;
}

/* The page as its caller gets it: under its own label; a repeat of an image read for another
 * page (or call) is, for the user, as good as a cache hit. */
static VnOcrPage *
delivered_page (Delivery *d)
{
  VnOcrPage *copy;

  if (d->own && g_strcmp0 (vn_ocr_page_get_source_label (d->page), d->label) == 0)
    return g_object_ref (d->page);
  copy = copy_page (d->page, d->label);
  vn_ocr_page_set_from_cache (copy, !d->own || vn_ocr_page_get_from_cache (d->page));
  return copy;
}

/* ------------------------------------------------------------------ subscriptions */

static void
subscription_free (gpointer data)
{
  Subscription *s = data;

  g_free (s->label);
  g_free (s);
}

static void
subscribe_locked (VnOcrCall  *call,
                  Reading    *r,
                  guint       ticket,
                  const char *label)
{
  Subscription *s = g_new0 (Subscription, 1);

  s->call = call;
  s->reading = r;
  s->ticket = ticket;
  s->label = g_strdup (label);
  g_ptr_array_add (r->subscribers, s);
  g_ptr_array_add (call->waiting, s);
}

/* @r has been read (or failed): to every call that waits for it. */
static void
finish_locked (VnOcrPool *pool,
               Reading   *r,
               VnOcrPage *page,
               GError    *error)
{
  for (guint i = 0; i < r->subscribers->len; i++)
    {
      Subscription *s = g_ptr_array_index (r->subscribers, i);

      deliver_locked (s->call, s->ticket, s->label, page, i == 0, error);
      g_ptr_array_remove_fast (s->call->waiting, s);
    }
  g_ptr_array_set_size (r->subscribers, 0);
  if (r->drainer != NULL)
    {
      r->drainer->draining--;
      g_cond_broadcast (&r->drainer->cond);
      r->drainer = NULL;
    }
  r->page = page;
  if (page != NULL && r->key != NULL && g_hash_table_lookup (pool->readings, r->key) == r)
    remember_locked (pool, r);
  else
    forget_locked (pool, r);
  g_clear_error (&error);
}

/* Nobody waits for @r any more: out of the queue, or cancelled and drained by @call. */
static void
give_up_locked (VnOcrPool *pool,
                Reading   *r,
                VnOcrCall *call)
{
  /* Whoever looks a reading up in the cache waits for it, in vn_ocr_call_add (). */
  g_assert (r->state == READING_QUEUED || r->state == READING_UNDER_WAY);
  forget_locked (pool, r);
  if (r->state == READING_QUEUED)
    {
      g_queue_remove (&pool->queue, r);
      reading_unref_locked (r);
      return;
    }
  g_cancellable_cancel (r->cancellable);
  r->drainer = call;
  call->draining++;
}

static void
unsubscribe_locked (VnOcrPool    *pool,
                    Subscription *s)
{
  Reading *r = s->reading;

  g_ptr_array_remove (r->subscribers, s);
  if (r->subscribers->len == 0)
    give_up_locked (pool, r, s->call);
  g_ptr_array_remove_fast (s->call->waiting, s);
}

/* ------------------------------------------------------------------ workers */

static Reading *
next_reading_locked (VnOcrPool *pool)
{
  for (;;)
    {
      Reading *r;

      if (pool->n_running > pool->max_threads)
        return NULL;
      if ((r = g_queue_pop_head (&pool->queue)) != NULL)
        return r;
      if (pool->ending)
        return NULL;
      pool->n_idle++;
      g_cond_wait (&pool->work, &pool->lock);
      pool->n_idle--;
    }
}

/* The page read and, with a key and a cache, cached whole (see the store lock). */
static VnOcrPage *
read_and_store (VnOcrPool    *pool,
                VnOcrReader  *reader,
                Reading      *r,
                GError      **error)
{
  g_autoptr(GError) store_error = NULL;
  VnOcrPage *page;
  int dpi = r->dpi > 0 ? r->dpi : 300;
  PIX *pix = r->pix ? pixClone (r->pix) : vn_scan_page_load (r->scan, &dpi, error);
  gboolean stored;

  if (pix == NULL)
    return NULL;
  page = vn_ocr_reader_read (reader, &r->settings, pix, dpi, r->label, r->cancellable, error);
  pixDestroy (&pix);
  if (page == NULL || r->cache == NULL)
    return page;
  g_mutex_lock (&pool->store_lock);
  stored = vn_ocr_cache_store (r->cache, r->key, page, &store_error);
  g_mutex_unlock (&pool->store_lock);
  if (!stored)
    g_warning ("%s", store_error->message);  /* the page is good; only its reuse is lost */
  return page;
}

static gpointer
worker_main (gpointer data)
{
  VnOcrPool *pool = data;
  g_autoptr(VnOcrReader) reader = vn_ocr_reader_new ();
  gboolean lowered = FALSE;
  Reading *r;

  g_mutex_lock (&pool->lock);
  while ((r = next_reading_locked (pool)) != NULL)
    {
      GError *error = NULL;
      VnOcrPage *page;

      r->state = READING_UNDER_WAY;
      g_mutex_unlock (&pool->lock);
      /* Behind a window, OCR must not take the cores from the thread that draws; a thread
       * once lowered stays so (raising it again needs a privilege). */
      if (r->background && !lowered)
        vn_runtime_lower_thread_priority (), lowered = TRUE;
      page = read_and_store (pool, reader, r, &error);
      g_mutex_lock (&pool->lock);
      finish_locked (pool, r, page, error);
      reading_unref_locked (r);  /* the queue's */
    }
  pool->n_running--;
  g_mutex_unlock (&pool->lock);
  return NULL;
}

/* Threads are started when pages wait and none is idle, up to the maximum. */
static void
start_threads_locked (VnOcrPool *pool)
{
  while (g_queue_get_length (&pool->queue) > pool->n_idle &&
         pool->n_running < pool->max_threads)
    {
      g_ptr_array_add (pool->threads, g_thread_new ("verno-ocr", worker_main, pool));
      pool->n_running++;
    }
}

static void
enqueue_locked (VnOcrPool *pool,
                Reading   *r,
                gboolean   urgent)
{
  r->state = READING_QUEUED;
  r->refs++;
  if (urgent)
    g_queue_push_head (&pool->queue, r);
  else
    g_queue_push_tail (&pool->queue, r);
  start_threads_locked (pool);
  g_cond_signal (&pool->work);
}

/* ------------------------------------------------------------------ the pool */

static void
known_hash_free (gpointer data)
{
  KnownHash *known = data;

  g_free (known->hash);
  g_clear_pointer (&known->file_checksum, g_checksum_free);
  g_free (known);
}

VnOcrPool *
vn_ocr_pool_new (guint max_threads)
{
  VnOcrPool *pool = g_new0 (VnOcrPool, 1);

  g_atomic_ref_count_init (&pool->refs);
  g_mutex_init (&pool->lock);
  g_cond_init (&pool->work);
  g_mutex_init (&pool->store_lock);
  g_queue_init (&pool->queue);
  g_queue_init (&pool->memo);
  pool->readings = g_hash_table_new (g_str_hash, g_str_equal);
  g_mutex_init (&pool->hash_lock);
  pool->hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, known_hash_free);
  pool->threads = g_ptr_array_new ();
  pool->max_threads = MAX (max_threads, 1);
  return pool;
}

VnOcrPool *
vn_ocr_pool_ref (VnOcrPool *pool)
{
  g_return_val_if_fail (pool != NULL, NULL);
  g_atomic_ref_count_inc (&pool->refs);
  return pool;
}

static void
forget_all_locked (VnOcrPool *pool)
{
  GHashTableIter iter;
  gpointer value;

  g_queue_clear (&pool->memo);
  g_hash_table_iter_init (&iter, pool->readings);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_hash_table_iter_remove (&iter);
      reading_unref_locked (value);
    }
}

/* The last reference ends the threads (no call is left to wait for a page) and joins them. */
void
vn_ocr_pool_unref (VnOcrPool *pool)
{
  g_return_if_fail (pool != NULL);

  if (!g_atomic_ref_count_dec (&pool->refs))
    return;
  g_mutex_lock (&pool->lock);
  g_assert (g_queue_is_empty (&pool->queue));
  pool->ending = TRUE;
  g_cond_broadcast (&pool->work);
  g_mutex_unlock (&pool->lock);
  for (guint i = 0; i < pool->threads->len; i++)
    g_thread_join (g_ptr_array_index (pool->threads, i));
  g_mutex_lock (&pool->lock);
  forget_all_locked (pool);
  g_mutex_unlock (&pool->lock);
  g_hash_table_unref (pool->readings);
  g_hash_table_unref (pool->hashes);
  g_mutex_clear (&pool->hash_lock);
  g_ptr_array_unref (pool->threads);
  g_cond_clear (&pool->work);
  g_mutex_clear (&pool->lock);
  g_mutex_clear (&pool->store_lock);
  g_free (pool);
}

/* Threads beyond the new maximum end once their page is read. */
void
vn_ocr_pool_set_max_threads (VnOcrPool *pool,
                             guint      max_threads)
{
  g_return_if_fail (pool != NULL);

  g_mutex_lock (&pool->lock);
  pool->max_threads = MAX (max_threads, 1);
  start_threads_locked (pool);
  g_cond_broadcast (&pool->work);
  g_mutex_unlock (&pool->lock);
}

guint
vn_ocr_pool_get_n_threads (VnOcrPool *pool)
{
  guint n;

  g_return_val_if_fail (pool != NULL, 0);
  g_mutex_lock (&pool->lock);
  n = pool->n_running;
  g_mutex_unlock (&pool->lock);
  return n;
}

/* Until released, no cache entry is being written: one under way is finished first, the
 * next waits. For a process about to end with _exit (verno batch on a signal). */
void
vn_ocr_pool_hold_cache_writes (VnOcrPool *pool)
{
  g_return_if_fail (pool != NULL);
  g_mutex_lock (&pool->store_lock);
}

void
vn_ocr_pool_release_cache_writes (VnOcrPool *pool)
{
  g_return_if_fail (pool != NULL);
  g_mutex_unlock (&pool->store_lock);
}

static gboolean
same_file (const KnownHash   *known,
           const struct stat *st)
{
  return known->dev == st->st_dev && known->ino == st->st_ino && known->size == st->st_size &&
         known->mtime.tv_sec == st->st_mtim.tv_sec &&
         known->mtime.tv_nsec == st->st_mtim.tv_nsec &&
         known->ctime.tv_sec == st->st_ctim.tv_sec && known->ctime.tv_nsec == st->st_ctim.tv_nsec;
}

static KnownHash *
known_hash_new (const struct stat *st)
{
  KnownHash *known = g_new0 (KnownHash, 1);

  *known = (KnownHash) {
    .dev = st->st_dev, .ino = st->st_ino, .size = st->st_size, .mtime = st->st_mtim,
    .ctime = st->st_ctim,
  };
  return known;
}

/* @scan's hash from its file's checksum, kept once per file: the pages of a PDF are hashed
 * as the file and their index, and a 100-page PDF of 100 MB was hashed whole for each page
 * before its first page could be read. */
static char *
hash_from_file (VnOcrPool         *pool,
                VnScanPage        *scan,
                const struct stat *st,
                GError           **error)
{
  g_autoptr(GChecksum) file = NULL;
  KnownHash *known;
  char *hash;

  g_mutex_lock (&pool->hash_lock);
  known = g_hash_table_lookup (pool->hashes, scan->path);
  if (known != NULL && known->file_checksum != NULL && same_file (known, st))
    hash = vn_scan_page_finish_content_hash (scan, known->file_checksum);
  else
    hash = NULL;
  g_mutex_unlock (&pool->hash_lock);
  if (hash != NULL || (file = vn_scan_dup_file_checksum (scan->path, error)) == NULL)
    return hash;
  hash = vn_scan_page_finish_content_hash (scan, file);
  known = known_hash_new (st);
  known->file_checksum = g_steal_pointer (&file);
  g_mutex_lock (&pool->hash_lock);
  g_hash_table_replace (pool->hashes, g_strdup (scan->path), known);
  g_mutex_unlock (&pool->hash_lock);
  return hash;
}

/* vn_scan_page_content_hash (), computed once per page while its file stays as it was (the
 * same inode, size, modification and change times): a batch asks for a page's cache key
 * before reading it, and reading asks again; a high-resolution scan takes a tenth of a
 * second to hash. The file is looked at before it is hashed, so a change while it is hashed
 * is seen the next time. */
char *
vn_ocr_pool_dup_content_hash (VnOcrPool   *pool,
                              VnScanPage  *scan,
                              GError     **error)
{
  g_autofree char *name = NULL;
  struct stat st;
  KnownHash *known;
  char *hash = NULL;

  g_return_val_if_fail (pool != NULL && scan != NULL, NULL);

  if (stat (scan->path, &st) != 0)
    return vn_scan_page_content_hash (scan, error);  /* which says why it cannot be read */
  name = g_strdup_printf ("%s#%u", scan->path, scan->index);
  g_mutex_lock (&pool->hash_lock);
  known = g_hash_table_lookup (pool->hashes, name);
  if (known != NULL && same_file (known, &st))
    hash = g_strdup (known->hash);
  g_mutex_unlock (&pool->hash_lock);
  if (hash != NULL || (hash = hash_from_file (pool, scan, &st, error)) == NULL)
    return hash;
  known = known_hash_new (&st);
  known->hash = g_strdup (hash);
  g_mutex_lock (&pool->hash_lock);
  g_hash_table_replace (pool->hashes, g_steal_pointer (&name), known);
  g_mutex_unlock (&pool->hash_lock);
  return hash;
}

/* ------------------------------------------------------------------ calls */

static void
call_cancelled (GCancellable *cancellable,
                gpointer      data)
{
  VnOcrCall *call = data;

  g_mutex_lock (&call->pool->lock);
  g_cond_broadcast (&call->cond);
  g_mutex_unlock (&call->pool->lock);
}

/* @cancellable gives up this call's pages, and no other call's. */
VnOcrCall *
vn_ocr_call_new (VnOcrPool    *pool,
                 GCancellable *cancellable)
{
  VnOcrCall *call = g_new0 (VnOcrCall, 1);

  g_return_val_if_fail (pool != NULL, NULL);

  call->pool = vn_ocr_pool_ref (pool);
  g_cond_init (&call->cond);
  g_queue_init (&call->inbox);
  call->waiting = g_ptr_array_new_with_free_func (subscription_free);
  if (cancellable != NULL)
    {
      call->cancellable = g_object_ref (cancellable);
      call->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (call_cancelled), call,
                                               NULL);
    }
  return call;
}

/* A new reading, looked up in the cache first (outside the lock: a file read and parsed),
 * else queued. */
static void
start_reading_locked (VnOcrCall      *call,
                      guint           ticket,
                      const VnOcrAsk *ask)
{
  VnOcrPool *pool = call->pool;
  Reading *r = reading_new (ask);
  VnOcrPage *page = NULL;

  subscribe_locked (call, r, ticket, r->label);
  if (r->key != NULL)
    {
      g_hash_table_insert (pool->readings, r->key, r);
      r->refs++;
    }
  if (r->cache != NULL)
    {
      r->state = READING_LOOKUP;
      g_mutex_unlock (&pool->lock);
      page = vn_ocr_cache_lookup (r->cache, r->key);
      g_mutex_lock (&pool->lock);
    }
  if (page != NULL)
    finish_locked (pool, r, page, NULL);
  else
    enqueue_locked (pool, r, ask->urgent);
  reading_unref_locked (r);
}

/* Asks for one image, known by @ticket: from the memo, from a reading under way or queued
 * for another call, from the cache, else read by the pool. */
void
vn_ocr_call_add (VnOcrCall      *call,
                 guint           ticket,
                 const VnOcrAsk *ask)
{
  VnOcrPool *pool;
  Reading *r;

  g_return_if_fail (call != NULL && ask != NULL && ask->settings != NULL);
  g_return_if_fail ((ask->scan != NULL) != (ask->pix != NULL));

  pool = call->pool;
  g_mutex_lock (&pool->lock);
  r = ask->key ? g_hash_table_lookup (pool->readings, ask->key) : NULL;
  if (r != NULL && r->state == READING_DONE)
    deliver_locked (call, ticket, ask->scan ? ask->scan->label : ask->label, r->page, FALSE,
                    NULL);
  else if (r != NULL)
    subscribe_locked (call, r, ticket, ask->scan ? ask->scan->label : ask->label);
  else
    start_reading_locked (call, ticket, ask);
  g_mutex_unlock (&pool->lock);
}

/* Waits for the next of the call's images, in the order they come. FALSE when none is left,
 * or with @error set: the image's, or cancellation. */
gboolean
vn_ocr_call_next (VnOcrCall  *call,
                  guint      *ticket,
                  VnOcrPage **page,
                  GError    **error)
{
  VnOcrPool *pool;
  Delivery *d = NULL;

  g_return_val_if_fail (call != NULL && ticket != NULL && page != NULL, FALSE);

  *page = NULL;
  pool = call->pool;
  g_mutex_lock (&pool->lock);
  while (g_queue_is_empty (&call->inbox) && call->waiting->len > 0 &&
         !g_cancellable_is_cancelled (call->cancellable))
    g_cond_wait (&call->cond, &pool->lock);
  if (!g_cancellable_is_cancelled (call->cancellable))
    d = g_queue_pop_head (&call->inbox);
  g_mutex_unlock (&pool->lock);
  if (d == NULL)
    return g_cancellable_set_error_if_cancelled (call->cancellable, error), FALSE;
  *ticket = d->ticket;
  if (d->error != NULL)
    g_propagate_error (error, g_steal_pointer (&d->error));
  else
    *page = delivered_page (d);
  delivery_free (d);
  return *page != NULL;
}

/* Gives up whatever the call still waits for; returns once no thread reads for it. */
void
vn_ocr_call_free (VnOcrCall *call)
{
  VnOcrPool *pool;

  if (call == NULL)
    return;
  pool = call->pool;
  if (call->cancel_id != 0)
    g_cancellable_disconnect (call->cancellable, call->cancel_id);
  g_mutex_lock (&pool->lock);
  while (call->waiting->len > 0)
    unsubscribe_locked (pool, g_ptr_array_index (call->waiting, call->waiting->len - 1));
  while (call->draining > 0)
    g_cond_wait (&call->cond, &pool->lock);
  g_queue_clear_full (&call->inbox, delivery_free);
  g_mutex_unlock (&pool->lock);
  g_ptr_array_unref (call->waiting);
  g_clear_object (&call->cancellable);
  g_cond_clear (&call->cond);
  vn_ocr_pool_unref (pool);
  g_free (call);
}
