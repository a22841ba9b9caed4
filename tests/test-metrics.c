/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-metrics.c: character and word error rates on grapheme clusters, their differences in
 * context, per-page figures of a project, and `verno eval`. */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vn-text-distance.h"
#include "vn-metrics.h"
#include "vn-test-util.h"

/* ------------------------------------------------------------------ hand-checked cases */

typedef struct
{
  const char     *name;
  const char     *truth;
  const char     *hypothesis;
  VnMetricsFlags  flags;
  guint           clusters;      /* the truth's length in grapheme clusters */
  guint           substitutions;
  guint           deletions;
  guint           insertions;
  guint           words;         /* the truth's length in words */
  guint           word_edits;
} RateCase;

static const RateCase rate_cases[] = {
  { "identical", "Привет, мир!", "Привет, мир!", 0, 12, 0, 0, 0, 2, 0 },
  /* й as и + U+0306 against the precomposed letter: the same after NFC. */
  { "combining-short-i", "\u0438\u0306од", "\u0439од", 0, 3, 0, 0, 0, 1, 0 },
  { "yo-is-not-ye", "ёлка", "елка", 0, 4, 1, 0, 0, 1, 1 },
  { "decomposed-yo-is-not-ye", "\u0435\u0308лка", "елка", 0, 4, 1, 0, 0, 1, 1 },
  /* ы with a breve has no precomposed form: still one cluster, so one substitution. */
  { "uncomposable-cluster", "\u044b\u0306с", "ыс", 0, 2, 1, 0, 0, 1, 1 },
  { "zwj-family-is-one-cluster", "a\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466b",
    "ab", 0, 3, 0, 1, 0, 1, 1 },
  { "zwj-families-differ", "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466",
    "\U0001F468\u200D\U0001F469\u200D\U0001F467", 0, 1, 1, 0, 0, 1, 1 },
  { "flags", "\U0001F1F7\U0001F1FA", "\U0001F1FA\U0001F1E6", 0, 1, 1, 0, 0, 1, 1 },
  { "skin-tone", "\U0001F44D\U0001F3FD", "\U0001F44D", 0, 1, 1, 0, 0, 1, 1 },
  { "empty-both", "", "", 0, 0, 0, 0, 0, 0, 0 },
  { "empty-truth", "", "abc", 0, 0, 0, 0, 3, 0, 1 },
  { "empty-hypothesis", "abc", "", 0, 3, 0, 3, 0, 1, 1 },
  { "whitespace-collapsed", "a  b\n\tc \r\n", " a b\u00A0c", 0, 5, 0, 0, 0, 3, 0 },
  { "kitten-sitting", "kitten", "sitting", 0, 6, 2, 0, 1, 1, 1 },
  { "word-deleted", "a b c", "a c", 0, 5, 0, 2, 0, 3, 1 },
  { "word-inserted", "один два", "один три два", 0, 8, 0, 0, 4, 2, 1 },
  { "hyphen-kept", "товари-\nщеской", "товарищеской", 0, 14, 0, 2, 0, 2, 2 },
  { "hyphen-joined", "товари-\nщеской", "товарищеской", VN_METRICS_DEHYPHENATE, 12, 0, 0, 0,
    1, 0 },
  { "hyphen-before-capital-kept", "Ким-\nИр", "Ким- Ир", VN_METRICS_DEHYPHENATE, 7, 0, 0, 0,
    2, 0 },
};

