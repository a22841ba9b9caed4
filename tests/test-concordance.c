/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-concordance.c: finding the other places a correction applies to, and the errata. */
#include <locale.h>
#include <string.h>

#include "vn-concordance.h"
#include "vn-errata.h"
#include "vn-test-util.h"

static const char text[] =
  "И СЛОЖНОЕ ПОЛОЖОНИС. Внутрипартийное ПОЛОЖОНИС и свое положение.\n"
  "Тов.Ким Ир Сену на ого недостатки, на ого ошибки.\n"
  "Носколько членов ЦК, несправодливо исключены, в Партии.\n"
  "Bepho: Weener, CCCP, Пленум.\n";

static const char *ocr_lines[] = {
  "И СЛОЖНОЕ ПОЛОЖЕНИЕ. Внутрипартийное ПОЛОЖЕНИЕ и свое положение.",
  "Тов.Ким Ир Сену на его недостатки, на его ошибки.",
  "Несколько членов ЦК, несправедливо исключены, в Партии.",
  "Верно: СССР, Пленум.",
  NULL,
};

typedef struct
{
  char      *dir;
  VnCollation *collation;
  VnSession *session;
  VnSpellChecker *spell;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("verno-concordance-XXXXXX", &error);
  f->collation = vn_test_collate_synthetic (text, ocr_lines);
  f->session = vn_session_open (vn_collation_get_transcription (f->collation), f->dir, &error);
  g_assert_no_error (error);
  f->spell = vn_spell_checker_new ();
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  vn_test_remove_tree (f->dir);
  g_free (f->dir);
  g_object_unref (f->collation);
  g_object_unref (f->session);
  g_object_unref (f->spell);
}

static GPtrArray *
befores (GListModel *found)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(VnOccurrence) o = g_list_model_get_item (found, i);
      g_ptr_array_add (list, g_strdup_printf ("%s>%s", vn_occurrence_get_before (o),
                                              vn_occurrence_get_after (o)));
    }
  g_ptr_array_add (list, NULL);
  return list;
}

typedef struct
{
  const char *before, *after;
  const char *expected[8];
} ConcordanceCase;

static const ConcordanceCase cases[] = {
  /* The same wrong form elsewhere. */
  /* ... and the same confusion (о for е) where the dictionary or the OCR agrees; "на",
   * "ошибки", "Пленум" stay untouched. */
  { "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ", { "ПОЛОЖОНИС>ПОЛОЖЕНИЕ", "ПОЛОЖОНИС>ПОЛОЖЕНИЕ", "ого>его",
                                "ого>его", "Носколько>Несколько",
                                "несправодливо>несправедливо", NULL } },
  { "ого", "его", { "ого>его", "ого>его", "Носколько>Несколько",
                    "несправодливо>несправедливо", NULL } },
  { "несправодливо", "несправедливо", { "ого>его", "ого>его", "Носколько>Несколько",
                                        "несправодливо>несправедливо", NULL } },
  /* Latin look-alikes: every word written with them. */
  { "Bepho", "Верно", { "Bepho>Верно", "CCCP>СССР", NULL } },
};

static void
test_cases (Fixture       *f,
            gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GListModel) found = vn_concordance_find (f->collation, f->session, f->spell,
                                                         cases[i].before, cases[i].after);
      g_autoptr(GPtrArray) got = befores (found);
      g_autofree char *joined = g_strjoinv (" ", (char **) got->pdata);

      g_test_message ("%s → %s: %s", cases[i].before, cases[i].after, joined);
      g_assert_cmpstrv ((const char * const *) got->pdata, cases[i].expected);
    }
}

/* A line both witnesses read alike: the OCR is seen to be mostly right. */
#define AGREED "Товарищи из партии говорили о работе, которую они делали в городе и в деревне."

/* Only the places whose own verdict is a likely transcription error are offered ticked: not
 * one the OCR read as transcribed, nor one the verdict is unsure of. */
