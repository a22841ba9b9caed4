/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-correct.c: reading and applying unified diffs; `verno correct`, `verno apply` and the
 * errata and training exports; and the quality of `verno correct --accept likely` on the
 * letter and on a rougher rendering of it. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <leptonica/allheaders.h>

#include "vn-alignment.h"
#include "vn-diff.h"
#include "vn-error.h"
#include "vn-session.h"
#include "vn-test-util.h"

/* ------------------------------------------------------------------ helpers */



/* Runs a tool (diff, git, patch) in @dir; its standard output, and its exit status. */
static char *
run_tool (const char * const *argv,
          const char         *dir,
          int                *exit_status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = -1;

  g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("%s: %s", argv[0], err);
  *exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return out;
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("verno-correct-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
write_file (const char *dir,
            const char *name,
            const char *data,
            gssize      len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static char *
letter_folder (void)
{
  return vn_test_source_path ("scans/letter-1956");
}

static char *
letter_text (void)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/transcription.txt");
  return vn_test_read_file (path);
}

/* Parses and applies @diff to @old; NULL with @error set when it does not apply. */
static char *
apply_diff (const char  *diff,
            const char  *old,
            GError     **error)
{
  g_autoptr(VnPatch) patch = vn_patch_new_from_data (diff, strlen (diff), "test.diff", error);

  if (patch == NULL)
    return NULL;
  if (vn_patch_get_n_files (patch) == 0)
    return g_strdup (old);
  g_assert_cmpuint (vn_patch_get_n_files (patch), ==, 1);
  return vn_patch_apply (patch, 0, old, strlen (old), "t.txt", NULL, error);
}

/* ------------------------------------------------------------------ diff reader and applier */

static const char *vocabulary[] = {
  "Партия", "ЦК", "товари-", "щеской", "ПОЛОЖОНИС", "Bepho:", "—", "", " ", "3.IX.56 r.",
  "Уважаемому товарищу", "ё", "а\tб", "Пленум ЦК", "x",
};

static gpointer
copy_string (gconstpointer string,
             gpointer      data)
{
  return g_strdup (string);
}

static char *
random_line (GRand *rand)
{
  GString *line = g_string_new (NULL);
  guint words = g_rand_int_range (rand, 0, 5);

  for (guint w = 0; w < words; w++)
    {
      if (w > 0)
        g_string_append_c (line, ' ');
      g_string_append (line, vocabulary[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocabulary))]);
    }
  return g_string_free (line, FALSE);
}

/* A text of up to 40 lines, with LF or CRLF ends and perhaps no final newline. */
static GPtrArray *
random_lines (GRand *rand)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  guint n = g_rand_int_range (rand, 0, 40);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (lines, random_line (rand));
  return lines;
}

static char *
join_lines (GPtrArray  *lines,
            const char *eol,
            gboolean    final_eol)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (text, g_ptr_array_index (lines, i));
      if (i + 1 < lines->len || final_eol)
        g_string_append (text, eol);
    }
  return g_string_free (text, FALSE);
}

/* Replaces, inserts and removes a few random lines. */
static void
edit_lines (GRand     *rand,
            GPtrArray *lines)
{
  guint edits = g_rand_int_range (rand, 0, 6);

  for (guint e = 0; e < edits; e++)
    {
      guint at = lines->len ? g_rand_int_range (rand, 0, lines->len) : 0;

      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          if (lines->len > 0)
            {
              g_free (g_ptr_array_index (lines, at));
              g_ptr_array_index (lines, at) = random_line (rand);
            }
          break;
        case 1:
          g_ptr_array_insert (lines, g_rand_int_range (rand, 0, lines->len + 1),
                              random_line (rand));
          break;
        default:
          if (lines->len > 0)
            g_ptr_array_remove_index (lines, at);
          break;
        }
    }
}

/* Property: whatever vn_diff_unified writes, the reader applies back to the new text. */
static void
test_patch_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1956);

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GPtrArray) old_lines = random_lines (rand);
      g_autoptr(GPtrArray) new_lines = g_ptr_array_copy (old_lines, copy_string, NULL);
      const char *eol = g_rand_boolean (rand) ? "\n" : "\r\n";
      g_autofree char *old = NULL, *new = NULL, *diff = NULL, *patched = NULL;
      g_autoptr(GError) error = NULL;

      g_ptr_array_set_free_func (new_lines, g_free);
      edit_lines (rand, new_lines);
      old = join_lines (old_lines, eol, g_rand_int_range (rand, 0, 4) > 0);
      new = join_lines (new_lines, eol, g_rand_int_range (rand, 0, 4) > 0);
      diff = vn_diff_unified ("t.txt", "t.txt", old, strlen (old), new, strlen (new),
                              g_rand_int_range (rand, 0, 4));
      patched = apply_diff (diff, old, &error);
      if (g_strcmp0 (patched, new) != 0)
        g_test_message ("case %u:\n%s", i, diff);
      g_assert_no_error (error);
      g_assert_cmpstr (patched, ==, new);
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
  { "drop-final-newline", "один\nдва\n", "один\nдва" },
  { "crlf", "один\r\nдва\r\nтри\r\n", "один\r\nДВА\r\nтри\r\n" },
  { "far-apart", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n",
    "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\nfifteen\n" },
  { "empty-to-text", "", "новый текст\n" },
  { "text-to-empty", "старый текст\n", "" },
  { "insert-lines", "a\nb\n", "a\nx\ny\nb\n" },
  { "blank-context", "a\n\nb\n\nc\n", "a\n\nB\n\nc\n" },
};

