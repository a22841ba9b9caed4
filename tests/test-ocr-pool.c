/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ocr-pool.c: one engine's pool of worker threads serving several callers at once:
 * documents read together give what each gives alone, each distinct image is read once
 * across them, one caller's cancellation leaves the others' pages alone, threads start with
 * the first page and end with the last engine; and random sequences of concurrent calls,
 * some cancelled at random points, against readings made alone. */
#include <string.h>

#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-test-util.h"

/* Images as files in a temporary folder; a repeat is the same bytes under another name. */
typedef struct
{
  char      *dir;
  GPtrArray *paths;   /* char *, one per file */
} Images;

static void
images_clear (Images *images)
{
  vn_test_remove_tree (images->dir);
  g_clear_pointer (&images->dir, g_free);
  g_clear_pointer (&images->paths, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Images, images_clear)

/* Half-width bands of the letter's first page, @n of them, two lines or so each. */
static void
images_init (Images *images,
             guint   n)
{
  g_autoptr(GError) error = NULL;

  images->dir = g_dir_make_tmp ("verno-pool-XXXXXX", &error);
  g_assert_no_error (error);
  images->paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      PIX *band = vn_test_letter_band (300 + 180 * i, 130);
      BOX *half = boxCreate (0, 0, pixGetWidth (band) / 2, pixGetHeight (band));
      PIX *crop = pixClipRectangle (band, half, NULL);
      char *path = g_strdup_printf ("%s/image-%u.png", images->dir, i);

      g_assert_cmpint (pixWrite (path, crop, IFF_PNG), ==, 0);
      g_ptr_array_add (images->paths, path);
      pixDestroy (&crop);
      boxDestroy (&half);
      pixDestroy (&band);
    }
}

/* Another file with the bytes of image @i; its index. */
static guint
images_repeat (Images *images,
               guint   i)
{
  g_autofree char *data = NULL;
  char *path = g_strdup_printf ("%s/repeat-%u-of-%u.png", images->dir, images->paths->len, i);
  gsize length;

  g_assert_true (g_file_get_contents (g_ptr_array_index (images->paths, i), &data, &length,
                                      NULL));
  g_assert_true (g_file_set_contents (path, data, length, NULL));
  g_ptr_array_add (images->paths, path);
  return images->paths->len - 1;
}

/* Scan pages of the files @indices (ending with -1). */
static GPtrArray *
scans_of (Images    *images,
          const int *indices)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *scans;

  for (guint i = 0; indices[i] >= 0; i++)
    g_ptr_array_add (paths, g_ptr_array_index (images->paths, indices[i]));
  g_ptr_array_add (paths, NULL);
  scans = vn_scan_expand_files ((const char * const *) paths->pdata, &error);
  g_assert_no_error (error);
  return scans;
}

/* ------------------------------------------------------------------ callers */

typedef struct _Caller Caller;

/* One call of vn_ocr_engine_recognize () on a thread of its own. */
struct _Caller
{
  VnOcrEngine  *engine;
  GPtrArray    *scans;
  GCancellable *cancellable;
  guint         cancel_after;   /* cancels its own call once this many pages are done */
  void        (*on_page) (Caller *caller, guint done);
  gpointer      data;
  gint         *fresh;          /* pages Tesseract read (not repeats), across callers */
  guint         done;
  GPtrArray    *pages;
  GError       *error;
  GThread      *thread;
};

static void
caller_progress (guint       done,
                 guint       total,
                 VnScanPage *scan,
                 VnOcrPage  *page,
                 gpointer    user_data)
{
  Caller *caller = user_data;

  g_assert_cmpstr (vn_ocr_page_get_source_label (page), ==, scan->label);
  caller->done = done;
  if (!vn_ocr_page_get_from_cache (page))
    g_atomic_int_inc (caller->fresh);
  if (done == caller->cancel_after)
    g_cancellable_cancel (caller->cancellable);
  if (caller->on_page != NULL)
    caller->on_page (caller, done);
}

static gpointer
caller_main (gpointer data)
{
  Caller *caller = data;

  caller->pages = vn_ocr_engine_recognize (caller->engine, caller->scans, caller_progress,
                                           caller, caller->cancellable, &caller->error);
  return NULL;
}

