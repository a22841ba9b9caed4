/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session.c: corrections, verification, undo, the journal, the diff, re-anchoring. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vn-diff.h"
#include "vn-error.h"
#include "vn-session.h"
#include "vn-test-util.h"

static const char letter_start[] =
  "Уважаемому товарищу ХРУЩЕВУ Н.С. !\n\n"
  "И СЛОЖНОЕ ПОЛОЖОНИС.\n\n"
  "Поэтому некоторые товарищи указывали тов.Ким Ир Сену на ого недостатки.\n\n"
  "3.IX.56 r.\n\nBepho: Weener\n";

typedef struct
{
  char            *dir;
  char            *text_path;
  char            *state_dir;
  VnTranscription *canonical;
} Fixture;

static VnTranscription *
load (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  VnTranscription *t = vn_transcription_new_from_file (file, &error);

  g_assert_no_error (error);
  return t;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("verno-session-XXXXXX", &error);
  g_assert_no_error (error);
  f->text_path = g_build_filename (f->dir, "transcription.txt", NULL);
  f->state_dir = g_build_filename (f->dir, ".verno", NULL);
  g_assert_true (g_file_set_contents (f->text_path, data ? data : letter_start, -1, NULL));
  f->canonical = load (f->text_path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vn_test_remove_tree (f->dir);
  g_clear_object (&f->canonical);
  g_free (f->dir);
  g_free (f->text_path);
  g_free (f->state_dir);
}

static VnSession *
open_session (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  VnSession *session = vn_session_open (f->canonical, f->state_dir, &error);

  g_assert_no_error (error);
  return session;
}

/* Canonical byte range of the first occurrence of @word. */
static void
find (Fixture    *f,
      const char *word,
      guint      *start,
      guint      *end)
{
  const char *text = vn_transcription_get_text (f->canonical, NULL);
  const char *at = strstr (text, word);

  g_assert_nonnull (at);
  *start = at - text;
  *end = *start + strlen (word);
}

static VnCorrection *
fix (Fixture    *f,
     VnSession  *session,
     const char *word,
     const char *after)
{
  guint start, end;
  g_autoptr(GError) error = NULL;
  VnCorrection *c;

  find (f, word, &start, &end);
  c = vn_session_correct (session, start, end, after, VN_SOURCE_SUGGESTION, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  return c;
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_autoptr(GString) s = g_string_new (text);
  g_string_replace (s, from, to, 1);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_correct_and_undo (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VnSession) session = open_session (f);
  g_autoptr(VnCorrection) a = fix (f, session, "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ");
  g_autoptr(VnCorrection) b = fix (f, session, "Bepho", "Верно");
  g_autofree char *expected = replace_all (letter_start, "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ");
  g_autofree char *expected2 = replace_all (expected, "Bepho", "Верно");
  g_autofree char *verified = vn_session_dup_verified_text (session, NULL);
  g_autofree char *after_undo = NULL, *after_redo = NULL, *on_disk = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (verified, ==, expected2);
  g_assert_cmpstr (vn_correction_get_before (a), ==, "ПОЛОЖОНИС");
  g_assert_true (vn_session_undo (session, &error));
  after_undo = vn_session_dup_verified_text (session, NULL);
  g_assert_cmpstr (after_undo, ==, expected);
  g_assert_true (vn_session_redo (session, &error));
  after_redo = vn_session_dup_verified_text (session, NULL);
  g_assert_cmpstr (after_redo, ==, expected2);
  g_assert_false (vn_session_redo (session, &error));
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);

  /* The canonical file is never written. */
  g_assert_true (g_file_get_contents (f->text_path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, letter_start);
}

/* Editing the verified text over an earlier correction replaces it with one correction. */
static void
test_correct_verified (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VnSession) session = open_session (f);
  g_autoptr(VnCorrection) a = fix (f, session, "ого", "его");
  g_autofree char *verified = vn_session_dup_verified_text (session, NULL);
  const char *at = strstr (verified, "на его недостатки");
  guint vstart = at - verified + strlen ("на ");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) b = NULL;
  g_autofree char *result = NULL;
  guint cstart, cend;

  /* Select "его недостатки" across the corrected word and retype it. */
  b = vn_session_correct_verified (session, vstart, vstart + strlen ("его недостатки"),
                                   "его недочёты", VN_SOURCE_TYPED, 0, NULL, &error);
  g_assert_no_error (error);
  find (f, "ого недостатки", &cstart, &cend);
  g_assert_cmpuint (vn_correction_get_start (b), ==, cstart);
  g_assert_cmpuint (vn_correction_get_end (b), ==, cend);
  g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_corrections (session)), ==, 1);
  result = vn_session_dup_verified_text (session, NULL);
  g_assert_nonnull (strstr (result, "на его недочёты."));
  g_assert_true (vn_session_undo (session, NULL));
  g_clear_pointer (&result, g_free);
  result = vn_session_dup_verified_text (session, NULL);
  g_assert_nonnull (strstr (result, "на его недостатки."));
  /* An insertion right after the correction is a correction of its own span. */
  g_assert_cmpuint (vn_session_canonical_to_verified (session, cend), ==,
                    cend + strlen ("его") - strlen ("ого"));
}

