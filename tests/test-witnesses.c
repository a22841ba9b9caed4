/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-witnesses.c: the parts of a verdict that are estimated from a document: what an OCR
 * model can write (against Tesseract's own combine_tessdata), the spelling regime and its
 * rules, and the witness model, on thousands of documents drawn from its own generative
 * story with known error rates, where "transcription error" must be right 9 times in 10. */
#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-ocr-channel.h"
#include "vn-ocr-model.h"
#include "vn-orthography.h"
#include "vn-test-util.h"
#include "vn-witness-model.h"

/* ------------------------------------------------------------------ what a model writes */

static VnOcrModel *
model_or_skip (const char *languages)
{
  g_autoptr(GError) error = NULL;
  VnOcrModel *model = vn_ocr_model_new (languages, &error);

  if (model == NULL)
    g_test_message ("%s", error->message);
  return model;
}

static void
test_model_letters (void)
{
  g_autoptr(VnOcrModel) rus = model_or_skip ("rus");
  g_autoptr(VnOcrModel) eng = model_or_skip ("eng");
  g_autoptr(VnOcrModel) both = model_or_skip ("rus+eng");
  g_autoptr(VnOcrModel) cyrillic = model_or_skip ("Cyrillic");
  g_autofree char *unwritable = NULL;

  g_assert_nonnull (rus);
  g_assert_nonnull (eng);
  /* The stock Russian model knows no pre-1918 letter but the hard sign. */
  for (const char *p = "ѣіѳѵїӧ"; *p; p = g_utf8_next_char (p))
    g_assert_false (vn_ocr_model_can_write (rus, g_utf8_get_char (p)));
  for (const char *p = "ъЪжЖё"; *p; p = g_utf8_next_char (p))
    g_assert_true (vn_ocr_model_can_write (rus, g_utf8_get_char (p)));
  g_assert_false (vn_ocr_model_can_write (eng, g_utf8_get_char ("ж")));
  g_assert_true (vn_ocr_model_can_write (both, g_utf8_get_char ("ж")));
  g_assert_true (vn_ocr_model_can_write (both, 'q'));
  unwritable = vn_ocr_model_dup_unwritable (rus, "важнѣйшїй городъ въ цѣлой Венгрїи");
  g_assert_cmpstr (unwritable, ==, "ѣї");
  if (cyrillic == NULL)
    {
      g_test_skip ("tesseract-ocr-script-cyrl is not installed");
      return;
    }
  /* Debian's script model writes the dotted i and Komi's ӧ, still no yat. */
  g_assert_true (vn_ocr_model_can_write (cyrillic, g_utf8_get_char ("і")));
  g_assert_true (vn_ocr_model_can_write (cyrillic, g_utf8_get_char ("ӧ")));
  g_assert_false (vn_ocr_model_can_write (cyrillic, g_utf8_get_char ("ѣ")));
}

/* The letters read from the traineddata are those Tesseract's own tool unpacks. */
static void
test_model_against_combine_tessdata (void)
{
  g_autofree char *tool = g_find_program_in_path ("combine_tessdata");
  g_autofree char *tessdata = vn_runtime_tessdata_dir ();
  g_autofree char *model = g_build_filename (tessdata, "rus.traineddata", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-unicharset-XXXXXX", &error);
  g_autofree char *out = NULL, *data = NULL;
  g_autoptr(VnOcrModel) rus = vn_ocr_model_new_from_file (model, &error);
  g_auto(GStrv) lines = NULL;
  g_auto(VnTestRun) run = { 0 };
  g_autoptr(GHashTable) letters = g_hash_table_new (NULL, NULL);
  guint checked = 0;

  g_assert_no_error (error);
  if (tool == NULL)
    {
      g_test_skip ("combine_tessdata (package tesseract-ocr) is not installed");
      return;
    }
  out = g_build_filename (dir, "rus.lstm-unicharset", NULL);
  vn_test_run_argv (&run, (const char *[]) { tool, "-e", model, out, NULL }, NULL, NULL);
  g_assert_cmpint (run.status, ==, 0);
  data = vn_test_read_file (out);
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 1; lines[i]; i++)
    {
      g_autofree char *unichar = g_strndup (lines[i], strcspn (lines[i], " "));

      if (*unichar == '\0' || g_str_equal (unichar, "NULL"))
        continue;
      for (const char *p = unichar; *p; p = g_utf8_next_char (p))
        {
          g_assert_true (vn_ocr_model_can_write (rus, g_utf8_get_char (p)));
          g_hash_table_add (letters, GUINT_TO_POINTER (g_utf8_get_char (p)));
        }
      checked++;
    }
  /* Every unichar but the space, and not a letter more. */
  g_assert_cmpuint (checked + 1, ==, g_ascii_strtoull (lines[0], NULL, 10));
  g_assert_cmpuint (vn_ocr_model_get_n_characters (rus), ==, g_hash_table_size (letters));
  g_remove (out);
  g_rmdir (dir);
}

/* A file that is no traineddata, or is cut short, is refused in a sentence. */
static void
test_model_bad_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-traineddata-XXXXXX", &error);
  g_autofree char *tessdata = vn_runtime_tessdata_dir ();
  g_autofree char *model = g_build_filename (tessdata, "eng.traineddata", NULL);
  g_autofree char *real = vn_test_read_file (model);
  g_autofree char *path = g_build_filename (dir, "cut.traineddata", NULL);
  g_autoptr(VnOcrModel) cut = NULL, missing = NULL;

  g_assert_no_error (error);
  for (gsize len = 0; len < 400; len += 37)
    {
      g_autoptr(VnOcrModel) m = NULL;

      g_assert_true (g_file_set_contents (path, real, len, NULL));
      m = vn_ocr_model_new_from_file (path, &error);
      g_assert_null (m);
      g_assert_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT);
      g_assert_nonnull (strstr (error->message, "reinstall"));
      g_clear_error (&error);
    }
  missing = vn_ocr_model_new ("qqq", &error);
  g_assert_null (missing);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_remove (path);
  g_rmdir (dir);
}

