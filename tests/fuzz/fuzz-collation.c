/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-collation.c: two arbitrary texts, a transcription and what the OCR read, collated as
 * Verno collates a document: the word alignment covers both texts in order, every token is
 * placed, every discrepancy stays inside the transcription, and the JSON is well-formed. The
 * same two texts are scored as truth and hypothesis (CER/WER).
 *
 * Input: TRANSCRIPTION NUL OCR. The OCR text is split into pages at form feeds, lines at
 * newlines and words at spaces; "word@57" gives a word confidence 57, as in the tests'
 * synthetic pages. Without a NUL, the input is both texts. */
#include <string.h>

#include <json-glib/json-glib.h>

#include "vn-alignment.h"
#include "vn-collation.h"
#include "vn-metrics.h"
#include "vn-fuzz.h"

static VnSpellChecker *spell;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  vn_fuzz_init ();
  spell = vn_spell_checker_new ();
  return 0;
}

static void
add_line (VnOcrPage  *page,
          const char *line,
          guint       number)
{
  g_auto(GStrv) words = g_strsplit_set (line, " \t\r", -1);
  int x = 100;

  for (guint w = 0; words[w]; w++)
    {
      char *at = strrchr (words[w], '@');
      float confidence = 90;
      int chars;
      VnBox box;

      if (at != NULL && at != words[w])
        {
          confidence = CLAMP (g_ascii_strtod (at + 1, NULL), 0, 100);
          *at = '\0';
        }
      if (*words[w] == '\0')
        continue;
      chars = MIN (g_utf8_strlen (words[w], -1), 200);
      box = (VnBox) { x, 100 + 50 * MIN (number, 60), chars * 20, 40 };
      vn_ocr_page_add_word (page, words[w], &box, confidence, 0, 0, number);
      x += (chars + 1) * 20;
    }
}

static GPtrArray *
ocr_pages (const char *ocr)
{
  g_auto(GStrv) pages = g_strsplit (ocr, "\f", 8);
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint p = 0; pages[p]; p++)
    {
      g_auto(GStrv) lines = g_strsplit (pages[p], "\n", -1);
      g_autofree char *label = g_strdup_printf ("page-%u.png", p + 1);
      VnOcrPage *page = vn_ocr_page_new (label, 2480, 3508, 300);

      for (guint l = 0; lines[l]; l++)
        add_line (page, lines[l], l);
      g_ptr_array_add (result, page);
    }
  return result;
}

/* The hunks cover both sequences in order, with no gap, as vn_align_words promises. */
static void
check_alignment (VnTranscription *t,
                 GPtrArray       *pages)
{
  g_autoptr(GPtrArray) a = g_ptr_array_new ();
  g_autoptr(GPtrArray) b = g_ptr_array_new ();
  g_autoptr(GArray) hunks = NULL;
  guint at_a = 0, at_b = 0;

  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    g_ptr_array_add (a, (gpointer) vn_transcription_get_token (t, i)->key);
  for (guint p = 0; p < pages->len; p++)
    for (guint i = 0; i < vn_ocr_page_get_n_words (g_ptr_array_index (pages, p)); i++)
      g_ptr_array_add (b, vn_ocr_page_get_word (g_ptr_array_index (pages, p), i)->text);
  hunks = vn_align_words ((const char * const *) a->pdata, a->len,
                          (const char * const *) b->pdata, b->len);
  for (guint h = 0; h < hunks->len; h++)
    {
      const VnAlignHunk *hunk = &g_array_index (hunks, VnAlignHunk, h);

      g_assert_cmpuint (hunk->a_start, ==, at_a);
      g_assert_cmpuint (hunk->b_start, ==, at_b);
      g_assert_true (hunk->op != VN_ALIGN_EQUAL || hunk->a_len == hunk->b_len);
      g_assert_true (hunk->op != VN_ALIGN_DELETE || (hunk->a_len > 0 && hunk->b_len == 0));
      g_assert_true (hunk->op != VN_ALIGN_INSERT || (hunk->a_len == 0 && hunk->b_len > 0));
      g_assert_true (hunk->op != VN_ALIGN_REPLACE || (hunk->a_len > 0 && hunk->b_len > 0));
      for (guint k = 0; hunk->op == VN_ALIGN_EQUAL && k < hunk->a_len; k++)
        g_assert_cmpstr (a->pdata[hunk->a_start + k], ==, b->pdata[hunk->b_start + k]);
      at_a += hunk->a_len, at_b += hunk->b_len;
    }
  g_assert_cmpuint (at_a, ==, a->len);
  g_assert_cmpuint (at_b, ==, b->len);
}

