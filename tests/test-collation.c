/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-collation.c: discrepancies between a transcription and OCR words: table-driven on
 * the letter's kinds of error, then the letter itself, scanned and read by Tesseract. */
#include <locale.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "vn-test-util.h"

/* ------------------------------------------------------------------ synthetic OCR */

static VnCollation *
collate (const char         *text,
         const char * const *page1,
         const char * const *page2)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(VnTranscription) t = vn_transcription_new_from_bytes (bytes, "case.txt", NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();

  g_assert_nonnull (t);
  g_ptr_array_add (pages, vn_test_synthetic_page (page1));
  if (page2 != NULL)
    g_ptr_array_add (pages, vn_test_synthetic_page (page2));
  return vn_collation_new (t, pages, spell);
}

static VnDiscrepancy *
find_by_reading (VnCollation *collation,
                 const char  *reading)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collation)); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);
      if (g_str_equal (vn_discrepancy_get_transcription (d), reading) ||
          (*reading == '\0' && g_str_equal (vn_discrepancy_get_ocr (d), reading)))
        return d;
    }
  return NULL;
}

typedef struct
{
  const char *name;
  const char *text;
  const char *ocr[4];
  const char *reading;      /* the transcription's side of the expected discrepancy */
  const char *kind;
  const char *suggestion;
  const char *likely;
  guint       n_discrepancies;
} CollationCase;

static const CollationCase cases[] = {
  { "substitution", "И СЛОЖНОЕ ПОЛОЖОНИС.", { "И СЛОЖНОЕ ПОЛОЖЕНИЕ." },
    "ПОЛОЖОНИС", "substitution", "ПОЛОЖЕНИЕ", "transcription-error", 1 },
  { "merge", "подвергался критике кулвтличности в нашей Партии.",
    { "подвергался критике культ личности в нашей Партии." },
    "кулвтличности", "merge", "культ личности", "transcription-error", 1 },
  { "split", "стало невозможным не только устра нять недостатки",
    { "стало невозможным не только устранять недостатки" },
    "устра нять", "split", "устранять", "transcription-error", 1 },
  { "hyphenation-line-end", "указывали в порядке товари – щеской критики",
    { "указывали в порядке товари-", "щеской критики" },
    "товари – щеской", "hyphenation", "товарищеской", "transcription-error", 1 },
  { "hyphenation-joined", "с критикой, на – правленной на ликвидацию",
    { "с критикой, направленной на ликвидацию" },
    "на – правленной", "hyphenation", "направленной", "transcription-error", 1 },
  { "lookalike-read-right", "Bepho: подпись", { "Верно: подпись" },
    "Bepho", "lookalike", "Верно", "transcription-error", 1 },
  { "lookalike-misread", "Bepho: подпись", { "Берно: подпись" },
    "Bepho", "lookalike", "Верно", "transcription-error", 1 },
  { "lookalike-letter", "/ЛИ САН ЧО/ 3.IX.56 r.", { "/ЛИ САН ЧО/", "3.IX.56 г." },
    "r", "lookalike", "г", "transcription-error", 1 },
  { "missing-in-ocr", "/ЛИ САН ЧО/ Верно: Weener", { "/ЛИ САН ЧО/", "Верно:" },
    "Weener", "missing-in-ocr", "", "transcription-error", 1 },
  /* One word the OCR reads that the transcription lacks is no proof: on real pages such words
   * are mostly the OCR's (tests/test-verdicts.c), and the verdict says only what it knows. */
  { "missing-in-transcription", "Надеюсь, что Вы получили сообщение из Пхеньяна",
    { "Надеюсь, что Вы уже получили сообщение из Пхеньяна" },
    "", "missing-in-transcription", "уже", "unsure", 1 },
  { "ocr-error", "допускала серьезные ошибки и промахи",
    { "допускала серьезные ошибкн и промахи" },
    "ошибки", "substitution", "ошибкн", "ocr-error", 1 },
  { "ocr-error-unsure", "допускала серьезные ошибки и промахи",
    { "допускала серьезные ошибкн@41 и промахи" },
    "ошибки", "substitution", "ошибкн", "ocr-error", 1 },
  { "case", "в Трудовой Партии Кореи", { "в Трудовой ПАРТИИ Кореи" },
    "Партии", "case", "ПАРТИИ", "unsure", 1 },
  { "agreement", "Однако он не посчитался с мнениями товарищей.",
    { "Однако он не посчитался с мнениями товарищей." }, NULL, NULL, NULL, NULL, 0 },
};

