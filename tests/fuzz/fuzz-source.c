/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-source.c: any bytes as a published transcription file (built as fuzz-alto, fuzz-page
 * and fuzz-hocr-input, which differ in their seeds): it is refused with one sentence, or read
 * into a canonical text that is whole UTF-8 and tokenises; written back unchanged it is the
 * same bytes; and written back with a substitution, a split and a merge it either reads back
 * to the corrected text (vn_source_dup_corrected () checks that itself) or is refused with a
 * sentence. */
#include <string.h>

#include "vn-error.h"
#include "vn-source.h"
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
check_refusal (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == VN_ERROR);
  g_assert_true (error->code == VN_ERROR_BAD_INPUT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strchr (error->message, '\n'));
}

static void
check_write (VnSource         *source,
             const VnTextEdit *edits,
             guint             n_edits,
             GBytes           *original)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = vn_source_dup_corrected (source, 0, edits, n_edits, &error);

  if (out == NULL)
    {
      check_refusal (error);
      return;
    }
  if (n_edits == 0)
    g_assert_true (g_bytes_equal (out, original));
}

/* A substitution of the first token, a split of the second, a merge of the next two (when
 * they are one space apart). */
static void
check_edits (VnSource        *source,
             VnTranscription *t,
             GBytes          *original)
{
  const char *text = vn_transcription_get_text (t, NULL);
  guint n = vn_transcription_get_n_tokens (t);
  VnTextEdit edits[3];
  g_autofree char *merged = NULL;
  guint n_edits = 0;

  if (n >= 1)
    edits[n_edits++] = (VnTextEdit) { vn_transcription_get_token (t, 0)->start,
                                      vn_transcription_get_token (t, 0)->end, "Qx" };
  if (n >= 2)
    edits[n_edits++] = (VnTextEdit) { vn_transcription_get_token (t, 1)->start,
                                      vn_transcription_get_token (t, 1)->end, "a b" };
  if (n >= 4 && vn_transcription_get_token (t, 3)->start ==
                vn_transcription_get_token (t, 2)->end + 1)
    {
      const VnToken *a = vn_transcription_get_token (t, 2), *b = vn_transcription_get_token (t, 3);

      merged = g_strdup_printf ("%.*s%.*s", (int) (a->end - a->start), text + a->start,
                                (int) (b->end - b->start), text + b->start);
      edits[n_edits++] = (VnTextEdit) { a->start, b->end, merged };
    }
  check_write (source, NULL, 0, original);
  check_write (source, edits, n_edits, original);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnSource) source = vn_source_new_from_bytes (bytes, "fuzz.xml", &error);
  g_autoptr(VnTranscription) t = NULL;
  VnSourceBox box;

  if (source == NULL)
    {
      check_refusal (error);
      return 0;
    }
  g_assert_true (g_utf8_validate (g_bytes_get_data (vn_source_get_text (source), NULL),
                                  g_bytes_get_size (vn_source_get_text (source)), NULL));
  t = vn_transcription_new_from_source (source, &error);
  if (t == NULL)
    {
      check_refusal (error);
      return 0;
    }
  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    if (vn_transcription_get_token_box (t, i, &box))
      g_assert_cmpuint (box.page, <, vn_source_get_n_pages (source));
  check_edits (source, t, bytes);
  return 0;
}
