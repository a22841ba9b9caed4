/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-image.c: crops of a page with a margin, at its edges and beyond them. */
#include "vn-image.h"

static void
test_crop (void)
{
  PIX *page = pixCreate (200, 100, 8);
  static const struct { VnBox box; int margin; int x, y, w, h; } cases[] = {
    { { 50, 40, 20, 10 }, 5, 45, 35, 30, 20 },     /* inside: the margin all round */
    { { 0, 0, 20, 10 }, 8, 0, 0, 28, 18 },         /* at a corner: clipped */
    { { 190, 95, 20, 10 }, 4, 186, 91, 14, 9 },    /* reaching past the edges */
    { { 10, 10, 5, 5 }, 0, 10, 10, 5, 5 },         /* no margin */
    { { 300, 10, 5, 5 }, 4, -1, 0, 0, 0 },         /* off the page */
    { { 10, 10, 0, 5 }, 4, -1, 0, 0, 0 },          /* empty */
  };

  /* Each pixel's value tells where it came from: x + y, as 8 bits. */
  for (int y = 0; y < 100; y++)
    for (int x = 0; x < 200; x++)
      pixSetPixel (page, x, y, (x + y) & 0xff);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PIX *crop = vn_image_crop (page, &cases[i].box, cases[i].margin);
      l_uint32 v = 0;

      if (cases[i].x < 0)
        {
          g_assert_null (crop);
          continue;
        }
      g_assert_nonnull (crop);
      g_assert_cmpint (pixGetWidth (crop), ==, cases[i].w);
      g_assert_cmpint (pixGetHeight (crop), ==, cases[i].h);
      pixGetPixel (crop, 0, 0, &v);
      g_assert_cmpuint (v, ==, (guint) (cases[i].x + cases[i].y) & 0xff);
      pixDestroy (&crop);
    }
  pixDestroy (&page);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/image/crop", test_crop);
  return g_test_run ();
}
