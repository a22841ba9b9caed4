/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-journal.c: the append-only journal on its own: records come back in order and whole;
 * a torn last line, a damaged line, a line cut into by a crash are skipped with a warning and
 * never glue onto the next record; what is not a journal is refused in a sentence. */
#include <string.h>

#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-journal.h"
#include "vn-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("verno-journal-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "journal.jsonl", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vn_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static JsonNode *
record (guint       n,
        const char *text)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, n);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
collect (JsonObject *object,
         guint       line,
         gpointer    data)
{
  GString *out = data;

  g_string_append_printf (out, "%u:%" G_GINT64_FORMAT ":%s\n", line,
                          json_object_get_int_member_with_default (object, "n", -1),
                          json_object_get_string_member_with_default (object, "text", "?"));
}

static char *
read_back (const char *path,
           GPtrArray  *warnings)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (vn_journal_read (path, collect, out, warnings, &error));
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

/* Records of every kind of text come back as they were written, in order, also after the
 * journal is opened again and appended to. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  const char *texts[] = { "Верно", "a \"quoted\"\nline", "ѣ і ѳ ѵ", "", "\t<&>", "𝔄" };
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *got = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VnJournal) journal = vn_journal_open (f->path, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        {
          guint n = round * G_N_ELEMENTS (texts) + i;
          g_autoptr(JsonNode) r = record (n, texts[i]);

          g_assert_true (vn_journal_append (journal, r, &error));
          g_assert_no_error (error);
          g_string_append_printf (expected, "%u:%u:%s\n", n + 1, n, texts[i]);
        }
    }
  got = read_back (f->path, warnings);
  g_assert_cmpstr (got, ==, expected->str);
  g_assert_cmpuint (warnings->len, ==, 0);
}

/* A crash in the middle of a record leaves a torn last line: it is skipped with a warning,
 * and the next record written after reopening starts on a line of its own. */
static void
test_torn_tail (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *got = NULL;

  g_assert_true (g_file_set_contents (f->path, "{\"n\":1,\"text\":\"a\"}\n{\"n\":2,\"te", -1,
                                      NULL));
  {
    g_autoptr(VnJournal) journal = vn_journal_open (f->path, &error);
    g_autoptr(JsonNode) r = record (3, "c");

    g_assert_no_error (error);
    g_assert_true (vn_journal_append (journal, r, &error));
  }
  got = read_back (f->path, warnings);
  g_assert_cmpstr (got, ==, "1:1:a\n3:3:c\n");
  g_assert_cmpuint (warnings->len, >=, 1);
  g_test_message ("%s", (const char *) g_ptr_array_index (warnings, 0));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "2"));  /* names the line */
}

/* Lines that are no record (damaged bytes, a NUL, JSON that is no object) are each skipped
 * with a warning naming them; the records around them stay. */
static void
test_damaged_lines (Fixture       *f,
                    gconstpointer  data)
{
  static const char journal[] = "{\"n\":1,\"text\":\"a\"}\n"
                                "\xff\xfe not utf-8\n"
                                "{\"n\":2,\"text\":\"b\"}\n"
                                "[1, 2, 3]\n"
                                "{\"n\":3,\"te\0xt\":\"c\"}\n"
                                "{\"n\":4,\"text\":\"d\"}\n";
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *got = NULL;

  g_assert_true (g_file_set_contents (f->path, journal, sizeof journal - 1, NULL));
  got = read_back (f->path, warnings);
  g_assert_nonnull (strstr (got, ":1:a\n"));
  g_assert_nonnull (strstr (got, ":2:b\n"));
  g_assert_nonnull (strstr (got, ":4:d\n"));
  g_assert_null (strstr (got, "1:2:3"));
  g_assert_cmpuint (warnings->len, >=, 1);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (warnings, i));
}

/* No journal yet: nothing to read, and no error. */
static void
test_missing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *got = read_back (f->path, warnings);

  g_assert_cmpstr (got, ==, "");
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

/* A folder, or a named pipe, where the journal should be: refused in one sentence, and
 * nothing hangs. */
static void
test_not_a_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) open_error = NULL;
  g_autoptr(VnJournal) journal = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (mkfifo (f->path, 0644), ==, 0);
  g_assert_false (vn_journal_read (f->path, collect, out, NULL, &error));
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
  vn_test_assert_one_sentence_message (error->message);
  journal = vn_journal_open (f->path, &open_error);
  g_assert_null (journal);
  g_assert_nonnull (open_error);
  vn_test_assert_one_sentence_message (open_error->message);
  g_string_free (out, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/verno/journal/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("round-trip", test_round_trip);
  ADD ("torn-tail", test_torn_tail);
  ADD ("damaged-lines", test_damaged_lines);
  ADD ("missing", test_missing);
  ADD ("not-a-file", test_not_a_file);
#undef ADD
  return g_test_run ();
}
