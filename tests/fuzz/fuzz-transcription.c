/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-transcription.c: any bytes as a transcription: it is refused with an error, or read
 * into tokens whose offsets, lines, pages and comparison keys hold together. */
#include <string.h>

#include "vn-error.h"
#include "vn-text.h"
#include "vn-transcription.h"
#include "vn-fuzz.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  vn_fuzz_init ();
  return 0;
}

static void
check_token (VnTranscription *t,
             const char      *text,
             gsize            len,
             const VnToken   *token,
             const VnToken   *previous)
{
  g_autofree char *range = NULL;
  g_autofree char *line = NULL;
  g_autofree char *cyrillic = NULL;

  g_assert_cmpuint (token->start, <, token->end);
  g_assert_cmpuint (token->end, <=, len);
  g_assert_cmpuint (token->start, <=, token->core_start);
  g_assert_cmpuint (token->core_start, <=, token->core_end);
  g_assert_cmpuint (token->core_end, <=, token->end);
  g_assert_true (previous == NULL || previous->end < token->start);
  g_assert_true (previous == NULL || previous->line <= token->line);
  g_assert_true (previous == NULL || previous->page <= token->page);
  g_assert_cmpuint (vn_transcription_line_at_offset (t, token->start), ==, token->line);
  /* Tokens and their cores start and end on whole characters. */
  g_assert_true (g_utf8_validate_len (text + token->start, token->end - token->start, NULL));
  g_assert_true (g_utf8_validate_len (text + token->core_start,
                                      token->core_end - token->core_start, NULL));
  g_assert_true (g_utf8_validate (token->text, -1, NULL));
  g_assert_true (g_utf8_validate (token->key, -1, NULL));

  range = vn_transcription_dup_range (t, token->start, token->end);
  g_assert_cmpmem (range, strlen (range), text + token->start, token->end - token->start);
  line = vn_transcription_dup_line (t, token->start);
  g_assert_nonnull (strstr (line, range));

  vn_text_scripts (token->key);
  vn_text_is_dash (token->text);
  if (vn_text_has_lookalikes (token->text))
    {
      cyrillic = vn_text_lookalikes_to_cyrillic (token->text);
      g_assert_true (g_utf8_validate (cyrillic, -1, NULL));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnTranscription) t = vn_transcription_new_from_bytes (bytes, "fuzz.txt", &error);
  const VnToken *previous = NULL;
  const char *text;
  gsize len;

  if (t == NULL)
    {
      g_assert_true (g_error_matches (error, VN_ERROR, VN_ERROR_BAD_INPUT));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);
  text = vn_transcription_get_text (t, &len);
  g_assert_cmpuint (len, ==, size);
  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    {
      const VnToken *token = vn_transcription_get_token (t, i);

      check_token (t, text, len, token, previous);
      previous = token;
    }
  if (size > 0)
    {
      g_autofree char *last = vn_transcription_dup_line (t, size - 1);
      g_assert_true (g_utf8_validate (last, -1, NULL));
    }
  return 0;
}
