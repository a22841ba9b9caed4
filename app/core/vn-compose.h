/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-compose.h: the letters of Russian's pre-1918 spelling that keyboards lack (ѣ, і, ѳ, ѵ, ъ
 * where a Latin keyboard has none), typed as a compose key and a letter that looks or sounds
 * alike. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char * const *vn_compose_get_letters (void);
gunichar            vn_compose_letter      (gunichar base);

G_END_DECLS
