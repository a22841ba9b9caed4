/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-cli-correct.c: placeholder, being written (verno correct, verno apply). */
#include "vn-cli-private.h"

int
vn_cli_correct (int argc, char **argv)
{
  g_printerr ("verno correct: not available yet.\n");
  return VN_EXIT_FAILURE;
}

int
vn_cli_apply (int argc, char **argv)
{
  g_printerr ("verno apply: not available yet.\n");
  return VN_EXIT_FAILURE;
}
