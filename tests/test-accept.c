/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-accept.c: accepting does what the verdict says (vn-accept.c). Random discrepancies of
 * every verdict over a text, accepted one after the other against a model of what each must
 * do; and the filters `verno accept` parses, with the names they refuse. */
#include <string.h>

#include <glib/gstdio.h>

#include "vn-accept.h"
#include "vn-error.h"
#include "vn-test-util.h"

static const char text[] =
  "ПОЛОЖОНИС о работе Президиума ЦК и о недостатках в работе товари щеской критики\n"
  "на заседании Пленума. Bepho: несколько слов о томи, что было сделано.\n";

static const char *readings[] = { "ПОЛОЖЕНИЕ", "Верно", "теми", "", "два слова", "x" };

typedef struct
{
  char            *dir;
  VnTranscription *transcription;
  VnSession       *session;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);

  f->dir = g_dir_make_tmp ("verno-accept-XXXXXX", &error);
  g_assert_no_error (error);
  f->transcription = vn_transcription_new_from_bytes (bytes, "transcription.txt", &error);
  g_assert_no_error (error);
  f->session = vn_session_open (f->transcription, f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->transcription);
  vn_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* A discrepancy over token @t, as the collation would make one. */
static VnDiscrepancy *
make_discrepancy (VnTranscription *t,
                  guint            index,
                  VnLikely         likely,
                  const char      *suggestion)
{
  const VnToken *token = vn_transcription_get_token (t, index);
  g_autofree char *reading = vn_transcription_dup_range (t, token->core_start, token->core_end);
  VnDiscrepancyInit init = {
    .kind = VN_DISCREPANCY_SUBSTITUTION, .start = token->core_start, .end = token->core_end,
    .line = token->line, .transcription = reading, .ocr = suggestion,
    .suggestion = suggestion, .likely = likely, .score = 0.5, .confidence = 90,
    .first_token = index, .n_tokens = 1,
  };

  return vn_discrepancy_new (&init);
}

/* What accepting must leave over the discrepancy's bytes: the suggestion, the reading kept,
 * or nothing new at all. */
static void
assert_accepted (VnSession     *session,
                 VnDiscrepancy *d,
                 gboolean       ok,
                 GError        *error,
                 VnCorrection  *correction,
                 const char    *before)
{
  guint start = vn_discrepancy_get_start (d), end = vn_discrepancy_get_end (d);
  g_autofree char *after = vn_session_dup_verified_text (session, NULL);
  g_autofree char *reading = NULL;
  VnCorrection *found = vn_session_find_correction (session, start, end);

  switch (vn_accept_action_for (d))
    {
    case VN_ACCEPT_CORRECT:
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_nonnull (correction);
      g_assert_true (found == correction);
      /* Trimmed of the spaces an insertion gets; a correction it abuts is merged into it
       * (its text before or after the suggestion), so the suggestion is within. */
      reading = g_strstrip (g_strdup (vn_correction_get_after (correction)));
      if (vn_correction_get_start (correction) == start &&
          vn_correction_get_end (correction) == end)
        g_assert_cmpstr (reading, ==, vn_discrepancy_get_suggestion (d));
      else
        g_assert_nonnull (strstr (reading, vn_discrepancy_get_suggestion (d)));
      g_assert_cmpint (vn_correction_get_source (correction), ==, VN_SOURCE_SUGGESTION);
      break;
    case VN_ACCEPT_KEEP:
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_null (correction);
      g_assert_true (vn_session_is_kept (session, start, end));
      g_assert_cmpstr (after, ==, before);
      break;
    case VN_ACCEPT_CHOOSE:
    default:
      g_assert_false (ok);
      g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
      g_assert_nonnull (strstr (error->message, "unsure"));
      g_assert_nonnull (strstr (error->message, " o"));
      g_assert_nonnull (strstr (error->message, " k"));
      g_assert_null (correction);
      g_assert_cmpstr (after, ==, before);
      break;
    }
}

/* Hundreds of discrepancies of random verdicts and readings over random words, each accepted
 * as it comes, in a session reopened now and then: each does its verdict's answer, and the
 * journal gives back the same text. */
static void
test_random_verdicts (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  guint n_tokens = vn_transcription_get_n_tokens (f->transcription);
  guint done[VN_ACCEPT_CHOOSE + 1] = { 0 };

  for (guint round = 0; round < 240; round++)
    {
      VnLikely likely = g_rand_int_range (rand, VN_LIKELY_UNSURE, VN_LIKELY_OCR_ERROR + 1);
      const char *reading = readings[g_rand_int_range (rand, 0, G_N_ELEMENTS (readings))];
      g_autoptr(VnDiscrepancy) d = make_discrepancy (f->transcription,
                                                     g_rand_int_range (rand, 0, n_tokens),
                                                     likely, reading);
      g_autofree char *before = vn_session_dup_verified_text (f->session, NULL);
      g_autoptr(VnCorrection) correction = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok = vn_accept_discrepancy (f->session, d, &correction, &error);

      /* A suggestion that reads as the transcription does is kept, not "corrected". */
      if (vn_accept_action_for (d) == VN_ACCEPT_CORRECT &&
          g_str_equal (vn_discrepancy_get_transcription (d), reading))
        {
          g_assert_true (ok);
          g_assert_null (correction);
          g_assert_true (vn_session_is_kept (f->session, vn_discrepancy_get_start (d),
                                             vn_discrepancy_get_end (d)));
          continue;
        }
      assert_accepted (f->session, d, ok, error, correction, before);
      done[vn_accept_action_for (d)]++;
      if (round % 40 == 39)
        {
          g_autofree char *held = vn_session_dup_verified_text (f->session, NULL);
          g_autofree char *reopened = NULL;
          g_autoptr(GError) open_error = NULL;

          g_clear_object (&f->session);
          f->session = vn_session_open (f->transcription, f->dir, &open_error);
          g_assert_no_error (open_error);
          reopened = vn_session_dup_verified_text (f->session, NULL);
          g_assert_cmpstr (reopened, ==, held);
        }
    }
  g_test_message ("%u corrected, %u kept, %u left to choose", done[VN_ACCEPT_CORRECT],
                  done[VN_ACCEPT_KEEP], done[VN_ACCEPT_CHOOSE]);
  for (guint i = 0; i < G_N_ELEMENTS (done); i++)
    g_assert_cmpuint (done[i], >, 40);
}

