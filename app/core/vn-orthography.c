/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-orthography.c: the spelling regime of a transcription, learned from it. Russian before
 * 1918 wrote ъ after every final consonant, і before vowels and й, and ѣ, ѳ, ѵ where modern
 * spelling has е, ф, и; a text that ends most of its consonant-final words in ъ keeps that
 * regime, and is judged by it. */
#include <string.h>

#include "vn-orthography.h"
#include "vn-text.h"

/* Words ending in a consonant of which this share or more end in ъ: the old regime. */
#define PRE_REFORM_SHARE 0.5
#define PRE_REFORM_MIN_WORDS 5

struct _VnOrthography
{
  GObject     parent_instance;
  gboolean    pre_reform;
  double      hard_sign_share;   /* of the words ending in a consonant or ъ, those in ъ */
  gunichar    dotted_i;     /* і or ї, whichever the text writes more */
  GHashTable *by_modern;    /* modern lower-case form → GHashTable of form → count */
};

G_DEFINE_FINAL_TYPE (VnOrthography, vn_orthography, G_TYPE_OBJECT)

static void
vn_orthography_finalize (GObject *object)
{
  VnOrthography *self = (VnOrthography *) object;

  g_hash_table_unref (self->by_modern);
  G_OBJECT_CLASS (vn_orthography_parent_class)->finalize (object);
}

static void
vn_orthography_class_init (VnOrthographyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_orthography_finalize;
}

static void
vn_orthography_init (VnOrthography *self)
{
  self->dotted_i = 0x0456;
  self->by_modern = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_hash_table_unref);
}

static gboolean
is_cyrillic_consonant (gunichar c)
{
  /* g_utf8_strchr finds 0 at the string's end: a number has no last letter, and no ending. */
  return c != 0 && g_utf8_strchr ("бвгджзклмнпрстфхцчшщ", -1, g_unichar_tolower (c)) != NULL;
}

static gboolean
is_cyrillic_vowel (gunichar c)
{
  return c != 0 && g_utf8_strchr ("аеёиийоуыэюяѣіїѵ", -1, g_unichar_tolower (c)) != NULL;
}

static gunichar
last_letter (const char *word)
{
  gunichar last = 0;

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      last = g_utf8_get_char (p);
  return last;
}

/* The regime's evidence in @core, which the text has @times times. */
static void
count_regime (const char *core,
              guint       times,
              guint      *consonant_final,
              guint      *hard_sign_final,
              guint      *i_plain,
              guint      *i_dotted)
{
  gunichar last = g_unichar_tolower (last_letter (core));
  glong n = g_utf8_strlen (core, -1);

  if (n >= 2 && last == 0x044A)
    *hard_sign_final += times;
  else if (n >= 2 && is_cyrillic_consonant (last))
    *consonant_final += times;
  for (const char *p = core; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));
      *i_plain += (c == 0x0456) * times;
      *i_dotted += (c == 0x0457) * times;
    }
}

static void
add_form (VnOrthography *self,
          const char    *core,
          guint          times)
{
  g_autofree char *modern = vn_orthography_modernise (self, core);
  g_autofree char *key = g_utf8_strdown (modern, -1);
  GHashTable *forms = g_hash_table_lookup (self->by_modern, key);

  if (forms == NULL)
    {
      forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (self->by_modern, g_strdup (key), forms);
    }
  g_hash_table_insert (forms, g_strdup (core),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (forms, core)) +
                                         times));
}

/* Whether @token ends in a hyphen: the first half of a word cut at a line end, which has no
 * ending of its own to tell the regime ("простер-" of "простертый"). */
static gboolean
is_cut_word (const char *token)
{
  gsize len = strlen (token);
  gunichar last;

  if (len == 0)
    return FALSE;
  last = g_utf8_get_char (g_utf8_prev_char (token + len));
  return last == '-' || last == 0x00AD || last == 0x2010 || last == 0x00AC;
}

/* The text's words without their punctuation, NFC, each with the times the text has it: a
 * volume says the same words again and again, and each distinct one is weighed once. Halves
 * of words cut at a hyphen are no words. */