/* Lines both witnesses read alike, around each case: a verdict weighs the witnesses as the
 * document shows them, and a page of three words shows nothing. */
static const char *context[] = {
  "Вы, наверно, хорошо знаете, что наша Партия",
  "в последнее время допускала в своей работе",
  "некоторые ошибки, о которых говорили на пленуме",
  "Центрального Комитета наши товарищи, и что",
  "эти события создали внутри партии серьезное",
  "положение, которое требует от всех нас работы.",
  NULL
};

static VnCollation *
collate_in_context (const CollationCase *tc,
                    char               **text)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autofree char *joined = g_strjoinv ("\n", (char **) context);

  for (guint i = 0; context[i]; i++)
    g_ptr_array_add (lines, (gpointer) context[i]);
  for (guint i = 0; tc->ocr[i]; i++)
    g_ptr_array_add (lines, (gpointer) tc->ocr[i]);
  g_ptr_array_add (lines, NULL);
  *text = g_strconcat (joined, "\n", tc->text, NULL);
  return collate (*text, (const char * const *) lines->pdata, NULL);
}

static void
test_cases (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const CollationCase *tc = &cases[c];
      g_autofree char *text = NULL;
      g_autoptr(VnCollation) collation = collate_in_context (tc, &text);
      VnDiscrepancy *d;

      g_test_message ("case %s", tc->name);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (collation)), ==,
                        tc->n_discrepancies);
      if (tc->reading == NULL)
        continue;
      d = find_by_reading (collation, tc->reading);
      g_assert_nonnull (d);
      g_assert_cmpstr (vn_discrepancy_kind_to_string (vn_discrepancy_get_kind (d)), ==, tc->kind);
      g_assert_cmpstr (vn_discrepancy_get_suggestion (d), ==, tc->suggestion);
      g_assert_cmpstr (vn_likely_to_string (vn_discrepancy_get_likely (d)), ==, tc->likely);
      /* The byte range is exactly the reading, in the original text. */
      g_assert_cmpmem (text + vn_discrepancy_get_start (d),
                       vn_discrepancy_get_end (d) - vn_discrepancy_get_start (d),
                       tc->reading, strlen (tc->reading));
    }
}

/* Spaces collapsed, case folded: what two readings say, word for word. */
static char *
words_of (const char *reading)
{
  g_auto(GStrv) words = g_strsplit_set (reading, " \t\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (*words[i] != '\0')
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_utf8_casefold (out->str, -1);
}

/* Real pages whose transcriptions are right (the corpus): where Tesseract reads exactly the
 * words the transcription has, the transcription is never called wrong — on the French page,
 * "la mer" (OCR "la" "mer") was a "likely transcription error, lamer" at 0.999, the space
 * judged a stray because the join is a French word too. */
static void
test_agreeing_witnesses_never_accuse (void)
{
  static const char *pages[][2] = {
    { "corpus/fr-typewritten/FRAN_0150_0003_L-medium.jpg",
      "corpus/fr-typewritten/FRAN_0150_0003_L-medium.txt" },
    { "corpus/en-typewritten/EHRI-BF-19380509b_EN_01.jpg",
      "corpus/en-typewritten/EHRI-BF-19380509b_EN_01.txt" },
  };
  guint n_judged = 0;

  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      g_autofree char *dir = g_dir_make_tmp ("verno-agree-XXXXXX", NULL);
      g_autofree char *scan = vn_test_shared_path (pages[p][0]);
      g_autofree char *truth = vn_test_shared_path (pages[p][1]);
      g_autofree char *image = g_build_filename (dir, "page-1.jpg", NULL);
      g_autofree char *text = g_build_filename (dir, "transcription.txt", NULL);
      g_autofree char *data = NULL, *words = NULL;
      g_auto(VnTestRun) run = { 0 };
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonArray *items;
      gsize len;

      g_assert_true (g_file_get_contents (scan, &data, &len, NULL));
      g_assert_true (g_file_set_contents (image, data, len, NULL));
      g_clear_pointer (&data, g_free);
      g_assert_true (g_file_get_contents (truth, &data, &len, NULL));
      g_assert_true (g_file_set_contents (text, data, len, NULL));
      vn_test_run_verno (&run, dir, FALSE, (const char *[]) { "collate", "--json", dir, NULL });
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
      items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "discrepancies");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *d = json_array_get_object_element (items, i);
          g_autofree char *t = words_of (json_object_get_string_member (d, "transcription"));
          g_autofree char *o = words_of (json_object_get_string_member (d, "ocr"));

          n_judged++;
          if (g_str_equal (json_object_get_string_member (d, "likely"), "transcription-error") &&
              g_str_equal (t, o))
            g_error ("%s: “%s”, read the same by the OCR, called a transcription error (%s)",
                     pages[p][1], json_object_get_string_member (d, "transcription"),
                     json_object_get_string_member (d, "suggestion"));
        }
      vn_test_remove_tree (dir);
    }
  g_test_message ("%u discrepancies judged on %zu corpus pages", n_judged, G_N_ELEMENTS (pages));
  g_assert_cmpuint (n_judged, >, 0);
}

