/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-compose.c: the letters of Russian's pre-1918 spelling that keyboards lack, and the letter
 * that, after the compose key, gives each: the one it looks or sounds like, on a Russian or a
 * Latin keyboard. */
#include "vn-compose.h"

static const struct
{
  gunichar letter;
  gunichar bases[4];
} compositions[] = {
  { 0x0463, { 0x0435, 'e' } },            /* ѣ yat: е, e */
  { 0x0456, { 0x0438, 'i' } },            /* і: и, i */
  { 0x0473, { 0x0444, 'f' } },            /* ѳ fita: ф, f */
  { 0x0475, { 0x0432, 'v', 'y' } },       /* ѵ izhitsa: в, v, y */
  { 0x044A, { 0x044C, '\'', ']' } },      /* ъ: ь, and the keys ъ is on (', ]) */
};

/* The letters in the order the palette shows them, small then capital. */
const char * const *
vn_compose_get_letters (void)
{
  static const char *letters[] = { "ѣ", "і", "ѳ", "ѵ", "ъ", "Ѣ", "І", "Ѳ", "Ѵ", "Ъ", NULL };

  return letters;
}

/* The letter the compose key and @base give (a capital for a capital), or 0 for none. */
gunichar
vn_compose_letter (gunichar base)
{
  gboolean upper = g_unichar_isupper (base);
  gunichar lower = g_unichar_tolower (base);

  for (guint i = 0; i < G_N_ELEMENTS (compositions); i++)
    for (guint k = 0; k < G_N_ELEMENTS (compositions[i].bases) && compositions[i].bases[k]; k++)
      if (compositions[i].bases[k] == lower)
        return upper ? g_unichar_toupper (compositions[i].letter) : compositions[i].letter;
  return 0;
}