/* ------------------------------------------------------------------ spelling regimes */

static const char *old_text =
  "важнѣйшїй городъ въ цѣлой Венгрїи, и сколько можетъ обнять взоръ простер-\n"
  "тый въ будущее - потерялъ друга, престолъ и жизнь. Я вкратцѣ объявлю о\n"
  "слѣдующихъ печальныхъ произшествїяхъ кровопролитнаго похода, бывшаго въ\n"
  "1686 году. Сей походъ кончился столь же щастливо какъ и началъ сочиненїи.";

static void
test_orthography_regime (void)
{
  g_autoptr(VnOrthography) old = vn_orthography_new (old_text, -1);
  g_autoptr(VnOrthography) modern = vn_orthography_new ("Надеюсь, что Вы получили сообщение "
                                                        "из Пхеньяна, в котором Вас поставили "
                                                        "в известность о тех событиях.", -1);
  g_autoptr(VnOrthography) komi = vn_orthography_new ("яс, а сідз жӧ сиктса об- Сельсӧветъясса "
                                                      "колхозникъясӧс вӧсна печитіс", -1);
  static const struct { const char *old, *modern; } words[] = {
    { "какъ", "как" }, { "въ", "в" }, { "цѣлой", "целой" }, { "Венгрїи", "Венгрии" },
    { "кровопролитнаго", "кровопролитного" }, { "городъ", "город" }, { "ѳеатръ", "феатр" },
  };

  g_assert_true (vn_orthography_is_pre_reform (old));
  g_assert_false (vn_orthography_is_pre_reform (modern));
  g_assert_false (vn_orthography_is_pre_reform (komi));   /* і and ъ, but no final ъ */
  /* Every whole word that ends in a consonant writes ъ: "простер-", cut at the line end, has
   * no ending to count. */
  g_assert_cmpfloat (vn_orthography_get_hard_sign_share (old), ==, 1.0);
  g_assert_cmpfloat (vn_orthography_get_hard_sign_share (modern), ==, 0.0);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autofree char *m = vn_orthography_modernise (old, words[i].old);
      g_autofree char *same = vn_orthography_modernise (modern, words[i].old);

      g_assert_cmpstr (m, ==, words[i].modern);
      g_assert_cmpstr (same, ==, words[i].old);   /* a modern text is judged as written */
      /* Writing a word as modern spelling does is no correction in an old text (the
       * letters, that is: -аго is a spelling of the ending, not a letter). */
      if (!g_str_has_suffix (words[i].old, "аго"))
        g_assert_true (vn_orthography_modernises (old, words[i].old, words[i].modern));
      g_assert_false (vn_orthography_modernises (old, words[i].modern, words[i].old));
      g_assert_false (vn_orthography_modernises (modern, words[i].old, words[i].modern));
    }
  g_assert_true (vn_orthography_modernises (old, "тенїи", "тени"));
  g_assert_false (vn_orthography_modernises (old, "тенїи", "тенїе"));
}