static void
test_ranking_between_kinds (void)
{
  static const char *ocr[] = { "И СЛОЖНОЕ ПОЛОЖЕНИЕ. Серьезные ошибкн.", NULL };
  g_autoptr(VnCollation) collation = collate ("И СЛОЖНОЕ ПОЛОЖОНИС. Серьезные ошибки.", ocr, NULL);
  g_autoptr(VnDiscrepancy) first = g_list_model_get_item (G_LIST_MODEL (collation), 0);
  g_autoptr(VnDiscrepancy) second = g_list_model_get_item (G_LIST_MODEL (collation), 1);

  g_assert_cmpstr (vn_discrepancy_get_transcription (first), ==, "ПОЛОЖОНИС");
  g_assert_cmpstr (vn_discrepancy_get_transcription (second), ==, "ошибки");
  g_assert_cmpfloat (vn_discrepancy_get_score (first), >, vn_discrepancy_get_score (second));
}

/* Pages are found by the alignment; words the OCR missed get a region beside a neighbour. */
static void
test_pages_and_regions (void)
{
  static const char *page1[] = { "Эти события создали внутри партии серьезное", NULL };
  static const char *page2[] = { "2.", "И СЛОЖНОЕ ПОЛОЖЕНИЕ.", NULL };
  g_autoptr(VnCollation) collation =
    collate ("Эти события создали внутри партии серьезное\n\n2.\n\nИ СЛОЖНОЕ "
             "ПОЛОЖЕНИЕ. Конец", page1, page2);
  VnTranscription *t = vn_collation_get_transcription (collation);
  guint n = vn_transcription_get_n_tokens (t);
  const VnTokenPlacement *last = vn_collation_get_placement (collation, n - 1);
  const VnTokenPlacement *before = vn_collation_get_placement (collation, n - 2);

  g_assert_cmpint (vn_collation_get_page_first_token (collation, 1), ==, 6);
  g_assert_cmpint (vn_collation_get_placement (collation, 5)->page, ==, 0);
  g_assert_cmpint (vn_collation_get_placement (collation, 6)->page, ==, 1);
  g_assert_true (last->interpolated);
  g_assert_cmpint (last->page, ==, 1);
  g_assert_cmpint (last->box.y, ==, before->box.y);
  g_assert_cmpint (last->box.x, >, before->box.x + before->box.w);
}

/* Form feeds in the transcription keep each page's words on that page's scan. */
static void
test_form_feed_pages (void)
{
  static const char *page1[] = { "Эти события создали", NULL };
  static const char *page2[] = { "серьезное положение", NULL };
  g_autoptr(VnCollation) collation =
    collate ("Эти события создали серьезное\fсерьезное положение", page1, page2);
  const VnTokenPlacement *missing = vn_collation_get_placement (collation, 3);
  const VnTokenPlacement *found = vn_collation_get_placement (collation, 4);
  g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), 0);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (collation)), ==, 1);
  g_assert_cmpint (missing->page, ==, 0);
  g_assert_true (missing->interpolated);
  g_assert_cmpint (found->page, ==, 1);
  g_assert_cmpint (found->first_ocr, ==, 3);
  g_assert_cmpuint (vn_discrepancy_get_page (d), ==, 0);
  g_assert_cmpint (vn_discrepancy_get_kind (d), ==, VN_DISCREPANCY_MISSING_IN_OCR);
}

/* Words both witnesses read alike that the document says are wrong: a final ъ left out in a
 * text that writes it everywhere else, and a letter this OCR misreads again and again. */