/* Types @text at verified byte @at, a key a character, as the window does. */
static void
type_at (VnSession  *session,
         guint       at,
         const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      g_autofree char *key = g_utf8_substring (p, 0, 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(VnCorrection) c = vn_session_edit_verified (session, at, at, key, 0, NULL, &error);

      g_assert_no_error (error);
      at += strlen (key);
    }
}

/* Esc while typing takes back the word being typed, and only that: not an edit ended before,
 * not one that another change followed. What it took back, redo brings back, and a reopened
 * session agrees. */
static void
test_cancel_edit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(VnSession) session = open_session (f);
  g_autoptr(VnSession) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = vn_session_dup_verified_text (session, NULL);
  g_autofree char *text = NULL, *again = NULL;
  guint start, end;

  /* Nothing typed: nothing to cancel. */
  g_assert_true (vn_session_cancel_edit (session, &error));
  g_assert_cmpuint (vn_session_get_n_undo (session), ==, 0);

  /* Typed, then cancelled: the text is as it was, and redo offers the typing. */
  find (f, "ого", &start, &end);
  type_at (session, vn_session_canonical_to_verified (session, end), "xyz");
  g_assert_cmpuint (vn_session_get_n_undo (session), ==, 1);
  g_assert_true (vn_session_cancel_edit (session, &error));
  g_assert_no_error (error);
  text = vn_session_dup_verified_text (session, NULL);
  g_assert_cmpstr (text, ==, original);
  g_assert_cmpuint (vn_session_get_n_undo (session), ==, 0);
  g_assert_true (vn_session_can_redo (session));

  /* Typed and ended (Enter): a later Esc keeps it. */
  type_at (session, vn_session_canonical_to_verified (session, end), "q");
  vn_session_end_edit (session);
  g_assert_true (vn_session_cancel_edit (session, &error));
  g_clear_pointer (&text, g_free);
  text = vn_session_dup_verified_text (session, NULL);
  g_assert_nonnull (strstr (text, "огоq недостатки"));

  /* Typed, then another change: the typing is no longer the last change and stays. */
  find (f, "СЛОЖНОЕ", &start, &end);
  type_at (session, vn_session_canonical_to_verified (session, end), "!");
  g_assert_true (vn_session_keep (session, start, end, &error));
  g_assert_true (vn_session_cancel_edit (session, &error));
  g_clear_pointer (&text, g_free);
  text = vn_session_dup_verified_text (session, NULL);
  g_assert_nonnull (strstr (text, "СЛОЖНОЕ! ПОЛОЖОНИС"));
  g_assert_cmpuint (vn_session_get_n_undo (session), ==, 3);

  /* Cancelled once more after typing: the journal says so to whoever opens it next. */
  type_at (session, vn_session_canonical_to_verified (session, end) + 1, "#");
  g_assert_true (vn_session_cancel_edit (session, &error));
  g_clear_object (&session);
  reopened = open_session (f);
  again = vn_session_dup_verified_text (reopened, NULL);
  g_assert_cmpstr (again, ==, text);
  g_assert_cmpuint (vn_session_get_n_undo (reopened), ==, 3);
}