static GHashTable *
count_cores (const char *text,
             gssize      length)
{
  g_autofree char *copy = g_strndup (text, length < 0 ? strlen (text) : (gsize) length);
  g_auto(GStrv) tokens = g_strsplit_set (copy, " \t\n\r\f", -1);
  GHashTable *cores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; tokens[i]; i++)
    {
      gsize s, e;
      char *core;

      vn_text_word_core (tokens[i], strlen (tokens[i]), &s, &e);
      if (e <= s || is_cut_word (tokens[i]))
        continue;
      core = vn_text_nfc (tokens[i] + s, e - s);
      g_hash_table_insert (cores, core,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (cores, core))
                                             + 1));
    }
  return cores;
}

VnOrthography *
vn_orthography_new (const char *text,
                    gssize      length)
{
  VnOrthography *self = g_object_new (VN_TYPE_ORTHOGRAPHY, NULL);
  g_autoptr(GHashTable) cores = count_cores (text, length);
  guint consonant = 0, hard = 0, plain = 0, dotted = 0;
  GHashTableIter iter;
  gpointer core, times;

  g_hash_table_iter_init (&iter, cores);
  while (g_hash_table_iter_next (&iter, &core, &times))
    count_regime (core, GPOINTER_TO_UINT (times), &consonant, &hard, &plain, &dotted);
  self->pre_reform = hard >= PRE_REFORM_MIN_WORDS &&
                     hard >= PRE_REFORM_SHARE * (hard + consonant);
  self->hard_sign_share = hard + consonant ? (double) hard / (hard + consonant) : 0;
  self->dotted_i = dotted > plain ? 0x0457 : 0x0456;
  g_hash_table_iter_init (&iter, cores);
  while (g_hash_table_iter_next (&iter, &core, &times))
    add_form (self, core, GPOINTER_TO_UINT (times));
  return self;
}

gboolean
vn_orthography_is_pre_reform (VnOrthography *self)
{
  g_return_val_if_fail (VN_IS_ORTHOGRAPHY (self), FALSE);
  return self->pre_reform;
}

