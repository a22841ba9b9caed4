/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-error.c: Verno's error domain. */
#include "vn-error.h"

G_DEFINE_QUARK (vn-error-quark, vn_error)