static gboolean
run (const char * const *argv,
     const char         *dir)
{
  int status = -1;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s failed: %s", argv[0], err);
  return g_spawn_check_wait_status (status, NULL);
}

/* corrections.diff applies cleanly to the untouched original with patch and with git apply. */
static void
test_diff_applies (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VnSession) session = open_session (f);
  g_autofree char *diff_path = g_build_filename (f->state_dir, "corrections.diff", NULL);
  g_autofree char *verified = NULL;
  const char *tools[][8] = {
    { "patch", "-p1", "--quiet", "-i", NULL, NULL },
    { "git", "apply", "--unsafe-paths", NULL, NULL },
  };

  g_object_unref (fix (f, session, "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ"));
  g_object_unref (fix (f, session, "Bepho", "Верно"));
  g_object_unref (fix (f, session, " r.", " г."));
  g_object_unref (fix (f, session, "Уважаемому", "Глубокоуважаемому"));
  verified = vn_session_dup_verified_text (session, NULL);
  for (guint t = 0; t < G_N_ELEMENTS (tools); t++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *work = g_build_filename (f->dir, tools[t][0], NULL);
      g_autofree char *copy = g_build_filename (work, "transcription.txt", NULL);
      g_autofree char *patched = NULL;
      const char *argv[8] = { 0 };

      g_assert_cmpint (g_mkdir (work, 0755), ==, 0);
      g_assert_true (g_file_set_contents (copy, letter_start, -1, NULL));
      for (guint i = 0; tools[t][i]; i++)
        argv[i] = tools[t][i];
      argv[g_strv_length ((char **) argv)] = diff_path;
      g_assert_true (run (argv, work));
      g_assert_true (g_file_get_contents (copy, &patched, NULL, &error));
      g_assert_cmpstr (patched, ==, verified);
    }
}

typedef struct
{
  const char *name;
  const char *old_text;
  const char *new_text;
} DiffCase;

static const DiffCase diff_cases[] = {
  { "no-final-newline", "один\nдва\nтри", "один\nДВА\nтри" },
  { "last-line", "один\nдва\nтри", "один\nдва\nчетыре" },
  { "add-final-newline", "один\nдва", "один\nдва\n" },
  { "crlf", "один\r\nдва\r\nтри\r\n", "один\r\nДВА\r\nтри\r\n" },
  { "far-apart", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n",
    "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\nfifteen\n" },
  { "near", "1\n2\n3\n4\n5\n6\n7\n8\n", "1\nzwei\n3\n4\n5\nsechs\n7\n8\n" },
  { "empty-to-text", "", "новый текст\n" },
  { "insert-lines", "a\nb\n", "a\nx\ny\nb\n" },
};

/* Table: every diff makes patch turn the old text into the new one. */
static void
test_diff_table (Fixture       *f,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (diff_cases); i++)
    {
      const DiffCase *dc = &diff_cases[i];
      g_autofree char *diff = vn_diff_unified ("t.txt", "t.txt", dc->old_text, strlen (dc->old_text),
                                               dc->new_text, strlen (dc->new_text), 3);
      g_autofree char *work = g_build_filename (f->dir, dc->name, NULL);
      g_autofree char *target = g_build_filename (work, "t.txt", NULL);
      g_autofree char *patch_file = g_build_filename (f->dir, "case.diff", NULL);
      g_autofree char *patched = NULL;
      const char *argv[] = { "git", "apply", "--unsafe-paths", patch_file, NULL };

      g_test_message ("case %s:\n%s", dc->name, diff);
      g_assert_cmpint (g_mkdir (work, 0755), ==, 0);
      g_assert_true (g_file_set_contents (target, dc->old_text, -1, NULL));
      g_assert_true (g_file_set_contents (patch_file, diff, -1, NULL));
      g_assert_true (run (argv, work));
      g_assert_true (g_file_get_contents (target, &patched, NULL, NULL));
      g_assert_cmpstr (patched, ==, dc->new_text);
    }
}

/* Diffs written from known edits (as the session saves them after every change): for random
 * texts — with and without a final newline, CRLF, empty lines, a text that is empty — and
 * random edits that delete, join and split lines, patch and Verno's own reader both turn the
 * old text into the new one. */