/* The forms a modern dictionary knows an old word by, real words of the 18th-century pages:
 * the -ыя/-ія adjective endings and the prefixes' з before a voiceless consonant. */
static void
test_orthography_modern_forms (void)
{
  g_autoptr(VnOrthography) old = vn_orthography_new (old_text, -1);
  g_autoptr(VnOrthography) modern = vn_orthography_new ("Надеюсь, что Вы получили сообщение "
                                                        "из Пхеньяна.", -1);
  static const struct { const char *old, *form; } words[] = {
    { "сокровенныя", "сокровенные" }, { "синія", "синие" }, { "разсказъ", "рассказ" },
    { "произшествїяхъ", "происшествиях" }, { "безпокойство", "беспокойство" },
    { "городъ", "город" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_auto(GStrv) forms = vn_orthography_dup_modern_forms (old, words[i].old);
      g_auto(GStrv) same = vn_orthography_dup_modern_forms (modern, words[i].old);

      g_assert_true (g_strv_contains ((const char * const *) forms, words[i].form));
      g_assert_cmpuint (g_strv_length (same), ==, 1);
      g_assert_cmpstr (same[0], ==, words[i].old);
    }
  /* Nothing to change: the word's one modern form; a consonant that is voiced keeps з. */
  {
    g_auto(GStrv) forms = vn_orthography_dup_modern_forms (old, "изданїе");
    g_assert_cmpuint (g_strv_length (forms), ==, 1);
    g_assert_cmpstr (forms[0], ==, "издание");
  }
}

/* Suggestions in the document's spelling: its own word, its letters the OCR cannot write,
 * the old regime's rules; never the modern form. */
static void
test_orthography_write (void)
{
  g_autoptr(VnOrthography) old = vn_orthography_new (old_text, -1);
  g_autoptr(VnOrthography) modern = vn_orthography_new ("Он пошел в город, как и все.", -1);
  g_autoptr(VnOcrModel) rus = model_or_skip ("rus");
  static const struct { const char *ocr, *transcription, *written; } cases[] = {
    { "как", "какь", "какъ" },             /* the document's own word */
    { "Как", "Какь", "Какъ" },
    { "городе", "гброде", "городе" },      /* no rule for a vowel's end */
    { "сочинении", "сочинепии", "сочиненїи" },   /* the text writes ї, before vowels */
    { "пришел", "пришед", "пришелъ" },     /* final consonant */
    { "целой", "цѣлсй", "цѣлой" },          /* its word, with the yat */
    { "вера", "вѣра", "вѣра" },            /* the yat the OCR cannot write kept */
    { "моходЬ", "походЬ", "моходъ" },      /* a tall ъ read as a capital Ь */
    { "подумавЬ", "подумайЪ", "подумавъ" },
    { "ГородЬ", "Городь", "Городъ" },
    { "тоЬ", "тоЬ", "тоЬ" },               /* two letters and a capital: no word to judge */
    { "ОНЬ", "ОНЬ", "ОНЬ" },               /* a word of capitals */
  };

  g_assert_nonnull (rus);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *w = vn_orthography_write (old, cases[i].ocr, cases[i].transcription, rus);
      g_autofree char *m = vn_orthography_write (modern, cases[i].ocr, cases[i].transcription,
                                                 rus);

      g_test_message ("%s / %s → %s", cases[i].ocr, cases[i].transcription, w);
      g_assert_cmpstr (w, ==, cases[i].written);
      /* A modern text gets the OCR's reading, but still never loses an unwritable letter. */
      if (strstr (cases[i].transcription, "ѣ") == NULL)
        g_assert_cmpstr (m, ==, cases[i].ocr);
    }
}

/* ------------------------------------------------------------------ the witness model */

static const double right_forms[VN_N_FORMS] = { 0.40, 0.45, 0.08, 0.07 };
static const double error_forms[VN_N_FORMS] = { 0.10, 0.25, 0.55, 0.10 };