/* An insertion accepted as a transcription error gets its spaces; a removal (of "ЦК") takes
 * one with it. */
static void
test_spacing (Fixture       *f,
              gconstpointer  data)
{
  const VnToken *token = vn_transcription_get_token (f->transcription, 2);
  VnDiscrepancyInit insertion = {
    .kind = VN_DISCREPANCY_MISSING_IN_TRANSCRIPTION, .start = token->end, .end = token->end,
    .transcription = "", .ocr = "новое", .suggestion = "новое",
    .likely = VN_LIKELY_TRANSCRIPTION_ERROR,
  };
  g_autoptr(VnDiscrepancy) d = vn_discrepancy_new (&insertion);
  g_autoptr(VnDiscrepancy) removal = make_discrepancy (f->transcription, 4,
                                                       VN_LIKELY_TRANSCRIPTION_ERROR, "");
  g_autoptr(GError) error = NULL;
  g_autofree char *verified = NULL;

  g_assert_true (vn_accept_discrepancy (f->session, d, NULL, &error));
  g_assert_true (vn_accept_discrepancy (f->session, removal, NULL, &error));
  g_assert_no_error (error);
  verified = vn_session_dup_verified_text (f->session, NULL);
  g_assert_true (g_str_has_prefix (verified, "ПОЛОЖОНИС о работе новое Президиума и о "));
}

typedef struct
{
  const char *likely, *kinds;
  const char *error;      /* in the message, or NULL when both parse */
  VnLikely    match_likely;
  VnDiscrepancyKind match_kind;
  gboolean    matches;
} FilterCase;

static const FilterCase filter_cases[] = {
  { "transcription-error", NULL, NULL, VN_LIKELY_TRANSCRIPTION_ERROR, 0, TRUE },
  { "transcription-error", NULL, NULL, VN_LIKELY_OCR_ERROR, 0, FALSE },
  { "ocr-error,unsure", NULL, NULL, VN_LIKELY_UNSURE, 0, TRUE },
  { " ocr-error , unsure ", NULL, NULL, VN_LIKELY_OCR_ERROR, 0, TRUE },
  { NULL, "lookalike", NULL, 0, VN_DISCREPANCY_LOOKALIKE, TRUE },
  { NULL, "lookalike,hyphenation", NULL, 0, VN_DISCREPANCY_HYPHENATION, TRUE },
  { NULL, "lookalike", NULL, 0, VN_DISCREPANCY_CASE, FALSE },
  { NULL, "missing-in-transcription", NULL, 0, VN_DISCREPANCY_MISSING_IN_TRANSCRIPTION, TRUE },
  { "transcription-errors", NULL, "“transcription-errors” is not a verdict; use unsure, "
    "transcription-error or ocr-error", 0, 0, FALSE },
  { "", NULL, "“” is not a verdict", 0, 0, FALSE },
  { NULL, "lookalke", "“lookalke” is not a kind of discrepancy; use substitution, merge, "
    "split, hyphenation, lookalike, case, punctuation, missing-in-ocr or "
    "missing-in-transcription", 0, 0, FALSE },
  { NULL, "case,", "“” is not a kind", 0, 0, FALSE },
};

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (filter_cases); i++)
    {
      const FilterCase *tc = &filter_cases[i];
      VnAcceptFilter filter = { .min_score = 0.3 };
      g_autoptr(GError) error = NULL;
      gboolean ok = (tc->likely == NULL ||
                     vn_accept_filter_parse_likely (&filter, tc->likely, &error)) &&
                    (tc->kinds == NULL ||
                     vn_accept_filter_parse_kinds (&filter, tc->kinds, &error));
      VnDiscrepancyInit init = { .kind = tc->match_kind, .likely = tc->match_likely,
                                 .transcription = "a", .ocr = "b", .suggestion = "b",
                                 .score = 0.5 };
      g_autoptr(VnDiscrepancy) d = vn_discrepancy_new (&init);

      g_test_message ("case %u: %s / %s", i, tc->likely, tc->kinds);
      if (tc->error != NULL)
        {
          g_assert_false (ok);
          g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
          g_assert_nonnull (strstr (error->message, tc->error));
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (vn_accept_filter_matches (&filter, d), ==, tc->matches);
      /* A score below the least one asked for does not match, whatever else does. */
      init.score = 0.2;
      g_clear_object (&d);
      d = vn_discrepancy_new (&init);
      g_assert_false (vn_accept_filter_matches (&filter, d));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/verno/accept/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("random-verdicts", test_random_verdicts);
  ADD ("spacing", test_spacing);
  ADD ("filters", test_filters);
#undef ADD
  return g_test_run ();
}
