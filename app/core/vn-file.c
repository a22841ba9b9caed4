/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-file.c: what a path names, before anything opens it. Opening a named pipe for reading
 * waits for a writer that may never come, and reading a device may never end: the scans,
 * the transcription and the journal are looked at first, and anything but a file or a
 * folder is refused in one sentence that says what it is. */
#include <errno.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-file.h"

static VnFileKind
set_other (GError     **error,
           const char  *format,
           const char  *path)
{
  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, format, path);
  return VN_FILE_OTHER;
}

static VnFileKind
special_file (const char  *path,
              mode_t       mode,
              GError     **error)
{
  if (S_ISFIFO (mode))
    return set_other (error, _("%s is a named pipe, not a file; give a regular file "
                               "instead."), path);
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return set_other (error, _("%s is a device, not a file; give a regular file instead."),
                      path);
  if (S_ISSOCK (mode))
    return set_other (error, _("%s is a socket, not a file; give a regular file instead."),
                      path);
  return set_other (error, _("%s is not a regular file; give a regular file instead."), path);
}

/* A path that names nothing may be a link to nothing, which deserves saying. */
static VnFileKind
stat_failed (const char  *path,
             int          errsv,
             GError     **error)
{
  GStatBuf st;
  g_autofree char *target = NULL;

  if (errsv == ELOOP)
    return set_other (error, _("%s is a symbolic link that leads round in a loop; point it at "
                               "a real file."), path);
  if (errsv != ENOENT && errsv != ENOTDIR)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("Cannot look at %s (%s); check the path and its permissions."), path,
                   g_strerror (errsv));
      return VN_FILE_OTHER;
    }
  if (g_lstat (path, &st) != 0 || !S_ISLNK (st.st_mode))
    return VN_FILE_MISSING;
  target = g_file_read_link (path, NULL);
  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
               _("%s is a symbolic link to %s, which does not exist; point it at a real "
                 "file."), path, target ? target : "?");
  return VN_FILE_OTHER;
}

/* Follows links. A missing path or a folder is the caller's to put in words, as it knows
 * what was expected there; anything else that is not a file sets @error. */
VnFileKind
vn_file_get_kind (const char  *path,
                  GError     **error)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, VN_FILE_MISSING);

  if (g_stat (path, &st) != 0)
    return stat_failed (path, errno, error);
  if (S_ISREG (st.st_mode))
    return VN_FILE_REGULAR;
  if (S_ISDIR (st.st_mode))
    return VN_FILE_FOLDER;
  return special_file (path, st.st_mode, error);
}