static void
test_diff_from_edits (Fixture       *f,
                      gconstpointer  data)
{
  static const char *pieces[] = { "один", "два", " ", "\n", "\r\n", "\n\n", "x", "ё", "-" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint patched = 0;

  for (guint round = 0; round < 400; round++)
    {
      g_autoptr(GString) old_text = g_string_new (NULL);
      g_autoptr(GString) new_text = g_string_new (NULL);
      g_autoptr(GArray) edits = g_array_new (FALSE, FALSE, sizeof (VnTextEdit));
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) starts = NULL;
      g_autoptr(VnPatch) patch = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *diff = NULL, *applied = NULL;
      int n = g_rand_int_range (rand, 0, 40);
      gsize at = 0, out_len = 0;

      for (int i = 0; i < n; i++)
        g_string_append (old_text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      while (at <= old_text->len && g_rand_int_range (rand, 0, 4) != 0)
        {
          gsize start = at + g_rand_int_range (rand, 0, 6), end;
          g_autoptr(GString) t = g_string_new (NULL);

          if (start > old_text->len)
            break;
          /* Not inside MIN (): the macro would draw a second number for its result. */
          end = start + g_rand_int_range (rand, 0, 6);
          end = MIN (old_text->len, end);
          while ((start < old_text->len && (old_text->str[start] & 0xC0) == 0x80))
            start++;
          end = MAX (end, start);
          while ((end < old_text->len && (old_text->str[end] & 0xC0) == 0x80))
            end++;
          for (int k = g_rand_int_range (rand, 0, 3); k > 0; k--)
            g_string_append (t, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
          if (start == end && t->len == 0)
            g_string_append (t, "+");
          g_ptr_array_add (texts, g_string_free (g_steal_pointer (&t), FALSE));
          g_array_append_val (edits, ((VnTextEdit) { start, end,
                                                      g_ptr_array_index (texts, texts->len - 1) }));
          at = end + 1;
        }
      at = 0;
      for (guint i = 0; i < edits->len; i++)
        {
          VnTextEdit *e = &g_array_index (edits, VnTextEdit, i);
          g_string_append_len (new_text, old_text->str + at, e->start - at);
          g_string_append (new_text, e->text);
          at = e->end;
        }
      g_string_append_len (new_text, old_text->str + at, old_text->len - at);
      starts = vn_diff_line_starts (old_text->str, old_text->len);
      diff = vn_diff_unified_from_edits ("t.txt", "t.txt", old_text->str, starts,
                                         (VnTextEdit *) (gpointer) edits->data, edits->len, 3);
      if (edits->len == 0)
        {
          g_assert_cmpstr (diff, ==, "");
          continue;
        }
      patch = vn_patch_new_from_data (diff, strlen (diff), "t.diff", &error);
      g_assert_no_error (error);
      applied = vn_patch_apply (patch, 0, old_text->str, old_text->len, "t.txt", &out_len,
                                &error);
      g_assert_no_error (error);
      g_assert_cmpmem (applied, out_len, new_text->str, new_text->len);
      /* And GNU patch, for one round in ten. */
      if (round % 10 == 0)
        {
          g_autofree char *work = g_build_filename (f->dir, "p", NULL);
          g_autofree char *copy = g_build_filename (work, "t.txt", NULL);
          g_autofree char *diff_path = g_build_filename (f->dir, "t.diff", NULL);
          g_autofree char *result = NULL;
          const char *argv[] = { "patch", "-p1", "--quiet", "-i", diff_path, NULL };
          gsize result_len;

          g_mkdir_with_parents (work, 0755);
          g_assert_true (g_file_set_contents (copy, old_text->str, old_text->len, NULL));
          g_assert_true (g_file_set_contents (diff_path, diff, -1, NULL));
          g_assert_true (run (argv, work));
          g_assert_true (g_file_get_contents (copy, &result, &result_len, NULL));
          g_assert_cmpmem (result, result_len, new_text->str, new_text->len);
          patched++;
        }
    }
  g_test_message ("%u diffs also applied with patch", patched);
}

static void
test_reopen_replays (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *before = NULL, *after = NULL;
  guint start, end;

  {
    g_autoptr(VnSession) session = open_session (f);
    g_object_unref (fix (f, session, "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ"));
    g_object_unref (fix (f, session, "Bepho", "Верно"));
    g_object_unref (fix (f, session, "ого", "его"));
    g_assert_true (vn_session_undo (session, NULL));
    find (f, "ХРУЩЕВУ", &start, &end);
    g_assert_true (vn_session_set_verified (session, start, end, TRUE, NULL));
    g_assert_true (vn_session_set_page_status (session, 1, VN_PAGE_PROOFREAD, NULL));
    before = vn_session_dup_verified_text (session, NULL);
  }
  {
    g_autoptr(VnSession) session = open_session (f);
    after = vn_session_dup_verified_text (session, NULL);
    g_assert_cmpstr (after, ==, before);
    g_assert_true (vn_session_is_verified (session, start, end));
    g_assert_cmpint (vn_session_get_page_status (session, 1), ==, VN_PAGE_PROOFREAD);
    g_assert_cmpint (vn_session_get_page_status (session, 0), ==, VN_PAGE_NOT_PROOFREAD);
    /* Undo history survives too: the undone correction can be redone. */
    g_assert_true (vn_session_can_redo (session) == FALSE);
    g_assert_true (vn_session_undo (session, NULL));
    g_assert_cmpint (vn_session_get_page_status (session, 1), ==, VN_PAGE_NOT_PROOFREAD);
    g_assert_true (vn_session_undo (session, NULL));
    g_assert_false (vn_session_is_verified (session, start, end));
    g_assert_cmpuint (vn_session_get_warnings (session)->len, ==, 0);
  }
}

static void
test_torn_journal (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *journal = g_build_filename (f->state_dir, "journal.jsonl", NULL);
  g_autofree char *expected = NULL;

  {
    g_autoptr(VnSession) session = open_session (f);
    g_object_unref (fix (f, session, "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ"));
    expected = vn_session_dup_verified_text (session, NULL);
  }
  {
    /* As if killed in the middle of a write. */
    FILE *fp = fopen (journal, "a");
    fputs ("{\"op\":\"correct\",\"id\":\"c9\",\"start\":1", fp);
    fclose (fp);
  }
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(VnSession) session = open_session (f);
      g_autofree char *text = vn_session_dup_verified_text (session, NULL);
      GPtrArray *warnings = vn_session_get_warnings (session);

      g_assert_cmpstr (text, ==, expected);
      g_assert_cmpuint (warnings->len, ==, 1);
      g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "skipped"));
      /* New records after the torn line are still readable next time. */
      if (round == 0)
        {
          g_object_unref (fix (f, session, "Bepho", "Верно"));
          g_free (expected);
          expected = vn_session_dup_verified_text (session, NULL);
        }
    }
}

