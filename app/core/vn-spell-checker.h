/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-spell-checker.h: dictionary verdicts on words, through enchant and Hunspell. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  VN_SPELLING_UNKNOWN,   /* no dictionary for the word's script, or not a word at all */
  VN_SPELLING_CORRECT,
  VN_SPELLING_MISSPELT,
} VnSpelling;

#define VN_TYPE_SPELL_CHECKER (vn_spell_checker_get_type ())
G_DECLARE_FINAL_TYPE (VnSpellChecker, vn_spell_checker, VN, SPELL_CHECKER, GObject)

VnSpellChecker *vn_spell_checker_new            (void);
VnSpellChecker *vn_spell_checker_new_for_languages (const char * const *tags);
VnSpellChecker *vn_spell_checker_new_for_ocr_languages (const char         *ocr_languages,
                                                        const char * const *also);
GStrv           vn_spell_checker_list_languages (void);
void            vn_spell_checker_set_user_words (VnSpellChecker     *self,
                                                 const char * const *words);
gboolean        vn_spell_checker_has_language   (VnSpellChecker *self,
                                                 const char     *tag);
VnSpelling      vn_spell_checker_check          (VnSpellChecker *self,
                                                 const char     *word);
VnSpelling      vn_spell_checker_check_phrase   (VnSpellChecker *self,
                                                 const char     *phrase);

G_END_DECLS
