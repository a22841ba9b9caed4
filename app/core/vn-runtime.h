/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-runtime.h: process-wide set-up that must happen before any OCR (OpenMP limits), and
 * the binding of the message catalogues. */
#pragma once

#include <stdlib.h>

#include <glib.h>

G_BEGIN_DECLS

/*
 * Debian's libtesseract links libgomp, which reads OMP_THREAD_LIMIT once, when it is loaded.
 * Without a limit each page spends most of its time spinning threads on two cores (7-9 s
 * instead of ~1 s). setenv() before libgomp's constructor is not enough either: libc's own
 * constructor, which runs later, puts back the environment the process started with. So a
 * program that runs OCR says VN_RUNTIME_LIMIT_OPENMP once in its main file: from the
 * executable's .preinit_array, which runs before any library's constructor, the process
 * executes itself again with OMP_THREAD_LIMIT=1 added, unless the user set a limit. Only the
 * loading of the libraries is paid twice, none of their constructors. (Only an executable has
 * a .preinit_array: the libraries cannot do this for it.)
 */
void   vn_runtime_limit_openmp_at_start      (int argc, char **argv, char **envp);

#define VN_RUNTIME_LIMIT_OPENMP                                                              \
  __attribute__ ((section (".preinit_array"), used))                                         \
  static void (*const vn_runtime_limit_openmp_entry) (int, char **, char **) =              \
    vn_runtime_limit_openmp_at_start;

int    vn_runtime_openmp_thread_limit         (void);
char  *vn_runtime_describe_versions           (void);
void   vn_runtime_lower_thread_priority       (void);
void   vn_runtime_post_to_context             (GMainContext    *context,
                                               GSourceFunc      func,
                                               gpointer         data,
                                               GDestroyNotify   destroy);
char  *vn_runtime_tessdata_dir                (void);
void   vn_runtime_init_i18n                   (void);

G_END_DECLS
