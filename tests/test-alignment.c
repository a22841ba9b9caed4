/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-alignment.c: word alignment and edit distance, on cases from a real letter and at random. */
#include <string.h>

#include "vn-alignment.h"
#include "vn-text-distance.h"

/* ---------------------------------------------------------------------------------------- */
/* Helpers                                                                                  */

/* Splits a space-separated line into keys; "_" stands for an empty (punctuation-only) key. */
static GStrv
split_keys (const char *line)
{
  g_auto(GStrv) parts = g_strsplit (line, " ", -1);
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();

  for (guint k = 0; parts[k] != NULL; k++)
    {
      if (parts[k][0] == '\0')
        continue;
      g_strv_builder_add (keys, strcmp (parts[k], "_") == 0 ? "" : parts[k]);
    }

  return g_strv_builder_end (keys);
}

/* One hunk per token: op ("=", "~", "-", "+") then a_start,a_len:b_start,b_len. */
static char *
format_hunks (GArray *hunks)
{
  static const char ops[] = { [VN_ALIGN_EQUAL] = '=', [VN_ALIGN_REPLACE] = '~',
                              [VN_ALIGN_DELETE] = '-', [VN_ALIGN_INSERT] = '+' };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint k = 0; k < hunks->len; k++)
    {
      const VnAlignHunk *h = &g_array_index (hunks, VnAlignHunk, k);

      g_string_append_printf (out, "%s%c%u,%u:%u,%u", k > 0 ? " " : "",
                              ops[h->op], h->a_start, h->a_len, h->b_start, h->b_len);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Checks what every caller relies on: hunks tile both sequences, in order, and say the truth. */
static void
assert_hunks_valid (GArray             *hunks,
                    const char * const *a,
                    guint               n_a,
                    const char * const *b,
                    guint               n_b)
{
  guint i = 0, j = 0;

  for (guint k = 0; k < hunks->len; k++)
    {
      const VnAlignHunk *h = &g_array_index (hunks, VnAlignHunk, k);

      g_assert_cmpuint (h->a_start, ==, i);
      g_assert_cmpuint (h->b_start, ==, j);
      g_assert_cmpuint (h->a_len + h->b_len, >, 0);
      switch (h->op)
        {
        case VN_ALIGN_EQUAL:
          g_assert_cmpuint (h->a_len, ==, h->b_len);
          for (guint t = 0; t < h->a_len; t++)
            g_assert_cmpstr (a[i + t], ==, b[j + t]);
          break;
        case VN_ALIGN_REPLACE:
          g_assert_cmpuint (h->a_len, >=, 1);
          g_assert_cmpuint (h->a_len, <=, 4);
          g_assert_cmpuint (h->b_len, >=, 1);
          g_assert_cmpuint (h->b_len, <=, 4);
          break;
        case VN_ALIGN_DELETE:
          g_assert_cmpuint (h->b_len, ==, 0);
          break;
        case VN_ALIGN_INSERT:
          g_assert_cmpuint (h->a_len, ==, 0);
          break;
        default:
          g_assert_not_reached ();
        }
      i += h->a_len;
      j += h->b_len;
    }

  g_assert_cmpuint (i, ==, n_a);
  g_assert_cmpuint (j, ==, n_b);
}

static GArray *
align_checked (const char * const *a,
               guint               n_a,
               const char * const *b,
               guint               n_b)
{
  GArray *hunks = vn_align_words (a, n_a, b, n_b);

  assert_hunks_valid (hunks, a, n_a, b, n_b);
  return hunks;
}

/* ---------------------------------------------------------------------------------------- */
/* Table of small cases, mostly from the letter (published transcription = A, OCR = B).     */

typedef struct
{
  const char *name;
  const char *a;
  const char *b;
  const char *expected;
} AlignCase;

static const AlignCase align_cases[] = {
  { "empty", "", "", "" },
  { "empty-a", "", "копия верна", "+0,0:0,2" },
  { "empty-b", "копия верна", "", "-0,2:0,0" },
  { "identical", "дорогой товарищ сталин", "дорогой товарищ сталин", "=0,3:0,3" },
  { "substitution", "согласно положонис о партии", "согласно положение о партии",
    "=0,1:0,1 ~1,1:1,1 =2,2:2,2" },
  { "merge", "борьба против кулвтличности и её", "борьба против культ личности и её",
    "=0,2:0,2 ~2,1:2,2 =3,2:4,2" },
  { "split", "необходимо устра нять недостатки", "необходимо устранять недостатки",
    "=0,1:0,1 ~1,2:1,1 =3,1:2,1" },
  { "hyphen-dash-vs-trailing", "дружеской товари – щеской помощи",
    "дружеской товари- щеской помощи", "=0,1:0,1 ~1,2:1,1 =3,2:2,2" },
  { "hyphen-dash-vs-joined", "дружеской товари – щеской помощи",
    "дружеской товарищеской помощи", "=0,1:0,1 ~1,3:1,1 =4,1:2,1" },
  { "hyphen-trailing-vs-joined", "дружеской товари- щеской помощи",
    "дружеской товарищеской помощи", "=0,1:0,1 ~1,2:1,1 =3,1:2,1" },
  { "hyphen-na-pravlennoy", "работы на – правленной против", "работы направленной против",
    "=0,1:0,1 ~1,3:1,1 =4,1:2,1" },
  { "signature-only-in-a", "с коммунистическим приветом weener", "с коммунистическим приветом",
    "=0,3:0,3 -3,1:3,0" },
  { "ocr-line-only-in-b", "конец абзаца начало следующего",
    "конец абзаца центральный комитет всесоюзной коммунистической партии начало следующего",
    "=0,2:0,2 +2,0:2,5 =2,2:7,2" },
  { "page-number-only-in-b", "идти дальше по", "идти 2. дальше по", "=0,1:0,1 +1,0:1,1 =1,2:2,2" },
  { "page-number-only-in-a", "идти 2. дальше по", "идти дальше по", "=0,1:0,1 -1,1:1,0 =2,2:1,2" },
  { "unrelated-word-is-a-gap", "мы пошли домой", "мы xyz домой", "=0,1:0,1 -1,1:1,0 +2,0:1,1 =2,1:2,1" },
  { "all-different", "один два три", "xyz qwe rty", "-0,3:0,0 +3,0:0,3" },
  { "merge-keeps-neighbour-apart", "борьба с кулвтличности", "борьба с культ личности и",
    "=0,2:0,2 ~2,1:2,2 +3,0:4,1" },
  { "substitution-and-merge", "положонис о кулвтличности", "положение о культ личности",
    "~0,1:0,1 =1,1:1,1 ~2,1:2,2" },
  { "repeated-words-trimmed", "да да нет да да", "да да да да", "=0,2:0,2 -2,1:2,0 =3,2:2,2" },
  { "repeated-words-tail", "и и и и", "и и и", "=0,3:0,3 -3,1:3,0" },
  { "repeated-words-no-anchor", "кот и пес и мыш", "кат и пёс и мышь",
    "~0,1:0,1 =1,1:1,1 ~2,1:2,1 =3,1:3,1 ~4,1:4,1" },
  { "empty-key-only-in-a", "слово _ дальше", "слово дальше", "=0,1:0,1 -1,1:1,0 =2,1:1,1" },
  { "empty-keys-repeated", "_ _", "_", "=0,1:0,1 -1,1:1,0" },
  { "dash-vs-empty", "он – сказал", "он _ сказал", "=0,1:0,1 ~1,1:1,1 =2,1:2,1" },
};

static void
test_align_case (gconstpointer data)
{
  const AlignCase *c = data;
  g_auto(GStrv) a = split_keys (c->a);
  g_auto(GStrv) b = split_keys (c->b);
  g_autoptr(GArray) hunks = NULL;
  g_autofree char *got = NULL;

  hunks = align_checked ((const char * const *) a, g_strv_length (a),
                         (const char * const *) b, g_strv_length (b));
  got = format_hunks (hunks);
  g_assert_cmpstr (got, ==, c->expected);
}

/* ---------------------------------------------------------------------------------------- */
/* Larger structured cases                                                                  */

static GPtrArray *
numbered_words (guint n)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 0; k < n; k++)
    g_ptr_array_add (words, g_strdup_printf ("слово%u", k));

  return words;
}

