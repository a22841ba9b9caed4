/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-spell-checker.c: dictionary verdicts on words, through enchant and Hunspell. A word is
 * judged by the dictionaries written in its script (Pango knows each language's script):
 * Russian ones for Cyrillic, English ones for Latin. The user's own words are never flagged. */
#include <string.h>

#include <enchant.h>
#include <pango/pango.h>

#include "vn-spell-checker.h"
#include "vn-text.h"

typedef struct
{
  char           *tag;
  EnchantDict    *dict;
  GUnicodeScript  script;
} Dictionary;

struct _VnSpellChecker
{
  GObject        parent_instance;
  EnchantBroker *broker;
  GArray        *dictionaries;   /* Dictionary */
  GHashTable    *user_words;     /* casefolded NFC */
  GHashTable    *verdicts;       /* word core → VnSpelling + 1: Hunspell's answers, kept */
  GMutex         lock;   /* enchant dictionaries are not thread-safe */
};

/* A volume asks about the same words again and again, and Hunspell takes microseconds per
 * word; past this many words the answers kept are forgotten rather than grow without end. */
#define MAX_VERDICTS_KEPT (1u << 18)

G_DEFINE_FINAL_TYPE (VnSpellChecker, vn_spell_checker, G_TYPE_OBJECT)

static void
vn_spell_checker_finalize (GObject *object)
{
  VnSpellChecker *self = (VnSpellChecker *) object;

  for (guint i = 0; i < self->dictionaries->len; i++)
    {
      Dictionary *d = &g_array_index (self->dictionaries, Dictionary, i);
      enchant_broker_free_dict (self->broker, d->dict);
      g_free (d->tag);
    }
  g_array_unref (self->dictionaries);
  g_hash_table_unref (self->user_words);
  g_hash_table_unref (self->verdicts);
  enchant_broker_free (self->broker);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (vn_spell_checker_parent_class)->finalize (object);
}

static void
vn_spell_checker_class_init (VnSpellCheckerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_spell_checker_finalize;
}

static void
vn_spell_checker_init (VnSpellChecker *self)
{
  g_mutex_init (&self->lock);
  self->broker = enchant_broker_init ();
  self->dictionaries = g_array_new (FALSE, FALSE, sizeof (Dictionary));
  self->user_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
add_tag (const char * const tag,
         const char * const provider_name,
         const char * const provider_desc,
         const char * const provider_file,
         void              *user_data)
{
  GPtrArray *tags = user_data;

  if (!g_ptr_array_find_with_equal_func (tags, tag, g_str_equal, NULL))
    g_ptr_array_add (tags, g_strdup (tag));
}

static int
compare_tags (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
installed_tags (EnchantBroker *broker)
{
  GPtrArray *tags = g_ptr_array_new_with_free_func (g_free);

  enchant_broker_list_dicts (broker, add_tag, tags);
  g_ptr_array_sort (tags, compare_tags);
  return tags;
}

/* The dictionary installed for @tag, else one of the same language ("en_GB" for a missing
 * "en_US"), as a tag; NULL when the language has none. */
static char *
resolve_tag (EnchantBroker *broker,
             const char    *tag)
{
  g_autofree char *language = g_strndup (tag, strcspn (tag, "_-"));
  g_autoptr(GPtrArray) installed = NULL;

  if (enchant_broker_dict_exists (broker, tag))
    return g_strdup (tag);
  installed = installed_tags (broker);
  for (guint i = 0; i < installed->len; i++)
    {
      const char *candidate = g_ptr_array_index (installed, i);
      gsize n = strlen (language);

      if (strncmp (candidate, language, n) == 0 &&
          (candidate[n] == '\0' || candidate[n] == '_' || candidate[n] == '-'))
        return g_strdup (candidate);
    }
  return NULL;
}

/* The script a language is written in, as Pango knows it; Latin when it does not. */
static GUnicodeScript
script_of_language (const char *tag)
{
  g_autofree char *language = g_strndup (tag, strcspn (tag, "_-"));
  int n = 0;
  const PangoScript *scripts = pango_language_get_scripts (pango_language_from_string (language),
                                                           &n);

  return n > 0 ? (GUnicodeScript) scripts[0] : G_UNICODE_SCRIPT_LATIN;
}

static void
add_dictionary (VnSpellChecker *self,
                const char     *wanted)
{
  g_autofree char *tag = resolve_tag (self->broker, wanted);
  Dictionary d = { 0 };

  for (guint i = 0; tag != NULL && i < self->dictionaries->len; i++)
    if (g_str_equal (g_array_index (self->dictionaries, Dictionary, i).tag, tag))
      return;
  if (tag == NULL || (d.dict = enchant_broker_request_dict (self->broker, tag)) == NULL)
    {
      g_debug ("No spelling dictionary for “%s”", wanted);
      return;
    }
  d.script = script_of_language (tag);
  d.tag = g_steal_pointer (&tag);
  g_array_append_val (self->dictionaries, d);
}

/* The dictionaries of Verno's default languages, Russian and English. */
VnSpellChecker *
vn_spell_checker_new (void)
{
  static const char *defaults[] = { "ru_RU", "en_US", NULL };

  return vn_spell_checker_new_for_languages (defaults);
}

/* Tesseract names languages by ISO 639-2 ("fra"), dictionaries by ISO 639-1 ("fr"); the
 * languages Tesseract ships models for are few, and iso-codes may be missing. */
static const char *
dictionary_language (const char *model)
{
  static const char *pairs[][2] = {
    { "rus", "ru" }, { "eng", "en" }, { "fra", "fr" }, { "deu", "de" }, { "ukr", "uk" },
    { "bel", "be" }, { "pol", "pl" }, { "ita", "it" }, { "spa", "es" }, { "por", "pt" },
    { "nld", "nl" }, { "ces", "cs" }, { "slk", "sk" }, { "bul", "bg" }, { "srp", "sr" },
    { "hrv", "hr" }, { "swe", "sv" }, { "dan", "da" }, { "nor", "nb" }, { "fin", "fi" },
    { "hun", "hu" }, { "ron", "ro" }, { "lat", "la" }, { "ell", "el" }, { "tur", "tr" },
    { "lit", "lt" }, { "lav", "lv" }, { "est", "et" }, { "slv", "sl" }, { "kaz", "kk" },
  };
  g_autofree char *language = g_strndup (model, strcspn (model, "_"));

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (g_str_equal (language, pairs[i][0]))
      return pairs[i][1];
  return NULL;
}

/* The dictionaries of the languages Tesseract reads (@ocr_languages, such as "rus+fra"),
 * with those in @also (the preferences'; NULL: Verno's default ones). A script model
 * ("Cyrillic") names no language of its own. */
VnSpellChecker *
vn_spell_checker_new_for_ocr_languages (const char         *ocr_languages,
                                        const char * const *also)
{
  g_auto(GStrv) models = g_strsplit (ocr_languages ? ocr_languages : "", "+", -1);
  g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
  g_auto(GStrv) all = NULL;

  for (guint i = 0; models[i]; i++)
    if (dictionary_language (models[i]) != NULL)
      g_strv_builder_add (tags, dictionary_language (models[i]));
  if (also != NULL)
    g_strv_builder_addv (tags, (const char **) also);
  else
    g_strv_builder_add_many (tags, "ru_RU", "en_US", NULL);
  all = g_strv_builder_end (tags);
  return vn_spell_checker_new_for_languages ((const char * const *) all);
}

/* @tags: enchant language tags such as "ru_RU"; a tag not installed falls back to another
 * dictionary of its language. Loading takes a fifth of a second: do it off the main thread. */
VnSpellChecker *
vn_spell_checker_new_for_languages (const char * const *tags)
{
  VnSpellChecker *self = g_object_new (VN_TYPE_SPELL_CHECKER, NULL);

  for (guint i = 0; tags != NULL && tags[i]; i++)
    add_dictionary (self, tags[i]);
  return self;
}

/* The tags of the dictionaries installed, sorted. */
GStrv
vn_spell_checker_list_languages (void)
{
  EnchantBroker *broker = enchant_broker_init ();
  GPtrArray *tags = installed_tags (broker);

  enchant_broker_free (broker);
  g_ptr_array_set_free_func (tags, NULL);
  g_ptr_array_add (tags, NULL);
  return (GStrv) g_ptr_array_free (tags, FALSE);
}

static char *
user_word_key (const char *word,
               gsize       length)
{
  g_autofree char *nfc = g_utf8_normalize (word, length, G_NORMALIZE_NFC);

  return nfc ? vn_text_casefold (nfc) : NULL;
}

/* Words never flagged, such as names and period spellings; compared without regard to case
 * and punctuation around them. Replaces the words set before. */
void
vn_spell_checker_set_user_words (VnSpellChecker     *self,
                                 const char * const *words)
{
  g_return_if_fail (VN_IS_SPELL_CHECKER (self));
  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->user_words);
  g_hash_table_remove_all (self->verdicts);
  for (guint i = 0; words != NULL && words[i]; i++)
    {
      gsize start, end;
      char *key;

      vn_text_word_core (words[i], strlen (words[i]), &start, &end);
      if (end > start && (key = user_word_key (words[i] + start, end - start)) != NULL)
        g_hash_table_add (self->user_words, key);
    }
  g_mutex_unlock (&self->lock);
}

gboolean
vn_spell_checker_has_language (VnSpellChecker *self,
                               const char     *tag)
{
  g_return_val_if_fail (VN_IS_SPELL_CHECKER (self), FALSE);
  for (guint i = 0; i < self->dictionaries->len; i++)
    if (g_str_has_prefix (g_array_index (self->dictionaries, Dictionary, i).tag, tag))
      return TRUE;
  return FALSE;
}

/* The script of the word's letters, or G_UNICODE_SCRIPT_INVALID_CODE when they mix scripts. */
static GUnicodeScript
script_of_word (const char *word)
{
  GUnicodeScript found = G_UNICODE_SCRIPT_COMMON;

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script = g_unichar_get_script (c);

      if (!g_unichar_isalpha (c) || script == G_UNICODE_SCRIPT_COMMON ||
          script == G_UNICODE_SCRIPT_INHERITED)
        continue;
      if (found == G_UNICODE_SCRIPT_COMMON)
        found = script;
      else if (found != script)
        return G_UNICODE_SCRIPT_INVALID_CODE;
    }
  return found;
}

/* The dictionaries' verdict on @core, a word of letters, asked of each of its script. */
static VnSpelling
ask_dictionaries (VnSpellChecker *self,
                  const char     *core)
{
  GUnicodeScript script = script_of_word (core);
  VnSpelling verdict = VN_SPELLING_UNKNOWN;
  gboolean misspelt = FALSE;

  if (g_hash_table_size (self->user_words) > 0)
    {
      g_autofree char *key = user_word_key (core, -1);

      if (key != NULL && g_hash_table_contains (self->user_words, key))
        return VN_SPELLING_CORRECT;
    }
  if (script == G_UNICODE_SCRIPT_INVALID_CODE)
    return VN_SPELLING_MISSPELT;  /* mixed scripts in one word are never a real word */
  for (guint i = 0; i < self->dictionaries->len && verdict == VN_SPELLING_UNKNOWN; i++)
    {
      Dictionary *d = &g_array_index (self->dictionaries, Dictionary, i);
      int result = d->script == script ? enchant_dict_check (d->dict, core, -1) : -1;

      /* Any dictionary of the script that knows the word makes it correct. */
      if (result == 0)
        verdict = VN_SPELLING_CORRECT;
      else if (result > 0)
        misspelt = TRUE;
    }
  return verdict == VN_SPELLING_UNKNOWN && misspelt ? VN_SPELLING_MISSPELT : verdict;
}

/* The verdict on one word; punctuation around it is ignored, numbers are UNKNOWN. A word of
 * the user's list is CORRECT; a word no dictionary of its script covers is UNKNOWN. */
VnSpelling
vn_spell_checker_check (VnSpellChecker *self,
                        const char     *word)
{
  gsize start, end;
  g_autofree char *core = NULL;
  gpointer kept;
  VnSpelling verdict;

  g_return_val_if_fail (VN_IS_SPELL_CHECKER (self), VN_SPELLING_UNKNOWN);

  vn_text_word_core (word, strlen (word), &start, &end);
  core = g_strndup (word + start, end - start);
  if (!vn_text_has_letters (core))
    return VN_SPELLING_UNKNOWN;
  g_mutex_lock (&self->lock);
  if ((kept = g_hash_table_lookup (self->verdicts, core)) != NULL)
    verdict = GPOINTER_TO_INT (kept) - 1;
  else
    {
      verdict = ask_dictionaries (self, core);
      if (g_hash_table_size (self->verdicts) >= MAX_VERDICTS_KEPT)
        g_hash_table_remove_all (self->verdicts);
      g_hash_table_insert (self->verdicts, g_steal_pointer (&core), GINT_TO_POINTER (verdict + 1));
    }
  g_mutex_unlock (&self->lock);
  return verdict;
}

/* CORRECT when every word of @phrase is, MISSPELT when one is, else UNKNOWN. */
VnSpelling
vn_spell_checker_check_phrase (VnSpellChecker *self,
                               const char     *phrase)
{
  g_auto(GStrv) words = g_strsplit_set (phrase, " \t\n-", -1);
  VnSpelling verdict = VN_SPELLING_UNKNOWN;

  for (guint i = 0; words[i]; i++)
    {
      VnSpelling v;

      if (*words[i] == '\0')
        continue;
      v = vn_spell_checker_check (self, words[i]);
      if (v == VN_SPELLING_MISSPELT)
        return VN_SPELLING_MISSPELT;
      if (v == VN_SPELLING_CORRECT)
        verdict = VN_SPELLING_CORRECT;
    }
  return verdict;
}