static void
check_collation (VnCollation *collation,
                 const char  *text,
                 gsize        len)
{
  VnTranscription *t = vn_collation_get_transcription (collation);
  g_autofree char *json = vn_collation_to_json (collation, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    {
      const VnTokenPlacement *placement = vn_collation_get_placement (collation, i);

      g_assert_cmpint (placement->page, <, (int) vn_collation_get_n_pages (collation));
      g_assert_true (placement->first_ocr < 0 ||
                     placement->first_ocr + placement->n_ocr <=
                     vn_collation_get_n_ocr_words (collation));
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collation)); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);
      guint first, n;

      g_assert_cmpuint (vn_discrepancy_get_start (d), <=, vn_discrepancy_get_end (d));
      g_assert_cmpuint (vn_discrepancy_get_end (d), <=, len);
      g_assert_true (g_utf8_validate (vn_discrepancy_get_transcription (d), -1, NULL));
      g_assert_true (g_utf8_validate (vn_discrepancy_get_ocr (d), -1, NULL));
      g_assert_true (g_utf8_validate (vn_discrepancy_get_suggestion (d), -1, NULL));
      g_assert_cmpfloat (vn_discrepancy_get_score (d), >=, 0);
      g_assert_cmpfloat (vn_discrepancy_get_score (d), <=, 1);
      vn_discrepancy_get_tokens (d, &first, &n);
      g_assert_cmpuint (first + n, <=, vn_transcription_get_n_tokens (t));
      vn_discrepancy_get_ocr_words (d, &first, &n);
      g_assert_cmpuint (first + n, <=, vn_collation_get_n_ocr_words (collation));
      g_strfreev (vn_signals_to_strv (vn_discrepancy_get_signals (d)));
    }
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
}

static void
check_metrics (const char *truth,
               gsize       truth_len,
               const char *hypothesis,
               gsize       hypothesis_len)
{
  g_autoptr(VnMetrics) metrics = vn_metrics_compare (truth, truth_len, hypothesis,
                                                     hypothesis_len, VN_METRICS_DEHYPHENATE);
  g_autofree char *json = vn_metrics_to_json (metrics);
  g_autofree char *report = vn_metrics_to_report (metrics);
  const VnEditCounts *chars = vn_metrics_get_characters (metrics);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_cmpuint (chars->substitutions + chars->deletions, <=, chars->truth_length);
  g_assert_cmpuint (chars->substitutions + chars->insertions, <=, chars->hypothesis_length);
  for (guint i = 0; i < vn_metrics_get_n_differences (metrics); i++)
    {
      g_autofree char *context = vn_difference_dup_context (vn_metrics_get_difference (metrics, i));
      g_assert_true (g_utf8_validate (context, -1, NULL));
    }
  g_assert_true (g_utf8_validate (report, -1, NULL));
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VnTranscription) t = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(VnCollation) collation = NULL;
  g_autofree char *ocr = NULL;
  const char *text, *second;
  gsize text_len, second_len;

  if (!vn_fuzz_split (data, size, &text, &text_len, &second, &second_len))
    {
      text = (const char *) data, text_len = size;
      second = text, second_len = text_len;
    }
  bytes = g_bytes_new (text, text_len);
  t = vn_transcription_new_from_bytes (bytes, "transcription.txt", NULL);
  if (t == NULL)
    return -1;
  /* Tesseract's text is UTF-8 without NULs, whatever the scan held. */
  ocr = g_utf8_make_valid (second, second_len);
  pages = ocr_pages (ocr);
  check_alignment (t, pages);
  collation = vn_collation_new (t, pages, spell);
  check_collation (collation, text, text_len);
  check_metrics (text, text_len, ocr, strlen (ocr));
  return 0;
}
