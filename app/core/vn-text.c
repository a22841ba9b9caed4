/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-text.c: Unicode helpers for comparing words: keys, scripts and Latin look-alikes. */
#include <string.h>

#include "vn-text.h"

/* Latin letters that a Cyrillic typescript's OCR often yields instead of Cyrillic ones. */
static const struct { gunichar latin; gunichar cyrillic; } lookalikes[] = {
  { 'A', 0x0410 }, { 'B', 0x0412 }, { 'C', 0x0421 }, { 'E', 0x0415 }, { 'H', 0x041D },
  { 'K', 0x041A }, { 'M', 0x041C }, { 'O', 0x041E }, { 'P', 0x0420 }, { 'T', 0x0422 },
  { 'X', 0x0425 }, { 'Y', 0x0423 }, { 'a', 0x0430 }, { 'c', 0x0441 }, { 'e', 0x0435 },
  { 'o', 0x043E }, { 'p', 0x0440 }, { 'x', 0x0445 }, { 'y', 0x0443 }, { 'h', 0x043D },
  { 'r', 0x0433 }, { 'k', 0x043A }, { 'm', 0x043C }, { 'n', 0x043F }, { 'u', 0x0438 },
  { 'b', 0x044C }, { 't', 0x0442 },
};

static gunichar
lookalike_to_cyrillic (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (lookalikes); i++)
    if (lookalikes[i].latin == c)
      return lookalikes[i].cyrillic;
  return 0;
}

gboolean
vn_text_is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* TRUE when every character of @text is one that NFC leaves alone whatever stands beside it:
 * below the combining marks (U+0300), or Cyrillic but for its combining marks (U+0483-0489).
 * Nearly every word of a Latin or Cyrillic text is, and copying it is fifty times faster than
 * g_utf8_normalize (), which decomposes and recomposes everything. */
static gboolean
is_inert_under_nfc (const char *text,
                    gsize       len)
{
  const guchar *p = (const guchar *) text, *end = p + len;

  while (p < end)
    {
      gunichar c;

      if (*p < 0x80)
        {
          p++;
          continue;
        }
      if ((*p & 0xE0) != 0xC0 || p + 1 >= end || (p[1] & 0xC0) != 0x80)
        return FALSE;
      c = ((gunichar) (*p & 0x1F) << 6) | (p[1] & 0x3F);
      if (c < 0x80 || (c >= 0x300 && (c < 0x400 || (c >= 0x483 && c <= 0x489) || c > 0x4FF)))
        return FALSE;
      p += 2;
    }
  return TRUE;
}

char *
vn_text_nfc (const char *text,
             gssize      len)
{
  gsize n = len < 0 ? strlen (text) : strnlen (text, len);

  if (is_inert_under_nfc (text, n))
    return g_strndup (text, n);
  return g_utf8_normalize (text, len, G_NORMALIZE_NFC);
}

/* g_utf8_casefold () for words of ASCII and Cyrillic letters, which need no table of special
 * foldings (ß, ﬁ, Greek final sigma…) and keep their length: twenty times faster. Other
 * words go to g_utf8_casefold (). */
char *
vn_text_casefold (const char *text)
{
  gsize len = strlen (text), i = 0;
  g_autofree char *folded = g_malloc (len + 1);

  while (i < len)
    {
      guchar b = text[i];
      gunichar c;

      if (b < 0x80)
        {
          folded[i++] = g_ascii_tolower (b);
          continue;
        }
      /* U+0400-U+04FF is two bytes led by D0-D3; Cyrillic lowers to Cyrillic. */
      if (b < 0xD0 || b > 0xD3 || i + 1 >= len || ((guchar) text[i + 1] & 0xC0) != 0x80)
        return g_utf8_casefold (text, -1);
      c = g_unichar_tolower (((gunichar) (b & 0x1F) << 6) | (text[i + 1] & 0x3F));
      if (c < 0x400 || c > 0x4FF)
        return g_utf8_casefold (text, -1);
      folded[i++] = 0xC0 | (c >> 6);
      folded[i++] = 0x80 | (c & 0x3F);
    }
  folded[len] = '\0';
  return g_steal_pointer (&folded);
}

gboolean
vn_text_is_dash (const char *token)
{
  for (const char *p = token; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c != '-' && g_unichar_type (c) != G_UNICODE_DASH_PUNCTUATION)
        return FALSE;
    }
  return *token != '\0';
}

/* The key two readings of one word share: case-folded, NFC, letters and digits only, with
 * Latin look-alikes mapped to Cyrillic so "Bepho" and "Верно" meet. */