static void
test_rates (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rate_cases); i++)
    {
      const RateCase *tc = &rate_cases[i];
      g_autoptr(VnMetrics) m = vn_metrics_compare (tc->truth, -1, tc->hypothesis, -1, tc->flags);
      const VnEditCounts *c = vn_metrics_get_characters (m);
      const VnEditCounts *w = vn_metrics_get_words (m);
      guint distance = tc->substitutions + tc->deletions + tc->insertions;

      g_test_message ("case %s", tc->name);
      g_assert_cmpuint (c->truth_length, ==, tc->clusters);
      g_assert_cmpuint (c->substitutions, ==, tc->substitutions);
      g_assert_cmpuint (c->deletions, ==, tc->deletions);
      g_assert_cmpuint (c->insertions, ==, tc->insertions);
      g_assert_cmpuint (w->truth_length, ==, tc->words);
      g_assert_cmpuint (vn_edit_counts_distance (w), ==, tc->word_edits);
      if (tc->clusters == 0 && distance > 0)
        g_assert_true (isinf (vn_metrics_get_cer (m)));
      else if (tc->clusters == 0)
        g_assert_cmpfloat (vn_metrics_get_cer (m), ==, 0);
      else
        g_assert_cmpfloat_with_epsilon (vn_metrics_get_cer (m), (double) distance / tc->clusters,
                                        1e-12);
      if (tc->words > 0)
        g_assert_cmpfloat_with_epsilon (vn_metrics_get_wer (m),
                                        (double) tc->word_edits / tc->words, 1e-12);
      g_assert_cmpuint (vn_metrics_get_n_differences (m) == 0, ==, distance == 0);
    }
}

typedef struct
{
  const char     *text;
  VnMetricsFlags  flags;
  const char     *normalized;
} NormalizeCase;

static void
test_normalize (void)
{
  static const NormalizeCase cases[] = {
    { "\uFEFF  a\n\n b\f\nc  ", 0, "a b c" },
    { "\u0435\u0308", 0, "ё" },
    { "в порядке товари-\n  щеской критики", VN_METRICS_DEHYPHENATE,
      "в порядке товарищеской критики" },
    { "по-партийному", VN_METRICS_DEHYPHENATE, "по-партийному" },
    { "Ким-\nИр Сен", VN_METRICS_DEHYPHENATE, "Ким- Ир Сен" },
    { "на-\r\nправленной", VN_METRICS_DEHYPHENATE, "направленной" },
    { "на-\nправленной", 0, "на- правленной" },
    { "слово -\nдругое", VN_METRICS_DEHYPHENATE, "слово - другое" },
    { "на-\n\u00A0 правленной", VN_METRICS_DEHYPHENATE, "направленной" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = vn_metrics_normalize (cases[i].text, -1, cases[i].flags);
      g_assert_cmpstr (out, ==, cases[i].normalized);
    }
}

/* ------------------------------------------------------------------ differences */

typedef struct
{
  const char *truth;
  const char *hypothesis;
  const char *before;
  const char *after;
  guint       line;
  guint       edits;
} DifferenceCase;

static void
test_differences (void)
{
  const char *truth = "Я вижу ПОЛОЖЕНИЕ дел\nи ёлку.\nОдин два три.";
  const char *hypothesis = "Я вижу ПОЛОЖОНИС дел и елку. Один три.";
  static const DifferenceCase expected[] = {
    { "ПОЛОЖЕНИЕ", "ПОЛОЖОНИС", "Я вижу ", " дел и ёлку. Один дв", 1, 2 },
    { "ёлку.", "елку.", "ижу ПОЛОЖЕНИЕ дел и ", " Один два три.", 2, 1 },
    /* A dropped word goes with its neighbour, up to the nearest space both texts share. */
    { "Один два", "Один", "ЛОЖЕНИЕ дел и ёлку. ", " три.", 3, 4 },
  };
  g_autoptr(VnMetrics) m = vn_metrics_compare (truth, -1, hypothesis, -1, 0);
  g_autofree char *report = vn_metrics_to_report (m);

  g_test_message ("%s", report);
  g_assert_cmpuint (vn_metrics_get_n_differences (m), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const VnDifference *d = vn_metrics_get_difference (m, i);

      g_assert_cmpstr (d->truth, ==, expected[i].truth);
      g_assert_cmpstr (d->hypothesis, ==, expected[i].hypothesis);
      g_assert_cmpstr (d->before, ==, expected[i].before);
      g_assert_cmpstr (d->after, ==, expected[i].after);
      g_assert_cmpuint (d->line, ==, expected[i].line);
      g_assert_cmpuint (d->edits, ==, expected[i].edits);
    }
  g_assert_nonnull (strstr (report, "line 1: «ПОЛОЖЕНИЕ» → «ПОЛОЖОНИС»"));
  g_assert_nonnull (strstr (report, "Я вижу ⟦ПОЛОЖЕНИЕ → ПОЛОЖОНИС⟧ дел и ёлку. Один дв…"));
}

/* A difference's context is counted in clusters, not bytes or code points. */
static void
test_context_in_clusters (void)
{
  g_autoptr(GString) truth = g_string_new (NULL);
  g_autoptr(GString) hypothesis = g_string_new (NULL);
  g_autoptr(VnMetrics) m = NULL;
  const VnDifference *d;

  for (guint i = 0; i < 30; i++)
    g_string_append (truth, "\u0438\u0306");
  g_string_append (hypothesis, truth->str);
  g_string_append (truth, " X");
  g_string_append (hypothesis, " Y");
  m = vn_metrics_compare (truth->str, -1, hypothesis->str, -1, 0);
  d = vn_metrics_get_difference (m, 0);
  g_assert_cmpstr (d->truth, ==, "X");
  g_assert_cmpuint (g_utf8_strlen (d->before, -1), ==, VN_METRICS_CONTEXT);
  g_assert_cmpuint (d->offset, ==, 31);
}

static void
test_json (void)
{
  g_autoptr(VnMetrics) m = vn_metrics_compare ("один два", -1, "один двa", -1, 0);
  g_autofree char *json = vn_metrics_to_json (m);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *difference;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "cer"), 1.0 / 8, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "wer"), 0.5, 1e-6);
  g_assert_cmpint (json_object_get_int_member (root, "characters"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (root, "words"), ==, 2);
  difference = json_array_get_object_element (json_object_get_array_member (root, "differences"),
                                              0);
  g_assert_cmpstr (json_object_get_string_member (difference, "truth"), ==, "два");
  g_assert_cmpstr (json_object_get_string_member (difference, "hypothesis"), ==, "двa");
  g_assert_cmpstr (json_object_get_string_member (difference, "context"), ==, "один два");
  g_assert_cmpint (json_object_get_int_member (difference, "line"), ==, 1);
}