static VnForm
draw_form (GRand        *rand,
           const double *p)
{
  double u = g_rand_double (rand), sum = 0;

  for (guint f = 0; f < VN_N_FORMS - 1; f++)
    if (u < (sum += p[f]))
      return f;
  return VN_N_FORMS - 1;
}

typedef struct
{
  guint accused, accused_right;   /* posterior >= threshold, and truly wrong */
  guint errors, errors_accused;
  guint right_texts_accused;      /* on documents with no transcription error */
} Tally;

/* One document drawn from the model's own story: the transcription errs at @pi per word,
 * the OCR at @ocr_rate, with confidences that say so, and forms as the tables say. */
static void
simulate_document (GRand  *rand,
                   double  pi,
                   double  ocr_rate,
                   Tally  *tally)
{
  g_autoptr(VnWitnessModel) model = vn_witness_model_new ();
  g_autoptr(GArray) evidence = g_array_new (FALSE, TRUE, sizeof (VnEvidence));
  g_autoptr(GArray) truth = g_array_new (FALSE, FALSE, sizeof (gboolean));
  guint tokens = g_rand_int_range (rand, 120, 600);

  for (guint t = 0; t < tokens; t++)
    {
      gboolean t_wrong = g_rand_double (rand) < pi;
      gboolean o_wrong = g_rand_double (rand) < ocr_rate;
      double conf = o_wrong ? g_rand_double_range (rand, 20, 92)
                            : g_rand_double_range (rand, 60, 99);
      VnEvidence e = { .kind = VN_DISCREPANCY_SUBSTITUTION, .confidence = conf };

      if (!t_wrong && !o_wrong)
        {
          vn_witness_model_add_ocr_word (model, conf, TRUE);
          vn_witness_model_add_right_form (model, draw_form (rand, right_forms));
          continue;
        }
      e.transcription_form = draw_form (rand, t_wrong ? error_forms : right_forms);
      e.ocr_form = draw_form (rand, o_wrong ? error_forms : right_forms);
      vn_witness_model_add_ocr_word (model, conf, FALSE);
      vn_witness_model_add_error_form (model, e.ocr_form);
      g_array_append_val (evidence, e);
      g_array_append_val (truth, t_wrong);
    }
  vn_witness_model_set_counts (model, tokens, 0, tokens, 0);
  vn_witness_model_fit (model, (VnEvidence *) evidence->data, evidence->len);
  for (guint i = 0; i < evidence->len; i++)
    {
      double p = vn_witness_model_posterior (model, &g_array_index (evidence, VnEvidence, i));
      gboolean wrong = g_array_index (truth, gboolean, i);
      gboolean accused = p >= VN_LIKELY_TRANSCRIPTION_ERROR_THRESHOLD;

      g_assert_cmpfloat (p, >=, 0);
      g_assert_cmpfloat (p, <=, 1);
      tally->accused += accused;
      tally->accused_right += accused && wrong;
      tally->errors += wrong;
      tally->errors_accused += accused && wrong;
      tally->right_texts_accused += accused && pi == 0;
    }
}

/* Thousands of documents, from clean to rough OCR and from right to careless
 * transcriptions: the verdict keeps its promise whatever the document. */
static void
test_witness_model_calibrated (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1956);
  Tally tally = { 0 };
  guint documents = g_test_perf () ? 4000 : 600;

  for (guint d = 0; d < documents; d++)
    {
      double pi = d % 3 == 0 ? 0 : g_rand_double_range (rand, 0.002, 0.06);
      double ocr_rate = g_rand_double_range (rand, 0.01, 0.35);

      simulate_document (rand, pi, ocr_rate, &tally);
    }
  g_test_message ("%u verdicts, %u right; %u errors, %u found; %u on right texts", tally.accused,
                  tally.accused_right, tally.errors, tally.errors_accused,
                  tally.right_texts_accused);
  g_assert_cmpuint (tally.accused, >, 0);
  g_assert_cmpfloat ((double) tally.accused_right / tally.accused, >=, 0.9);
  /* And it is not silent, though it waits for strong evidence: on these documents, with no
   * second reading, the forms and the OCR's rate alone convict one error in twenty. */
  g_assert_cmpfloat ((double) tally.errors_accused / tally.errors, >=, 0.03);
  /* On right transcriptions, at most one verdict in a hundred documents. */
  g_assert_cmpuint (tally.right_texts_accused * 100, <=, documents / 3 + 100);
}