/* Diffs made by `diff -u` and `git diff` apply as patch applies them. */
static void
test_patch_from_tools (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *old_path = g_build_filename (dir, "old.txt", NULL);
  g_autofree char *new_path = g_build_filename (dir, "new.txt", NULL);
  const char *diff_u[] = { "diff", "-u", "old.txt", "new.txt", NULL };
  const char *git_diff[] = { "git", "diff", "--no-index", "--no-color", "old.txt", "new.txt",
                             NULL };
  const char * const *tools[] = { diff_u, git_diff };

  for (guint i = 0; i < G_N_ELEMENTS (diff_cases); i++)
    for (guint t = 0; t < G_N_ELEMENTS (tools); t++)
      {
        const DiffCase *dc = &diff_cases[i];
        g_autoptr(GError) error = NULL;
        g_autofree char *diff = NULL, *patched = NULL;
        int status;

        write_file (dir, "old.txt", dc->old_text, -1);
        write_file (dir, "new.txt", dc->new_text, -1);
        diff = run_tool (tools[t], dir, &status);
        g_test_message ("%s, %s:\n%s", dc->name, tools[t][0], diff);
        g_assert_cmpint (status, ==, 1);   /* both say 1 for "the files differ" */
        patched = apply_diff (diff, dc->old_text, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (patched, ==, dc->new_text);
      }
  g_remove (old_path);
  g_remove (new_path);
  g_rmdir (dir);
}

/* Lines added above a hunk's place move it; patch's offset search finds it there. */
static void
test_patch_offset (void)
{
  const char *old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
  const char *new = "a\nb\nc\nD\ne\nf\ng\nh\ni\nJ\n";
  const char *moved = "0\n1\n2\na\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
  g_autofree char *diff = vn_diff_unified ("t", "t", old, strlen (old), new, strlen (new), 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *patched = apply_diff (diff, moved, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (patched, ==, "0\n1\n2\na\nb\nc\nD\ne\nf\ng\nh\ni\nJ\n");
}

/* A hunk whose lines are not there fails by number and line, and nothing is applied. */
static void
test_patch_does_not_apply (void)
{
  const char *old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
  const char *new = "A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\n";
  const char *other = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nK\nl\n";   /* hunk 2's context changed */
  g_autofree char *diff = vn_diff_unified ("t", "t", old, strlen (old), new, strlen (new), 1);
  g_autoptr(VnPatch) patch = vn_patch_new_from_data (diff, strlen (diff), "fix.diff", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *patched = NULL;

  g_test_message ("%s", diff);
  g_assert_nonnull (patch);
  g_assert_cmpuint (vn_patch_get_n_hunks (patch, 0), ==, 2);
  patched = vn_patch_apply (patch, 0, other, strlen (other), "t.txt", NULL, &error);
  g_assert_null (patched);
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Hunk 2 of fix.diff (line 7,"));
  g_assert_nonnull (strstr (error->message, "nothing was changed"));
}

/* A diff of several files, as `git diff` of a repository gives: the transcription's is found
 * by its name; a diff that does not name it is refused. */
static void
test_patch_several_files (void)
{
  const char *diff =
    "diff --git a/README b/README\nindex 1..2 100644\n--- a/README\n+++ b/README\n"
    "@@ -1 +1 @@\n-old\n+new\n"
    "diff --git a/letter/transcription.txt b/letter/transcription.txt\n"
    "--- a/letter/transcription.txt\n+++ b/letter/transcription.txt\n"
    "@@ -1,2 +1,2 @@\n-Bepho:\n+Верно:\n \n-- \n2.39.2\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VnPatch) patch = vn_patch_new_from_data (diff, strlen (diff), "two.diff", &error);
  g_autofree char *patched = NULL;
  guint file = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (vn_patch_get_n_files (patch), ==, 2);
  g_assert_true (vn_patch_find_file (patch, "/some/where/transcription.txt", &file, &error));
  g_assert_cmpuint (file, ==, 1);
  g_assert_cmpstr (vn_patch_get_new_name (patch, file), ==, "b/letter/transcription.txt");
  patched = vn_patch_apply (patch, file, "Bepho:\n\n", 8, "transcription.txt", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (patched, ==, "Верно:\n\n");
  g_assert_false (vn_patch_find_file (patch, "letter.txt", &file, &error));
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (error->message, "none of them named letter.txt"));
}

typedef struct
{
  const char *name;
  const char *diff;
  const char *message;
} BadDiff;

static const BadDiff bad_diffs[] = {
  { "prose", "This is a letter, not a diff.\n", "not a unified diff" },
  { "headers-only", "--- a/t.txt\n+++ b/t.txt\n", "not a unified diff" },
  { "hunk-without-file", "@@ -1 +1 @@\n-a\n+b\n", "line 1 starts a hunk before" },
  { "bad-header", "--- a/t\n+++ b/t\n@@ -x +1 @@\n-a\n+b\n", "line 3 is not a hunk header" },
  { "cut-short", "--- a/t\n+++ b/t\n@@ -1,3 +1,3 @@\n a\n-b\n", "cut short" },
  { "too-long", "--- a/t\n+++ b/t\n@@ -1,1 +1,1 @@\n-a\n+b\n+c\n@@ -5 +5 @@\n-e\n+f\n",
    "has more lines than" },
  { "stray-line", "--- a/t\n+++ b/t\n@@ -1,2 +1,2 @@\n-a\nzzz\n+b\n", "line 5" },
  { "lonely-marker", "--- a/t\n+++ b/t\n@@ -1,0 +1,1 @@\n\\ No newline at end of file\n+a\n",
    "before any line" },
};

/* Malformed diffs and random bytes give an error in words, never a crash. */
static void
test_patch_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(VnPatch) empty = vn_patch_new_from_data ("", 0, "empty.diff", NULL);

  g_assert_nonnull (empty);
  g_assert_cmpuint (vn_patch_get_n_files (empty), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad_diffs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VnPatch) patch = vn_patch_new_from_data (bad_diffs[i].diff,
                                                         strlen (bad_diffs[i].diff), "bad.diff",
                                                         &error);

      g_test_message ("case %s: %s", bad_diffs[i].name, error ? error->message : "(parsed)");
      g_assert_null (patch);
      g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
      g_assert_nonnull (strstr (error->message, bad_diffs[i].message));
    }
  for (guint i = 0; i < 500; i++)
    {
      guint8 bytes[512];
      gsize len = g_rand_int_range (rand, 0, sizeof bytes);
      g_autoptr(GError) error = NULL;
      g_autoptr(VnPatch) patch = NULL;

      for (gsize k = 0; k < len; k++)
        bytes[k] = i % 2 ? g_rand_int_range (rand, 0, 256)
                         : "@@ -+ \n1,\\a"[g_rand_int_range (rand, 0, 11)];
      patch = vn_patch_new_from_data ((const char *) bytes, len, "noise.diff", &error);
      g_assert_true ((patch == NULL) == (error != NULL));
      if (patch != NULL && vn_patch_get_n_files (patch) > 0)
        g_free (vn_patch_apply (patch, 0, "a\nb\n", 4, "t.txt", NULL, NULL));
    }
}

/* ------------------------------------------------------------------ word edits */

typedef struct
{
  const char *old_text;
  const char *new_text;
  const char *edits;   /* "before→after|…" */
} WordEditCase;

static const WordEditCase word_edit_cases[] = {
  { "на ого недостатки", "на его недостатки", "ого→его" },
  { "критике кулвтличности в", "критике культ личности в", "кулвтличности→культ личности" },
  { "порядке товари – щеской критики", "порядке товарищеской критики",
    "товари – щеской→товарищеской" },
  { "3.IX.56 r.\n\nBepho: Weener\n", "3.IX.56 г.\n\nВерно:\n", "r.→г.|Bepho: Weener→Верно:" },
  { "a b c", "a b c", "" },
  { "a b c", "a c", "b →" },
  { "a c", "a b c", "→b " },
  { "a  b", "a b", " →" },
  { "a\nb", "a b", "\n→ " },
  { "", "новый", "→новый" },
  { "x y z", "X y Z", "x→X|z→Z" },
};

static char *
describe_edits (GArray     *edits,
                const char *old_text,
                const char *new_text)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < edits->len; i++)
    {
      const VnWordEdit *e = &g_array_index (edits, VnWordEdit, i);

      g_string_append_printf (out, "%s%.*s→%.*s", i ? "|" : "", (int) (e->end - e->start),
                              old_text + e->start, (int) (e->new_end - e->new_start),
                              new_text + e->new_start);
    }
  return g_string_free (out, FALSE);
}

static char *
apply_edits (GArray     *edits,
             const char *old_text,
             const char *new_text)
{
  GString *out = g_string_new (NULL);
  guint at = 0;

  for (guint i = 0; i < edits->len; i++)
    {
      const VnWordEdit *e = &g_array_index (edits, VnWordEdit, i);

      g_assert_cmpuint (e->start, >=, at);
      g_string_append_len (out, old_text + at, e->start - at);
      g_string_append_len (out, new_text + e->new_start, e->new_end - e->new_start);
      at = e->end;
    }
  g_string_append (out, old_text + at);
  return g_string_free (out, FALSE);
}

/* Each stretch that differs becomes one edit of whole words; together they make the new text. */
static void
test_word_edits (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < G_N_ELEMENTS (word_edit_cases); i++)
    {
      const WordEditCase *wc = &word_edit_cases[i];
      g_autoptr(GArray) edits = vn_diff_word_edits (wc->old_text, strlen (wc->old_text),
                                                    wc->new_text, strlen (wc->new_text));
      g_autofree char *described = describe_edits (edits, wc->old_text, wc->new_text);
      g_autofree char *rebuilt = apply_edits (edits, wc->old_text, wc->new_text);

      g_assert_cmpstr (described, ==, wc->edits);
      g_assert_cmpstr (rebuilt, ==, wc->new_text);
    }
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(GPtrArray) old_lines = random_lines (rand);
      g_autoptr(GPtrArray) new_lines = g_ptr_array_copy (old_lines, copy_string, NULL);
      g_autofree char *old = NULL, *new = NULL, *rebuilt = NULL;
      g_autoptr(GArray) edits = NULL;

      g_ptr_array_set_free_func (new_lines, g_free);
      edit_lines (rand, new_lines);
      old = join_lines (old_lines, "\n", TRUE);
      new = join_lines (new_lines, g_rand_boolean (rand) ? "\n" : " ", FALSE);
      edits = vn_diff_word_edits (old, strlen (old), new, strlen (new));
      rebuilt = apply_edits (edits, old, new);
      g_assert_cmpstr (rebuilt, ==, new);
    }
}