/* ------------------------------------------------------------------ long texts */

/* A book-sized text with known, isolated edits: the anchored alignment must find exactly them,
 * and quickly. */
static void
test_long_text (void)
{
  g_autofree char *path = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *letter = vn_test_read_file (path);
  g_autofree char *normalized = vn_metrics_normalize (letter, -1, 0);
  g_auto(GStrv) words = g_strsplit (normalized, " ", -1);
  g_autoptr(GString) truth = g_string_new (NULL);
  g_autoptr(GString) hypothesis = g_string_new (NULL);
  g_autoptr(VnMetrics) m = NULL;
  guint n_words = g_strv_length (words), inserted = 0, word_edits = 0, total = 0;
  gint64 started;

  /* Every 997th word gets a "#" in front; every 1499th is followed by an extra word. */
  for (guint copy = 0; copy < 60; copy++)
    for (guint w = 0; w < n_words; w++, total++)
      {
        gboolean marked = total % 997 == 500, extra = total % 1499 == 700;

        g_string_append_printf (truth, "%s%s", total ? " " : "", words[w]);
        g_string_append_printf (hypothesis, "%s%s%s%s", total ? " " : "", marked ? "#" : "",
                                words[w], extra ? " лишнее" : "");
        inserted += (marked ? 1 : 0) + (extra ? 7 : 0);
        word_edits += marked + extra;
      }
  started = g_get_monotonic_time ();
  m = vn_metrics_compare (truth->str, truth->len, hypothesis->str, hypothesis->len, 0);
  g_test_message ("%u words, %u clusters: compared in %.2f s",
                  vn_metrics_get_words (m)->truth_length,
                  vn_metrics_get_characters (m)->truth_length,
                  (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpuint (vn_metrics_get_characters (m)->truth_length, >, 150000);
  g_assert_cmpuint (vn_metrics_get_characters (m)->insertions, ==, inserted);
  g_assert_cmpuint (vn_metrics_get_characters (m)->substitutions, ==, 0);
  g_assert_cmpuint (vn_metrics_get_characters (m)->deletions, ==, 0);
  g_assert_cmpuint (vn_edit_counts_distance (vn_metrics_get_words (m)), ==, word_edits);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
}

static char *
random_word (GRand *rand)
{
  static const char *letters = "абвгдежзийклмнопрстуфхцчшщыьэюя";
  GString *word = g_string_new (NULL);
  int len = g_rand_int_range (rand, 1, 13);

  for (int i = 0; i < len; i++)
    g_string_append_unichar (word, g_utf8_get_char (g_utf8_offset_to_pointer (
                               letters, g_rand_int_range (rand, 0, 31))));
  return g_string_free (word, FALSE);
}

/* Words drawn with a long tail, as in prose: the truth, and a copy with 5% of its letters
 * replaced, 2% of its words dropped and 1% added. */
static void
make_garbled_text (GString *truth,
                   GString *hypothesis,
                   guint    n_words)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1956);
  g_autoptr(GPtrArray) vocabulary = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < 8000; i++)
    g_ptr_array_add (vocabulary, random_word (rand));
  for (guint i = 0; i < n_words; i++)
    {
      const char *word = vocabulary->pdata[(guint) pow (8000, g_rand_double (rand)) - 1];

      g_string_append_printf (truth, "%s%s", i ? " " : "", word);
      if (g_rand_double (rand) < 0.02)
        continue;
      g_string_append (hypothesis, hypothesis->len ? " " : "");
      for (const char *p = word; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_rand_double (rand) < 0.05)
            c = 0x0430 + (gunichar) g_rand_int_range (rand, 0, 10);
          g_string_append_unichar (hypothesis, c);
        }
      if (g_rand_double (rand) < 0.01)
        g_string_append (hypothesis, " лишнее");
    }
}

