/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-runtime.c: keeps Debian's OpenMP-enabled Tesseract from spinning on every core. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "vn-runtime.h"

#define VN_OPENMP_REEXEC_MARK "VN_OPENMP_REEXEC"

/*
 * Debian's libtesseract links libgomp, which reads OMP_THREAD_LIMIT once, when it is loaded,
 * before main() runs.  Without a limit each page spends most of its time spinning threads on
 * two cores (7-9 s instead of ~1 s).  Setting the variable from main() is too late, so the
 * process re-executes itself once with the variable set.  A limit the user set is respected.
 */
void
vn_runtime_ensure_single_openmp_thread (char **argv)
{
  g_autofree char *self = NULL;

  if (g_getenv ("OMP_THREAD_LIMIT") != NULL)
    return;

  /* A second pass that still has no limit means exec lost the variable; never loop. */
  if (g_getenv (VN_OPENMP_REEXEC_MARK) != NULL)
    return;

  g_setenv ("OMP_THREAD_LIMIT", "1", TRUE);
  g_setenv (VN_OPENMP_REEXEC_MARK, "1", TRUE);
  /* The real path, not /proc/self/exe: the process is named after the file it runs, and
   * "exe" in a system monitor would say nothing. */
  self = g_file_read_link ("/proc/self/exe", NULL);
  execv (self != NULL ? self : "/proc/self/exe", argv);

  /* Only reached if exec failed: run on, slower, and say why. */
  g_warning ("Could not restart with OMP_THREAD_LIMIT=1 (%s); OCR will be slow. "
             "Set OMP_THREAD_LIMIT=1 in the environment to avoid this.", g_strerror (errno));
}

/* The limit libgomp actually runs with, or -1 when OpenMP is not loaded. */
int
vn_runtime_openmp_thread_limit (void)
{
  int (*get_thread_limit) (void) = (int (*) (void)) dlsym (RTLD_DEFAULT, "omp_get_thread_limit");

  if (get_thread_limit == NULL)
    return -1;
  return get_thread_limit ();
}

char *
vn_runtime_describe_versions (void)
{
  char *lept = getLeptonicaVersion ();
  int limit = vn_runtime_openmp_thread_limit ();
  g_autofree char *limit_text = limit < 0 ? g_strdup ("not loaded")
                                : limit == G_MAXINT ? g_strdup ("unlimited")
                                : g_strdup_printf ("%d", limit);

  char *text = g_strdup_printf ("verno %s\nTesseract %s\n%s\nOpenMP thread limit: %s\n",
                                PACKAGE_VERSION, TessVersion (), lept, limit_text);

  lept_free (lept);
  return text;
}

/* Linux schedules threads on their own: a niceness of 10 for the calling thread only. */
void
vn_runtime_lower_thread_priority (void)
{
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("Could not lower the priority of a worker thread: %s", g_strerror (errno));
}

/* Where Tesseract itself looks for models: TESSDATA_PREFIX when set, else Debian's tessdata. */
char *
vn_runtime_tessdata_dir (void)
{
  const char *prefix = g_getenv ("TESSDATA_PREFIX");

  return g_strdup (prefix != NULL && *prefix ? prefix : VN_TESSDATA_HINT);
}