/* ------------------------------------------------------------------ quality */

/* The ground truth as the published text should read it: words broken at a line end joined
 * ("товари-\nщеской" → "товарищеской"), whitespace collapsed as vn_test_cer does. */
static char *
dehyphenated_truth (void)
{
  g_autofree char *path = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *truth = vn_test_read_file (path);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (const char *p = truth; *p; p++)
    {
      const char *prev = g_utf8_find_prev_char (joined->str, joined->str + joined->len);

      if (p[0] == '-' && p[1] == '\n' && prev != NULL && g_unichar_isalpha (g_utf8_get_char (prev)))
        {
          for (p++; p[1] == ' '; p++)
            ;
          continue;
        }
      g_string_append_c (joined, *p);
    }
  return vn_test_normalize_for_cer (joined->str);
}

/* For each word of @truth, whether the alignment matched it to the same word in @other. */
static gboolean *
words_kept (char **truth,
            char **other)
{
  guint n_truth = g_strv_length (truth), n_other = g_strv_length (other);
  g_autoptr(GArray) ops = vn_align_words ((const char * const *) truth, n_truth,
                                          (const char * const *) other, n_other);
  gboolean *kept = g_new0 (gboolean, n_truth + 1);

  for (guint i = 0; i < ops->len; i++)
    {
      const VnAlignHunk *h = &g_array_index (ops, VnAlignHunk, i);

      for (guint k = 0; h->op == VN_ALIGN_EQUAL && k < h->a_len; k++)
        kept[h->a_start + k] = TRUE;
    }
  return kept;
}

