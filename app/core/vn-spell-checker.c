/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-spell-checker.c: dictionary verdicts on words, through enchant and Hunspell. The
 * dictionary is chosen by the word's script: Russian for Cyrillic, English for Latin. */
#include <string.h>

#include <enchant.h>

#include "vn-spell-checker.h"
#include "vn-text.h"

struct _VnSpellChecker
{
  GObject        parent_instance;
  EnchantBroker *broker;
  EnchantDict   *russian;
  EnchantDict   *english;
  GMutex         lock;   /* enchant dictionaries are not thread-safe */
};

G_DEFINE_FINAL_TYPE (VnSpellChecker, vn_spell_checker, G_TYPE_OBJECT)

static void
vn_spell_checker_finalize (GObject *object)
{
  VnSpellChecker *self = (VnSpellChecker *) object;

  if (self->russian)
    enchant_broker_free_dict (self->broker, self->russian);
  if (self->english)
    enchant_broker_free_dict (self->broker, self->english);
  enchant_broker_free (self->broker);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (vn_spell_checker_parent_class)->finalize (object);
}

static void
vn_spell_checker_class_init (VnSpellCheckerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_spell_checker_finalize;
}

static EnchantDict *
request_first (EnchantBroker      *broker,
               const char * const *tags)
{
  for (guint i = 0; tags[i]; i++)
    if (enchant_broker_dict_exists (broker, tags[i]))
      return enchant_broker_request_dict (broker, tags[i]);
  return NULL;
}

static void
vn_spell_checker_init (VnSpellChecker *self)
{
  static const char *ru[] = { "ru_RU", "ru", NULL };
  static const char *en[] = { "en_US", "en_GB", "en", NULL };

  g_mutex_init (&self->lock);
  self->broker = enchant_broker_init ();
  self->russian = request_first (self->broker, ru);
  self->english = request_first (self->broker, en);
}

VnSpellChecker *
vn_spell_checker_new (void)
{
  return g_object_new (VN_TYPE_SPELL_CHECKER, NULL);
}

gboolean
vn_spell_checker_has_language (VnSpellChecker *self,
                               const char     *tag)
{
  g_return_val_if_fail (VN_IS_SPELL_CHECKER (self), FALSE);
  if (g_str_has_prefix (tag, "ru"))
    return self->russian != NULL;
  if (g_str_has_prefix (tag, "en"))
    return self->english != NULL;
  return FALSE;
}

static gboolean
has_letters (const char *word)
{
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* The verdict on one word; punctuation around it is ignored, numbers are UNKNOWN. */
VnSpelling
vn_spell_checker_check (VnSpellChecker *self,
                        const char     *word)
{
  gsize start, end;
  g_autofree char *core = NULL;
  VnScriptMask scripts;
  EnchantDict *dict;
  int result;

  g_return_val_if_fail (VN_IS_SPELL_CHECKER (self), VN_SPELLING_UNKNOWN);

  vn_text_word_core (word, strlen (word), &start, &end);
  core = g_strndup (word + start, end - start);
  if (!has_letters (core))
    return VN_SPELLING_UNKNOWN;
  scripts = vn_text_scripts (core);
  if (scripts == VN_SCRIPT_CYRILLIC)
    dict = self->russian;
  else if (scripts == VN_SCRIPT_LATIN)
    dict = self->english;
  else
    return VN_SPELLING_MISSPELT;  /* mixed scripts in one word are never a real word */
  if (dict == NULL)
    return VN_SPELLING_UNKNOWN;
  g_mutex_lock (&self->lock);
  result = enchant_dict_check (dict, core, -1);
  g_mutex_unlock (&self->lock);
  return result == 0 ? VN_SPELLING_CORRECT : result > 0 ? VN_SPELLING_MISSPELT
                                                        : VN_SPELLING_UNKNOWN;
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