static void
test_agreed_errors (void)
{
  static const char *text =
    "Сей походъ кончился столь же щастливо какъ и началъ. Онъ былъ\n"
    "самой знаменитый для Карла Принца, и тотъ народъ пришелъ въ городъ\n"
    "твердое тамъ стало, и онъ пошелъ къ нему тамъ, гдѣ былъ лесъ и он\n"
    "стоялъ шамъ.";
  static const char *ocr[] = {
    "Сей походъ кончился столь же щастливо какъ и началъ. Онъ былъ",
    "самой знаменишый для Карла Принца, и шошъ народъ пришелъ въ городъ",
    "швердое шамъ стало, и онъ пошелъ къ нему шамъ, гд былъ лесъ и он",
    "стоялъ шамъ.",
    NULL
  };
  g_autoptr(VnCollation) collation = collate (text, ocr, NULL);
  VnDiscrepancy *hard_sign = NULL, *confused = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collation)); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);

      if (g_str_equal (vn_discrepancy_get_transcription (d), "он"))
        hard_sign = d;
      if (g_str_equal (vn_discrepancy_get_transcription (d), "шамъ"))
        confused = d;
      /* The same words read alike elsewhere stay unquestioned. */
      g_assert_cmpstr (vn_discrepancy_get_transcription (d), !=, "стоялъ");
    }
  g_assert_nonnull (hard_sign);
  g_assert_cmpstr (vn_discrepancy_get_suggestion (hard_sign), ==, "онъ");
  g_assert_nonnull (confused);
  g_assert_cmpstr (vn_discrepancy_get_suggestion (confused), ==, "тамъ");
  g_assert_cmpstr (vn_discrepancy_get_ocr (confused), ==, "шамъ");
  g_assert_nonnull (vn_discrepancy_get_reasons (confused)[0]);
}

/* The score of the word both witnesses read as @read, on a page where the OCR reads т as ш
 * @n times in the transcription's words; @elsewhere: the transcription writes the fix
 * (@read with т) in one of them. */
static double
agreed_misreading_score (const char *read,
                         guint       n,
                         gboolean    elsewhere,
                         char      **suggestion)
{
  static const char *words[] = { "тихо", "тотчасъ", "стало", "твердое", "мостъ", "тогда" };
  g_autoptr(GString) text = g_string_new ("Сей походъ кончился столь же щастливо какъ и "
                                          "началъ. Онъ былъ\n");
  g_autoptr(GString) page = g_string_new (text->str);
  g_autofree char *fix = g_strdup (read);
  g_autoptr(VnCollation) collation = NULL;
  g_auto(GStrv) lines = NULL;
  double score = -1;

  /* The fix: every ш of @read a т. */
  for (char *p = strstr (fix, "ш"); p; p = strstr (p, "ш"))
    memcpy (p, "т", strlen ("т"));
  for (guint i = 0; i < n; i++)
    {
      const char *w = elsewhere && i == 0 ? fix : words[i % G_N_ELEMENTS (words)];
      g_autofree char *misread = g_strdup (w);

      for (char *p = strstr (misread, "т"); p; p = strstr (p, "т"))
        memcpy (p, "ш", strlen ("ш"));
      g_string_append_printf (text, "и %s былъ,\n", w);
      g_string_append_printf (page, "и %s былъ,\n", misread);
    }
  g_string_append_printf (text, "онъ стоялъ %s.", read);
  g_string_append_printf (page, "онъ стоялъ %s.", read);
  lines = g_strsplit (page->str, "\n", -1);
  collation = collate (text->str, (const char * const *) lines, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collation)); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);

      if (g_str_equal (vn_discrepancy_get_transcription (d), read))
        {
          score = vn_discrepancy_get_score (d);
          *suggestion = g_strdup (vn_discrepancy_get_suggestion (d));
        }
    }
  return score;
}

/* A word both witnesses read alike, one habitual misreading off a word: held below the sure
 * verdicts while only a dictionary knows the word, not once the transcription writes it
 * elsewhere; and the likelier so the more often the OCR misreads the letter here. */