typedef struct
{
  double published_cer;
  double corrected_cer;
  double removed;   /* share of the published text's character errors the correction removed */
  guint  right;     /* words the published text had right */
  guint  broken;    /* of them, words the corrected text has wrong */
} Quality;

static void
measure (const char *published,
         const char *corrected,
         Quality    *q)
{
  g_autofree char *truth = dehyphenated_truth ();
  g_autofree char *p = vn_test_normalize_for_cer (published);
  g_autofree char *c = vn_test_normalize_for_cer (corrected);
  g_auto(GStrv) truth_words = g_strsplit (truth, " ", -1);
  g_auto(GStrv) published_words = g_strsplit (p, " ", -1);
  g_auto(GStrv) corrected_words = g_strsplit (c, " ", -1);
  g_autofree gboolean *right = words_kept (truth_words, published_words);
  g_autofree gboolean *kept = words_kept (truth_words, corrected_words);

  *q = (Quality) { vn_test_cer (published, truth), vn_test_cer (corrected, truth) };
  q->removed = q->published_cer > 0 ? 1 - q->corrected_cer / q->published_cer : 1;
  for (guint t = 0; truth_words[t]; t++)
    {
      q->right += right[t];
      if (right[t] && !kept[t])
        {
          q->broken++;
          g_test_message ("broken: “%s” (word %u of the truth)", truth_words[t], t + 1);
        }
    }
}

/* `verno correct --accept likely` on @folder; the published and the corrected text measured. */
static void
correct_and_measure (const char *folder,
                     const char *state,
                     const char *label,
                     Quality    *q)
{
  g_autofree char *output = g_build_filename (state, "verified.txt", NULL);
  g_autofree char *text_path = g_build_filename (folder, "transcription.txt", NULL);
  g_autofree char *published = vn_test_read_file (text_path);
  g_autofree char *corrected = NULL;
  g_auto(VnTestRun) run = { 0 };

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "correct", "--accept", "likely", "--state-dir", state,
                                            "--output", output, folder, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_test_message ("%s", run.err);
  corrected = vn_test_read_file (output);
  measure (published, corrected, q);
  g_test_message ("%s: CER %.2f%% published, %.2f%% corrected: %.0f%% of the character errors "
                  "removed; %u of the %u words the published text had right broken", label,
                  100 * q->published_cer, 100 * q->corrected_cer, 100 * q->removed, q->broken,
                  q->right);
}

/* The quality target: at least 80% of the published text's character errors gone, and no
 * word that it had right made wrong. */
static void
test_quality_letter (void)
{
  g_autofree char *folder = letter_folder ();
  g_autofree char *state = make_temp_dir ();
  Quality q;

  correct_and_measure (folder, state, "letter", &q);
  g_assert_cmpfloat (q.published_cer, >, 0.01);
  g_assert_cmpfloat (q.removed, >=, 0.80);
  g_assert_cmpuint (q.broken, ==, 0);
  vn_test_remove_tree (state);
}

/* The same, measured and reported, on a much rougher rendering of the letter, where the OCR
 * misreads three to five times as many characters. Asserted only what holds there: the
 * corrected text has fewer character errors than the published one. Words do break there:
 * the OCR misses the last lines of page 2, and the collation then takes the typed date
 * "3.IX.56" for a word to delete; and it joins "и всесторение" with the OCR's "в всесторонне"
 * into one suggestion that fixes one word and breaks the other. */