static void
caller_init (Caller      *caller,
             VnOcrEngine *engine,
             GPtrArray   *scans,
             gint        *fresh)
{
  *caller = (Caller) {
    .engine = engine, .scans = g_ptr_array_ref (scans), .cancellable = g_cancellable_new (),
    .cancel_after = G_MAXUINT, .fresh = fresh,
  };
}

static void
caller_start (Caller *caller)
{
  caller->thread = g_thread_new ("test-caller", caller_main, caller);
}

static void
caller_join (Caller *caller)
{
  g_thread_join (g_steal_pointer (&caller->thread));
}

static void
caller_clear (Caller *caller)
{
  g_clear_pointer (&caller->scans, g_ptr_array_unref);
  g_clear_object (&caller->cancellable);
  g_clear_pointer (&caller->pages, g_ptr_array_unref);
  g_clear_error (&caller->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Caller, caller_clear)

static VnOcrEngine *
new_engine (guint jobs)
{
  VnOcrEngine *engine = vn_ocr_engine_new ("rus");

  vn_ocr_engine_set_jobs (engine, jobs);
  return engine;
}

/* What @scans give read alone, by an engine of their own. */
static GPtrArray *
read_alone (GPtrArray *scans)
{
  g_autoptr(VnOcrEngine) engine = new_engine (2);
  g_autoptr(GError) error = NULL;
  GPtrArray *pages = vn_ocr_engine_recognize (engine, scans, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return pages;
}

static void
assert_same_pages (GPtrArray *got,
                   GPtrArray *expected)
{
  g_assert_nonnull (got);
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < got->len; i++)
    {
      VnOcrPage *a = g_ptr_array_index (got, i), *b = g_ptr_array_index (expected, i);

      g_assert_cmpstr (vn_ocr_page_get_source_label (a), ==, vn_ocr_page_get_source_label (b));
      vn_test_assert_pages_equal (a, b);
    }
}

/* The threads of the process named as the pool names its own. */
static guint
count_pool_threads (void)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *task;
  guint n = 0;

  g_assert_nonnull (tasks);
  while ((task = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", task);
      g_autofree char *name = NULL;

      if (g_file_get_contents (path, &name, NULL, NULL) && g_str_equal (g_strchomp (name),
                                                                          "verno-ocr"))
        n++;
    }
  return n;
}

/* The pool's threads once @n remain: a joined thread may still be listed for a moment after
 * pthread_join () returns (the kernel reaps it), so the count is given a few seconds. */
static guint
settled_pool_threads (guint n)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint count;

  while ((count = count_pool_threads ()) != n && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  return count;
}

/* ------------------------------------------------------------------ tests */

/* Two documents at once on one engine, sharing two images: each gets what it gets alone, and
 * the four distinct images are read four times in all. */
static void
test_concurrent_documents (void)
{
  g_auto(Images) images = { 0 };
  g_autoptr(GPtrArray) scans_a = NULL, scans_b = NULL, alone_a = NULL, alone_b = NULL;
  g_autoptr(VnOcrEngine) engine = new_engine (2);
  g_auto(Caller) a = { 0 }, b = { 0 };
  gint fresh = 0;

  images_init (&images, 4);
  scans_a = scans_of (&images, (const int[]) { 0, 1, 2, -1 });
  scans_b = scans_of (&images, (const int[]) { (int) images_repeat (&images, 2), 3,
                                               (int) images_repeat (&images, 0), -1 });
  alone_a = read_alone (scans_a);
  alone_b = read_alone (scans_b);
  caller_init (&a, engine, scans_a, &fresh);
  caller_init (&b, engine, scans_b, &fresh);
  caller_start (&a);
  caller_start (&b);
  caller_join (&a);
  caller_join (&b);
  g_assert_no_error (a.error);
  g_assert_no_error (b.error);
  assert_same_pages (a.pages, alone_a);
  assert_same_pages (b.pages, alone_b);
  g_assert_cmpint (fresh, ==, 4);
  g_assert_cmpuint (vn_ocr_engine_get_n_threads (engine), ==, 2);
}

/* B starts once A has asked for all its pages; B's first page cancels A. */
static void
start_other (Caller *caller,
             guint   done)
{
  Caller *other = caller->data;

  if (done == 1)
    caller_start (other);
}

static void
cancel_other (Caller *caller,
              guint   done)
{
  Caller *other = caller->data;

  if (done == 1)
    g_cancellable_cancel (other->cancellable);
}

/* A asks for four images and a whole page (slow, asked last); B for three of A's images. A is
 * cancelled while its page is still to read: it fails with the cancellation, and B gets every
 * page whole, including those under way for both when A gave up. */
static void
test_cancel_one_caller (void)
{
  g_auto(Images) images = { 0 };
  g_autofree char *letter = vn_test_source_path ("scans/letter-1956/page-2.png");
  g_autoptr(GPtrArray) scans_a = NULL, scans_b = NULL, alone_b = NULL;
  g_autoptr(VnOcrEngine) engine = new_engine (2);
  g_auto(Caller) a = { 0 }, b = { 0 };
  gint fresh = 0;

  images_init (&images, 4);
  g_ptr_array_add (images.paths, g_steal_pointer (&letter));
  scans_a = scans_of (&images, (const int[]) { 0, 1, 2, 3, 4, -1 });
  scans_b = scans_of (&images, (const int[]) { 3, (int) images_repeat (&images, 2), 1, -1 });
  alone_b = read_alone (scans_b);
  caller_init (&a, engine, scans_a, &fresh);
  caller_init (&b, engine, scans_b, &fresh);
  a.on_page = start_other, a.data = &b;
  b.on_page = cancel_other, b.data = &a;
  caller_start (&a);
  caller_join (&a);
  caller_join (&b);
  g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (a.pages);
  g_assert_cmpuint (a.done, <, scans_a->len);
  g_assert_no_error (b.error);
  assert_same_pages (b.pages, alone_b);
  g_assert_false (g_cancellable_is_cancelled (b.cancellable));
}

/* No thread before the first page; as many as the jobs once pages wait; fewer when fewer
 * jobs are asked for; none once the last engine of the pool is gone. */
static void
test_threads_and_shutdown (void)
{
  g_auto(Images) images = { 0 };
  g_autoptr(GPtrArray) scans = NULL, again = NULL;
  g_autoptr(VnOcrEngine) engine = new_engine (2);
  g_autoptr(VnOcrEngine) sibling = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  images_init (&images, 3);
  scans = scans_of (&images, (const int[]) { 0, 1, 2, -1 });
  g_assert_cmpuint (count_pool_threads (), ==, 0);
  g_assert_cmpuint (vn_ocr_engine_get_n_threads (engine), ==, 0);
  g_ptr_array_unref (vn_ocr_engine_recognize (engine, scans, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vn_ocr_engine_get_n_threads (engine), ==, 2);
  g_assert_cmpuint (count_pool_threads (), ==, 2);

  vn_ocr_engine_set_jobs (engine, 1);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (vn_ocr_engine_get_n_threads (engine) > 1 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpuint (vn_ocr_engine_get_n_threads (engine), ==, 1);

  /* The pool lives as long as an engine shares it; what it read is still known. */
  sibling = vn_ocr_engine_new_sharing (engine, NULL);
  g_clear_object (&engine);
  again = vn_ocr_engine_recognize (sibling, scans, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < again->len; i++)
    g_assert_true (vn_ocr_page_get_from_cache (g_ptr_array_index (again, i)));
  g_assert_cmpuint (count_pool_threads (), >=, 1);
  g_clear_object (&sibling);
  g_assert_cmpuint (settled_pool_threads (0), ==, 0);
}

/* A page read by one call, or by an engine sharing the pool with the same settings, is not
 * read again; other languages are another reading. */
static void
test_read_once_across_calls (void)
{
  g_auto(Images) images = { 0 };
  g_autoptr(VnOcrEngine) engine = new_engine (2);
  g_autoptr(VnOcrEngine) same = NULL, english = NULL;
  g_autoptr(GPtrArray) first = NULL, scans = NULL, alone = NULL;
  g_autoptr(GError) error = NULL;
  const struct { VnOcrEngine **engine; guint fresh; } calls[] = {
    { &engine, 0 }, { &same, 0 }, { &english, 2 },
  };

  images_init (&images, 2);
  first = scans_of (&images, (const int[]) { 0, 1, -1 });
  g_ptr_array_unref (vn_ocr_engine_recognize (engine, first, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  scans = scans_of (&images, (const int[]) { (int) images_repeat (&images, 1),
                                             (int) images_repeat (&images, 0), -1 });
  alone = read_alone (scans);
  same = vn_ocr_engine_new_sharing (engine, "rus");
  english = vn_ocr_engine_new_sharing (engine, "eng");
  for (guint c = 0; c < G_N_ELEMENTS (calls); c++)
    {
      g_auto(Caller) caller = { 0 };
      gint fresh = 0;

      caller_init (&caller, *calls[c].engine, scans, &fresh);
      caller_main (&caller);
      g_assert_no_error (caller.error);
      g_assert_cmpint (fresh, ==, calls[c].fresh);
      if (calls[c].engine != &english)
        assert_same_pages (caller.pages, alone);
    }
}

/* A page's key is that of its file as it is now: rewritten in place with other pixels of the
 * same size, it has the key a new engine gives it; rewritten as it was, its first key. */
static void
test_rewritten_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-pool-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "page.tif", NULL);
  g_autoptr(VnOcrEngine) engine = new_engine (1);
  g_autoptr(GPtrArray) scans = NULL;
  PIX *images[2] = { vn_test_letter_band (300, 100), vn_test_letter_band (600, 100) };
  char *keys[2] = { NULL, NULL };

  g_assert_no_error (error);
  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(VnOcrEngine) fresh = new_engine (1);
      g_autofree char *key = NULL, *expected = NULL;
      GStatBuf st;

      /* Uncompressed: the two images make files of the same size. */
      g_assert_cmpint (pixWrite (path, images[round % 2], IFF_TIFF), ==, 0);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_test_message ("round %u: %lld bytes", round, (long long) st.st_size);
      if (scans == NULL)
        scans = vn_scan_expand_files ((const char *[]) { path, NULL }, &error);
      g_assert_no_error (error);
      key = vn_ocr_engine_dup_cache_key (engine, g_ptr_array_index (scans, 0), &error);
      g_assert_no_error (error);
      expected = vn_ocr_engine_dup_cache_key (fresh, g_ptr_array_index (scans, 0), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (key, ==, expected);
      if (keys[round % 2] == NULL)
        keys[round % 2] = g_steal_pointer (&key);
      else
        g_assert_cmpstr (key, ==, keys[round % 2]);
    }
  g_assert_cmpstr (keys[0], !=, keys[1]);
  g_free (keys[0]);
  g_free (keys[1]);
  pixDestroy (&images[0]);
  pixDestroy (&images[1]);
  vn_test_remove_tree (dir);
}

/* A region read through the pool with another mode and languages reads as an engine set to
 * them reads it. */
static void
test_region_through_pool (void)
{
  g_autoptr(VnOcrEngine) engine = new_engine (2);
  g_autoptr(VnOcrEngine) block = vn_ocr_engine_new ("rus+eng");
  g_autoptr(VnOcrPage) a = NULL, b = NULL;
  g_autoptr(GError) error = NULL;
  PIX *band = vn_test_letter_band (300, 160);

  vn_ocr_engine_set_page_seg_mode (block, 6);
  a = vn_ocr_engine_recognize_pix_full (engine, band, 300, "band", 6, "rus+eng", NULL, &error);
  g_assert_no_error (error);
  b = vn_ocr_engine_recognize_pix (block, band, 300, "band", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vn_ocr_page_get_n_words (a), >=, 3);
  vn_test_assert_pages_equal (a, b);
  g_assert_null (vn_ocr_engine_recognize_pix_full (engine, band, 300, "band", 6, "xx/yy", NULL,
                                                   &error));
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
  pixDestroy (&band);
}

/* Random calls over a few images, several at a time on one engine. Without cancellation each
 * image is read once in all; with calls cancelled at random points, every call that ends
 * well has the readings made alone, the others end cancelled, and the threads end with the
 * engine. */
static guint
run_random_calls (Images     *images,
                  GPtrArray  *reference,
                  gboolean    cancel,
                  gint       *fresh)
{
  g_autoptr(GHashTable) distinct = g_hash_table_new (NULL, NULL);
  const guint n_calls = 10, n_images = reference->len;
  g_autoptr(VnOcrEngine) engine = new_engine (2);
  Caller callers[10];
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint c = 0; c < n_calls; c++)
    {
      guint n = g_test_rand_int_range (1, 5);
      g_autofree int *indices = g_new (int, n + 1);

      for (guint k = 0; k < n; k++)
        {
          guint image = g_test_rand_int_range (0, n_images);

          /* Half the time a repeat in a file of its own. */
          indices[k] = g_test_rand_bit () ? (int) images_repeat (images, image) : (int) image;
          g_array_append_val (wanted, image);
          g_hash_table_add (distinct, GUINT_TO_POINTER (image + 1));
        }
      indices[n] = -1;
      caller_init (&callers[c], engine, scans_of (images, indices), fresh);
      g_ptr_array_unref (callers[c].scans);  /* caller_init took its own reference */
      if (cancel && g_test_rand_bit ())
        callers[c].cancel_after = g_test_rand_int_range (0, n + 1);
      if (callers[c].cancel_after == 0)
        g_cancellable_cancel (callers[c].cancellable);
      callers[c].data = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
      g_array_append_vals (callers[c].data, &g_array_index (wanted, guint, wanted->len - n), n);
    }
  for (guint c = 0; c < n_calls; c += 3)
    {
      for (guint k = c; k < MIN (c + 3, n_calls); k++)
        caller_start (&callers[k]);
      for (guint k = c; k < MIN (c + 3, n_calls); k++)
        caller_join (&callers[k]);
    }
  for (guint c = 0; c < n_calls; c++)
    {
      Caller *caller = &callers[c];
      GArray *ids = caller->data;

      if (caller->cancel_after <= ids->len && caller->error != NULL)
        g_assert_error (caller->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      else
        {
          g_assert_no_error (caller->error);
          for (guint k = 0; k < ids->len; k++)
            vn_test_assert_pages_equal (g_ptr_array_index (caller->pages, k),
                                        g_ptr_array_index (reference,
                                                           g_array_index (ids, guint, k)));
        }
      g_array_unref (ids);
      caller_clear (caller);
    }
  g_clear_object (&engine);
  g_assert_cmpuint (settled_pool_threads (0), ==, 0);
  return g_hash_table_size (distinct);
}

static void
test_random_calls (void)
{
  g_auto(Images) images = { 0 };
  g_autoptr(GPtrArray) all = NULL, reference = NULL;
  const guint n_images = 5;
  gint fresh = 0;

  images_init (&images, n_images);
  all = scans_of (&images, (const int[]) { 0, 1, 2, 3, 4, -1 });
  reference = read_alone (all);
  for (guint round = 0; round < 2; round++)
    {
      guint asked;

      fresh = 0;
      asked = run_random_calls (&images, reference, FALSE, &fresh);
      /* Each image asked for, whatever the file, the call and the moment, read once. */
      g_assert_cmpint (fresh, ==, asked);
      run_random_calls (&images, reference, TRUE, &fresh);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/ocr-pool/concurrent-documents", test_concurrent_documents);
  g_test_add_func ("/verno/ocr-pool/cancel-one-caller", test_cancel_one_caller);
  g_test_add_func ("/verno/ocr-pool/threads-and-shutdown", test_threads_and_shutdown);
  g_test_add_func ("/verno/ocr-pool/read-once-across-calls", test_read_once_across_calls);
  g_test_add_func ("/verno/ocr-pool/rewritten-file", test_rewritten_file);
  g_test_add_func ("/verno/ocr-pool/region-through-pool", test_region_through_pool);
  g_test_add_func ("/verno/ocr-pool/random-calls", test_random_calls);
  return g_test_run ();
}
