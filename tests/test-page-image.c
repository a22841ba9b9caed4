/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-page-image.c: VnPageImage (crops with a margin at the page's edges, scaled copies, the
 * RGB bytes a display takes) and VnPageCache (pages decoded only when asked for, the focus
 * first and not kept waiting for another page, never more held than its capacity, from
 * several threads at once, and a damaged scan said in words). The pages are generated PNG
 * files whose every pixel says where it came from. */
#include <string.h>

#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-page-cache.h"
#include "vn-scan.h"
#include "vn-test-util.h"

#define N_PAGES  12
#define WIDTH    300
#define HEIGHT   200

/* The value of pixel (x, y) of page @page. */
static guint
expected_value (int   x,
                int   y,
                guint page)
{
  return (x + 2 * y + 37 * page) & 0xff;
}

static char *
write_page (const char *dir,
            guint       page)
{
  g_autofree char *name = g_strdup_printf ("page-%02u.png", page + 1);
  char *path = g_build_filename (dir, name, NULL);
  PIX *pix = pixCreate (WIDTH, HEIGHT, 8);

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      pixSetPixel (pix, x, y, expected_value (x, y, page));
  pixSetResolution (pix, 300, 300);
  g_assert_cmpint (pixWrite (path, pix, IFF_PNG), ==, 0);
  pixDestroy (&pix);
  return path;
}

typedef struct
{
  char      *dir;
  GPtrArray *scans;   /* VnScanPage */
} Pages;

static void
pages_init (Pages *pages)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  pages->dir = g_dir_make_tmp ("verno-page-image-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_PAGES; i++)
    g_ptr_array_add (paths, write_page (pages->dir, i));
  g_ptr_array_add (paths, NULL);
  pages->scans = vn_scan_expand_files ((const char * const *) paths->pdata, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->scans->len, ==, N_PAGES);
}

static void
pages_clear (Pages *pages)
{
  vn_test_remove_tree (pages->dir);
  g_free (pages->dir);
  g_ptr_array_unref (pages->scans);
}

/* The image is page @page's pixels from (@x0, @y0) on, checked through its RGB bytes. */
static void
assert_pixels (VnPageImage *image,
               guint        page,
               int          x0,
               int          y0)
{
  int w = vn_page_image_get_width (image), h = vn_page_image_get_height (image);
  g_autoptr(GBytes) rgb = vn_page_image_read_rgb (image, 0, 0, w, h);
  const guint8 *data = g_bytes_get_data (rgb, NULL);

  g_assert_cmpuint (g_bytes_get_size (rgb), ==, (gsize) w * h * 3);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = data + ((gsize) y * w + x) * 3;

        g_assert_cmpuint (p[0], ==, expected_value (x0 + x, y0 + y, page));
        g_assert_true (p[0] == p[1] && p[1] == p[2]);
      }
}

/* ------------------------------------------------------------------ VnPageImage */

static void
test_decode (void)
{
  Pages pages;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnPageImage) image = NULL;

  pages_init (&pages);
  image = vn_page_image_new_from_scan (g_ptr_array_index (pages.scans, 3), &error);
  g_assert_no_error (error);
  g_assert_cmpint (vn_page_image_get_width (image), ==, WIDTH);
  g_assert_cmpint (vn_page_image_get_height (image), ==, HEIGHT);
  g_assert_cmpint (vn_page_image_get_resolution (image), ==, 300);
  g_assert_cmpuint (vn_page_image_get_size_bytes (image), >=, (gsize) WIDTH * HEIGHT);
  assert_pixels (image, 3, 0, 0);
  pages_clear (&pages);
}

/* The expected crop: the box grown by the margin, cut to the page. */
static gboolean
expected_crop (const VnBox *box,
               int          margin,
               VnBox       *crop)
{
  int x0 = MAX (0, box->x - margin), y0 = MAX (0, box->y - margin);
  int x1 = MIN (WIDTH, box->x + box->w + margin), y1 = MIN (HEIGHT, box->y + box->h + margin);

  *crop = (VnBox) { x0, y0, x1 - x0, y1 - y0 };
  return box->w > 0 && box->h > 0 && x1 > x0 && y1 > y0;
}

static void
check_crop (VnPageImage *image,
            const VnBox *box,
            int          margin)
{
  g_autoptr(VnPageImage) crop = vn_page_image_crop (image, box, margin);
  VnBox want;

  if (!expected_crop (box, margin, &want))
    {
      g_assert_null (crop);
      return;
    }
  g_assert_nonnull (crop);
  g_assert_cmpint (vn_page_image_get_width (crop), ==, want.w);
  g_assert_cmpint (vn_page_image_get_height (crop), ==, want.h);
  g_assert_cmpint (vn_page_image_get_resolution (crop), ==, 300);
  assert_pixels (crop, 5, want.x, want.y);
}