static void
test_quality_rough (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *truth = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *renderer = vn_test_build_path ("tests/render/vn-render-letter");
  g_autofree char *published = letter_text ();
  const char *render[] = { renderer, "--rough", "--seed", "1956", "--out", dir, truth, NULL };
  Quality q;
  int status;

  g_free (run_tool (render, NULL, &status));
  g_assert_cmpint (status, ==, 0);
  write_file (dir, "transcription.txt", published, -1);
  correct_and_measure (dir, state, "rough letter", &q);
  g_assert_cmpfloat (q.corrected_cer, <, q.published_cer);
  vn_test_remove_tree (dir);
}

/* ------------------------------------------------------------------ verno correct */

/* The diff `verno correct` writes makes the --output text of the untouched original, with
 * `patch -p1` and with `git apply`. */
static void
test_correct_diff_patches (void)
{
  g_autofree char *folder = letter_folder ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *diff = g_build_filename (dir, "fix.diff", NULL);
  g_autofree char *output = g_build_filename (dir, "verified.txt", NULL);
  g_autofree char *original = letter_text ();
  g_autofree char *verified = NULL;
  const char *patch[] = { "patch", "-p1", "--quiet", "-i", diff, NULL };
  const char *git_apply[] = { "git", "apply", "--unsafe-paths", diff, NULL };
  const char * const *tools[] = { patch, git_apply };
  g_auto(VnTestRun) run = { 0 };

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "correct", "--state-dir", state, "--diff", diff,
                                            "--output", output, folder, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  verified = vn_test_read_file (output);
  g_assert_cmpstr (verified, !=, original);
  for (guint t = 0; t < G_N_ELEMENTS (tools); t++)
    {
      g_autofree char *work = g_build_filename (dir, tools[t][0], NULL);
      g_autofree char *copy = g_build_filename (work, "transcription.txt", NULL);
      g_autofree char *patched = NULL;
      int status;

      g_assert_cmpint (g_mkdir (work, 0755), ==, 0);
      write_file (work, "transcription.txt", original, -1);
      g_free (run_tool (tools[t], work, &status));
      g_assert_cmpint (status, ==, 0);
      patched = vn_test_read_file (copy);
      g_assert_cmpstr (patched, ==, verified);
    }
  vn_test_remove_tree (dir);
}

/* --accept none changes nothing: an empty diff, the published text; nothing journaled. */
static void
test_correct_accept_none (void)
{
  g_autofree char *folder = letter_folder ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *diff_path = g_build_filename (dir, "fix.diff", NULL);
  g_autofree char *output = g_build_filename (dir, "verified.txt", NULL);
  g_autofree char *journal = g_build_filename (state, "journal.jsonl", NULL);
  g_autofree char *original = letter_text ();
  g_autofree char *diff = NULL, *verified = NULL;
  g_auto(VnTestRun) run = { 0 };

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "correct", "--accept", "none", "--state-dir", state,
                                            "--diff", diff_path, "-o", output, folder, NULL });
  g_assert_cmpint (run.status, ==, 0);
  diff = vn_test_read_file (diff_path);
  verified = vn_test_read_file (output);
  g_assert_cmpstr (diff, ==, "");
  g_assert_cmpstr (verified, ==, original);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  vn_test_remove_tree (dir);
}

static GPtrArray *
read_corrections (const char *state)
{
  g_autofree char *path = g_build_filename (state, "journal.jsonl", NULL);
  g_autofree char *data = vn_test_read_file (path);
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  GPtrArray *corrections = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonNode) node = *lines[i] ? json_from_string (lines[i], NULL) : NULL;
      JsonObject *record = node ? json_node_get_object (node) : NULL;
      const char *op = record ? json_object_get_string_member (record, "op") : NULL;

      if (g_strcmp0 (op, "correct") == 0)
        g_ptr_array_add (corrections, json_object_ref (record));
    }
  return corrections;
}

/* N of the "N suggestions accepted" `verno correct` ends with. */
static guint
count_accepted (const char *err)
{
  g_autoptr(GRegex) regex = g_regex_new ("^(\\d+) suggestions? accepted", G_REGEX_MULTILINE, 0,
                                         NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *number = NULL;

  g_assert_true (g_regex_match (regex, err, 0, &match));
  number = g_match_info_fetch (match, 1);
  return atoi (number);
}

/* A project gets each accepted suggestion journaled, with its provenance. */
static void
test_correct_journal (void)
{
  g_autofree char *folder = letter_folder ();
  g_autofree char *state = make_temp_dir ();
  g_autoptr(GPtrArray) corrections = NULL;
  g_auto(VnTestRun) run = { 0 };
  guint accepted = 0;

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "correct", "--state-dir", state, "--diff", "-",
                                            folder, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "--- a/transcription.txt\n+++ b/transcription.txt\n"));
  accepted = count_accepted (run.err);
  corrections = read_corrections (state);
  g_assert_cmpuint (corrections->len, ==, accepted);
  g_assert_cmpuint (accepted, >=, 10);
  for (guint i = 0; i < corrections->len; i++)
    {
      JsonObject *c = g_ptr_array_index (corrections, i);

      g_assert_cmpstr (json_object_get_string_member (c, "source"), ==, "suggestion");
      g_assert_cmpstr (json_object_get_string_member (c, "note"), ==, "verno correct");
    }
  vn_test_remove_tree (state);
}

/* Given only a transcription and its scans, `verno correct` leaves nothing beside them and
 * prints the diff. */
