/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-text.h: Unicode helpers for comparing words: keys, scripts, Latin look-alikes and the shapes of
 * a word's letters (digits among letters, capitals among small letters). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VN_SCRIPT_NONE     = 0,
  VN_SCRIPT_LATIN    = 1 << 0,
  VN_SCRIPT_CYRILLIC = 1 << 1,
  VN_SCRIPT_OTHER    = 1 << 2,
} VnScriptMask;

char         *vn_text_comparison_key    (const char *word);
char         *vn_text_casefold          (const char *text);
char         *vn_text_nfc               (const char *text,
                                         gssize      len);
VnScriptMask  vn_text_scripts           (const char *word);
gboolean      vn_text_has_lookalikes    (const char *word);
char         *vn_text_lookalikes_to_cyrillic (const char *word);
gboolean      vn_text_is_dash           (const char *token);
gboolean      vn_text_is_word_char      (gunichar    c);
void          vn_text_word_core         (const char *token,
                                         gsize       len,
                                         gsize      *core_start,
                                         gsize      *core_end);
gboolean      vn_text_has_letters       (const char *text);
gboolean      vn_text_has_digits        (const char *text);
gboolean      vn_text_mixes_digits_and_letters (const char *text);
gboolean      vn_text_mixes_case        (const char *text);

G_END_DECLS