static void
test_agreed_misreading_of_own_word (void)
{
  static const char *reads[][2] = { { "шамъ", "тамъ" }, { "шакъ", "такъ" },
                                    { "шеперь", "теперь" } };

  for (guint r = 0; r < G_N_ELEMENTS (reads); r++)
    {
      double last = 0;

      for (guint n = 3; n <= 12; n += 3)
        {
          g_autofree char *own = NULL, *other = NULL;
          double with = agreed_misreading_score (reads[r][0], n, TRUE, &own);
          double without = agreed_misreading_score (reads[r][0], n, FALSE, &other);

          g_test_message ("%s, %u confusions: %.3f (%s) with the word elsewhere, %.3f (%s) "
                          "without", reads[r][0], n, with, own, without, other);
          g_assert_cmpstr (own, ==, reads[r][1]);
          g_assert_cmpstr (other, ==, reads[r][1]);
          g_assert_cmpfloat (without, <=, 0.7);
          g_assert_cmpfloat (with, >, last);
          last = with;
        }
      g_assert_cmpfloat (last, >, 0.7);
    }
}

/* A text with a letter its OCR never writes (Komi "ӧ", which the stock models read as "о"),
 * and a word both witnesses read with "о" where the rest of the text writes "ӧ" between
 * those letters: a discrepancy that puts the letter back, left to the editor, even where a
 * dictionary of another language knows the word. A word whose "о" the text writes so
 * elsewhere stays unquestioned. */
static void
test_agreed_unwritten_letter (void)
{
  static const char *lines[] = {
    "Колхозъяс вылӧ пуктӧма уджалӧм кузя тӧдчана мог, колхозлы сетӧма мӧд",
    "туй. Колхозникъяслӧн олӧмыс бурмӧма, тӧвся уджъяс мунӧны бура, сійӧ",
    "вӧчӧма став уджсӧ, тӧдӧмӧн пыртӧма выль машинаяс колхозъясӧ, бригадаӧ",
    "чукӧртӧма войтырӧс колхозсьыс, мӧдӧдӧма тӧвся вӧрлэдзӧмӧ. Сійӧ",
    "вартома нин став кӧлхознӧй ю колхозын, коло.",
  };
  g_autoptr(GString) text = g_string_new (NULL), page = g_string_new (NULL);
  g_auto(GStrv) read = NULL;
  g_autoptr(VnCollation) collation = NULL;
  VnDiscrepancy *rewritten;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *misread = g_strdup (lines[i]);

      for (char *p = strstr (misread, "ӧ"); p; p = strstr (p, "ӧ"))
        memcpy (p, "о", strlen ("о"));
      g_string_append_printf (text, "%s\n", lines[i]);
      g_string_append_printf (page, "%s\n", misread);
    }
  read = g_strsplit (page->str, "\n", -1);
  /* The published text read "вартома" alike with the OCR. */
  collation = collate (text->str, (const char * const *) read, NULL);
  rewritten = find_by_reading (collation, "вартома");
  g_assert_nonnull (rewritten);
  g_assert_cmpstr (vn_discrepancy_get_suggestion (rewritten), ==, "вартӧма");
  g_assert_cmpstr (vn_discrepancy_get_ocr (rewritten), ==, "вартома");
  g_assert_cmpfloat (vn_discrepancy_get_score (rewritten), <=, 0.7);
  g_assert_cmpint (vn_discrepancy_get_likely (rewritten), !=, VN_LIKELY_TRANSCRIPTION_ERROR);
  /* A Russian dictionary knows "коло"; it is no proof in a text it knows few words of. */
  rewritten = find_by_reading (collation, "коло");
  g_assert_nonnull (rewritten);
  g_assert_cmpstr (vn_discrepancy_get_suggestion (rewritten), ==, "колӧ");
  /* Read with the letter the OCR cannot write, every other word is the OCR's to explain. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collation)); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);

      g_assert_cmpint (vn_discrepancy_get_likely (d), !=, VN_LIKELY_TRANSCRIPTION_ERROR);
      g_assert_cmpstr (vn_discrepancy_get_transcription (d), !=, "колхозын");
    }
}

/* The score and suggestion of @word, read alike by both witnesses at the end of a text that
 * writes a final ъ everywhere, and writes the word elsewhere as @own; the OCR reads the
 * text's ъ as a capital Ь or Ъ now and then. */