static void
test_correct_transcription_only (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *text = g_build_filename (dir, "letter.txt", NULL);
  g_autofree char *state = g_build_filename (dir, ".verno", NULL);
  g_autofree char *page_1 = vn_test_source_path ("scans/letter-1956/page-1.png");
  g_autofree char *page_2 = vn_test_source_path ("scans/letter-1956/page-2.png");
  g_autofree char *original = letter_text ();
  g_autofree char *patched = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(VnTestRun) run = { 0 };

  write_file (dir, "letter.txt", original, -1);
  vn_test_run_verno (&run, dir, FALSE, (const char *[]) { "correct", "--transcription", text, page_1, page_2,
                                           NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "--- a/letter.txt\n"));
  g_assert_false (g_file_test (state, G_FILE_TEST_EXISTS));
  patched = apply_diff (run.out, original, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (patched, "ПОЛОЖОНИС"));
  vn_test_remove_tree (dir);
}

/* ------------------------------------------------------------------ verno apply */

/* correct → diff → apply into a fresh project gives the same verified text, in small,
 * journaled corrections; applying it again adds nothing. */
static void
test_apply_round_trip (void)
{
  g_autofree char *folder = letter_folder ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *first = g_build_filename (dir, "first", NULL);
  g_autofree char *second = g_build_filename (dir, "second", NULL);
  g_autofree char *diff = g_build_filename (dir, "fix.diff", NULL);
  g_autofree char *expected_path = g_build_filename (dir, "expected.txt", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) corrections = NULL;
  g_auto(VnTestRun) correct = { 0 };
  g_auto(VnTestRun) apply = { 0 };
  g_auto(VnTestRun) again = { 0 };
  g_auto(VnTestRun) export = { 0 };

  vn_test_run_verno (&correct, NULL, FALSE, (const char *[]) { "correct", "--state-dir", first, "--diff", diff,
                                                "-o", expected_path, folder, NULL });
  g_assert_cmpint (correct.status, ==, 0);
  vn_test_run_verno (&apply, NULL, FALSE, (const char *[]) { "apply", "--state-dir", second, folder, diff,
                                              NULL });
  g_assert_cmpint (apply.status, ==, 0);
  vn_test_run_verno (&export, NULL, FALSE, (const char *[]) { "export", "--state-dir", second, folder, NULL });
  g_assert_cmpint (export.status, ==, 0);
  expected = vn_test_read_file (expected_path);
  g_assert_cmpstr (export.out, ==, expected);
  corrections = read_corrections (second);
  g_assert_cmpuint (corrections->len, >=, 10);
  for (guint i = 0; i < corrections->len; i++)
    {
      JsonObject *c = g_ptr_array_index (corrections, i);
      g_auto(GStrv) words = g_strsplit_set (json_object_get_string_member (c, "before"), " \n",
                                            -1);

      g_assert_cmpstr (json_object_get_string_member (c, "source"), ==, "typed");
      g_assert_cmpstr (json_object_get_string_member (c, "note"), ==, "verno apply");
      g_assert_cmpuint (g_strv_length (words), <=, 4);
    }
  vn_test_run_verno (&again, NULL, FALSE, (const char *[]) { "apply", "--state-dir", second, folder, diff,
                                              NULL });
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.err, "0 corrections loaded"));
  vn_test_remove_tree (dir);
}

/* With --transcription FILE, `verno apply` writes the patched text and nothing else. */
static void
test_apply_transcription (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *text = g_build_filename (dir, "t.txt", NULL);
  g_autofree char *diff_path = g_build_filename (dir, "t.diff", NULL);
  g_autofree char *output = g_build_filename (dir, "out.txt", NULL);
  g_autofree char *state = g_build_filename (dir, ".verno", NULL);
  const char *old = "Bepho: Weener\r\nИ СЛОЖНОЕ ПОЛОЖОНИС.\r\n";
  const char *new = "Верно:\r\nИ СЛОЖНОЕ ПОЛОЖЕНИЕ.\r\n";
  g_autofree char *diff = vn_diff_unified ("t.txt", "t.txt", old, strlen (old), new, strlen (new),
                                           3);
  g_autofree char *patched = NULL;
  g_auto(VnTestRun) run = { 0 };
  g_auto(VnTestRun) printed = { 0 };

  write_file (dir, "t.txt", old, -1);
  write_file (dir, "t.diff", diff, -1);
  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "apply", "-t", text, "-o", output, diff_path, NULL });
  g_assert_cmpint (run.status, ==, 0);
  patched = vn_test_read_file (output);
  g_assert_cmpstr (patched, ==, new);
  vn_test_run_verno (&printed, NULL, FALSE, (const char *[]) { "apply", "-t", text, diff_path, NULL });
  g_assert_cmpint (printed.status, ==, 0);
  g_assert_cmpstr (printed.out, ==, new);
  g_assert_false (g_file_test (state, G_FILE_TEST_EXISTS));
  vn_test_remove_tree (dir);
}

/* ------------------------------------------------------------------ exports */