static void
test_crop_edges (void)
{
  static const struct { VnBox box; int margin; } cases[] = {
    { { 50, 40, 20, 10 }, 5 },        /* inside: the margin all round */
    { { 0, 0, 20, 10 }, 8 },          /* at the top left corner */
    { { 290, 195, 20, 10 }, 4 },      /* reaching past the bottom right */
    { { -30, 50, 40, 10 }, 6 },       /* starting left of the page */
    { { 10, -5, 5, 8 }, 0 },          /* above the page, no margin */
    { { 0, 0, WIDTH, HEIGHT }, 50 },  /* the whole page and more */
    { { 400, 10, 5, 5 }, 4 },         /* off the page */
    { { 302, 10, 5, 5 }, 3 },         /* off, the margin reaching back onto it */
    { { 10, 10, 0, 5 }, 4 },          /* empty */
  };
  Pages pages;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnPageImage) image = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  pages_init (&pages);
  image = vn_page_image_new_from_scan (g_ptr_array_index (pages.scans, 5), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_crop (image, &cases[i].box, cases[i].margin);
  /* And boxes anywhere around the page, most of them touching an edge. */
  for (guint i = 0; i < 300; i++)
    {
      VnBox box = { g_rand_int_range (rand, -60, WIDTH + 20), g_rand_int_range (rand, -60,
                                                                              HEIGHT + 20),
                    g_rand_int_range (rand, 0, 120), g_rand_int_range (rand, 0, 80) };

      check_crop (image, &box, g_rand_int_range (rand, 0, 30));
    }
  pages_clear (&pages);
}

static void
test_scaled (void)
{
  Pages pages;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnPageImage) image = NULL;
  g_autoptr(VnPageImage) half = NULL;
  g_autoptr(VnPageImage) odd = NULL;
  g_autoptr(VnPageImage) row = NULL;

  pages_init (&pages);
  image = vn_page_image_new_from_scan (g_ptr_array_index (pages.scans, 0), &error);
  g_assert_no_error (error);
  half = vn_page_image_reduce_to (image, WIDTH / 2, HEIGHT / 2);
  g_assert_cmpint (vn_page_image_get_width (half), ==, WIDTH / 2);
  g_assert_cmpint (vn_page_image_get_height (half), ==, HEIGHT / 2);
  g_assert_cmpint (vn_page_image_get_resolution (half), ==, 150);
  odd = vn_page_image_reduce_to (image, 77, 51);
  g_assert_cmpint (vn_page_image_get_width (odd), ==, 77);
  g_assert_cmpint (vn_page_image_get_height (odd), ==, 51);
  row = vn_page_image_scale_to_height (image, 72);
  g_assert_cmpint (vn_page_image_get_height (row), ==, 72);
  g_assert_cmpint (abs (vn_page_image_get_width (row) - WIDTH * 72 / HEIGHT), <=, 1);
  pages_clear (&pages);
}

/* ------------------------------------------------------------------ VnPageCache */

static void
test_cache_on_demand (void)
{
  Pages pages;
  g_autoptr(VnPageCache) cache = NULL;
  g_autoptr(VnPageImage) image = NULL;
  g_autoptr(GError) error = NULL;

  pages_init (&pages);
  cache = vn_page_cache_new (pages.scans, 4);
  g_assert_cmpuint (vn_page_cache_get_n_pages (cache), ==, N_PAGES);
  /* Nothing is decoded until asked for. */
  g_assert_cmpuint (vn_page_cache_get_n_held (cache), ==, 0);
  g_assert_null (vn_page_cache_lookup (cache, 7));
  g_assert_cmpuint (vn_page_cache_get_n_held (cache), ==, 0);
  image = vn_page_cache_load (cache, 7, &error);
  g_assert_no_error (error);
  assert_pixels (image, 7, 0, 0);
  g_assert_cmpuint (vn_page_cache_get_n_held (cache), ==, 1);
  /* Held: the same object again, not another decoding. */
  {
    g_autoptr(VnPageImage) again = vn_page_cache_lookup (cache, 7);
    g_assert_true (again == image);
  }
  pages_clear (&pages);
}