static double
agreed_capital_score (const char *word,
                      const char *own,
                      char      **suggestion)
{
  static const char *format =
    "Сей поход%s кончился столь же щастливо как%s и начал%s. Он%s был%s\n"
    "самой знаменитый для Карла Принца, и тот%s народ%s пришел%s в%s %s\n"
    "и он%s пошел%s к%s нему там%s, гдѣ был%s лес%s и %s.";
  g_autofree char *text = g_strdup_printf (format, "ъ", "ъ", "ъ", "ъ", "ъ", "ъ", "ъ", "ъ",
                                           "ъ", own, "ъ", "ъ", "ъ", "ъ", "ъ", "ъ", word);
  g_autofree char *page = g_strdup_printf (format, "Ь", "ъ", "Ъ", "ъ", "Ь", "ъ", "Ь", "ъ",
                                           "ъ", own, "Ъ", "ъ", "ъ", "Ь", "ъ", "ъ", word);
  g_auto(GStrv) lines = g_strsplit (page, "\n", -1);
  g_autoptr(VnCollation) collation = collate (text, (const char * const *) lines, NULL);
  double score = -1;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collation)); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);

      if (g_str_equal (vn_discrepancy_get_transcription (d), word))
        {
          g_free (*suggestion);
          *suggestion = g_strdup (vn_discrepancy_get_suggestion (d));
          score = vn_discrepancy_get_score (d);
        }
    }
  return score;
}

/* A final ъ read as a capital Ь among small letters by both witnesses, in a text that
 * writes a final ъ everywhere: the regime and the odd capital both speak against it, enough
 * for a verdict (a capital alone left "городЬ" at 0.62). */
static void
test_agreed_final_capital (void)
{
  static const char *words[][2] = {
    { "городЬ", "городъ" }, { "народЬ", "народъ" }, { "пришелЬ", "пришелъ" },
    { "пошелЬ", "пошелъ" }, { "ГородЬ", "Городъ" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autofree char *suggestion = NULL;
      double score = agreed_capital_score (words[i][0], words[i][1], &suggestion);

      g_test_message ("%s: %.3f (%s)", words[i][0], score, suggestion);
      g_assert_cmpstr (suggestion, ==, words[i][1]);
      g_assert_cmpfloat (score, >=, VN_LIKELY_TRANSCRIPTION_ERROR_THRESHOLD);
    }
}

/* A transcription in letters the OCR's model cannot write gets the advice of a model that
 * can, when one is installed; a modern one gets none. */
static void
test_model_advice (void)
{
  static const char *old = "важнѣйшїй городъ въ цѣлой Венгрїи, и сочиненїи прочїе Россїи";
  static const char *ocr[] = { "важнЪйшйй городъ въ цЪлой Венгрйи, и сочинени прочие Россти",
                               NULL };
  g_autoptr(GBytes) bytes = g_bytes_new (old, strlen (old));
  g_autoptr(VnTranscription) t = vn_transcription_new_from_bytes (bytes, "old.txt", NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  g_autoptr(VnCollation) collation = NULL;
  g_autoptr(VnCollation) modern = NULL;
  g_autofree char *advice = NULL, *none = NULL, *tessdata = vn_runtime_tessdata_dir ();
  g_autofree char *cyrillic = g_build_filename (tessdata, "Cyrillic.traineddata", NULL);

  g_ptr_array_add (pages, vn_test_synthetic_page (ocr));
  collation = vn_collation_new_full (t, pages, spell, "rus");
  advice = vn_collation_dup_model_advice (collation, "rus");
  modern = collate ("Надеюсь, что Вы получили сообщение из Пхеньяна",
                    (const char *[]) { "Надеюсь, что Вы получили сообщение из Пхеньяна", NULL },
                    NULL);
  none = vn_collation_dup_model_advice (modern, "rus");
  g_assert_null (none);
  if (!g_file_test (cyrillic, G_FILE_TEST_EXISTS))
    {
      g_assert_null (advice);
      g_test_skip ("tesseract-ocr-script-cyrl is not installed");
      return;
    }
  g_assert_nonnull (advice);
  g_assert_nonnull (strstr (advice, "--lang Cyrillic"));
  g_assert_nonnull (strstr (advice, "ї"));
}

/* ------------------------------------------------------------------ the letter */

typedef struct
{
  char *reading;
  char *truth;
  char *kind;
  guint start, end;
} ArchiveError;

static void
archive_error_free (gpointer data)
{
  ArchiveError *e = data;

  g_free (e->reading);
  g_free (e->truth);
  g_free (e->kind);
  g_free (e);
}

/* Where the whitespace-separated words of @reading stand in @t, as whole tokens. */
static gboolean
locate (VnTranscription *t,
        ArchiveError    *e)
{
  g_auto(GStrv) words = g_strsplit (e->reading, " ", -1);
  guint n = g_strv_length (words);

  for (guint i = 0; i + n <= vn_transcription_get_n_tokens (t); i++)
    {
      gboolean all = TRUE;

      for (guint k = 0; k < n && all; k++)
        {
          const VnToken *token = vn_transcription_get_token (t, i + k);
          g_autofree char *core = vn_transcription_dup_range (t, token->core_start, token->core_end);
          all = g_str_equal (core, words[k]) || g_str_equal (token->text, words[k]);
        }
      if (all)
        {
          e->start = vn_transcription_get_token (t, i)->core_start;
          e->end = vn_transcription_get_token (t, i + n - 1)->core_end;
          return TRUE;
        }
    }
  return FALSE;
}

static GPtrArray *
load_archive_errors (VnTranscription *t)
{
  g_autofree char *path = vn_test_source_path ("tests/data/letter-1956/archive-errors.tsv");
  g_autofree char *data = vn_test_read_file (path);
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  GPtrArray *errors = g_ptr_array_new_with_free_func (archive_error_free);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) cols = NULL;
      ArchiveError *e;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      cols = g_strsplit (lines[i], "\t", 3);
      g_assert_cmpuint (g_strv_length (cols), ==, 3);
      e = g_new0 (ArchiveError, 1);
      e->reading = g_strdup (cols[0]);
      e->truth = g_strdup (cols[1]);
      e->kind = g_strdup (cols[2]);
      g_assert_true (locate (t, e));
      g_ptr_array_add (errors, e);
    }
  return errors;
}

