/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-render.c: the letter's reconstructed scans are exactly what the renderer makes from
 * the ground truth with the seed, so anyone can regenerate and check them. */
#include <glib/gstdio.h>
#include <leptonica/allheaders.h>

#include "vn-test-util.h"

static void
test_deterministic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-render-XXXXXX", &error);
  g_autofree char *truth = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *renderer = vn_test_build_path ("tests/render/vn-render-letter");
  const char *argv[] = { renderer, "--seed", "1956", "--out", dir, truth, NULL };
  int status = 0;

  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (guint page = 1; page <= 2; page++)
    {
      g_autofree char *name = g_strdup_printf ("page-%u.png", page);
      g_autofree char *committed_path = g_build_filename ("scans", "letter-1956", name, NULL);
      g_autofree char *committed_file = vn_test_source_path (committed_path);
      g_autofree char *fresh_file = g_build_filename (dir, name, NULL);
      PIX *committed = pixRead (committed_file), *fresh = pixRead (fresh_file);
      int same = 0, xres = 0, yres = 0;

      g_assert_nonnull (committed);
      g_assert_nonnull (fresh);
      g_assert_cmpint (pixGetWidth (fresh), ==, 2480);
      g_assert_cmpint (pixGetHeight (fresh), ==, 3508);
      g_assert_cmpint (pixGetDepth (fresh), ==, 8);
      pixGetResolution (fresh, &xres, &yres);
      g_assert_cmpint (xres, ==, 300);
      pixEqual (committed, fresh, &same);
      g_assert_true (same);
      pixDestroy (&committed);
      pixDestroy (&fresh);
      g_remove (fresh_file);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/render/deterministic", test_deterministic);
  return g_test_run ();
}
