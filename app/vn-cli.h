/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-cli.h: the command line: subcommands that never need a display. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

enum
{
  VN_EXIT_OK = 0,
  VN_EXIT_FAILURE = 1,
  VN_EXIT_USAGE = 2,
  VN_EXIT_BAD_INPUT = 3,
};

int      vn_cli_run        (int          argc,
                            char       **argv);
gboolean vn_cli_is_command (const char  *name);

G_END_DECLS