/* `verno export --format errata` is the CSV `verno errata` writes. */
static void
test_export_errata (void)
{
  g_autofree char *folder = letter_folder ();
  g_autofree char *state = make_temp_dir ();
  g_auto(VnTestRun) correct = { 0 };
  g_auto(VnTestRun) errata = { 0 };
  g_auto(VnTestRun) export = { 0 };

  vn_test_run_verno (&correct, NULL, FALSE, (const char *[]) { "correct", "--state-dir", state, "--diff",
                                                "/dev/null", folder, NULL });
  g_assert_cmpint (correct.status, ==, 0);
  vn_test_run_verno (&errata, NULL, FALSE, (const char *[]) { "errata", "--state-dir", state, folder, NULL });
  vn_test_run_verno (&export, NULL, FALSE, (const char *[]) { "export", "--format", "errata", "--state-dir",
                                               state, folder, NULL });
  g_assert_cmpint (errata.status, ==, 0);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_true (g_str_has_prefix (export.out, "page,line,published,verified,"));
  g_assert_nonnull (strstr (export.out, "ПОЛОЖОНИС,ПОЛОЖЕНИЕ"));
  g_assert_cmpstr (export.out, ==, errata.out);
  vn_test_remove_tree (state);
}

/* The ground truth's lines of page @page (from 1), whitespace collapsed. */
static GHashTable *
truth_lines (guint page)
{
  g_autofree char *path = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *truth = vn_test_read_file (path);
  g_auto(GStrv) pages = g_strsplit (truth, "\f", -1);
  g_auto(GStrv) lines = g_strsplit (pages[page - 1], "\n", -1);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; lines[i]; i++)
    g_hash_table_add (set, vn_test_normalize_for_cer (lines[i]));
  return set;
}

/* Marks, as an editor would: page 2 fixed where `verno correct` left it and validated, and
 * the second line of page 1 verified word by word. */
static void
verify_some_lines (const char *state)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/transcription.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnTranscription) t = vn_transcription_new_from_file (file, &error);
  g_autoptr(VnSession) session = vn_session_open (t, state, &error);
  const char *text = vn_transcription_get_text (t, NULL);
  const char *line = strstr (text, "Надеюсь");
  const char *wrong = strstr (text, "Подобное");
  g_autoptr(VnCorrection) fix = NULL;
  g_auto(GStrv) words = g_strsplit ("Надеюсь, что Вы получили сообщение из Пхеньяна, в", " ", -1);

  g_assert_no_error (error);
  fix = vn_session_correct (session, wrong - text, wrong - text + strlen ("Подобное"),
                            "Подробное", VN_SOURCE_TYPED, 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vn_session_set_page_status (session, 1, VN_PAGE_VALIDATED, &error));
  for (guint i = 0; words[i]; i++)
    {
      const char *word = strstr (line, words[i]);
      g_assert_true (vn_session_set_verified (session, word - text, word - text + strlen (words[i]),
                                              TRUE, &error));
      line = word + strlen (words[i]);
    }
}

static void
check_training_image (const char *path)
{
  PIX *pix = pixRead (path);

  g_assert_nonnull (pix);
  g_assert_cmpint (pixGetDepth (pix), ==, 8);
  /* A typed line at 300 dpi: 54-pixel type, lines 75 pixels apart. */
  g_assert_cmpint (pixGetHeight (pix), >=, 40);
  g_assert_cmpint (pixGetHeight (pix), <=, 150);
  g_assert_cmpint (pixGetWidth (pix), >, pixGetHeight (pix));
  g_assert_cmpint (pixGetWidth (pix), <=, 2480);
  pixDestroy (&pix);
}

/* Training pairs: a PNG and a .gt.txt for each verified line the OCR saw whole, and for no
 * other; their text is the ground truth's line, on one line. */
static void
test_export_training (void)
{
  g_autofree char *folder = letter_folder ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *out = g_build_filename (dir, "gt", NULL);
  g_autoptr(GHashTable) page_2 = truth_lines (2);
  g_autoptr(GDir) listing = NULL;
  g_auto(VnTestRun) correct = { 0 };
  g_auto(VnTestRun) export = { 0 };
  const char *name;
  guint pairs[3] = { 0 };

  vn_test_run_verno (&correct, NULL, FALSE, (const char *[]) { "correct", "--state-dir", state, "--diff",
                                                "/dev/null", folder, NULL });
  g_assert_cmpint (correct.status, ==, 0);
  verify_some_lines (state);
  vn_test_run_verno (&export, NULL, FALSE, (const char *[]) { "export", "--format", "training", "--state-dir",
                                               state, "-o", out, folder, NULL });
  g_assert_cmpint (export.status, ==, 0);
  g_test_message ("%s", export.out);
  listing = g_dir_open (out, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (out, name, NULL);
      g_autofree char *stem = NULL, *png = NULL, *gt = NULL;
      guint page;

      if (!g_str_has_suffix (name, ".gt.txt"))
        continue;
      g_assert_true (g_str_has_prefix (name, "letter-1956-"));
      page = name[strlen ("letter-1956-")] - '0';
      g_assert_true (page == 1 || page == 2);
      stem = g_strndup (path, strlen (path) - strlen (".gt.txt"));
      png = g_strconcat (stem, ".png", NULL);
      gt = vn_test_read_file (path);
      /* One line, ended by its newline. */
      g_assert_true (strchr (gt, '\n') == gt + strlen (gt) - 1);
      gt[strlen (gt) - 1] = '\0';
      g_test_message ("%s: %s", name, gt);
      if (page == 1)
        g_assert_cmpstr (gt, ==, "Надеюсь, что Вы получили сообщение из Пхеньяна, в");
      else
        g_assert_true (g_hash_table_contains (page_2, gt));
      check_training_image (png);
      pairs[page]++;
    }
  g_assert_cmpuint (pairs[1], ==, 1);
  /* Page 2's 29 lines, less the two halves of "устра-нять" and any the OCR did not see whole. */
  g_assert_cmpuint (pairs[2], >=, 22);
  g_assert_cmpuint (pairs[2], <=, 27);
  vn_test_remove_tree (dir);
}