char *
vn_text_comparison_key (const char *word)
{
  g_autofree char *normalized = NULL;
  const char *nfc = word;
  char *key, *out;

  if (!is_inert_under_nfc (word, strlen (word)))
    {
      if ((normalized = vn_text_nfc (word, -1)) == NULL)
        return g_strdup ("");  /* not UTF-8 */
      nfc = normalized;
    }
  /* A letter's key takes at most twice its bytes: "B" (1) is "в" (2), "Ⱥ" (2) is "ⱥ" (3). */
  out = key = g_malloc (strlen (nfc) * 2 + 1);
  for (const char *p = nfc; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar cyr;

      if (!vn_text_is_word_char (c))
        continue;
      /* Map before lowering case: Latin "B" looks like "В", Latin "b" like "ь". */
      cyr = c < 0x80 ? lookalike_to_cyrillic (c) : 0;
      c = g_unichar_tolower (cyr != 0 ? cyr : c);
      if (c == 0x0451) /* ё: typewriters had none */
        c = 0x0435;
      out += g_unichar_to_utf8 (c, out);
    }
  *out = '\0';
  return key;
}

VnScriptMask
vn_text_scripts (const char *word)
{
  VnScriptMask mask = VN_SCRIPT_NONE;

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c))
        continue;
      switch (g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_LATIN: mask |= VN_SCRIPT_LATIN; break;
        case G_UNICODE_SCRIPT_CYRILLIC: mask |= VN_SCRIPT_CYRILLIC; break;
        default: mask |= VN_SCRIPT_OTHER; break;
        }
    }
  return mask;
}

/* TRUE when every Latin letter of @word has a Cyrillic twin, and there is at least one. */
gboolean
vn_text_has_lookalikes (const char *word)
{
  gboolean any = FALSE;

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_get_script (c) != G_UNICODE_SCRIPT_LATIN || !g_unichar_isalpha (c))
        continue;
      if (lookalike_to_cyrillic (c) == 0)
        return FALSE;
      any = TRUE;
    }
  return any;
}

char *
vn_text_lookalikes_to_cyrillic (const char *word)
{
  GString *out = g_string_sized_new (strlen (word) * 2);

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar cyr = lookalike_to_cyrillic (c);

      g_string_append_unichar (out, cyr != 0 ? cyr : c);
    }
  return g_string_free (out, FALSE);
}

/* Whether the character at @p is a word character, and where the next one starts: ASCII and
 * the first 128 Cyrillic letters (every Russian one) without a lookup. */
static gboolean
word_char_at (const char  *p,
              const char **next)
{
  guchar b = *p;

  if (b < 0x80)
    {
      *next = p + 1;
      return g_ascii_isalnum (b);
    }
  if ((b == 0xD0 || b == 0xD1) && ((guchar) p[1] & 0xC0) == 0x80)
    {
      *next = p + 2;
      return TRUE;   /* U+0400-U+047F are all letters */
    }
  *next = g_utf8_next_char (p);
  return vn_text_is_word_char (g_utf8_get_char (p));
}

/* The word inside a whitespace token, without leading and trailing punctuation. */
void
vn_text_word_core (const char *token,
                   gsize       len,
                   gsize      *core_start,
                   gsize      *core_end)
{
  const char *end = token + len;
  const char *first = NULL;
  const char *last_end = NULL;
  const char *next;

  for (const char *p = token; p < end; p = next)
    if (word_char_at (p, &next))
      {
        if (first == NULL)
          first = p;
        last_end = next;
      }

  *core_start = first ? (gsize) (first - token) : 0;
  *core_end = first ? (gsize) (last_end - token) : len;
}

gboolean
vn_text_has_digits (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isdigit (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* A digit right beside a letter: "Ч0", "1Х" (not "3.IX.56"). */
gboolean
vn_text_mixes_digits_and_letters (const char *text)
{
  gunichar prev = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((g_unichar_isdigit (c) && g_unichar_isalpha (prev)) ||
          (g_unichar_isalpha (c) && g_unichar_isdigit (prev)))
        return TRUE;
      prev = c;
    }
  return FALSE;
}

/* A capital right after a small letter: "былЪ", "пожаловалЬ" (not "McDonald"'s "D" after
 * one small letter, a name's habit). */
gboolean
vn_text_mixes_case (const char *text)
{
  guint small = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isupper (c) && small >= 2)
        return TRUE;
      small = g_unichar_islower (c) ? small + 1 : 0;
    }
  return FALSE;
}

gboolean
vn_text_has_letters (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}