static void
test_align_long_identical (void)
{
  g_autoptr(GPtrArray) a = numbered_words (10000);
  g_autoptr(GPtrArray) b = numbered_words (10000);
  g_autoptr(GArray) hunks = NULL;
  g_autofree char *got = NULL;

  g_free (b->pdata[5000]);
  b->pdata[5000] = g_strdup ("слова5000");
  hunks = align_checked ((const char * const *) a->pdata, a->len,
                         (const char * const *) b->pdata, b->len);
  got = format_hunks (hunks);
  g_assert_cmpstr (got, ==, "=0,5000:0,5000 ~5000,1:5000,1 =5001,4999:5001,4999");
}

static void
test_align_reversed (void)
{
  g_autoptr(GPtrArray) a = numbered_words (3000);
  g_autoptr(GPtrArray) b = g_ptr_array_new ();
  g_autoptr(GArray) hunks = NULL;
  guint equal = 0;

  for (guint k = a->len; k-- > 0;)
    g_ptr_array_add (b, a->pdata[k]);
  hunks = align_checked ((const char * const *) a->pdata, a->len,
                         (const char * const *) b->pdata, b->len);
  for (guint k = 0; k < hunks->len; k++)
    if (g_array_index (hunks, VnAlignHunk, k).op == VN_ALIGN_EQUAL)
      equal += g_array_index (hunks, VnAlignHunk, k).a_len;
  g_assert_cmpuint (equal, ==, 1);
}

