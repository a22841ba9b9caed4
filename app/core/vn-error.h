/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-error.h: Verno's error domain; every code maps to a command-line exit status. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VN_ERROR (vn_error_quark ())

typedef enum
{
  VN_ERROR_BAD_INPUT,    /* a file the user gave us is unreadable or malformed */
  VN_ERROR_ENVIRONMENT,  /* something missing on the machine, e.g. a traineddata file */
  VN_ERROR_CANCELLED,
  VN_ERROR_INTERNAL,
} VnError;

GQuark vn_error_quark (void);

G_END_DECLS