/* SIGKILL at any moment loses no acknowledged correction. */
static void
test_kill_loses_nothing (Fixture       *f,
                         gconstpointer  data)
{
  int fds[2];
  pid_t child;
  guint acknowledged = 0;
  guint8 byte;

  g_assert_cmpint (pipe (fds), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      g_autoptr(VnSession) session = vn_session_open (f->canonical, f->state_dir, NULL);
      gsize len;
      vn_transcription_get_text (f->canonical, &len);
      for (guint i = 0;; i++)
        {
          g_autofree char *after = g_strdup_printf ("%u", i);
          g_autoptr(VnCorrection) c = vn_session_correct (session, 0, 0, after, VN_SOURCE_TYPED,
                                                          0, NULL, NULL, NULL);
          if (c == NULL || write (fds[1], "x", 1) != 1)
            _exit (1);
        }
    }
  close (fds[1]);
  while (acknowledged < 25 && read (fds[0], &byte, 1) == 1)
    acknowledged++;
  kill (child, SIGKILL);
  waitpid (child, NULL, 0);
  while (read (fds[0], &byte, 1) == 1)
    acknowledged++;
  close (fds[0]);
  {
    g_autoptr(VnSession) session = open_session (f);
    g_autofree char *text = vn_session_dup_verified_text (session, NULL);
    g_autoptr(GString) last_acked = g_string_new (NULL);
    g_autoptr(GString) in_flight = NULL;

    for (guint i = 0; i < acknowledged; i++)
      g_string_append_printf (last_acked, "%u", i);
    in_flight = g_string_new (last_acked->str);
    g_string_append_printf (in_flight, "%u", acknowledged);
    g_string_append (last_acked, "Уважаемому");
    g_string_append (in_flight, "Уважаемому");
    g_test_message ("%u corrections acknowledged before SIGKILL", acknowledged);
    /* Each insertion at offset 0 goes after the ones before it there: all acknowledged ones
     * show, and maybe one more that reached the disk before its acknowledgement. */
    g_assert_cmpuint (acknowledged, >=, 25);
    g_assert_true (g_str_has_prefix (text, last_acked->str) ||
                   g_str_has_prefix (text, in_flight->str));
    g_assert_true (vn_session_can_undo (session));
  }
}