/* Past the exact DP's size, the anchored alignment stays within 1% of the true distance (here
 * every cluster is one code point, so vn_text_distance gives it). */
static void
test_long_text_near_exact (void)
{
  g_autoptr(GString) truth = g_string_new (NULL);
  g_autoptr(GString) hypothesis = g_string_new (NULL);
  g_autoptr(VnMetrics) m = NULL;
  guint exact, found;

  make_garbled_text (truth, hypothesis, 3000);
  m = vn_metrics_compare (truth->str, truth->len, hypothesis->str, hypothesis->len, 0);
  g_assert_cmpuint ((guint64) vn_metrics_get_characters (m)->truth_length *
                    vn_metrics_get_characters (m)->hypothesis_length, >, 16u * 1024 * 1024);
  exact = vn_text_distance (truth->str, hypothesis->str);
  found = vn_edit_counts_distance (vn_metrics_get_characters (m));
  g_test_message ("anchored distance %u, exact %u, over %u clusters", found, exact,
                  vn_metrics_get_characters (m)->truth_length);
  g_assert_cmpuint (found, >=, exact);
  g_assert_cmpuint (found, <=, exact + exact / 100);
}

/* ------------------------------------------------------------------ the letter */

static char *
read_source (const char *relative)
{
  g_autofree char *path = vn_test_source_path (relative);
  return vn_test_read_file (path);
}

static gboolean
has_difference (VnMetrics  *m,
                const char *truth,
                const char *hypothesis)
{
  for (guint i = 0; i < vn_metrics_get_n_differences (m); i++)
    {
      const VnDifference *d = vn_metrics_get_difference (m, i);

      if (strstr (d->truth, truth) && strstr (d->hypothesis, hypothesis))
        return TRUE;
    }
  return FALSE;
}

/* The published transcription against the ground truth, which is broken into typed lines with
 * hyphens at their ends: these are joined in both texts before comparing, so that the truth reads
 * "товарищеской" and the published "товари – щеской" counts as the error it is. */