/* ------------------------------------------------------------------ exit statuses */

typedef struct
{
  const char *name;
  const char *args[8];   /* "FOLDER", "STATE" and "DIR/" stand for paths */
  int         status;
  const char *message;
} CliCase;

static const CliCase cli_cases[] = {
  { "apply-missing-diff", { "apply", "--state-dir", "STATE", "FOLDER", "DIR/missing.diff" }, 3,
    "missing.diff" },
  { "apply-garbage", { "apply", "--state-dir", "STATE", "FOLDER", "DIR/garbage.diff" }, 3,
    "is not a unified diff" },
  { "apply-malformed", { "apply", "--state-dir", "STATE", "FOLDER", "DIR/cut.diff" }, 3,
    "cut short" },
  { "apply-does-not-apply", { "apply", "--state-dir", "STATE", "FOLDER", "DIR/other.diff" }, 3,
    "Hunk 1 of" },
  { "apply-no-arguments", { "apply" }, 2, "give a project folder" },
  { "apply-no-diff", { "apply", "--state-dir", "STATE", "FOLDER" }, 2, "one diff" },
  { "correct-bad-class", { "correct", "--accept", "most", "--state-dir", "STATE", "FOLDER" }, 2,
    "--accept must be" },
  { "correct-no-project", { "correct" }, 2, "give a project folder" },
  { "export-training-without-dir", { "export", "-f", "training", "--state-dir", "STATE",
                                     "FOLDER" }, 2, "need -o DIR" },
  { "export-bad-format", { "export", "-f", "docx", "--state-dir", "STATE", "FOLDER" }, 2,
    "errata or training" },
};

static void
test_exit_statuses (void)
{
  g_autofree char *folder = letter_folder ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *journal = g_build_filename (state, "journal.jsonl", NULL);

  write_file (dir, "garbage.diff", "\x89PNG\r\n\x1a\nnot a diff at all", -1);
  write_file (dir, "cut.diff", "--- a/transcription.txt\n+++ b/transcription.txt\n"
              "@@ -1,3 +1,3 @@\n Уважаемому\n", -1);
  write_file (dir, "other.diff", "--- a/transcription.txt\n+++ b/transcription.txt\n"
              "@@ -1,2 +1,2 @@\n-Дорогой товарищ!\n+Дорогой товарищ Хрущев!\n \n", -1);
  for (guint i = 0; i < G_N_ELEMENTS (cli_cases); i++)
    {
      const CliCase *tc = &cli_cases[i];
      const char *args[8] = { NULL };
      g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
      g_auto(VnTestRun) run = { 0 };

      for (guint k = 0; tc->args[k]; k++)
        {
          const char *arg = tc->args[k];

          if (g_str_equal (arg, "FOLDER"))
            arg = folder;
          else if (g_str_equal (arg, "STATE"))
            arg = state;
          else if (g_str_has_prefix (arg, "DIR/"))
            {
              g_ptr_array_add (owned, g_build_filename (dir, arg + 4, NULL));
              arg = g_ptr_array_index (owned, owned->len - 1);
            }
          args[k] = arg;
        }
      g_test_message ("case %s", tc->name);
      vn_test_run_verno (&run, NULL, FALSE, args);
      g_assert_cmpint (run.status, ==, tc->status);
      g_assert_nonnull (strstr (run.err, tc->message));
    }
  /* A diff that fails leaves no trace in the project. */
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  vn_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/correct/patch/round-trip", test_patch_round_trip);
  g_test_add_func ("/verno/correct/patch/from-tools", test_patch_from_tools);
  g_test_add_func ("/verno/correct/patch/offset", test_patch_offset);
  g_test_add_func ("/verno/correct/patch/does-not-apply", test_patch_does_not_apply);
  g_test_add_func ("/verno/correct/patch/garbage", test_patch_garbage);
  g_test_add_func ("/verno/correct/patch/several-files", test_patch_several_files);
  g_test_add_func ("/verno/correct/word-edits", test_word_edits);
  g_test_add_func ("/verno/correct/quality/letter", test_quality_letter);
  g_test_add_func ("/verno/correct/quality/rough", test_quality_rough);
  g_test_add_func ("/verno/correct/diff-patches", test_correct_diff_patches);
  g_test_add_func ("/verno/correct/accept-none", test_correct_accept_none);
  g_test_add_func ("/verno/correct/journal", test_correct_journal);
  g_test_add_func ("/verno/correct/transcription-only", test_correct_transcription_only);
  g_test_add_func ("/verno/correct/apply-round-trip", test_apply_round_trip);
  g_test_add_func ("/verno/correct/apply-transcription", test_apply_transcription);
  g_test_add_func ("/verno/correct/export-errata", test_export_errata);
  g_test_add_func ("/verno/correct/export-training", test_export_training);
  g_test_add_func ("/verno/correct/exit-statuses", test_exit_statuses);
  return g_test_run ();
}
