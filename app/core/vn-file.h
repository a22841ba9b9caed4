/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-file.h: what a path names, before anything opens it: a named pipe would block a reader
 * for ever and a device never ends, so each is refused in one sentence. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VN_FILE_REGULAR,
  VN_FILE_FOLDER,
  VN_FILE_MISSING,
  VN_FILE_OTHER,    /* a named pipe, a device, a socket, a link loop…: @error says which */
} VnFileKind;

VnFileKind vn_file_get_kind (const char  *path,
                             GError     **error);

G_END_DECLS
