/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-application.c: the desktop application: windows, app-wide actions and shortcuts. */
#include "config.h"

#include <string.h>

#include <epoxy/gl.h>

#include "vn-application.h"
#include "vn-window.h"

struct _VnApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (VnApplication, vn_application, ADW_TYPE_APPLICATION)

static VnWindow *
new_window (VnApplication *self)
{
  VnWindow *window = vn_window_new (self);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
vn_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (new_window (VN_APPLICATION (app)));
  gtk_window_present (window);
}

/* One folder opens as a project; several files are scans plus their transcription. */
static void
vn_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  VnWindow *window = new_window (VN_APPLICATION (app));

  vn_window_open_files (window, files, n_files);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "The Verno developers", NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about,
                "transient-for", gtk_application_get_active_window (app),
                "application-name", "Verno",
                "application-icon", "document-edit-symbolic",
                "developer-name", "The Verno developers",
                "version", PACKAGE_VERSION,
                "comments", "Verify transcriptions of archival scans against the scans and "
                            "Tesseract's reading of them.",
                "license-type", GTK_LICENSE_GPL_3_0,
                "developers", developers,
                NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), "The bundled letter",
                                      "Wilson Center Digital Archive, document 120172",
                                      GTK_LICENSE_UNKNOWN,
                                      "Letter from Ri Sang-jo to N. S. Khrushchev, 3 September 1956 "
                                      "(GARF, Fond 5446, Opis 98, Delo 721). The scans shipped "
                                      "with Verno are reconstructions, not the archive's scan.");
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), "Tesseract OCR", NULL,
                                      GTK_LICENSE_APACHE_2_0, NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), "Leptonica", NULL,
                                      GTK_LICENSE_BSD, NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  new_window (VN_APPLICATION (user_data));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* GTK 4.8 draws with OpenGL even when OpenGL is Mesa's software rasteriser, as on a machine
 * without a GPU, a virtual machine or a remote desktop. There its Cairo renderer is several
 * times faster, and the GL renderer's frames take the CPU the OCR needs (the letter reads in
 * 15 s instead of 3 s with llvmpipe under Xvfb). GTK 4.14 makes the same choice itself. A
 * GSK_RENDERER or GDK_DEBUG the user set is left alone.
 *
 * Before GTK starts: with no GPU device at all, OpenGL can only be software, and GTK is told
 * not to load it (Mesa's loading alone takes 45 ms of the start). */
static gboolean
have_gpu_device (void)
{
  static const char *patterns[] = { "/dev/dri/renderD*", "/dev/dri/card*", "/dev/nvidia[0-9]*" };

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autofree char *folder = g_path_get_dirname (patterns[i]);
      g_autofree char *glob = g_path_get_basename (patterns[i]);
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
      g_autoptr(GPatternSpec) spec = g_pattern_spec_new (glob);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (g_pattern_spec_match_string (spec, name))
          return TRUE;
    }
  return FALSE;
}

static void
avoid_software_gl_before_gtk (void)
{
  if (g_getenv ("GSK_RENDERER") != NULL || g_getenv ("GDK_DEBUG") != NULL || have_gpu_device ())
    return;
  g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
}

/* After GTK started with OpenGL: one GL context (about 7 ms) tells whether it is software,
 * as when a GPU's driver is missing. */
static void
avoid_software_gl (void)
{
  static const char *software[] = { "llvmpipe", "softpipe", "swrast", "Software Rasterizer" };
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *renderer;

  if (g_getenv ("GSK_RENDERER") != NULL || display == NULL)
    return;
  if (!gdk_display_prepare_gl (display, &error)
      || (context = gdk_display_create_gl_context (display, &error)) == NULL
      || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No OpenGL (%s): GTK draws with Cairo", error->message);
      return;
    }
  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  for (guint i = 0; renderer != NULL && i < G_N_ELEMENTS (software); i++)
    if (strstr (renderer, software[i]) != NULL)
      {
        g_debug ("OpenGL is drawn in software (%s): using the Cairo renderer", renderer);
        g_setenv ("GSK_RENDERER", "cairo", TRUE);
        break;
      }
  gdk_gl_context_clear_current ();
}

static void
vn_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "new-window", new_window_action },
    { "quit", quit_action },
  };
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.new-window", { "<Control>n", NULL } },
    { "win.open-folder", { "<Control>o", NULL } },
    { "win.open-files", { "<Shift><Control>o", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Shift><Control>z", "<Control>y", NULL } },
    { "win.export('pdf')", { "<Control>e", NULL } },
    { "win.close", { "<Control>w", NULL } },
  };
  avoid_software_gl_before_gtk ();
  G_APPLICATION_CLASS (vn_application_parent_class)->startup (app);
  avoid_software_gl ();
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
vn_application_class_init (VnApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = vn_application_activate;
  app_class->open = vn_application_open;
  app_class->startup = vn_application_startup;
}

static void
vn_application_init (VnApplication *self)
{
}

VnApplication *
vn_application_new (void)
{
  return g_object_new (VN_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/verno/Verno",
                       NULL);
}
