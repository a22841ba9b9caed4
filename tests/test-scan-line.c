/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scan-line.c: the scan's lines with the transcription's words on them, and which words a
 * rectangle drawn on the scan covers: synthetic pages with known geometry, and the letter. */
#include <string.h>

#include "vn-scan-line.h"
#include "vn-test-util.h"

/* Three OCR lines, 60 px apart, 40 px high, each letter 25 px wide from x = 200. */
static const char *page_lines[] = {
  "Однако товарищи которые",
  "стоят у власти расправились",
  "с теми кто смело",
  NULL
};
static const char text[] =
  "Однако товарищи, которые\nстоят у власти расправились\nс томи, кто смело\n";

static VnSession *
open_session (VnCollation *collation,
              char       **dir)
{
  g_autoptr(GError) error = NULL;
  VnSession *session;

  *dir = g_dir_make_tmp ("verno-lines-XXXXXX", &error);
  g_assert_no_error (error);
  session = vn_session_open (vn_collation_get_transcription (collation), *dir, &error);
  g_assert_no_error (error);
  return session;
}

static void
test_synthetic_lines (void)
{
  g_autoptr(VnCollation) collation = vn_test_collate_synthetic (text, page_lines);
  g_autoptr(GListModel) lines = vn_scan_lines_new (collation);
  g_autofree char *dir = NULL;
  g_autoptr(VnSession) session = open_session (collation, &dir);
  static const char *expected[] = { "Однако товарищи, которые", "стоят у власти расправились",
                                    "с томи, кто смело" };

  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(VnScanLine) line = g_list_model_get_item (lines, i);
      g_autofree char *words = NULL;
      guint vs, ve;
      VnBox box = vn_scan_line_get_box (line);

      g_assert_cmpstr (vn_scan_line_get_ocr_text (line), ==, page_lines[i]);
      words = vn_scan_line_dup_transcription (line, session, &vs, &ve);
      g_assert_cmpstr (words, ==, expected[i]);
      g_assert_cmpuint (ve - vs, ==, strlen (expected[i]));
      g_assert_cmpint (box.y, ==, 300 + 60 * (int) i);
      g_assert_cmpint (box.h, ==, 40);
      g_assert_cmpint (box.x, ==, 200);
    }
}

/* A correction shows in its line's transcription. */
static void
test_corrected_line (void)
{
  g_autoptr(VnCollation) collation = vn_test_collate_synthetic (text, page_lines);
  g_autoptr(GListModel) lines = vn_scan_lines_new (collation);
  g_autofree char *dir = NULL;
  g_autoptr(VnSession) session = open_session (collation, &dir);
  g_autoptr(VnScanLine) third = g_list_model_get_item (lines, 2);
  g_autoptr(VnCorrection) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *words = NULL;
  const char *at = strstr (text, "томи");

  c = vn_session_correct (session, at - text, at - text + strlen ("томи"), "теми",
                          VN_SOURCE_TYPED, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  words = vn_scan_line_dup_transcription (third, session, NULL, NULL);
  g_assert_cmpstr (words, ==, "с теми, кто смело");
  vn_test_remove_tree (dir);
}

static char *
region_text (VnCollation *collation,
             GListModel  *lines,
             VnSession   *session,
             VnBox        region)
{
  guint first, n;

  if (!vn_scan_lines_find_region (lines, collation, 0, &region, &first, &n))
    return g_strdup ("");
  return vn_scan_lines_dup_verified (session, first, n, NULL, NULL);
}

/* Rectangles as an editor draws them: loosely around a line, taking in slivers of the lines
 * above and below, across part of a line, across two lines. */
static void
test_region (void)
{
  g_autoptr(VnCollation) collation = vn_test_collate_synthetic (text, page_lines);
  g_autoptr(GListModel) lines = vn_scan_lines_new (collation);
  g_autofree char *dir = NULL;
  g_autoptr(VnSession) session = open_session (collation, &dir);
  static const struct { VnBox region; const char *text; } cases[] = {
    /* Line 2 (y 360–400), with 15 px of line 1 above and 15 px of line 3 below. */
    { { 150, 325, 1000, 90 }, "стоят у власти расправились" },
    /* Exactly line 1. */
    { { 200, 300, 600, 40 }, "Однако товарищи, которые" },
    /* Half of line 2's height only: still line 2; less than half: nothing. */
    { { 150, 375, 1000, 25 }, "стоят у власти расправились" },
    { { 150, 385, 1000, 15 }, "" },
    /* The middle words of line 2: "у власти". */
    { { 330, 355, 200, 50 }, "у власти" },
    /* Lines 1 and 2 from x = 0. */
    { { 0, 290, 1400, 120 }, "Однако товарищи, которые\nстоят у власти расправились" },
    /* Nothing there. */
    { { 1500, 1500, 100, 100 }, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = region_text (collation, lines, session, cases[i].region);
      g_assert_cmpstr (found, ==, cases[i].text);
    }
  vn_test_remove_tree (dir);
}

/* On the letter's real OCR: every placed token is on exactly one line, lines follow the
 * transcription and each other without gaps or overlaps, and a line's box holds its words. */
static void
test_letter_lines (void)
{
  g_autoptr(VnProject) project = NULL;
  g_autoptr(GPtrArray) pages = vn_test_ocr_letter (&project);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  VnTranscription *t = vn_project_get_transcription (project);
  g_autoptr(VnCollation) collation = vn_collation_new (t, pages, spell);
  g_autoptr(GListModel) lines = vn_scan_lines_new (collation);
  guint next = 0, n_lines = g_list_model_get_n_items (lines);

  g_assert_cmpuint (n_lines, >, 40);
  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(VnScanLine) line = g_list_model_get_item (lines, i);
      VnBox box = vn_scan_line_get_box (line);
      guint first, n;

      vn_scan_line_get_tokens (line, &first, &n);
      while (next < first)
        g_assert_cmpint (vn_collation_get_placement (collation, next++)->page, <, 0);
      g_assert_cmpuint (first, ==, next);
      g_assert_cmpuint (n, >, 0);
      next = first + n;
      g_assert_cmpstr (vn_scan_line_get_ocr_text (line), !=, "");
      for (guint k = first; k < first + n; k++)
        {
          const VnTokenPlacement *pl = vn_collation_get_placement (collation, k);
          if (pl->first_ocr < 0)
            continue;
          g_assert_cmpint (pl->box.y, >=, box.y);
          g_assert_cmpint (pl->box.y + pl->box.h, <=, box.y + box.h);
        }
    }
  g_assert_cmpuint (next, ==, vn_transcription_get_n_tokens (t));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/scan-line/synthetic", test_synthetic_lines);
  g_test_add_func ("/verno/scan-line/corrected", test_corrected_line);
  g_test_add_func ("/verno/scan-line/region", test_region);
  g_test_add_func ("/verno/scan-line/letter", test_letter_lines);
  return g_test_run ();
}
