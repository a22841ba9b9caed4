/* SPDX-License-Identifier: GPL-3.0-or-later */
/* verno.c: the entry point shared by the command line and, later, the window. */
#include <locale.h>

#include "vn-cli.h"
#include "vn-runtime.h"

int
main (int    argc,
      char **argv)
{
  /* First of all: may re-execute the process so libgomp starts with one thread. */
  vn_runtime_ensure_single_openmp_thread (argv);
  setlocale (LC_ALL, "");
  return vn_cli_run (argc, argv);
}