/* Whether every letter of @word is a small one. */
static gboolean
is_lower (const char *word)
{
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    if (!g_unichar_islower (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
is_all_capitals (const char *word)
{
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    if (g_unichar_islower (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

double
vn_orthography_get_hard_sign_share (VnOrthography *self)
{
  g_return_val_if_fail (VN_IS_ORTHOGRAPHY (self), 0);
  return self->hard_sign_share;
}

/* @word as the old regime writes it when it lacks the final ъ ("онъ" for "он"), else NULL. */
char *
vn_orthography_dup_missing_hard_sign (VnOrthography *self,
                                      const char    *word)
{
  gunichar last;

  g_return_val_if_fail (VN_IS_ORTHOGRAPHY (self), NULL);
  last = g_utf8_get_char (g_utf8_prev_char (word + strlen (word)));
  if (!self->pre_reform || g_utf8_strlen (word, -1) < 2 || !is_cyrillic_consonant (last))
    return NULL;
  /* "ОНЪ" in a word of capitals, "Онъ" and "онъ" else. */
  return g_strconcat (word, is_all_capitals (word) ? "Ъ" : "ъ", NULL);
}

static gunichar
modern_letter (gunichar c)
{
  switch (c)
    {
    case 0x0463: return 0x0435;   /* ѣ → е */
    case 0x0462: return 0x0415;
    case 0x0456: case 0x0457: return 0x0438;   /* і, ї → и */
    case 0x0406: case 0x0407: return 0x0418;
    case 0x0473: return 0x0444;   /* ѳ → ф */
    case 0x0472: return 0x0424;
    case 0x0475: return 0x0438;   /* ѵ → и */
    case 0x0474: return 0x0418;
    default: return c;
    }
}

/* The word as modern spelling writes it, for modern dictionaries: unchanged in a modern
 * text. Final ъ goes, and the genitive -аго/-яго becomes -ого/-его. */
char *
vn_orthography_modernise (VnOrthography *self,
                          const char    *word)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (VN_IS_ORTHOGRAPHY (self), NULL);
  if (!self->pre_reform)
    return g_strdup (word);
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      gboolean final = *next == '\0' || !g_unichar_isalpha (g_utf8_get_char (next));

      if ((c == 0x044A || c == 0x042A) && final && out->len > 0)
        continue;
      g_string_append_unichar (out, modern_letter (c));
    }
  if (g_str_has_suffix (out->str, "аго") && out->len > strlen ("аго") + 2)
    g_string_overwrite (out, out->len - strlen ("аго"), "ого");
  else if (g_str_has_suffix (out->str, "яго") && out->len > strlen ("яго") + 2)
    g_string_overwrite (out, out->len - strlen ("яго"), "его");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* @word with @from replaced by @to at its end, or NULL. */
static char *
with_ending (const char *word,
             const char *from,
             const char *to)
{
  gsize len = strlen (word);
  g_autofree char *stem = NULL;

  if (!g_str_has_suffix (word, from) || len < strlen (from) + 4)
    return NULL;
  stem = g_strndup (word, len - strlen (from));
  return g_strconcat (stem, to, NULL);
}

/* The prefixes that wrote з where modern spelling writes с, before a voiceless consonant
 * ("разсказъ", "произшествїе"). */
static const char *z_prefixes[] = { "без", "воз", "вз", "из", "низ", "раз", "роз", "чрез",
                                    "через", "произ", "безпре", NULL };

static char *
with_voiceless_prefix (const char *word)
{
  for (guint i = 0; z_prefixes[i]; i++)
    {
      gsize n = strlen (z_prefixes[i]);

      if (g_str_has_prefix (word, z_prefixes[i]) && word[n] != '\0' &&
          g_utf8_strchr ("кпстфхцчшщ", -1, g_utf8_get_char (word + n)) != NULL)
        {
          g_autofree char *head = g_strndup (word, n - strlen ("з"));
          return g_strconcat (head, "с", word + n, NULL);
        }
    }
  return NULL;
}

/* The forms a modern dictionary may know @word by: vn_orthography_modernise ()'s, and,
 * where the old regime wrote otherwise, the adjective endings -ыя/-ія as -ые/-ие and the
 * prefixes' з before a voiceless consonant as с. Lower case; only the first in a modern
 * text. */
GStrv
vn_orthography_dup_modern_forms (VnOrthography *self,
                                 const char    *word)
{
  g_autoptr(GStrvBuilder) forms = g_strv_builder_new ();
  g_autofree char *modern = NULL, *lower = NULL;
  char *variant;

  g_return_val_if_fail (VN_IS_ORTHOGRAPHY (self), NULL);
  modern = vn_orthography_modernise (self, word);
  g_strv_builder_add (forms, modern);
  if (!self->pre_reform)
    return g_strv_builder_end (forms);
  lower = g_utf8_strdown (modern, -1);
  variant = with_ending (lower, "ыя", "ые");
  if (variant == NULL)
    variant = with_ending (lower, "ия", "ие");
  if (variant != NULL)
    g_strv_builder_add (forms, variant);
  g_free (variant);
  if ((variant = with_voiceless_prefix (lower)) != NULL)
    g_strv_builder_add (forms, variant);
  g_free (variant);
  return g_strv_builder_end (forms);
}

/* The old regime's own letters in @word: ѣ, і, ї, ѳ, ѵ and a final ъ. */
static guint
count_old_letters (const char *word)
{
  guint n = 0;

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));
      const char *next = g_utf8_next_char (p);

      n += modern_letter (c) != c ||
           (c == 0x044A && (*next == '\0' || !g_unichar_isalpha (g_utf8_get_char (next))));
    }
  return n;
}

/* Whether @to writes fewer of the old regime's letters than @from, in a text that keeps
 * that regime: a modernisation, which is no correction. */
gboolean
vn_orthography_modernises (VnOrthography *self,
                           const char    *from,
                           const char    *to)
{
  g_return_val_if_fail (VN_IS_ORTHOGRAPHY (self), FALSE);
  return self->pre_reform && count_old_letters (to) < count_old_letters (from);
}

/* The most frequent form of the text whose modern form is @modern's, or NULL. */
static const char *
known_form (VnOrthography *self,
            const char    *modern)
{
  g_autofree char *key = g_utf8_strdown (modern, -1);
  GHashTable *forms = g_hash_table_lookup (self->by_modern, key);
  GHashTableIter iter;
  gpointer form, count;
  const char *best = NULL;
  guint best_count = 0;

  if (forms == NULL)
    return NULL;
  g_hash_table_iter_init (&iter, forms);
  while (g_hash_table_iter_next (&iter, &form, &count))
    if (GPOINTER_TO_UINT (count) > best_count ||
        (GPOINTER_TO_UINT (count) == best_count && strcmp (form, best) < 0))
      best = form, best_count = GPOINTER_TO_UINT (count);
  return best;
}

/* @suggestion with the letters of @transcription that @model cannot write kept where the
 * two line up letter for letter (same length): "сочинении" for "сочиненїи" keeps the ї. */
static char *
keep_unwritable (const char *suggestion,
                 const char *transcription,
                 VnOcrModel *model)
{
  glong n_s, n_t;
  g_autofree gunichar *s = g_utf8_to_ucs4_fast (suggestion, -1, &n_s);
  g_autofree gunichar *t = g_utf8_to_ucs4_fast (transcription, -1, &n_t);

  if (model == NULL || n_s != n_t)
    return g_strdup (suggestion);
  for (glong i = 0; i < n_s; i++)
    if (!vn_ocr_model_can_write (model, t[i]) && modern_letter (t[i]) != t[i] &&
        g_unichar_tolower (modern_letter (t[i])) == g_unichar_tolower (s[i]))
      s[i] = t[i];
  return g_ucs4_to_utf8 (s, n_s, NULL, NULL, NULL);
}

/* The old rules that are rules: і before a vowel or й, ъ after a final consonant. */
static char *
apply_old_rules (VnOrthography *self,
                 const char    *word)
{
  glong n;
  g_autofree gunichar *w = g_utf8_to_ucs4_fast (word, -1, &n);
  g_autoptr(GString) out = g_string_new (NULL);

  for (glong i = 0; i < n; i++)
    {
      gunichar c = w[i];

      if (c == 0x0438 && i + 1 < n && is_cyrillic_vowel (w[i + 1]))
        c = self->dotted_i;
      g_string_append_unichar (out, c);
    }
  if (n >= 1 && is_cyrillic_consonant (w[n - 1]))
    g_string_append_unichar (out, g_unichar_isupper (w[n - 1]) ? 0x042A : 0x044A);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* @form with the case of @model's first letter: the vocabulary is looked up without case. */
static char *
with_initial_case (const char *form,
                   const char *model)
{
  gunichar first = g_utf8_get_char (form);
  gunichar cased = g_unichar_isupper (g_utf8_get_char (model)) ? g_unichar_toupper (first)
                                                                : g_unichar_tolower (first);
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append_unichar (out, cased);
  g_string_append (out, g_utf8_next_char (form));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* @word with a final capital Ь after small letters a small ъ: the old typefaces' ъ stands
 * as tall as a capital, and the OCR reads it so ("походЬ" for "походъ"). */
static char *
with_tall_hard_sign (const char *word)
{
  const char *last = *word ? g_utf8_prev_char (word + strlen (word)) : word;
  g_autofree char *head = g_strndup (word, last - word);

  /* Small letters before it, save a capital first: "ГородЬ", not "ОНЬ". */
  if (g_utf8_get_char (last) != 0x042C || g_utf8_strlen (head, -1) < 3 ||
      !is_lower (g_utf8_next_char (head)))
    return g_strdup (word);
  return g_strconcat (head, "ъ", NULL);
}

/* @suggestion (the OCR's reading, in the letters the OCR can write) as the document would
 * write it: its own word with the same modern form if it has one, else the transcription's
 * unwritable letters kept and the old regime's rules applied. Never modernises. */
char *
vn_orthography_write (VnOrthography *self,
                      const char    *suggestion,
                      const char    *transcription,
                      VnOcrModel    *model)
{
  g_autofree char *kept = NULL, *modern = NULL, *tall = NULL;
  const char *known;

  g_return_val_if_fail (VN_IS_ORTHOGRAPHY (self), NULL);
  kept = keep_unwritable (suggestion, transcription, model);
  if (!self->pre_reform || (vn_text_scripts (kept) & VN_SCRIPT_CYRILLIC) == 0)
    return g_steal_pointer (&kept);
  tall = with_tall_hard_sign (kept);
  g_free (kept);
  kept = g_steal_pointer (&tall);
  modern = vn_orthography_modernise (self, kept);
  known = known_form (self, modern);
  if (known != NULL)
    return with_initial_case (known, kept);
  return apply_old_rules (self, kept);
}