static void
test_cache_bound (void)
{
  Pages pages;
  g_autoptr(VnPageCache) cache = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  guint focus = 0;

  pages_init (&pages);
  cache = vn_page_cache_new (pages.scans, 5);
  g_assert_cmpuint (vn_page_cache_get_capacity (cache), ==, 5);
  for (guint step = 0; step < 60; step++)
    {
      guint page = g_rand_int_range (rand, 0, N_PAGES);
      g_autoptr(GError) error = NULL;
      g_autoptr(VnPageImage) image = NULL;

      /* Every fourth step the editor turns to a page; the others read one anywhere. */
      if (step % 4 == 0)
        {
          focus = page;
          vn_page_cache_set_focus (cache, focus);
          g_clear_object (&image);
          image = vn_page_cache_load (cache, focus, &error);
          g_assert_no_error (error);
          g_clear_object (&image);
          if (focus + 1 < N_PAGES)
            image = vn_page_cache_load (cache, focus + 1, &error);
        }
      else
        image = vn_page_cache_load (cache, page, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (vn_page_cache_get_n_held (cache), <=, 5);
      /* The page in focus is never the one dropped. */
      {
        g_autoptr(VnPageImage) kept = vn_page_cache_lookup (cache, focus);
        g_assert_nonnull (kept);
        assert_pixels (kept, focus, 0, 0);
      }
    }
  pages_clear (&pages);
}

typedef struct
{
  GArray *decoded;   /* guint, in the order signalled */
  guint   failed;
  char   *message;
} Signals;

static void
decoded_cb (VnPageCache *cache,
            guint        page,
            Signals     *signals)
{
  g_array_append_val (signals->decoded, page);
}

static void
failed_cb (VnPageCache *cache,
           guint        page,
           const char  *message,
           Signals     *signals)
{
  signals->failed++;
  g_free (signals->message);
  signals->message = g_strdup (message);
}

static void
wait_for (Signals *signals,
          guint    n)
{
  gint64 end = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  while (signals->decoded->len + signals->failed < n && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (signals->decoded->len + signals->failed, >=, n);
}

/* The focus and its neighbours are decoded in a worker, the focus first, then the others
 * asked for; each page once however often it is asked for. */
static void
test_cache_ahead (void)
{
  Pages pages;
  g_autoptr(VnPageCache) cache = NULL;
  Signals signals = { g_array_new (FALSE, FALSE, sizeof (guint)), 0, NULL };

  pages_init (&pages);
  cache = vn_page_cache_new (pages.scans, VN_PAGE_CACHE_DEFAULT_CAPACITY);
  g_signal_connect (cache, "page-decoded", G_CALLBACK (decoded_cb), &signals);
  vn_page_cache_request (cache, 10);
  vn_page_cache_set_focus (cache, 4);
  vn_page_cache_request (cache, 10);
  vn_page_cache_request (cache, 4);
  wait_for (&signals, 4);
  /* Page 10 may have been taken before the focus was set; the focus comes before the
   * neighbours, and nothing comes twice. */
  {
    g_autoptr(GArray) order = g_array_copy (signals.decoded);
    guint first = g_array_index (order, guint, 0) == 10 ? 1 : 0;

    g_assert_cmpuint (g_array_index (order, guint, first), ==, 4);
    g_assert_cmpuint (order->len, ==, 4);
  }
  for (guint p = 3; p <= 5; p++)
    {
      g_autoptr(VnPageImage) image = vn_page_cache_lookup (cache, p);
      g_assert_nonnull (image);
      assert_pixels (image, p, 0, 0);
    }
  /* A short wait: no more signals come. */
  {
    gint64 end = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;
    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (signals.decoded->len, ==, 4);
  g_array_unref (signals.decoded);
  pages_clear (&pages);
}

typedef struct
{
  VnPageCache *cache;
  guint        seed;
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (reader->seed);

  for (guint i = 0; i < 40; i++)
    {
      guint page = g_rand_int_range (rand, 0, N_PAGES);
      g_autoptr(GError) error = NULL;
      g_autoptr(VnPageImage) image = vn_page_cache_load (reader->cache, page, &error);
      g_autoptr(VnPageImage) crop = NULL;
      VnBox box = { 100, 50, 40, 30 };

      g_assert_no_error (error);
      crop = vn_page_image_crop (image, &box, 10);
      assert_pixels (crop, page, 90, 40);
    }
  return NULL;
}

/* Workers read pages (as region reading does) while the window turns pages. */
static void
test_cache_threads (void)
{
  Pages pages;
  g_autoptr(VnPageCache) cache = NULL;
  Reader readers[3];
  GThread *threads[3];

  pages_init (&pages);
  cache = vn_page_cache_new (pages.scans, 4);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      readers[i] = (Reader) { cache, 100 + i };
      threads[i] = g_thread_new ("reader", reader_thread, &readers[i]);
    }
  for (guint p = 0; p < N_PAGES; p++)
    {
      vn_page_cache_set_focus (cache, p);
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpuint (vn_page_cache_get_n_held (cache), <=, 4);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (vn_page_cache_get_n_held (cache), <=, 4);
  pages_clear (&pages);
}

/* A scan cut short after its header: the decoding fails in words that name the file. */
static void
test_cache_bad_file (void)
{
  Pages pages;
  g_autoptr(VnPageCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnPageImage) image = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *message = NULL;
  VnScanPage *bad;
  gsize length;
  Signals signals = { g_array_new (FALSE, FALSE, sizeof (guint)), 0, NULL };

  pages_init (&pages);
  bad = g_ptr_array_index (pages.scans, 2);
  g_assert_true (g_file_get_contents (bad->path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (bad->path, contents, length / 2, NULL));
  cache = vn_page_cache_new (pages.scans, 4);
  image = vn_page_cache_load (cache, 2, &error);
  g_assert_null (image);
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (error->message, bad->path));
  g_assert_nonnull (strstr (error->message, "truncated or damaged PNG"));
  /* Asked for in the worker: said once, and not asked for again. */
  g_signal_connect (cache, "page-failed", G_CALLBACK (failed_cb), &signals);
  g_signal_connect (cache, "page-decoded", G_CALLBACK (decoded_cb), &signals);
  vn_page_cache_set_focus (cache, 2);
  wait_for (&signals, 3);
  g_assert_cmpuint (signals.failed, ==, 1);
  g_assert_cmpstr (signals.message, ==, error->message);
  message = vn_page_cache_dup_error (cache, 2);
  g_assert_cmpstr (message, ==, error->message);
  vn_page_cache_request (cache, 2);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (signals.failed, ==, 1);
  /* Its neighbours are good pages. */
  g_assert_cmpuint (signals.decoded->len, ==, 2);
  g_array_unref (signals.decoded);
  g_free (signals.message);
  pages_clear (&pages);
}

/* Not an image at all, under an image's name. */
static void
test_not_an_image (void)
{
  g_autofree char *dir = g_dir_make_tmp ("verno-page-image-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "page-1.png", NULL);
  g_autoptr(VnScanPage) scan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnPageImage) image = NULL;

  g_assert_true (g_file_set_contents (path, "Dear Sir, this is a letter, not a scan.\n", -1,
                                      NULL));
  scan = vn_scan_page_new (path, 0, 1, FALSE);
  image = vn_page_image_new_from_scan (scan, &error);
  g_assert_null (image);
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (error->message, "is not an image Verno can read"));
  vn_test_remove_tree (dir);
}

/* A page turned to is not kept waiting for another page on its way: a large one asked for
 * first is still being decoded when the page in focus is ready. */
static void
test_cache_focus_first (void)
{
  g_autofree char *dir = g_dir_make_tmp ("verno-page-focus-XXXXXX", NULL);
  g_autofree char *large = g_build_filename (dir, "page-00.jpg", NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(VnPageCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  Signals signals = { g_array_new (FALSE, FALSE, sizeof (guint)), 0, NULL };
  PIX *pix = pixCreate (4000, 6000, 8);

  /* Noise, so that it takes a while to decode (some 200 ms). */
  for (int y = 0; y < 6000; y++)
    for (int x = 0; x < 4000; x++)
      pixSetPixel (pix, x, y, g_rand_int_range (rand, 0, 256));
  g_assert_cmpint (pixWriteJpeg (large, pix, 95, 0), ==, 0);
  pixDestroy (&pix);
  g_ptr_array_add (paths, g_strdup (large));
  for (guint i = 1; i < 4; i++)
    g_ptr_array_add (paths, write_page (dir, i));
  g_ptr_array_add (paths, NULL);
  scans = vn_scan_expand_files ((const char * const *) paths->pdata, &error);
  g_assert_no_error (error);
  cache = vn_page_cache_new (scans, VN_PAGE_CACHE_DEFAULT_CAPACITY);
  g_signal_connect (cache, "page-decoded", G_CALLBACK (decoded_cb), &signals);
  vn_page_cache_request (cache, 0);
  g_usleep (20 * G_TIME_SPAN_MILLISECOND);   /* the large page is on its way */
  vn_page_cache_set_focus (cache, 2);
  wait_for (&signals, 1);
  g_assert_cmpuint (g_array_index (signals.decoded, guint, 0), ==, 2);
  wait_for (&signals, 4);
  g_clear_object (&cache);
  g_array_unref (signals.decoded);
  vn_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/page-image/decode", test_decode);
  g_test_add_func ("/verno/page-image/crop-edges", test_crop_edges);
  g_test_add_func ("/verno/page-image/scaled", test_scaled);
  g_test_add_func ("/verno/page-image/not-an-image", test_not_an_image);
  g_test_add_func ("/verno/page-cache/on-demand", test_cache_on_demand);
  g_test_add_func ("/verno/page-cache/bound", test_cache_bound);
  g_test_add_func ("/verno/page-cache/ahead", test_cache_ahead);
  g_test_add_func ("/verno/page-cache/threads", test_cache_threads);
  g_test_add_func ("/verno/page-cache/focus-first", test_cache_focus_first);
  g_test_add_func ("/verno/page-cache/bad-file", test_cache_bad_file);
  return g_test_run ();
}