/* A changed transcription: corrections move with their text; one whose text is gone is
 * reported and kept, never dropped. */
static void
test_reanchor (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *changed = NULL;
  g_autoptr(VnTranscription) edited = NULL;

  {
    g_autoptr(VnSession) session = open_session (f);
    g_object_unref (fix (f, session, "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ"));
    g_object_unref (fix (f, session, "ого", "его"));
    g_object_unref (fix (f, session, "Bepho", "Верно"));
  }
  changed = g_strconcat ("Совершенно секретно.\n\n", letter_start, NULL);
  {
    g_autofree char *tmp = replace_all (changed, "Bepho", "Копия");
    g_free (changed);
    changed = g_steal_pointer (&tmp);
  }
  g_assert_true (g_file_set_contents (f->text_path, changed, -1, NULL));
  edited = load (f->text_path);
  g_set_object (&f->canonical, edited);
  {
    g_autoptr(VnSession) session = open_session (f);
    g_autofree char *text = vn_session_dup_verified_text (session, NULL);
    GPtrArray *warnings = vn_session_get_warnings (session);
    gboolean reported = FALSE;

    g_assert_nonnull (strstr (text, "Совершенно секретно.\n\nУважаемому"));
    g_assert_nonnull (strstr (text, "И СЛОЖНОЕ ПОЛОЖЕНИЕ."));
    g_assert_nonnull (strstr (text, "на его недостатки"));
    g_assert_nonnull (strstr (text, "Копия: Weener"));
    g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_unplaced (session)), ==, 1);
    for (guint i = 0; i < warnings->len; i++)
      reported |= strstr (g_ptr_array_index (warnings, i), "Bepho") != NULL;
    g_assert_true (reported);
  }
}

/* An undo in the journal undoes the change it was made for, even when an earlier change
 * can no longer be placed on a changed transcription. */
static void
test_reanchor_then_undo (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *changed = replace_all (letter_start, "Bepho", "Копия");
  g_autoptr(VnTranscription) edited = NULL;

  {
    g_autoptr(VnSession) session = open_session (f);
    g_object_unref (fix (f, session, "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ"));
    g_object_unref (fix (f, session, "Bepho", "Верно"));
    g_object_unref (fix (f, session, "ого", "его"));
    g_assert_true (vn_session_undo (session, NULL));   /* ого → его */
    g_assert_true (vn_session_undo (session, NULL));   /* Bepho → Верно */
  }
  g_assert_true (g_file_set_contents (f->text_path, changed, -1, NULL));
  edited = load (f->text_path);
  g_set_object (&f->canonical, edited);
  {
    g_autoptr(VnSession) session = open_session (f);
    g_autofree char *text = vn_session_dup_verified_text (session, NULL);
    g_autofree char *expected = replace_all (changed, "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ");
    GPtrArray *warnings = vn_session_get_warnings (session);

    /* The first correction stands; the undone one is neither applied nor reported. */
    g_assert_cmpstr (text, ==, expected);
    g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_unplaced (session)), ==, 0);
    for (guint i = 0; i < warnings->len; i++)
      g_assert_null (strstr (g_ptr_array_index (warnings, i), "Bepho"));
    /* Redo brings back the correction that has no place any more: as unplaced. */
    g_assert_true (vn_session_redo (session, NULL));
    g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_unplaced (session)), ==, 1);
    g_assert_true (vn_session_undo (session, NULL));
    g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_unplaced (session)), ==, 0);
    g_assert_true (vn_session_undo (session, NULL));
    g_clear_pointer (&text, g_free);
    text = vn_session_dup_verified_text (session, NULL);
    g_assert_cmpstr (text, ==, changed);
  }
}