static int
archive_error_at (GPtrArray     *errors,
                  VnDiscrepancy *d)
{
  for (guint i = 0; i < errors->len; i++)
    {
      ArchiveError *e = g_ptr_array_index (errors, i);
      if (vn_discrepancy_get_start (d) < e->end && e->start < vn_discrepancy_get_end (d))
        return i;
    }
  return -1;
}

/* The typescript's text, with its line-end hyphenation undone, as one line. */
static char *
dehyphenated_truth (void)
{
  g_autofree char *path = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *truth = vn_test_read_file (path);
  g_autoptr(GRegex) hyphen = g_regex_new ("-[ \t]*\n[ \t]*", 0, 0, NULL);
  g_autofree char *joined = g_regex_replace_literal (hyphen, truth, -1, 0, "", 0, NULL);

  return vn_test_normalize_for_cer (joined);
}

/* The list of archive errors agrees with the ground truth it was read from. */
static void
test_archive_errors_in_truth (void)
{
  g_autofree char *flat = dehyphenated_truth ();
  g_auto(GStrv) truth_words = g_strsplit_set (flat, " .,:;!?/()", -1);
  g_autoptr(VnProject) project = NULL;
  g_autoptr(GPtrArray) pages = vn_test_ocr_letter (&project);
  g_autoptr(GPtrArray) errors = load_archive_errors (vn_project_get_transcription (project));

  for (guint i = 0; i < errors->len; i++)
    {
      ArchiveError *e = g_ptr_array_index (errors, i);

      g_test_message ("%s → %s", e->reading, e->truth);
      if (*e->truth != '\0')
        g_assert_nonnull (strstr (flat, e->truth));
      if (strchr (e->reading, ' ') == NULL)
        g_assert_false (g_strv_contains ((const char * const *) truth_words, e->reading));
    }
}

static void
test_letter (void)
{
  g_autoptr(VnProject) project = NULL;
  g_autoptr(GPtrArray) pages = vn_test_ocr_letter (&project);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  VnTranscription *t = vn_project_get_transcription (project);
  g_autoptr(VnCollation) collation = vn_collation_new (t, pages, spell);
  g_autoptr(GPtrArray) errors = load_archive_errors (t);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (collation));
  g_autofree int *rank_of = g_new (int, errors->len);
  guint found = 0, suggested = 0, last_archive_rank = 0, others_before = 0, others = 0;

  for (guint i = 0; i < errors->len; i++)
    rank_of[i] = -1;
  for (guint r = 0; r < n; r++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), r);
      int e = archive_error_at (errors, d);

      g_print ("# %2u %.2f %-20s %-13s %s → %s (ocr %s)%s\n", r + 1, vn_discrepancy_get_score (d),
               vn_likely_to_string (vn_discrepancy_get_likely (d)),
               vn_discrepancy_kind_to_string (vn_discrepancy_get_kind (d)),
               vn_discrepancy_get_transcription (d), vn_discrepancy_get_suggestion (d),
               vn_discrepancy_get_ocr (d), e >= 0 ? "  [archive error]" : "");
      if (e < 0)
        {
          others++;
          continue;
        }
      if (rank_of[e] >= 0)
        continue;
      rank_of[e] = r;
      found++;
      last_archive_rank = r;
      others_before = others;
      suggested += g_str_equal (vn_discrepancy_get_suggestion (d),
                                ((ArchiveError *) g_ptr_array_index (errors, e))->truth);
      g_assert_cmpint (vn_discrepancy_get_likely (d), !=, VN_LIKELY_OCR_ERROR);
    }
  g_print ("# recall %u/%u, right suggestion %u/%u, last archive error at rank %u of %u, "
           "%u other discrepancies ranked before it\n", found, errors->len, suggested,
           errors->len, last_archive_rank + 1, n, others_before);
  for (guint i = 0; i < errors->len; i++)
    if (rank_of[i] < 0)
      g_test_message ("not flagged: %s", ((ArchiveError *) g_ptr_array_index (errors, i))->reading);
  g_assert_cmpuint (found, ==, errors->len);
  g_assert_cmpuint (suggested, >=, errors->len - 1);
  g_assert_cmpuint (others_before, ==, 0);
}

