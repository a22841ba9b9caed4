/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-journal.c: any bytes as a project's journal.jsonl, replayed onto a transcription: the
 * session opens, with warnings for what it could not use, and its corrections keep the
 * verified text whole UTF-8. Input: TRANSCRIPTION NUL JOURNAL, or a journal alone, which is
 * then replayed onto the bundled letter. */
#include <string.h>

#include <glib/gstdio.h>

#include "vn-session.h"
#include "vn-fuzz.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  vn_fuzz_init ();
  return 0;
}

static void
check_corrections (VnSession  *session,
                   gsize       len)
{
  GListModel *corrections = vn_session_get_corrections (session);
  guint previous_end = 0;

  for (guint i = 0; i < g_list_model_get_n_items (corrections); i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (corrections, i);
      guint start = vn_correction_get_start (c), end = vn_correction_get_end (c);

      g_assert_cmpuint (start, <=, end);
      g_assert_cmpuint (end, <=, len);
      g_assert_cmpuint (previous_end, <=, start);
      previous_end = end;
      g_assert_nonnull (vn_session_find_correction (session, start, end));
      vn_session_canonical_to_verified (session, start);
      vn_session_canonical_to_verified (session, end);
    }
}

/* Files in the state folder but the lock, which a claim may take: that is no state. */
static guint
count_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += !g_str_equal (name, "lock");
  return n;
}

static void
replay (VnTranscription *t,
        const char      *state_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnSession) session = vn_session_open (t, state_dir, &error);
  g_autoptr(VnTranscription) verified = NULL;
  g_autofree char *text = NULL;
  gsize len, verified_len;

  g_assert_no_error (error);
  g_assert_nonnull (session);
  vn_transcription_get_text (t, &len);
  check_corrections (session, len);
  for (guint i = 0; i < vn_session_get_warnings (session)->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (vn_session_get_warnings (session), i),
                                    -1, NULL));
  for (guint page = 0; page < 4; page++)
    vn_session_get_page_status (session, page);
  /* Replaying writes nothing, and what it builds is a text Verno can open again. */
  g_assert_cmpuint (count_files (state_dir), ==, 1);
  text = vn_session_dup_verified_text (session, &verified_len);
  g_assert_true (g_utf8_validate_len (text, verified_len, NULL));
  verified = vn_session_dup_verified (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (verified);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *state_dir = g_build_filename (vn_fuzz_scratch_dir (), "state", NULL);
  g_autofree char *path = g_build_filename (state_dir, "journal.jsonl", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VnTranscription) t = NULL;
  const char *text, *journal;
  gsize text_len, journal_len;

  if (!vn_fuzz_split (data, size, &text, &text_len, &journal, &journal_len))
    {
      text = vn_fuzz_letter (&text_len);
      journal = (const char *) data, journal_len = size;
    }
  bytes = g_bytes_new (text, text_len);
  t = vn_transcription_new_from_bytes (bytes, "transcription.txt", NULL);
  if (t == NULL)
    return -1;  /* not a transcription: keep it out of the corpus */
  g_mkdir_with_parents (state_dir, 0700);
  if (!g_file_set_contents (path, journal, journal_len, NULL))
    g_error ("Cannot write %s", path);
  replay (t, state_dir);
  g_remove (path);
  return 0;
}
