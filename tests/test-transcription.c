/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-transcription.c: loading, validation and tokenisation of the canonical text. */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-text.h"
#include "vn-transcription.h"
#include "vn-test-util.h"

static VnTranscription *
load_string (const char *data,
             gssize      len,
             GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len < 0 ? strlen (data) : (gsize) len);
  return vn_transcription_new_from_bytes (bytes, "test.txt", error);
}

/* Every token's bytes are the file's bytes, and the gaps between tokens are whitespace. */
static void
assert_round_trip (VnTranscription *t)
{
  gsize len;
  const char *data = vn_transcription_get_text (t, &len);
  g_autoptr(GString) rebuilt = g_string_new (NULL);
  guint previous_end = 0;

  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    {
      const VnToken *token = vn_transcription_get_token (t, i);
      g_autofree char *bytes = g_strndup (data + token->start, token->end - token->start);
      g_autofree char *nfc = vn_text_nfc (bytes, -1);

      g_assert_cmpuint (token->start, >=, previous_end);
      g_assert_cmpuint (token->core_start, >=, token->start);
      g_assert_cmpuint (token->core_end, <=, token->end);
      g_assert_cmpstr (token->text, ==, nfc);
      for (guint k = previous_end; k < token->start; k++)
        g_assert_true (g_ascii_isspace (data[k]) || (guchar) data[k] >= 0x80);
      g_string_append_len (rebuilt, data + previous_end, token->start - previous_end);
      g_string_append_len (rebuilt, bytes, token->end - token->start);
      previous_end = token->end;
    }
  g_string_append_len (rebuilt, data + previous_end, len - previous_end);
  g_assert_cmpmem (rebuilt->str, rebuilt->len, data, len);
}

static void
test_letter_round_trip (void)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/transcription.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnTranscription) t = vn_transcription_new_from_file (file, &error);
  const VnToken *first, *last;

  g_assert_no_error (error);
  g_assert_cmpuint (vn_transcription_get_n_tokens (t), >, 400);
  assert_round_trip (t);
  first = vn_transcription_get_token (t, 0);
  last = vn_transcription_get_token (t, vn_transcription_get_n_tokens (t) - 1);
  g_assert_cmpstr (first->text, ==, "Уважаемому");
  g_assert_cmpstr (last->text, ==, "Weener");
  g_assert_cmpuint (last->line, ==, 33);
  g_assert_cmpuint (vn_transcription_get_n_marked_pages (t), ==, 0);
}

typedef struct
{
  const char *name;
  const char *text;
  guint       n_tokens;
  guint       n_pages;
  const char *last_token;
  const char *last_core;
} TokenCase;

static const TokenCase token_cases[] = {
  { "empty", "", 0, 0, NULL, NULL },
  { "blank", " \n\t\n", 0, 0, NULL, NULL },
  { "crlf", "Верно:\r\nЛИ САН ЧО\r\n", 4, 0, "ЧО", "ЧО" },
  { "form-feed", "страница один\fстраница два", 4, 2, "два", "два" },
  { "punctuation", "(ЛИ САН ЧО).", 3, 0, "ЧО).", "ЧО" },
  { "no-break-space", "30\u00a0августа", 2, 0, "августа", "августа" },
  { "dash-token", "товари – щеской", 3, 0, "щеской", "щеской" },
  { "bom", "\xef\xbb\xbfУважаемому", 1, 0, "Уважаемому", "Уважаемому" },
  { "decomposed", "и\xcc\x86", 1, 0, "й", "й" },
};

static void
test_token_table (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (token_cases); c++)
    {
      const TokenCase *tc = &token_cases[c];
      g_autoptr(GError) error = NULL;
      g_autoptr(VnTranscription) t = load_string (tc->text, -1, &error);

      g_test_message ("case %s", tc->name);
      g_assert_no_error (error);
      g_assert_cmpuint (vn_transcription_get_n_tokens (t), ==, tc->n_tokens);
      g_assert_cmpuint (vn_transcription_get_n_marked_pages (t), ==, tc->n_pages);
      assert_round_trip (t);
      if (tc->last_token != NULL)
        {
          const VnToken *last = vn_transcription_get_token (t, tc->n_tokens - 1);
          g_autofree char *core = vn_transcription_dup_range (t, last->core_start, last->core_end);
          g_autofree char *core_nfc = vn_text_nfc (core, -1);

          g_assert_cmpstr (last->text, ==, tc->last_token);
          g_assert_cmpstr (core_nfc, ==, tc->last_core);
          if (tc->n_pages > 0)
            g_assert_cmpuint (last->page, ==, tc->n_pages - 1);
        }
    }
}