/* The estimates follow the document: a clean OCR is trusted, a rough one is not. */
static void
test_witness_model_estimates (void)
{
  g_autoptr(VnWitnessModel) clean = vn_witness_model_new ();
  g_autoptr(VnWitnessModel) rough = vn_witness_model_new ();
  VnEvidence e = { .kind = VN_DISCREPANCY_SUBSTITUTION, .confidence = 96,
                   .transcription_form = VN_FORM_NONWORD, .ocr_form = VN_FORM_DOCUMENT };
  VnEvidence explained = e;

  for (guint i = 0; i < 400; i++)
    {
      vn_witness_model_add_ocr_word (clean, 96, i % 100 != 0);
      vn_witness_model_add_ocr_word (rough, 96, i % 4 != 0);
      vn_witness_model_add_right_form (clean, VN_FORM_DICTIONARY);
      vn_witness_model_add_right_form (rough, VN_FORM_DICTIONARY);
    }
  vn_witness_model_set_counts (clean, 400, 0, 400, 0);
  vn_witness_model_set_counts (rough, 400, 0, 400, 0);
  vn_witness_model_fit (clean, &e, 1);
  vn_witness_model_fit (rough, &e, 1);
  g_assert_cmpfloat (vn_witness_model_get_ocr_error_rate (clean, 96), <, 0.03);
  g_assert_cmpfloat (vn_witness_model_get_ocr_error_rate (rough, 96), >, 0.15);
  g_assert_cmpfloat (vn_witness_model_posterior (clean, &e), >,
                     vn_witness_model_posterior (rough, &e));
  /* What the OCR cannot write is never held against the transcription. */
  explained.explained = TRUE;
  g_assert_cmpfloat (vn_witness_model_posterior (clean, &explained), <, 0.05);
  /* A second reading that agrees with the transcription takes the verdict back. */
  e.vote = VN_VOTE_TRANSCRIPTION;
  g_assert_cmpfloat (vn_witness_model_posterior (clean, &e), <,
                     VN_LIKELY_TRANSCRIPTION_ERROR_THRESHOLD);
}

/* A word that both readings are likelier misreadings of counts against the transcription,
 * the more the likelier, but within bounds: no margin convicts a word on a rough page by
 * itself. A word both witnesses read alike is not cleared by the same engine reading it
 * alike a third time. */
static void
test_witness_model_correction (void)
{
  g_autoptr(VnWitnessModel) rough = vn_witness_model_new ();
  VnEvidence e = { .kind = VN_DISCREPANCY_SUBSTITUTION, .confidence = 60,
                   .transcription_form = VN_FORM_NONWORD, .ocr_form = VN_FORM_NONWORD };
  VnEvidence alike = { .kind = VN_DISCREPANCY_SUBSTITUTION, .confidence = 90,
                       .transcription_form = VN_FORM_NONWORD, .ocr_form = VN_FORM_NONWORD,
                       .agreed = 3, .misread_alike = TRUE };
  double before, some, more, boundless, alone;

  for (guint i = 0; i < 400; i++)
    {
      vn_witness_model_add_ocr_word (rough, 60, i % 3 != 0);
      vn_witness_model_add_right_form (rough, i % 5 ? VN_FORM_DICTIONARY : VN_FORM_NONWORD);
    }
  vn_witness_model_set_counts (rough, 400, 0, 400, 0);
  vn_witness_model_fit (rough, &e, 1);
  before = vn_witness_model_posterior (rough, &e);
  e.correction = 2;
  some = vn_witness_model_posterior (rough, &e);
  e.correction = 6;
  more = vn_witness_model_posterior (rough, &e);
  e.correction = 60;
  boundless = vn_witness_model_posterior (rough, &e);
  g_assert_cmpfloat (before, <, some);
  g_assert_cmpfloat (some, <, more);
  g_assert_cmpfloat (fabs (boundless - more), <, 1e-9);
  g_assert_cmpfloat (boundless, <, VN_LIKELY_TRANSCRIPTION_ERROR_THRESHOLD);
  /* Only a substitution has a correction to weigh. */
  e.kind = VN_DISCREPANCY_PUNCTUATION;
  g_assert_cmpfloat (vn_witness_model_posterior (rough, &e), <, before);

  alone = vn_witness_model_posterior (rough, &alike);
  alike.vote = VN_VOTE_TRANSCRIPTION;
  g_assert_cmpfloat (fabs (vn_witness_model_posterior (rough, &alike) - alone), <, 1e-9);
  alike.vote = VN_VOTE_OCR;
  g_assert_cmpfloat (vn_witness_model_posterior (rough, &alike), >, alone);
}