static void
test_letter (void)
{
  g_autofree char *truth = read_source ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *published = read_source ("scans/letter-1956/transcription.txt");
  g_autoptr(VnMetrics) m = vn_metrics_compare (truth, -1, published, -1, VN_METRICS_DEHYPHENATE);
  g_autoptr(VnMetrics) raw = vn_metrics_compare (truth, -1, published, -1, 0);
  g_autofree char *report = vn_metrics_to_report (m);

  g_test_message ("letter, published vs ground truth (line-end hyphens joined): CER %.2f%% "
                  "(%u/%u), WER %.2f%% (%u/%u); without joining: CER %.2f%%, WER %.2f%%",
                  vn_metrics_get_cer (m) * 100,
                  vn_edit_counts_distance (vn_metrics_get_characters (m)),
                  vn_metrics_get_characters (m)->truth_length, vn_metrics_get_wer (m) * 100,
                  vn_edit_counts_distance (vn_metrics_get_words (m)),
                  vn_metrics_get_words (m)->truth_length, vn_metrics_get_cer (raw) * 100,
                  vn_metrics_get_wer (raw) * 100);
  g_assert_cmpfloat (vn_metrics_get_cer (m), >, 0.005);
  g_assert_cmpfloat (vn_metrics_get_cer (m), <, 0.03);
  g_assert_cmpfloat (vn_metrics_get_wer (m), <, 0.10);
  g_assert_nonnull (strstr (report, "ПОЛОЖОНИС"));
  g_assert_true (has_difference (m, "ПОЛОЖЕНИЕ", "ПОЛОЖОНИС"));
  g_assert_true (has_difference (m, "культ личности", "кулвтличности"));
  g_assert_true (has_difference (m, "товарищеской", "товари – щеской"));
}

/* ------------------------------------------------------------------ per page */

typedef struct
{
  char       *state_dir;
  VnDocument *document;
} LetterFixture;