/* No word in common and no similar pair: the big region is cut into pieces, all gaps. */
static void
test_align_large_all_different (void)
{
  g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) b = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) hunks = NULL;

  for (guint k = 0; k < 3000; k++)
    {
      g_ptr_array_add (a, g_strdup_printf ("abc%u", k));
      g_ptr_array_add (b, g_strdup_printf ("xyz%u", k + 5000));
    }
  hunks = align_checked ((const char * const *) a->pdata, a->len,
                         (const char * const *) b->pdata, b->len);
  g_assert_cmpuint (hunks->len, >, 0);
}

/* Only three distinct words, so no anchor at all: the banded DP must still find the equal ones. */
static void
test_align_large_repeated (void)
{
  static const char *vocabulary[] = { "и", "в", "на" };
  g_autoptr(GPtrArray) a = g_ptr_array_new ();
  g_autoptr(GPtrArray) b = g_ptr_array_new ();
  g_autoptr(GArray) hunks = NULL;
  guint equal = 0;

  for (guint k = 0; k < 4000; k++)
    {
      const char *word = vocabulary[(k * 7 + k / 5) % 3];

      g_ptr_array_add (a, (gpointer) word);
      if (k % 50 != 25)
        g_ptr_array_add (b, (gpointer) word);
    }
  hunks = align_checked ((const char * const *) a->pdata, a->len,
                         (const char * const *) b->pdata, b->len);
  for (guint k = 0; k < hunks->len; k++)
    if (g_array_index (hunks, VnAlignHunk, k).op == VN_ALIGN_EQUAL)
      equal += g_array_index (hunks, VnAlignHunk, k).a_len;
  g_assert_cmpuint (equal, >=, b->len * 95 / 100);
}

/* ---------------------------------------------------------------------------------------- */
/* Randomized property test                                                                 */

static char *
random_word (void)
{
  static const char *letters[] = { "а", "б", "в", "г", "д", "е", "к", "л", "м", "о", "-", "–" };
  guint length = g_test_rand_int_range (0, 7);
  GString *word = g_string_new (NULL);

  for (guint k = 0; k < length; k++)
    g_string_append (word, letters[g_test_rand_int_range (0, G_N_ELEMENTS (letters))]);

  return g_string_free (word, FALSE);
}

