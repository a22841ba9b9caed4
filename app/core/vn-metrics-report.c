/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-metrics-report.c: the error rates reported, in words and in JSON, for a text and for
 * each page of a document. */
#include <math.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vn-error.h"
#include "vn-json.h"
#include "vn-metrics.h"

/* ------------------------------------------------------------------ output */

static void
add_counts (JsonBuilder        *b,
            const char         *name,
            const VnEditCounts *counts)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  vn_json_add_int (b, "substitutions", counts->substitutions);
  vn_json_add_int (b, "deletions", counts->deletions);
  vn_json_add_int (b, "insertions", counts->insertions);
  vn_json_add_int (b, "hypothesis_length", counts->hypothesis_length);
  json_builder_end_object (b);
}

static void
add_differences (JsonBuilder *b,
                 VnMetrics   *self)
{
  json_builder_set_member_name (b, "differences");
  json_builder_begin_array (b);
  for (guint i = 0; i < vn_metrics_get_n_differences (self); i++)
    {
      const VnDifference *d = vn_metrics_get_difference (self, i);
      g_autofree char *context = vn_difference_dup_context (d);

      json_builder_begin_object (b);
      vn_json_add_string (b, "truth", d->truth);
      vn_json_add_string (b, "hypothesis", d->hypothesis);
      vn_json_add_string (b, "context", context);
      vn_json_add_string (b, "before", d->before);
      vn_json_add_string (b, "after", d->after);
      vn_json_add_int (b, "line", d->line);
      vn_json_add_int (b, "edits", d->edits);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* {"cer", "wer", "characters", "words", "character_edits", "word_edits", "differences"}; a rate
 * is null when the truth is empty and the hypothesis is not. */
char *
vn_metrics_to_json (VnMetrics *self)
{
  g_autoptr(JsonBuilder) b = NULL;
  const VnEditCounts *characters, *words;

  g_return_val_if_fail (VN_IS_METRICS (self), NULL);

  b = json_builder_new ();
  characters = vn_metrics_get_characters (self);
  words = vn_metrics_get_words (self);
  json_builder_begin_object (b);
  vn_json_add_double (b, "cer", vn_metrics_get_cer (self), 6);
  vn_json_add_double (b, "wer", vn_metrics_get_wer (self), 6);
  vn_json_add_int (b, "characters", characters->truth_length);
  vn_json_add_int (b, "words", words->truth_length);
  add_counts (b, "character_edits", characters);
  add_counts (b, "word_edits", words);
  add_differences (b, self);
  json_builder_end_object (b);
  return vn_json_to_string (b, TRUE);
}

/* @in_length: "in %u characters", in the plural form for the truth's length. */
static void
append_rate_line (GString            *out,
                  const char         *name,
                  const VnEditCounts *counts,
                  const char         *in_length)
{
  double rate = vn_edit_counts_rate (counts);
  guint distance = vn_edit_counts_distance (counts);
  g_autofree char *edits = g_strdup_printf (ngettext ("%u edit", "%u edits", distance), distance);
  g_autofree char *length = g_strdup_printf (in_length, counts->truth_length);

  if (isfinite (rate))
    g_string_append_printf (out, "%s %.2f%%", name, rate * 100);
  else
    g_string_append_printf (out, _("%s undefined (the truth is empty)"), name);
  /* TRANSLATORS: "(12 edits in 345 characters: 10 substituted, 1 deleted, 1 inserted)" */
  g_string_append_printf (out, _(" (%s %s: %u substituted, %u deleted, %u inserted)\n"), edits,
                          length, counts->substitutions, counts->deletions, counts->insertions);
}

static void
append_reading (GString    *out,
                const char *reading)
{
  if (*reading == '\0')
    g_string_append (out, _("(nothing)"));
  else
    g_string_append_printf (out, "«%s»", reading);
}

/* The rates, then each difference: its line, the two readings, and the truth around it. */
char *
vn_metrics_to_report (VnMetrics *self)
{
  GString *out;
  const VnEditCounts *characters, *words;

  g_return_val_if_fail (VN_IS_METRICS (self), NULL);

  out = g_string_new (NULL);
  characters = vn_metrics_get_characters (self);
  words = vn_metrics_get_words (self);
  append_rate_line (out, "CER", characters,
                    ngettext ("in %u character", "in %u characters", characters->truth_length));
  append_rate_line (out, "WER", words,
                    ngettext ("in %u word", "in %u words", words->truth_length));
  g_string_append (out, _("Characters are grapheme clusters after NFC, words are separated by "
                          "whitespace, and a run of whitespace counts as one space.\n"));
  g_string_append_printf (out, ngettext ("\n%u difference (truth → hypothesis):\n",
                                         "\n%u differences (truth → hypothesis):\n",
                                         vn_metrics_get_n_differences (self)),
                          vn_metrics_get_n_differences (self));
  for (guint i = 0; i < vn_metrics_get_n_differences (self); i++)
    {
      const VnDifference *d = vn_metrics_get_difference (self, i);
      gboolean more = d->end + VN_METRICS_CONTEXT < characters->truth_length;

      g_string_append_printf (out, _("\nline %u: "), d->line);
      append_reading (out, d->truth);
      g_string_append (out, " → ");
      append_reading (out, d->hypothesis);
      g_string_append_printf (out, "\n    %s%s⟦%s → %s⟧%s%s\n",
                              d->offset > VN_METRICS_CONTEXT ? "…" : "", d->before, d->truth,
                              d->hypothesis, d->after,
                              more ? "…" : "");
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ per page */

void
vn_page_metrics_free (VnPageMetrics *page)
{
  if (page == NULL)
    return;
  g_free (page->label);
  g_clear_object (&page->published);
  g_clear_object (&page->ocr);
  g_free (page);
}

/* Byte offsets in the canonical text where each scan page begins, from the collation's token
 * placements, and the text's end: a page begins at its first placed token, the first page at
 * the text's start, and a page with no token of its own gets an empty range. */
static guint *
find_page_starts (VnCollation *collation,
                  guint        n_pages,
                  gsize        text_len)
{
  VnTranscription *t = vn_collation_get_transcription (collation);
  guint *starts = g_new (guint, n_pages + 1);

  starts[n_pages] = text_len;
  for (guint p = n_pages; p-- > 0;)
    {
      int token = vn_collation_get_page_first_token (collation, p);

      starts[p] = token < 0 ? starts[p + 1] : vn_transcription_get_token (t, token)->start;
    }
  if (n_pages > 0)
    starts[0] = 0;
  /* Placements follow the text, but guard against an interpolated page out of order. */
  for (guint p = 1; p <= n_pages; p++)
    starts[p] = CLAMP (starts[p], starts[p - 1], text_len);
  return starts;
}

static guint
count_lines (const char *text,
             gsize       len)
{
  guint lines = 0;

  for (const char *p = text; (p = memchr (p, '\n', text + len - p)) != NULL; p++)
    lines++;
  return lines;
}

static VnPageMetrics *
measure_page (VnDocument *document,
              guint       page,
              const char *verified,
              guint       verified_start,
              guint       verified_end,
              const char *canonical,
              guint       canonical_start,
              guint       canonical_end)
{
  VnProject *project = vn_document_get_project (document);
  GPtrArray *scans = vn_project_get_scan_pages (project);
  VnOcrPage *ocr_page = g_ptr_array_index (vn_document_get_pages (document), page);
  g_autofree char *ocr = vn_ocr_page_dup_text (ocr_page);
  const char *truth = verified + verified_start;
  gssize truth_len = verified_end - verified_start;
  guint lines_before = count_lines (verified, verified_start);
  VnPageMetrics *result = g_new0 (VnPageMetrics, 1);

  result->page = page;
  result->label = g_strdup (page < scans->len ? ((VnScanPage *) scans->pdata[page])->label
                                              : vn_ocr_page_get_source_label (ocr_page));
  result->published = vn_metrics_compare (truth, truth_len, canonical + canonical_start,
                                          canonical_end - canonical_start,
                                          VN_METRICS_DEHYPHENATE);
  result->ocr = vn_metrics_compare (truth, truth_len, ocr, -1, VN_METRICS_DEHYPHENATE);
  vn_metrics_shift_lines (result->published, lines_before);
  vn_metrics_shift_lines (result->ocr, lines_before);
  return result;
}

/* For each scan page, the published transcription and the OCR against the verified text (the
 * canonical text with the session's corrections), each cut to that page by the collation's
 * token placements and mapped through the corrections. Line-end hyphens are joined in every
 * text, since the OCR keeps the scan's line breaks and the transcriptions need not. */
GPtrArray *
vn_metrics_per_page (VnDocument  *document,
                     GError     **error)
{
  VnSession *session;
  GPtrArray *ocr_pages, *result;
  g_autofree char *verified = NULL;
  g_autofree guint *starts = NULL;
  const char *canonical;
  gsize canonical_len, verified_len;

  g_return_val_if_fail (VN_IS_DOCUMENT (document), NULL);

  session = vn_document_get_session (document);
  ocr_pages = vn_document_get_pages (document);
  canonical = vn_transcription_get_text (vn_session_get_canonical (session), &canonical_len);
  verified = vn_session_dup_verified_text (session, &verified_len);
  if (!g_utf8_validate_len (verified, verified_len, NULL))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The verified text of %s is not valid UTF-8; undo the last correction, "
                     "or remove corrections.diff from %s."),
                   vn_transcription_get_display_name (vn_session_get_canonical (session)),
                   vn_session_get_state_dir (session));
      return NULL;
    }
  starts = find_page_starts (vn_document_get_collation (document), ocr_pages->len, canonical_len);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) vn_page_metrics_free);
  for (guint p = 0; p < ocr_pages->len; p++)
    g_ptr_array_add (result, measure_page (document, p, verified,
                                           vn_session_canonical_to_verified (session, starts[p]),
                                           vn_session_canonical_to_verified (session,
                                                                             starts[p + 1]),
                                           canonical, starts[p], starts[p + 1]));
  return result;
}