static void
letter_setup (LetterFixture *f,
              gconstpointer  data)
{
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (folder, &error);
  g_auto(VnDocumentOptions) options = { 0 };

  g_assert_no_error (error);
  vn_test_document_options (&options, "rus");
  f->state_dir = g_dir_make_tmp ("verno-metrics-XXXXXX", &error);
  g_assert_no_error (error);
  options.state_dir = g_strdup (f->state_dir);
  f->document = vn_document_open (project, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
letter_teardown (LetterFixture *f,
                 gconstpointer  data)
{
  g_clear_object (&f->document);
  vn_test_remove_tree (f->state_dir);
  g_free (f->state_dir);
}

static void
log_pages (GPtrArray *pages)
{
  for (guint i = 0; i < pages->len; i++)
    {
      VnPageMetrics *p = g_ptr_array_index (pages, i);

      g_test_message ("%s: %u characters; published CER %.2f%% WER %.2f%%; OCR CER %.2f%% "
                      "WER %.2f%%", p->label, vn_metrics_get_characters (p->ocr)->truth_length,
                      vn_metrics_get_cer (p->published) * 100,
                      vn_metrics_get_wer (p->published) * 100, vn_metrics_get_cer (p->ocr) * 100,
                      vn_metrics_get_wer (p->ocr) * 100);
    }
}

static void
correct_first (VnSession  *session,
               const char *wrong,
               const char *right)
{
  VnTranscription *t = vn_session_get_canonical (session);
  const char *text = vn_transcription_get_text (t, NULL);
  const char *at = strstr (text, wrong);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) c = NULL;

  g_assert_nonnull (at);
  c = vn_session_correct (session, at - text, at - text + strlen (wrong), right, VN_SOURCE_TYPED,
                          1, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_per_page (LetterFixture *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = vn_metrics_per_page (f->document, &error);
  g_autoptr(GPtrArray) after = NULL;
  VnPageMetrics *p1, *p2;

  g_assert_no_error (error);
  log_pages (before);
  g_assert_cmpuint (before->len, ==, 2);
  for (guint i = 0; i < before->len; i++)
    {
      VnPageMetrics *p = g_ptr_array_index (before, i);

      /* With no corrections the verified text is the published one. */
      g_assert_cmpfloat (vn_metrics_get_cer (p->published), ==, 0);
      g_assert_cmpuint (vn_metrics_get_characters (p->published)->truth_length, >, 1000);
      g_assert_cmpfloat (vn_metrics_get_cer (p->ocr), >, 0);
      g_assert_cmpfloat (vn_metrics_get_cer (p->ocr), <, 0.15);
    }

  correct_first (vn_document_get_session (f->document), "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ");
  after = vn_metrics_per_page (f->document, &error);
  g_assert_no_error (error);
  log_pages (after);
  p1 = g_ptr_array_index (after, 0);
  p2 = g_ptr_array_index (after, 1);
  g_assert_cmpfloat (vn_metrics_get_cer (p1->published), ==, 0);
  g_assert_cmpfloat (vn_metrics_get_cer (p2->published), >, 0);
  g_assert_cmpuint (vn_edit_counts_distance (vn_metrics_get_characters (p2->published)), ==, 2);
  g_assert_cmpuint (vn_metrics_get_n_differences (p2->published), ==, 1);
  g_assert_cmpstr (vn_metrics_get_difference (p2->published, 0)->truth, ==, "ПОЛОЖЕНИЕ.");
  g_assert_cmpstr (vn_metrics_get_difference (p2->published, 0)->hypothesis, ==, "ПОЛОЖОНИС.");
  /* The OCR read the word right: against the corrected text it does better. */
  g_assert_cmpfloat (vn_metrics_get_cer (p2->ocr), <,
                     vn_metrics_get_cer (((VnPageMetrics *) g_ptr_array_index (before, 1))->ocr));
  /* Lines count in the whole verified text, not in the page. */
  g_assert_cmpuint (vn_metrics_get_difference (p2->published, 0)->line, ==, 17);
}

static void
test_pages_json (LetterFixture *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = vn_metrics_per_page (f->document, &error);
  g_autofree char *json = vn_metrics_pages_to_json (pages);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *page, *document;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "pages")), ==, 2);
  page = json_array_get_object_element (json_object_get_array_member (root, "pages"), 1);
  g_assert_cmpint (json_object_get_int_member (page, "page"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (page, "label"), ==, "page-2.png");
  document = json_object_get_object_member (root, "document");
  g_assert_cmpfloat (json_object_get_double_member (
                       json_object_get_object_member (document, "published"), "cer"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (
                       json_object_get_object_member (document, "ocr"), "cer"), >, 0);
}

/* ------------------------------------------------------------------ verno eval */



typedef struct
{
  char *dir;
  char *truth;
  char *hypothesis;
  char *bad;
} Files;

static void
files_setup (Files         *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("verno-eval-XXXXXX", &error);
  g_assert_no_error (error);
  f->truth = g_build_filename (f->dir, "truth.txt", NULL);
  f->hypothesis = g_build_filename (f->dir, "hypothesis.txt", NULL);
  f->bad = g_build_filename (f->dir, "latin1.txt", NULL);
  g_file_set_contents (f->truth, "Привет мир\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (f->hypothesis, "Привот\nмир лишнее\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (f->bad, "caf\xe9\n", -1, &error);
  g_assert_no_error (error);
}

static void
files_teardown (Files         *f,
                gconstpointer  data)
{
  vn_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->truth);
  g_free (f->hypothesis);
  g_free (f->bad);
}

/* Truth "Привет мир" (10 clusters, 2 words); one letter substituted and " лишнее" inserted:
 * 8 edits, CER 80%; one word substituted and one inserted, WER 100%. */
static void
test_cli_text (Files         *f,
               gconstpointer  data)
{
  g_auto(VnTestRun) run = { 0 };

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "eval", f->truth, f->hypothesis, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "CER 80.00% (8 edits in 10 characters"));
  g_assert_nonnull (strstr (run.out, "WER 100.00% (2 edits in 2 words"));
  g_assert_nonnull (strstr (run.out, "line 1: «Привет» → «Привот»"));
  g_assert_nonnull (strstr (run.out, "«мир» → «мир лишнее»"));
}

static void
test_cli_json (Files         *f,
               gconstpointer  data)
{
  g_auto(VnTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *differences;

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "eval", "--json", f->truth, f->hypothesis, NULL });
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "cer"), 0.8, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "wer"), 1.0, 1e-6);
  g_assert_cmpint (json_object_get_int_member (root, "characters"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (root, "words"), ==, 2);
  differences = json_object_get_array_member (root, "differences");
  g_assert_cmpuint (json_array_get_length (differences), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (differences, 1),
                                                  "hypothesis"), ==, "мир лишнее");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (differences, 1),
                                               "line"), ==, 1);
}

typedef struct
{
  const char *name;
  const char *args[5];   /* TRUTH, HYPOTHESIS and BAD stand for the fixture's files */
  int         status;
  const char *message;
} StatusCase;

