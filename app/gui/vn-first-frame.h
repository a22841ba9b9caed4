/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-first-frame.h: how long the application takes to show a project's scan, for the
 * benchmarks and the installed-application tests (VERNO_BENCH_FIRST_FRAME). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void vn_first_frame_watch (GtkApplication *application);

G_END_DECLS
