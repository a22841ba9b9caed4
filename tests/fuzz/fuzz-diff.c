/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-diff.c: any bytes as a unified diff, read and applied to a text. What applies is
 * diffed back (vn_diff_unified), and that diff must read and apply to give the same text;
 * the word edits between the two texts must rebuild it too. Input: TEXT NUL DIFF, or a diff
 * alone, which is then applied to the bundled letter. */
#include <string.h>

#include "vn-diff.h"
#include "vn-error.h"
#include "vn-fuzz.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  vn_fuzz_init ();
  return 0;
}

/* Rebuilds @new_text from @old_text and the edits: they must be in order, apart, and exact. */
static void
check_word_edits (const char *old_text,
                  gsize       old_len,
                  const char *new_text,
                  gsize       new_len)
{
  g_autoptr(GArray) edits = vn_diff_word_edits (old_text, old_len, new_text, new_len);
  g_autoptr(GString) rebuilt = g_string_new (NULL);
  guint at = 0, new_at = 0;

  for (guint i = 0; i < edits->len; i++)
    {
      const VnWordEdit *e = &g_array_index (edits, VnWordEdit, i);

      g_assert_cmpuint (at, <=, e->start);
      g_assert_cmpuint (e->start, <=, e->end);
      g_assert_cmpuint (e->end, <=, old_len);
      g_assert_cmpuint (new_at, <=, e->new_start);
      g_assert_cmpuint (e->new_start, <=, e->new_end);
      g_assert_cmpuint (e->new_end, <=, new_len);
      /* Between edits the texts are the same. */
      g_assert_cmpuint (e->start - at, ==, e->new_start - new_at);
      g_assert_cmpmem (old_text + at, e->start - at, new_text + new_at, e->new_start - new_at);
      g_string_append_len (rebuilt, old_text + at, e->start - at);
      g_string_append_len (rebuilt, new_text + e->new_start, e->new_end - e->new_start);
      at = e->end, new_at = e->new_end;
    }
  g_string_append_len (rebuilt, old_text + at, old_len - at);
  g_assert_cmpmem (rebuilt->str, rebuilt->len, new_text, new_len);
}

/* What Verno writes, Verno reads back and applies to the same result. */
static void
check_round_trip (const char *old_text,
                  gsize       old_len,
                  const char *new_text,
                  gsize       new_len)
{
  g_autofree char *diff = vn_diff_unified ("t.txt", "t.txt", old_text, old_len, new_text,
                                           new_len, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnPatch) patch = vn_patch_new_from_data (diff, strlen (diff), "round trip", &error);
  g_autofree char *applied = NULL;
  gsize applied_len;

  g_assert_no_error (error);
  g_assert_nonnull (patch);
  if (old_len == new_len && memcmp (old_text, new_text, old_len) == 0)
    {
      g_assert_cmpuint (vn_patch_get_n_files (patch), ==, 0);
      return;
    }
  g_assert_cmpuint (vn_patch_get_n_files (patch), ==, 1);
  applied = vn_patch_apply (patch, 0, old_text, old_len, "t.txt", &applied_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (applied, applied_len, new_text, new_len);
}

static gboolean
is_text (const char *text,
         gsize       len)
{
  return memchr (text, '\0', len) == NULL && g_utf8_validate_len (text, len, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VnPatch) patch = NULL;
  g_autoptr(GError) error = NULL;
  const char *text, *diff;
  gsize text_len, diff_len;
  guint file;

  if (!vn_fuzz_split (data, size, &text, &text_len, &diff, &diff_len))
    {
      text = vn_fuzz_letter (&text_len);
      diff = (const char *) data, diff_len = size;
    }
  patch = vn_patch_new_from_data (diff, diff_len, "fuzz.diff", &error);
  if (patch == NULL)
    {
      g_assert_true (g_error_matches (error, VN_ERROR, VN_ERROR_BAD_INPUT));
      return 0;
    }
  g_assert_no_error (error);
  if (!vn_patch_find_file (patch, "transcription.txt", &file, &error))
    g_clear_error (&error);
  for (guint i = 0; i < vn_patch_get_n_files (patch); i++)
    {
      g_autofree char *result = NULL;
      gsize result_len;

      g_assert_nonnull (vn_patch_get_old_name (patch, i));
      g_assert_nonnull (vn_patch_get_new_name (patch, i));
      g_assert_cmpuint (vn_patch_get_n_hunks (patch, i), >, 0);
      result = vn_patch_apply (patch, i, text, text_len, "the text", &result_len, &error);
      if (result == NULL)
        {
          g_assert_true (g_error_matches (error, VN_ERROR, VN_ERROR_BAD_INPUT));
          g_clear_error (&error);
          continue;
        }
      g_assert_no_error (error);
      if (!is_text (text, text_len) || !is_text (result, result_len))
        continue;
      check_round_trip (text, text_len, result, result_len);
      check_word_edits (text, text_len, result, result_len);
    }
  return 0;
}