/* Verified and kept ranges move with their text too; one whose text is gone is reported. */
static void
test_reanchor_flags (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *changed = NULL;
  g_autoptr(VnTranscription) edited = NULL;
  guint start, end;

  {
    g_autoptr(VnSession) session = open_session (f);
    find (f, "ХРУЩЕВУ", &start, &end);
    g_assert_true (vn_session_set_verified (session, start, end, TRUE, NULL));
    find (f, "ого", &start, &end);
    g_assert_true (vn_session_keep (session, start, end, NULL));
    find (f, "Bepho", &start, &end);
    g_assert_true (vn_session_set_verified (session, start, end, TRUE, NULL));
  }
  {
    g_autofree char *prefixed = g_strconcat ("Совершенно секретно.\n\n", letter_start, NULL);
    changed = replace_all (prefixed, "Bepho", "Копия");
  }
  g_assert_true (g_file_set_contents (f->text_path, changed, -1, NULL));
  edited = load (f->text_path);
  g_set_object (&f->canonical, edited);
  {
    g_autoptr(VnSession) session = open_session (f);
    GPtrArray *warnings = vn_session_get_warnings (session);
    gboolean reported = FALSE;

    find (f, "ХРУЩЕВУ", &start, &end);
    g_assert_true (vn_session_is_verified (session, start, end));
    find (f, "ого", &start, &end);
    g_assert_true (vn_session_is_kept (session, start, end));
    /* Nothing is verified at the old offsets, which now hold other words. */
    g_assert_false (vn_session_is_verified (session, 0, strlen ("Совершенно")));
    find (f, "Копия", &start, &end);
    g_assert_false (vn_session_is_verified (session, start, end));
    for (guint i = 0; i < warnings->len; i++)
      reported |= strstr (g_ptr_array_index (warnings, i), "Bepho") != NULL;
    g_assert_true (reported);
    /* The unplaced verification still holds its place in the history. */
    g_assert_true (vn_session_undo (session, NULL));
    find (f, "ого", &start, &end);
    g_assert_true (vn_session_is_kept (session, start, end));
  }
}

typedef struct
{
  const char *text;
  const char *word;      /* the range to replace: this word, or before it when @insert */
  gboolean    insert;
  const char *replacement;
  const char *verified;
} SpacingCase;

static const SpacingCase spacing_cases[] = {
  { "Верно: Weener\n", "Weener", FALSE, "", "Верно:\n" },
  { "Weener пишет\n", "Weener", FALSE, "", "пишет\n" },
  { "один два три", "два", FALSE, "", "один три" },
  { "одиндва", "два", TRUE, "и", "один и два" },
  { "один два", "два", TRUE, "и", "один и два" },
  { "один два", "два", FALSE, "три", "один три" },
};

/* Suggestions that remove or insert a word keep the words apart by exactly one space. */
static void
test_fit_spacing (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (spacing_cases); i++)
    {
      const SpacingCase *tc = &spacing_cases[i];
      g_autoptr(GBytes) bytes = g_bytes_new_static (tc->text, strlen (tc->text));
      g_autoptr(GError) error = NULL;
      g_autoptr(VnTranscription) t = vn_transcription_new_from_bytes (bytes, "t", &error);
      g_autofree char *dir = g_dir_make_tmp ("verno-spacing-XXXXXX", &error);
      g_autoptr(VnSession) session = vn_session_open (t, dir, &error);
      guint start = strstr (tc->text, tc->word) - tc->text;
      guint end = tc->insert ? start : start + strlen (tc->word);
      g_autofree char *after = vn_session_fit_spacing (session, &start, &end, tc->replacement);
      g_autoptr(VnCorrection) c = vn_session_correct (session, start, end, after,
                                                      VN_SOURCE_SUGGESTION, 0, NULL, NULL, &error);
      g_autofree char *verified = vn_session_dup_verified_text (session, NULL);

      g_test_message ("case %u: %s", i, tc->text);
      g_assert_no_error (error);
      g_assert_cmpstr (verified, ==, tc->verified);
      vn_test_remove_tree (dir);
    }
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnSession) session = NULL;
  g_autoptr(VnCorrection) c = NULL;

  if (getuid () == 0)
    {
      /* root writes anywhere: use a path under a regular file instead. */
      g_free (f->state_dir);
      f->state_dir = g_build_filename (f->text_path, ".verno", NULL);
    }
  else
    g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  session = vn_session_open (f->canonical, f->state_dir, &error);
  g_assert_no_error (error);
  g_assert_true (vn_session_is_read_only (session));
  g_assert_nonnull (strstr (g_ptr_array_index (vn_session_get_warnings (session), 0), "read-only"));
  c = vn_session_correct (session, 0, 0, "x", VN_SOURCE_TYPED, 0, NULL, NULL, &error);
  g_assert_null (c);
  g_assert_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT);
  g_chmod (f->dir, 0755);
}

