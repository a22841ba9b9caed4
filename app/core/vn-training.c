/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-training.c: placeholder, being written. */
#include <glib.h>