typedef struct
{
  const char *name;
  const char *data;
  gsize       len;
  const char *message_part;
} BadCase;

static const BadCase bad_cases[] = {
  { "invalid-utf8", "abc\xff" "def", 7, "byte offset 3" },
  { "truncated-utf8", "Верн\xd0", 9, "byte offset 8" },
  { "utf16-le", "\xff\xfeV\0e\0", 6, "UTF-16" },
  { "utf16-be", "\xfe\xff\0V\0e", 6, "UTF-16" },
  { "nul", "Верно\0тут", 14, "NUL byte at byte offset 10" },
};

static void
test_bad_input (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (bad_cases); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VnTranscription) t = load_string (bad_cases[c].data, bad_cases[c].len, &error);

      g_test_message ("case %s", bad_cases[c].name);
      g_assert_null (t);
      g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
      g_assert_nonnull (strstr (error->message, bad_cases[c].message_part));
      g_assert_nonnull (strstr (error->message, "test.txt"));
    }
}

static void
test_folder_refused (void)
{
  g_autofree char *dir = vn_test_source_path ("scans");
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnTranscription) t = vn_transcription_new_from_file (file, &error);

  g_assert_null (t);
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (error->message, "folder"));
}

static void
test_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnTranscription) t = load_string ("один\nдва три\r\nчетыре", -1, &error);
  g_autofree char *line = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (vn_transcription_line_at_offset (t, 0), ==, 1);
  g_assert_cmpuint (vn_transcription_get_token (t, 2)->line, ==, 2);
  g_assert_cmpuint (vn_transcription_line_at_offset (t, vn_transcription_get_token (t, 3)->start),
                    ==, 3);
  line = vn_transcription_dup_line (t, vn_transcription_get_token (t, 2)->start);
  g_assert_cmpstr (line, ==, "два три");
}

static void
test_checksum_changes (void)
{
  g_autoptr(VnTranscription) a = load_string ("Верно", -1, NULL);
  g_autoptr(VnTranscription) b = load_string ("Bepho", -1, NULL);

  g_assert_cmpuint (strlen (vn_transcription_get_checksum (a)), ==, 64);
  g_assert_cmpstr (vn_transcription_get_checksum (a), !=, vn_transcription_get_checksum (b));
  g_assert_cmpstr (vn_transcription_get_token (a, 0)->key, ==,
                   vn_transcription_get_token (b, 0)->key);
}

/* A volume far above the old 32 MB limit (issue 15): the letter's text as 6,000 pages, each
 * opening with its own number, loads whole, its pages and lines counted, its last page's
 * tokens those of the first, at their own offsets. */
static void
test_volume (void)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/transcription.txt");
  g_autofree char *letter = vn_test_read_file (path);
  g_autoptr(GBytes) one_bytes = g_bytes_new (letter, strlen (letter));
  g_autoptr(VnTranscription) one = vn_transcription_new_from_bytes (one_bytes, "one", NULL);
  guint n_pages = 6000, n_letter_lines = vn_transcription_line_at_offset (one, strlen (letter));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *dir = g_dir_make_tmp ("verno-volume-XXXXXX", NULL);
  g_autofree char *volume_path = g_build_filename (dir, "volume.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (volume_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnTranscription) t = NULL;
  guint n_one = vn_transcription_get_n_tokens (one), last_page_first;
  gsize last_page_start = 0;

  for (guint p = 0; p < n_pages; p++)
    {
      if (p > 0)
        g_string_append (text, "\f");
      last_page_start = text->len;
      g_string_append_printf (text, "%u\n%s", p + 1, letter);
    }
  g_assert_cmpuint (text->len, >, 32u << 20);
  g_assert_true (g_file_set_contents (volume_path, text->str, text->len, NULL));
  t = vn_transcription_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vn_transcription_get_n_marked_pages (t), ==, n_pages);
  g_assert_cmpuint (vn_transcription_get_n_tokens (t), ==, n_pages * (n_one + 1));
  last_page_first = (n_pages - 1) * (n_one + 1);
  g_assert_cmpuint (vn_transcription_get_token (t, last_page_first)->start, ==, last_page_start);
  for (guint i = 0; i < n_one; i++)
    {
      const VnToken *a = vn_transcription_get_token (one, i);
      const VnToken *b = vn_transcription_get_token (t, last_page_first + 1 + i);

      g_assert_cmpstr (a->text, ==, b->text);
      g_assert_cmpstr (a->key, ==, b->key);
      g_assert_cmpuint (b->page, ==, n_pages - 1);
      g_assert_cmpuint (b->start - a->start, ==, last_page_start + strlen ("6000\n"));
      g_assert_cmpuint (b->line, ==, a->line + (n_pages - 1) * n_letter_lines + 1);
    }
  g_unlink (volume_path);
  g_rmdir (dir);
}

