/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-cli-eval.c: placeholder, being written (verno eval). */
#include "vn-cli-private.h"

int
vn_cli_eval (int argc, char **argv)
{
  g_printerr ("verno eval: not available yet.\n");
  return VN_EXIT_FAILURE;
}