/* ------------------------------------------------------------------ the OCR's channel */

/* A simulated OCR on one typeface: "т" read as "ш" a third of the time, "ѣ" as "ф" half of
 * it, a final "ъ" dropped a quarter of it, "и" read as "п" now and then; other letters
 * right. */
static char *
misread (GRand      *rand,
         const char *word)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      double u = g_rand_double (rand);

      if (c == 0x0442 && u < 0.33)          /* т */
        c = 0x0448;                         /* ш */
      else if (c == 0x0463 && u < 0.5)      /* ѣ */
        c = 0x0444;                         /* ф */
      else if (c == 0x0438 && u < 0.08)     /* и */
        c = 0x043F;                         /* п */
      else if (c == 0x044A && p[2] == '\0' && u < 0.25)
        continue;                           /* a final ъ */
      g_string_append_unichar (out, c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *channel_words[] = {
  "того", "только", "тѣло", "человѣкъ", "твердое", "истина", "мнѣнїе", "Императоръ",
  "достойнаго", "будто", "сто", "тамъ", "между", "правиться", "мѣсто", "нѣтъ",
};

/* Thousands of words read by the simulated OCR: the channel learns its habits from the
 * pairs alone, explains a misreading by its written word better than by any other of the
 * list, and reads misreadings backwards to the words they stand for. */
static void
test_ocr_channel_learns (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1777);
  g_autoptr(VnOcrChannel) channel = vn_ocr_channel_new ();
  guint written_t = 0, explained = 0, found = 0, trials = 0;

  for (guint i = 0; i < 3000; i++)
    {
      const char *w = channel_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (channel_words))];
      g_autofree char *r = misread (rand, w);

      for (const char *p = w; *p; p = g_utf8_next_char (p))
        written_t += g_utf8_get_char (p) == 0x0442;
      vn_ocr_channel_learn (channel, w, r);
    }
  /* About a third of the т were read ш; no letter the OCR never confused is. */
  g_assert_cmpfloat (fabs (vn_ocr_channel_get_times (channel, 0x0442, 0x0448) -
                           0.33 * written_t), <, 0.05 * written_t);
  g_assert_cmpuint (vn_ocr_channel_get_times (channel, 0x043E, 0x0448), ==, 0);
  /* Case does not count. */
  g_assert_cmpuint (vn_ocr_channel_get_times (channel, 0x0422, 0x0428), ==,
                    vn_ocr_channel_get_times (channel, 0x0442, 0x0448));
  g_assert_cmpfloat (vn_ocr_channel_log_ratio (channel, "того", "шого"), >, log (0.1));
  g_assert_cmpfloat (vn_ocr_channel_log_ratio (channel, "того", "шого"), <, 0);
  g_assert_cmpfloat (vn_ocr_channel_log_ratio (channel, "мого", "шого"), <, log (0.01));

  for (guint i = 0; i < 400; i++)
    {
      const char *w = channel_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (channel_words))];
      g_autofree char *r = misread (rand, w);
      g_autoptr(GPtrArray) sources = NULL;
      double best = -INFINITY;
      const char *best_word = NULL;

      if (g_str_equal (r, w))
        continue;
      trials++;
      for (guint k = 0; k < G_N_ELEMENTS (channel_words); k++)
        {
          double lp = vn_ocr_channel_log_prob (channel, channel_words[k], r);
          if (lp > best)
            best = lp, best_word = channel_words[k];
        }
      explained += g_str_equal (best_word, w);
      sources = vn_ocr_channel_dup_sources (channel, r, 2, 24);
      for (guint k = 0; k < sources->len; k++)
        {
          g_autofree char *lower = g_utf8_strdown (w, -1);
          g_assert_false (g_str_equal (g_ptr_array_index (sources, k), r));
          found += g_str_equal (g_ptr_array_index (sources, k), lower);
        }
    }
  g_test_message ("%u misreadings: written word likeliest %u, among the sources %u",
                  trials, explained, found);
  g_assert_cmpuint (trials, >, 100);
  g_assert_cmpuint (explained, >=, trials * 98 / 100);
  /* Two misread letters at most are read backwards: the rest are words with three. */
  g_assert_cmpuint (found, >=, trials * 85 / 100);
}