static void
test_preselected (void)
{
  static const char westerbork[] =
    "Westerbork, 12 March. From Westerbork the trains left. Westerbork was a camp.\n"
    "На ого недостатки. Носколько членов ЦК и Нокоторые из них.\n"
    "Bрачи и Cестры пришли. Oни ушли.\n"
    AGREED "\n" AGREED "\n" AGREED "\n";
  static const char *read[] = {
    "Westerbork, 12 March. From Westerhork the trains left. Westerbonk was a camp.",
    "На его недостатки. Несколько членов ЦК и Нокоторые из них.",
    "Врачи и Сестры пришли. Oни ушли.",
    AGREED, AGREED, AGREED,
    NULL,
  };
  static const struct { const char *before, *after; int n; int ticked; } cases[] = {
    /* One agrees with the scan, the others' verdicts are likely OCR errors (the word is the
     * document's): none ticked. */
    { "Westerbork", "Westerhork", 3, 0 },
    /* "ого" read "его" is a real word misread or mistyped: unsure; of the same confusion
     * elsewhere, "Носколько" read "Несколько" is ticked, "Нокоторые" read as transcribed
     * not. */
    { "ого", "его", 3, 1 },
    { "Носколько", "Несколько", 3, 1 },
    /* Latin letters in words: the two Cyrillic ones the OCR read in Cyrillic ticked; the
     * one it read with the same Latin letter, and the Latin words, not. */
    { "Bрачи", "Врачи", 7, 2 },
  };
  g_autoptr(VnCollation) collation = vn_test_collate_synthetic (westerbork, read);
  g_autofree char *dir = g_dir_make_tmp ("verno-concordance-XXXXXX", NULL);
  g_autoptr(VnSession) session = vn_session_open (vn_collation_get_transcription (collation), dir,
                                                  NULL);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GListModel) places = vn_concordance_find (collation, session, spell,
                                                          cases[c].before, cases[c].after);
      int ticked = 0;

      g_assert_cmpuint (g_list_model_get_n_items (places), ==, cases[c].n);
      for (guint i = 0; i < g_list_model_get_n_items (places); i++)
        {
          g_autoptr(VnOccurrence) o = g_list_model_get_item (places, i);
          VnLikely likely = VN_LIKELY_UNSURE;
          gboolean has = vn_occurrence_get_likely (o, &likely);

          g_test_message ("%s %u: %s", cases[c].before, i,
                          has ? vn_likely_to_string (likely) : "agrees with the scan");
          g_assert_cmpint (vn_occurrence_get_preselected (o), ==,
                           has && likely == VN_LIKELY_TRANSCRIPTION_ERROR);
          ticked += vn_occurrence_get_preselected (o);
        }
      g_assert_cmpint (ticked, ==, cases[c].ticked);
    }
  vn_test_remove_tree (dir);
}

static void
test_apply_and_errata (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GListModel) found = vn_concordance_find (f->collation, f->session, f->spell,
                                                     "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ");
  gboolean chosen[] = { TRUE, FALSE, FALSE, FALSE, FALSE, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) again = NULL;
  g_autofree char *csv = NULL, *json = NULL, *verified = NULL, *prefix = NULL;
  g_auto(GStrv) rows = NULL;
  g_autoptr(VnOccurrence) first = g_list_model_get_item (found, 0);

  g_assert_cmpuint (vn_concordance_apply (f->session, found, chosen, &error), ==, 1);
  g_assert_no_error (error);
  g_object_unref (vn_session_correct (f->session, 0, strlen ("И"), "И \"в\", <a>", VN_SOURCE_TYPED,
                                      0, NULL, "кавычки", &error));
  verified = vn_session_dup_verified_text (f->session, NULL);
  g_assert_true (g_str_has_prefix (verified, "И \"в\", <a> СЛОЖНОЕ ПОЛОЖЕНИЕ. Внутрипартийное "
                                             "ПОЛОЖОНИС"));
  /* What is fixed is no longer offered. */
  again = vn_concordance_find (f->collation, f->session, f->spell, "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ");
  g_assert_cmpuint (g_list_model_get_n_items (again), ==, 5);

  csv = vn_errata_to_csv (f->session, f->collation);
  rows = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (rows[0], ==, "page,line,published,verified,start,end,x,y,width,height,"
                                "source,note");
  g_assert_cmpstr (rows[1], ==, "1,1,И,\"И \"\"в\"\", <a>\",0,2,200,300,25,40,typed,кавычки");
  prefix = g_strdup_printf ("1,1,ПОЛОЖОНИС,ПОЛОЖЕНИЕ,%u,%u,", vn_occurrence_get_start (first),
                            vn_occurrence_get_end (first));
  g_assert_true (g_str_has_prefix (rows[2], prefix));
  g_assert_true (g_str_has_suffix (rows[2], ",batch,"));
  g_assert_cmpstr (rows[3], ==, "");
  json = vn_errata_to_json (f->session, f->collation, NULL);
  g_assert_nonnull (strstr (json, "\"published\" : \"ПОЛОЖОНИС\""));
  g_assert_nonnull (strstr (json, "\"verified\" : \"И \\\"в\\\", <a>\""));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/verno/concordance/cases", Fixture, NULL, set_up, test_cases, tear_down);
  g_test_add_func ("/verno/concordance/preselected", test_preselected);
  g_test_add ("/verno/concordance/apply-and-errata", Fixture, NULL, set_up,
              test_apply_and_errata, tear_down);
  return g_test_run ();
}