static const char *
substitute (Files      *f,
            const char *arg)
{
  if (g_strcmp0 (arg, "TRUTH") == 0)
    return f->truth;
  if (g_strcmp0 (arg, "HYPOTHESIS") == 0)
    return f->hypothesis;
  if (g_strcmp0 (arg, "BAD") == 0)
    return f->bad;
  return arg;
}

static void
test_cli_statuses (Files         *f,
                   gconstpointer  data)
{
  static const StatusCase cases[] = {
    { "one-file", { "TRUTH" }, 2, "verno eval TRUTH HYPOTHESIS" },
    { "three-files", { "TRUTH", "HYPOTHESIS", "TRUTH" }, 2, "verno eval TRUTH HYPOTHESIS" },
    { "unknown-option", { "--frobnicate", "TRUTH", "HYPOTHESIS" }, 2, "frobnicate" },
    { "state-dir-alone", { "--state-dir", "/tmp", "TRUTH", "HYPOTHESIS" }, 2, "--project" },
    { "project-without-folder", { "--project" }, 2, "project folder" },
    { "missing-truth", { "/nonexistent/truth.txt", "HYPOTHESIS" }, 3, "does not exist" },
    { "missing-hypothesis", { "TRUTH", "/nonexistent/ocr.txt" }, 3, "does not exist" },
    { "invalid-utf8", { "TRUTH", "BAD" }, 3, "not valid UTF-8" },
    { "folder", { "TRUTH", "/" }, 3, "is a folder" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[8] = { "eval" };
      g_auto(VnTestRun) run = { 0 };

      for (guint a = 0; a < G_N_ELEMENTS (cases[i].args) && cases[i].args[a]; a++)
        args[a + 1] = substitute (f, cases[i].args[a]);
      g_test_message ("case %s", cases[i].name);
      vn_test_run_verno (&run, NULL, FALSE, args);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_nonnull (strstr (run.err, cases[i].message));
      g_assert_cmpuint (strlen (run.out), ==, 0);
    }
}

static void
test_cli_project (Files         *f,
                  gconstpointer  data)
{
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_autofree char *state = g_build_filename (f->dir, "state", NULL);
  g_auto(VnTestRun) table = { 0 };
  g_auto(VnTestRun) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  vn_test_run_verno (&table, NULL, FALSE, (const char *[]) { "eval", "--project", "--state-dir", state, folder, NULL });
  g_assert_cmpint (table.status, ==, 0);
  g_test_message ("%s", table.out);
  g_assert_nonnull (strstr (table.out, "page-1.png"));
  g_assert_nonnull (strstr (table.out, "page-2.png"));
  g_assert_nonnull (strstr (table.out, "document"));

  vn_test_run_verno (&json, NULL, FALSE, (const char *[]) { "eval", "--json", "--project", "--state-dir", state,
                                       folder, NULL });
  g_assert_cmpint (json.status, ==, 0);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "pages")), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/metrics/rates", test_rates);
  g_test_add_func ("/verno/metrics/normalize", test_normalize);
  g_test_add_func ("/verno/metrics/differences", test_differences);
  g_test_add_func ("/verno/metrics/context-in-clusters", test_context_in_clusters);
  g_test_add_func ("/verno/metrics/json", test_json);
  g_test_add_func ("/verno/metrics/long-text", test_long_text);
  g_test_add_func ("/verno/metrics/long-text-near-exact", test_long_text_near_exact);
  g_test_add_func ("/verno/metrics/letter", test_letter);
  g_test_add ("/verno/metrics/per-page", LetterFixture, NULL, letter_setup, test_per_page,
              letter_teardown);
  g_test_add ("/verno/metrics/pages-json", LetterFixture, NULL, letter_setup, test_pages_json,
              letter_teardown);
  g_test_add ("/verno/metrics/cli/text", Files, NULL, files_setup, test_cli_text, files_teardown);
  g_test_add ("/verno/metrics/cli/json", Files, NULL, files_setup, test_cli_json, files_teardown);
  g_test_add ("/verno/metrics/cli/statuses", Files, NULL, files_setup, test_cli_statuses,
              files_teardown);
  g_test_add ("/verno/metrics/cli/project", Files, NULL, files_setup, test_cli_project,
              files_teardown);
  return g_test_run ();
}
