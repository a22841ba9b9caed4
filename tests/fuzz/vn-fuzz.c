/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-fuzz.c: what the libFuzzer targets share. A GLib critical or warning is a finding, as
 * an address or undefined-behaviour report is: it aborts, so that libFuzzer keeps the input. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vn-fuzz.h"

static GLogWriterOutput
fatal_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) == 0)
    return G_LOG_WRITER_HANDLED;  /* messages about damaged input are expected by the thousand */
  g_log_writer_standard_streams (level, fields, n_fields, user_data);
  abort ();
}

static char *scratch_dir;

static void
remove_scratch_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (scratch_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (scratch_dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (scratch_dir);
}

void
vn_fuzz_init (void)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_log_set_writer_func (fatal_writer, NULL, NULL);
}

/* The bundled letter's transcription, for targets whose input is not a text of its own. */
const char *
vn_fuzz_letter (gsize *len)
{
  static char *text;
  static gsize text_len;

  if (text == NULL)
    {
      g_autoptr(GError) error = NULL;
      const char *root = g_getenv ("VN_SOURCE_ROOT");
      g_autofree char *path = g_build_filename (root ? root : VN_FUZZ_SOURCE_ROOT, "scans",
                                                "letter-1956", "transcription.txt", NULL);

      if (!g_file_get_contents (path, &text, &text_len, &error))
        g_error ("The fuzz targets need the bundled letter: %s", error->message);
    }
  *len = text_len;
  return text;
}

/* A private folder, removed at exit, for the targets that read files. */
const char *
vn_fuzz_scratch_dir (void)
{
  if (scratch_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      scratch_dir = g_dir_make_tmp ("verno-fuzz-XXXXXX", &error);
      if (scratch_dir == NULL)
        g_error ("Cannot make a scratch folder: %s", error->message);
      atexit (remove_scratch_dir);
    }
  return scratch_dir;
}

/* Two texts in one input, separated by its first NUL byte. FALSE when there is none. */
gboolean
vn_fuzz_split (const uint8_t  *data,
               size_t          size,
               const char    **first,
               gsize          *first_len,
               const char    **second,
               gsize          *second_len)
{
  const uint8_t *nul = size > 0 ? memchr (data, 0, size) : NULL;

  if (nul == NULL)
    return FALSE;
  *first = (const char *) data;
  *first_len = nul - data;
  *second = (const char *) nul + 1;
  *second_len = size - *first_len - 1;
  return TRUE;
}