/* Each page of a marked text alone: the whole's tokens of that page, as they are in the whole
 * (offsets, lines, page), and the whole's spelling regime, learnt once. */
static void
test_page_alone (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnTranscription) whole = load_string ("Первая страница\nтекста\f\n2.\nВторая, "
                                                  "и\n\fтретья — последняя.", -1, &error);
  guint n_pages = vn_transcription_get_n_marked_pages (whole), seen = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (n_pages, ==, 3);
  for (guint p = 0; p < n_pages; p++)
    {
      g_autoptr(VnTranscription) page = vn_transcription_new_for_page (whole, p);

      g_assert_cmpuint (vn_transcription_get_n_marked_pages (page), ==, n_pages);
      g_assert_true (vn_transcription_get_orthography (page) ==
                     vn_transcription_get_orthography (whole));
      g_assert_cmpstr (vn_transcription_get_text (page, NULL),
                       ==, vn_transcription_get_text (whole, NULL));
      for (guint i = 0; i < vn_transcription_get_n_tokens (page); i++, seen++)
        {
          const VnToken *a = vn_transcription_get_token (whole, seen);
          const VnToken *b = vn_transcription_get_token (page, i);

          g_assert_cmpmem (a, sizeof *a, b, sizeof *b);
          g_assert_cmpuint (b->page, ==, p);
        }
      g_assert_cmpuint (vn_transcription_get_n_tokens (page), >, 0);
    }
  g_assert_cmpuint (seen, ==, vn_transcription_get_n_tokens (whole));
}

/* One byte over the limit is refused before it is read, in one sentence that says how large
 * the file is, what the limit is and what to do; from memory too. The file is sparse. */
static void
test_too_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("verno-too-large-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "fond.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bytes_error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VnTranscription) t = NULL;
  g_autoptr(VnTranscription) from_bytes = NULL;

  g_assert_true (g_file_set_contents (path, "Опись фонда\n", -1, NULL));
  g_assert_cmpint (truncate (path, (256 << 20) + 1), ==, 0);
  t = vn_transcription_new_from_file (file, &error);
  g_assert_null (t);
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
  vn_test_assert_one_sentence_message (error->message);
  for (guint i = 0; i < 4; i++)
    g_assert_nonnull (strstr (error->message, (const char *[]) { path, "is 257 MB",
                                                                 "the 256 MB", "split it" }[i]));

  mapped = g_mapped_file_new (path, FALSE, NULL);
  bytes = g_mapped_file_get_bytes (mapped);
  from_bytes = vn_transcription_new_from_bytes (bytes, "fond.txt", &bytes_error);
  g_assert_null (from_bytes);
  g_assert_error (bytes_error, VN_ERROR, VN_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (bytes_error->message, "the 256 MB"));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/transcription/letter-round-trip", test_letter_round_trip);
  g_test_add_func ("/verno/transcription/tokens", test_token_table);
  g_test_add_func ("/verno/transcription/bad-input", test_bad_input);
  g_test_add_func ("/verno/transcription/folder-refused", test_folder_refused);
  g_test_add_func ("/verno/transcription/lines", test_lines);
  g_test_add_func ("/verno/transcription/checksum", test_checksum_changes);
  g_test_add_func ("/verno/transcription/volume", test_volume);
  g_test_add_func ("/verno/transcription/page-alone", test_page_alone);
  g_test_add_func ("/verno/transcription/too-large", test_too_large);
  return g_test_run ();
}