static void
test_bad_range (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VnSession) session = open_session (f);
  g_autoptr(GError) error = NULL;
  /* Byte 1 is inside "У". */
  g_autoptr(VnCorrection) c = vn_session_correct (session, 1, 3, "x", VN_SOURCE_TYPED, 0, NULL,
                                                  NULL, &error);

  g_assert_null (c);
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
}

static void
test_progress_on_letter (void)
{
  g_autoptr(VnProject) project = NULL;
  g_autoptr(GPtrArray) pages = vn_test_ocr_letter (&project);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  VnTranscription *t = vn_project_get_transcription (project);
  g_autoptr(VnCollation) collation = vn_collation_new (t, pages, spell);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-progress-XXXXXX", &error);
  g_autoptr(VnSession) session = vn_session_open (t, dir, &error);
  g_autoptr(VnDiscrepancy) first = g_list_model_get_item (G_LIST_MODEL (collation), 0);
  g_autoptr(VnDiscrepancy) second = g_list_model_get_item (G_LIST_MODEL (collation), 1);
  VnProgress before, after, page;

  g_assert_no_error (error);
  vn_session_get_progress (session, collation, -1, &before);
  g_assert_cmpuint (before.discrepancies, ==, g_list_model_get_n_items (G_LIST_MODEL (collation)));
  g_assert_cmpuint (before.resolved, ==, 0);
  g_assert_cmpuint (before.words, ==, vn_transcription_get_n_tokens (t));
  g_object_unref (vn_session_correct (session, vn_discrepancy_get_start (first),
                                      vn_discrepancy_get_end (first),
                                      vn_discrepancy_get_suggestion (first), VN_SOURCE_SUGGESTION,
                                      vn_discrepancy_get_page (first), NULL, NULL, &error));
  g_assert_true (vn_session_keep (session, vn_discrepancy_get_start (second),
                                  vn_discrepancy_get_end (second), &error));
  vn_session_get_progress (session, collation, -1, &after);
  g_assert_cmpuint (after.resolved, ==, 2);
  g_assert_cmpuint (after.open, ==, before.open - 2);
  vn_session_get_progress (session, collation, 0, &page);
  g_assert_cmpuint (page.discrepancies, <, before.discrepancies);
  g_assert_cmpuint (page.words, <, before.words);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/verno/session/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("correct-and-undo", test_correct_and_undo);
  ADD ("correct-verified", test_correct_verified);
  ADD ("cancel-edit", test_cancel_edit);
  ADD ("diff-applies", test_diff_applies);
  ADD ("diff-table", test_diff_table);
  ADD ("diff-from-edits", test_diff_from_edits);
  ADD ("reopen-replays", test_reopen_replays);
  ADD ("torn-journal", test_torn_journal);
  ADD ("kill-loses-nothing", test_kill_loses_nothing);
  ADD ("reanchor", test_reanchor);
  ADD ("reanchor-then-undo", test_reanchor_then_undo);
  ADD ("reanchor-flags", test_reanchor_flags);
  ADD ("read-only", test_read_only);
  ADD ("bad-range", test_bad_range);
#undef ADD
  g_test_add_func ("/verno/session/progress-on-letter", test_progress_on_letter);
  g_test_add_func ("/verno/session/fit-spacing", test_fit_spacing);
  return g_test_run ();
}
