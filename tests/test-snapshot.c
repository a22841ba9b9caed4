/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-snapshot.c: corrections.diff and state.json on their own: the same state is the same
 * file whatever order it was built in; the diff turns the canonical text into the verified
 * one; both files are written whole and said current only when they say what they should. */
#include <string.h>

#include <glib/gstdio.h>

#include "vn-correction.h"
#include "vn-diff.h"
#include "vn-error.h"
#include "vn-session.h"
#include "vn-snapshot.h"
#include "vn-test-util.h"

static const char text[] = "Уважаемому товарищу ХРУЩЕВУ Н.С. !\n\nИ СЛОЖНОЕ ПОЛОЖОНИС.\n\n"
                           "3.IX.56 r.\n\nBepho: Weener\n";

static VnTranscription *
canonical (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  VnTranscription *t = vn_transcription_new_from_bytes (bytes, "transcription.txt", &error);

  g_assert_no_error (error);
  return t;
}

static VnCorrection *
correction (const char *id,
            const char *before,
            const char *after)
{
  const char *at = strstr (text, before);

  g_assert_nonnull (at);
  return vn_correction_new (id, at - text, at - text + strlen (before), before, after,
                            VN_SOURCE_SUGGESTION);
}

static gint64 *
range (guint start,
       guint end)
{
  gint64 *key = g_new (gint64, 1);

  *key = ((gint64) start << 32) | end;
  return key;
}

static GHashTable *
ranges (guint n,
        const guint *pairs,
        gboolean     reverse)
{
  GHashTable *table = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < n; i++)
    {
      guint k = reverse ? n - 1 - i : i;
      g_hash_table_add (table, range (pairs[2 * k], pairs[2 * k + 1]));
    }
  return table;
}

/* Marks and statuses put in one order or the other give the same file, byte for byte. */
static void
test_state_is_deterministic (void)
{
  g_autoptr(VnTranscription) t = canonical ();
  g_autoptr(GListStore) corrections = g_list_store_new (VN_TYPE_CORRECTION);
  g_autoptr(GListStore) unplaced = g_list_store_new (VN_TYPE_CORRECTION);
  static const guint marks[] = { 3, 9, 40, 52, 0, 2, 17, 30, 5, 6, 100, 101 };
  g_autofree char *a = NULL, *b = NULL;

  g_list_store_append (corrections, correction ("c1", "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ"));
  for (guint reverse = 0; reverse < 2; reverse++)
    {
      g_autoptr(GHashTable) verified = ranges (G_N_ELEMENTS (marks) / 2, marks, reverse);
      g_autoptr(GHashTable) kept = ranges (3, marks + 4, !reverse);
      g_autoptr(GHashTable) status = g_hash_table_new (NULL, NULL);
      char *json;

      for (guint p = 0; p < 5; p++)
        {
          guint page = reverse ? 4 - p : p;
          g_hash_table_insert (status, GUINT_TO_POINTER (page), GUINT_TO_POINTER (page % 4));
        }
      json = vn_snapshot_state_json (t, G_LIST_MODEL (corrections), G_LIST_MODEL (unplaced),
                                     verified, kept, status);
      if (reverse)
        b = json;
      else
        a = json;
    }
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (a, "\"ПОЛОЖЕНИЕ\""));
  g_assert_nonnull (strstr (a, vn_transcription_get_checksum (t)));
}

/* The diff from the corrections applied (by Verno's reader) gives the verified text. */
static void
test_diff (void)
{
  g_autoptr(VnTranscription) t = canonical ();
  g_autoptr(GListStore) corrections = g_list_store_new (VN_TYPE_CORRECTION);
  g_autoptr(GArray) starts = vn_diff_line_starts (text, sizeof text - 1);
  g_autofree char *diff = NULL, *applied = NULL;
  g_autoptr(VnPatch) patch = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_list_store_append (corrections, correction ("c1", "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ"));
  g_list_store_append (corrections, correction ("c2", " r.", " г."));
  g_list_store_append (corrections, correction ("c3", "Bepho", "Верно"));
  diff = vn_snapshot_diff (t, starts, G_LIST_MODEL (corrections));
  g_assert_true (g_str_has_prefix (diff, "--- a/transcription.txt\n+++ b/transcription.txt\n"));
  patch = vn_patch_new_from_data (diff, strlen (diff), "corrections.diff", &error);
  g_assert_no_error (error);
  applied = vn_patch_apply (patch, 0, text, sizeof text - 1, "transcription.txt", &len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (applied, ==, "Уважаемому товарищу ХРУЩЕВУ Н.С. !\n\nИ СЛОЖНОЕ ПОЛОЖЕНИЕ.\n\n"
                                "3.IX.56 г.\n\nВерно: Weener\n");
  g_clear_object (&corrections);
  corrections = g_list_store_new (VN_TYPE_CORRECTION);
  g_free (diff);
  diff = vn_snapshot_diff (t, starts, G_LIST_MODEL (corrections));
  g_assert_cmpstr (diff, ==, "");
}

/* Written, the files are current; changed by anyone, they are not; a folder that cannot be
 * written is an error in one sentence, and the old files stay as they were. */
static void
test_write_and_current (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-snapshot-XXXXXX", &error);
  g_autofree char *diff_path = g_build_filename (dir, "corrections.diff", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", NULL);

  g_assert_no_error (error);
  g_assert_false (vn_snapshot_is_current (dir, "d", "s"));
  g_assert_true (vn_snapshot_write (dir, "diff one", "state one", &error));
  g_assert_no_error (error);
  g_assert_true (vn_snapshot_is_current (dir, "diff one", "state one"));
  g_assert_false (vn_snapshot_is_current (dir, "diff two", "state one"));
  g_assert_true (g_file_set_contents (diff_path, "edited by hand", -1, NULL));
  g_assert_false (vn_snapshot_is_current (dir, "diff one", "state one"));
  g_assert_false (vn_snapshot_write (missing, "d", "s", &error));
  g_assert_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT);
  vn_test_assert_one_sentence_message (error->message);
  g_assert_nonnull (strstr (error->message, "safe in the journal"));
  vn_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/snapshot/state-is-deterministic", test_state_is_deterministic);
  g_test_add_func ("/verno/snapshot/diff", test_diff);
  g_test_add_func ("/verno/snapshot/write-and-current", test_write_and_current);
  return g_test_run ();
}