static void
add_pair (JsonBuilder        *b,
          const char         *name,
          const VnEditCounts *characters,
          const VnEditCounts *words)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  vn_json_add_double (b, "cer", vn_edit_counts_rate (characters), 6);
  vn_json_add_double (b, "wer", vn_edit_counts_rate (words), 6);
  vn_json_add_int (b, "character_edits", vn_edit_counts_distance (characters));
  vn_json_add_int (b, "word_edits", vn_edit_counts_distance (words));
  json_builder_end_object (b);
}

static void
add_page (JsonBuilder   *b,
          VnPageMetrics *page)
{
  json_builder_begin_object (b);
  vn_json_add_int (b, "page", page->page + 1);
  vn_json_add_string (b, "label", page->label);
  vn_json_add_int (b, "characters", vn_metrics_get_characters (page->published)->truth_length);
  vn_json_add_int (b, "words", vn_metrics_get_words (page->published)->truth_length);
  add_pair (b, "published", vn_metrics_get_characters (page->published),
            vn_metrics_get_words (page->published));
  add_pair (b, "ocr", vn_metrics_get_characters (page->ocr), vn_metrics_get_words (page->ocr));
  json_builder_end_object (b);
}

/* {"pages": [{"page" (from 1), "label", "characters", "words", "published": {"cer", "wer",
 * "character_edits", "word_edits"}, "ocr": {…}}], "document": {the same, summed}}. */
char *
vn_metrics_pages_to_json (GPtrArray *pages)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  VnEditCounts sums[4] = { { 0 } };

  g_return_val_if_fail (pages != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pages");
  json_builder_begin_array (b);
  for (guint i = 0; i < pages->len; i++)
    {
      VnPageMetrics *page = g_ptr_array_index (pages, i);

      add_page (b, page);
      vn_edit_counts_add (&sums[0], vn_metrics_get_characters (page->published));
      vn_edit_counts_add (&sums[1], vn_metrics_get_words (page->published));
      vn_edit_counts_add (&sums[2], vn_metrics_get_characters (page->ocr));
      vn_edit_counts_add (&sums[3], vn_metrics_get_words (page->ocr));
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "document");
  json_builder_begin_object (b);
  vn_json_add_int (b, "characters", sums[0].truth_length);
  vn_json_add_int (b, "words", sums[1].truth_length);
  add_pair (b, "published", &sums[0], &sums[1]);
  add_pair (b, "ocr", &sums[2], &sums[3]);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return vn_json_to_string (b, TRUE);
}