/* With nothing learnt, a channel still prefers reading a word as itself, and finds no
 * habit to read backwards. */
static void
test_ocr_channel_empty (void)
{
  g_autoptr(VnOcrChannel) channel = vn_ocr_channel_new ();
  g_autoptr(GPtrArray) sources = vn_ocr_channel_dup_sources (channel, "шого", 2, 24);

  g_assert_cmpuint (sources->len, ==, 0);
  g_assert_cmpfloat (vn_ocr_channel_log_prob (channel, "того", "того"), >,
                     vn_ocr_channel_log_prob (channel, "того", "шого"));
  g_assert_cmpfloat (vn_ocr_channel_log_ratio (channel, "", ""), ==, 0);
}

/* The channel remembers its answers, but a new lesson must change them: after each batch of
 * pairs, a channel asked all along answers as one taught the same pairs and asked once. */
static void
test_ocr_channel_remembers_until_next_lesson (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1956);
  g_autoptr(VnOcrChannel) asked = vn_ocr_channel_new ();
  g_autoptr(GPtrArray) taught = g_ptr_array_new_with_free_func (g_free);
  gboolean changed = FALSE;
  double first = 0;

  for (guint batch = 0; batch < 6; batch++)
    {
      g_autoptr(VnOcrChannel) fresh = vn_ocr_channel_new ();

      for (guint i = 0; i < 200; i++)
        {
          const char *w = channel_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (channel_words))];

          g_ptr_array_add (taught, g_strdup (w));
          g_ptr_array_add (taught, misread (rand, w));
          vn_ocr_channel_learn (asked, w, g_ptr_array_index (taught, taught->len - 1));
        }
      for (guint i = 0; i < taught->len; i += 2)
        vn_ocr_channel_learn (fresh, g_ptr_array_index (taught, i),
                              g_ptr_array_index (taught, i + 1));
      for (guint k = 0; k < G_N_ELEMENTS (channel_words); k++)
        {
          g_autofree char *r = misread (rand, channel_words[k]);
          /* Asked twice: the second answer is the remembered one. */
          for (guint twice = 0; twice < 2; twice++)
            {
              g_autoptr(GPtrArray) a = vn_ocr_channel_dup_sources (asked, r, 2, 24);
              g_autoptr(GPtrArray) b = vn_ocr_channel_dup_sources (fresh, r, 2, 24);

              g_assert_cmpfloat (vn_ocr_channel_log_prob (asked, channel_words[k], r), ==,
                                 vn_ocr_channel_log_prob (fresh, channel_words[k], r));
              g_assert_cmpuint (a->len, ==, b->len);
              for (guint s = 0; s < a->len; s++)
                g_assert_cmpstr (g_ptr_array_index (a, s), ==, g_ptr_array_index (b, s));
            }
        }
      if (batch == 0)
        first = vn_ocr_channel_log_prob (asked, "того", "шого");
      else
        changed |= vn_ocr_channel_log_prob (asked, "того", "шого") != first;
    }
  g_assert_true (changed);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/witnesses/model-letters", test_model_letters);
  g_test_add_func ("/verno/witnesses/model-against-combine-tessdata",
                   test_model_against_combine_tessdata);
  g_test_add_func ("/verno/witnesses/model-bad-files", test_model_bad_files);
  g_test_add_func ("/verno/witnesses/orthography-regime", test_orthography_regime);
  g_test_add_func ("/verno/witnesses/orthography-write", test_orthography_write);
  g_test_add_func ("/verno/witnesses/orthography-modern-forms", test_orthography_modern_forms);
  g_test_add_func ("/verno/witnesses/model-calibrated", test_witness_model_calibrated);
  g_test_add_func ("/verno/witnesses/model-estimates", test_witness_model_estimates);
  g_test_add_func ("/verno/witnesses/model-correction", test_witness_model_correction);
  g_test_add_func ("/verno/witnesses/ocr-channel-learns", test_ocr_channel_learns);
  g_test_add_func ("/verno/witnesses/ocr-channel-empty", test_ocr_channel_empty);
  g_test_add_func ("/verno/witnesses/ocr-channel-remembers-until-next-lesson",
                   test_ocr_channel_remembers_until_next_lesson);
  return g_test_run ();
}
