/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-runtime.c: keeps Debian's OpenMP-enabled Tesseract from spinning on every core. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include <glib/gi18n.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "vn-runtime.h"

/* Runs before any constructor: only libc's system calls and string functions, no GLib. */
void
vn_runtime_limit_openmp_at_start (int    argc,
                                  char **argv,
                                  char **envp)
{
  static const char limit[] = "OMP_THREAD_LIMIT=1";
  char self[4096];
  ssize_t length;
  size_t n = 0;
  char **env;

  for (n = 0; envp[n] != NULL; n++)
    if (strncmp (envp[n], "OMP_THREAD_LIMIT=", 17) == 0)
      return;
  /* The real path, not /proc/self/exe: a process is named after the file it runs. */
  length = readlink ("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0 || (size_t) length >= sizeof self - 1)
    return;
  self[length] = '\0';
  env = malloc ((n + 2) * sizeof *env);
  if (env == NULL)
    return;
  memcpy (env, envp, n * sizeof *env);
  env[n] = (char *) limit;
  env[n + 1] = NULL;
  execve (self, argv, env);
  /* Only reached if exec failed: run on with OpenMP unlimited (slower OCR). */
  free (env);
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
  g_autofree char *limit_text = limit < 0 ? g_strdup (_("not loaded"))
                                : limit == G_MAXINT ? g_strdup (_("unlimited"))
                                : g_strdup_printf ("%d", limit);

  char *text = g_strdup_printf (_("verno %s\nTesseract %s\n%s\nOpenMP thread limit: %s\n"),
                                PACKAGE_VERSION, TessVersion (), lept, limit_text);

  lept_free (lept);
  return text;
}

/* Linux schedules threads on their own: a niceness of 10 for the calling thread only. The
 * window's thread then gets about nine tenths of a core it shares with the OCR. (SCHED_IDLE
 * would starve the OCR whenever anything else keeps the CPU busy, a user's browser included.) */
void
vn_runtime_lower_thread_priority (void)
{
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("Could not lower the priority of a worker thread: %s", g_strerror (errno));
}

/* Runs @func (@data) once in @context's thread, from a worker. Not g_main_context_invoke:
 * that runs the callback in the calling thread whenever the context is not iterating at that
 * moment, and GTK and the objects a context's thread owns must only be used there. */
void
vn_runtime_post_to_context (GMainContext   *context,
                            GSourceFunc     func,
                            gpointer        data,
                            GDestroyNotify  destroy)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_attach (source, context);
  g_source_unref (source);
}

/* Where the catalogues are: $VERNO_LOCALEDIR when set; the build tree's po/, where meson
 * compiles them, when this executable was built there; else the installed LOCALEDIR. */
static char *
locale_dir (void)
{
  const char *dir = g_getenv ("VERNO_LOCALEDIR");
  g_autofree char *self = NULL;

  if (dir != NULL && *dir)
    return g_strdup (dir);
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self != NULL && g_str_has_prefix (self, VN_BUILD_ROOT G_DIR_SEPARATOR_S))
    return g_build_filename (VN_BUILD_ROOT, "po", NULL);
  return g_strdup (LOCALEDIR);
}

/* After setlocale (): messages in the user's language (LANGUAGE, LC_MESSAGES), as UTF-8. */
void
vn_runtime_init_i18n (void)
{
  g_autofree char *dir = locale_dir ();

  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* Where Tesseract itself looks for models: TESSDATA_PREFIX when set, else Debian's tessdata. */
char *
vn_runtime_tessdata_dir (void)
{
  const char *prefix = g_getenv ("TESSDATA_PREFIX");

  return g_strdup (prefix != NULL && *prefix ? prefix : VN_TESSDATA_HINT);
}