static void
test_letter_json (void)
{
  g_autoptr(VnProject) project = NULL;
  g_autoptr(GPtrArray) pages = vn_test_ocr_letter (&project);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  VnTranscription *t = vn_project_get_transcription (project);
  g_autoptr(VnCollation) collation = vn_collation_new (t, pages, spell);
  g_autofree char *json = vn_collation_to_json (collation, vn_project_get_scan_pages (project));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *list;
  gsize len;
  const char *text = vn_transcription_get_text (t, &len);

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "pages")), ==, 2);
  list = json_object_get_array_member (root, "discrepancies");
  g_assert_cmpuint (json_array_get_length (list), ==, g_list_model_get_n_items (G_LIST_MODEL (collation)));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *d = json_array_get_object_element (list, i);
      gint64 start = json_object_get_int_member (d, "start");
      gint64 end = json_object_get_int_member (d, "end");
      const char *reading = json_object_get_string_member (d, "transcription");
      JsonArray *bbox = json_object_get_array_member (d, "bbox");
      double score = json_object_get_double_member (d, "score");

      g_assert_cmpint (end, <=, (gint64) len);
      g_assert_cmpmem (text + start, end - start, reading, strlen (reading));
      g_assert_cmpuint (json_array_get_length (bbox), ==, 4);
      g_assert_cmpint (json_array_get_int_element (bbox, 2), >, 0);
      g_assert_cmpfloat (score, >=, 0);
      g_assert_cmpfloat (score, <=, 1);
      g_assert_true (g_strv_contains ((const char *[]) { "transcription-error", "ocr-error",
                                                         "unsure", NULL },
                                      json_object_get_string_member (d, "likely")));
      /* Every verdict says why, in words. */
      g_assert_true (json_object_has_member (d, "reasons"));
      if (g_str_equal (json_object_get_string_member (d, "likely"), "transcription-error"))
        g_assert_cmpuint (json_array_get_length (json_object_get_array_member (d, "reasons")),
                          >, 0);
      if (i > 0)
        g_assert_cmpfloat (score, <=, json_object_get_double_member (
                             json_array_get_object_element (list, i - 1), "score"));
    }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");  /* the ranking is printed in Russian */
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/collation/cases", test_cases);
  g_test_add_func ("/verno/collation/agreeing-witnesses", test_agreeing_witnesses_never_accuse);
  g_test_add_func ("/verno/collation/ranking-between-kinds", test_ranking_between_kinds);
  g_test_add_func ("/verno/collation/pages-and-regions", test_pages_and_regions);
  g_test_add_func ("/verno/collation/form-feed-pages", test_form_feed_pages);
  g_test_add_func ("/verno/collation/agreed-errors", test_agreed_errors);
  g_test_add_func ("/verno/collation/agreed-unwritten-letter", test_agreed_unwritten_letter);
  g_test_add_func ("/verno/collation/agreed-misreading-of-own-word",
                   test_agreed_misreading_of_own_word);
  g_test_add_func ("/verno/collation/agreed-final-capital", test_agreed_final_capital);
  g_test_add_func ("/verno/collation/model-advice", test_model_advice);
  g_test_add_func ("/verno/collation/archive-errors-in-truth", test_archive_errors_in_truth);
  g_test_add_func ("/verno/collation/letter", test_letter);
  g_test_add_func ("/verno/collation/letter-json", test_letter_json);
  return g_test_run ();
}