/* Copies @a into @b with OCR-like damage: changed letters, splits, merges, gaps. */
static void
damage_words (GPtrArray *a,
              GPtrArray *b)
{
  for (guint k = 0; k < a->len; k++)
    {
      const char *word = a->pdata[k];
      gsize half = strlen (word) / 2;

      switch (g_test_rand_int_range (0, 14))
        {
        case 0: break;
        case 1: g_ptr_array_add (b, random_word ()); break;
        case 2: g_ptr_array_add (b, g_strndup (word, half));
                g_ptr_array_add (b, g_strdup (word + half)); break;
        case 3: g_ptr_array_add (b, g_strconcat (word, k + 1 < a->len ? a->pdata[++k] : "", NULL));
                break;
        case 4: g_ptr_array_add (b, g_strdup (word)); g_ptr_array_add (b, random_word ()); break;
        default: g_ptr_array_add (b, g_strdup (word));
        }
    }
}

static void
test_align_random (void)
{
  for (guint round = 0; round < 400; round++)
    {
      g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) b = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) hunks = NULL;
      guint n = g_test_rand_int_range (0, round < 350 ? 60 : 2000);

      for (guint k = 0; k < n; k++)
        g_ptr_array_add (a, random_word ());
      damage_words (a, b);
      hunks = align_checked ((const char * const *) a->pdata, a->len,
                             (const char * const *) b->pdata, b->len);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Edit distance                                                                            */

typedef struct
{
  const char *a;
  const char *b;
  guint       distance;
} DistanceCase;

static const DistanceCase distance_cases[] = {
  { "", "", 0 },
  { "а", "", 1 },
  { "", "слово", 5 },
  { "kitten", "sitting", 3 },
  { "положонис", "положение", 2 },
  { "кулвтличности", "культличности", 1 },
  { "товари-щеской", "товарищеской", 1 },
  { "ёж", "еж", 1 },
  { "товарищ", "товарищ", 0 },
  { "абв", "вба", 2 },
  { "weener", "сталин", 6 },
};

static void
test_distance_table (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (distance_cases); k++)
    {
      const DistanceCase *c = &distance_cases[k];

      g_assert_cmpuint (vn_text_distance (c->a, c->b), ==, c->distance);
      g_assert_cmpuint (vn_text_distance (c->b, c->a), ==, c->distance);
    }
}

static void
test_distance_invalid_utf8 (void)
{
  g_assert_cmpuint (vn_text_distance ("a\xff", "a\xfe"), ==, 1);
  g_assert_cmpuint (vn_text_distance ("a\xd0", "a"), ==, 1);
}

static void
test_similarity (void)
{
  g_assert_cmpfloat (vn_text_similarity ("", ""), ==, 1.0);
  g_assert_cmpfloat (vn_text_similarity ("слово", "слово"), ==, 1.0);
  g_assert_cmpfloat (vn_text_similarity ("abc", "xyz"), ==, 0.0);
  g_assert_cmpfloat (vn_text_similarity ("", "xyz"), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (vn_text_similarity ("положонис", "положение"),
                                  1.0 - 2.0 / 9.0, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint k = 0; k < G_N_ELEMENTS (align_cases); k++)
    {
      g_autofree char *path = g_strconcat ("/verno/alignment/case/", align_cases[k].name, NULL);

      g_test_add_data_func (path, &align_cases[k], test_align_case);
    }
  g_test_add_func ("/verno/alignment/long-identical", test_align_long_identical);
  g_test_add_func ("/verno/alignment/reversed", test_align_reversed);
  g_test_add_func ("/verno/alignment/large-all-different", test_align_large_all_different);
  g_test_add_func ("/verno/alignment/large-repeated", test_align_large_repeated);
  g_test_add_func ("/verno/alignment/random", test_align_random);
  g_test_add_func ("/verno/alignment/distance", test_distance_table);
  g_test_add_func ("/verno/alignment/distance-invalid-utf8", test_distance_invalid_utf8);
  g_test_add_func ("/verno/alignment/similarity", test_similarity);

  return g_test_run ();
}
