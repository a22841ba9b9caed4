/* SPDX-License-Identifier: GPL-3.0-or-later */
/* verno.c: one executable for the command line and the window. A first argument that names a
 * command runs it without a display; anything else (nothing, a folder, files) opens windows. */
#include <locale.h>
#include <string.h>

#include "vn-application.h"
#include "vn-cli.h"
#include "vn-project.h"
#include "vn-scan.h"
#include "vn-runtime.h"

VN_RUNTIME_LIMIT_OPENMP

static gboolean
have_display (void)
{
  return g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;
}

static gboolean
wants_window (int    argc,
              char **argv)
{
  if (argc < 2)
    return have_display ();
  if (argv[1][0] == '-' && !g_str_equal (argv[1], "--gapplication-service"))
    return FALSE;
  /* A file:// URI (from a desktop file's %U) or a path that exists opens in the window; a word
   * that is not a path is a command. */
  if (g_str_has_prefix (argv[1], "file://"))
    return TRUE;
  return g_file_test (argv[1], G_FILE_TEST_EXISTS) && !vn_cli_is_command (argv[1]);
}

/* A folder to open: its first page is decoded while GTK starts, so it shows sooner. */
static void
prefetch_first_page (const char *folder)
{
  g_autoptr(VnProject) project = NULL;

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR) ||
      (project = vn_project_new_from_folder (folder, NULL)) == NULL)
    return;
  vn_scan_prefetch (g_ptr_array_index (vn_project_get_scan_pages (project), 0));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(VnApplication) app = NULL;

  setlocale (LC_ALL, "");
  vn_runtime_init_i18n ();
  if (!wants_window (argc, argv))
    return vn_cli_run (argc, argv);
  if (argc == 2)
    prefetch_first_page (argv[1]);
  app = vn_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
