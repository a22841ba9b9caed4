/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-application.c: the desktop application: windows, app-wide actions and shortcuts. */
#include "config.h"

#include <string.h>

#include <epoxy/gl.h>
#include <glib/gi18n.h>

#include "vn-application.h"
#include "vn-first-frame.h"
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

/* What changed, in AppStream's markup, which the About window shows. */
#define RELEASE_NOTES \
  "<p>The first release of Verno.</p>" \
  "<ul>" \
  "<li>The scan, Tesseract's reading of it and the published transcription, lined up word by " \
  "word and linked: selecting a word in one selects it in all three.</li>" \
  "<li>A review queue with a verdict and a suggestion for every discrepancy, answered with " \
  "one key, journaled as it is made and undoable.</li>" \
  "<li>Regions of the scan read again, corrections made across the document at once, page " \
  "statuses.</li>" \
  "<li>Export as text, searchable PDF, ALTO, PAGE XML, hOCR, TEI and errata for the " \
  "archive.</li>" \
  "<li>A command line for all of it, a user guide (F1) and a manual page.</li>" \
  "</ul>"

/* The sources of the test corpus (../shared/corpus, not installed) and their licences. */
static void
add_corpus_sections (AdwAboutWindow *about)
{
  static const char cc_by[] =
    "<a href=\"https://creativecommons.org/licenses/by/4.0/\">Creative Commons Attribution "
    "4.0 International</a>";
  static const struct
  {
    const char *title;
    const char *source;
    GtkLicense  license;
    const char *text;   /* of a GTK_LICENSE_CUSTOM; NULL for Creative Commons Attribution */
  } corpus[] = {
    { N_("Test corpus: Russian books, 1777–1800"),
      N_("Scans of public-domain books from the National Library of Russia, with transcriptions "
         "from the historical-ocr-analysis project (mary-lev)"), GTK_LICENSE_MIT_X11, NULL },
    { N_("Test corpus: English typewritten letter, 1938"),
      N_("EHRI dataset (FloChiff/ehri-dataset)"), GTK_LICENSE_CUSTOM, NULL },
    { N_("Test corpus: French typewritten journal, 1914–1917"),
      N_("Chagué, Tapuscorpus (2021), HTR-United; images: Archives nationales, 96AP/1"),
      GTK_LICENSE_CUSTOM, NULL },
    { N_("Test corpus: Komi newspaper lines, 1939"),
      N_("“Выль туйӧд”, National Library of Finland, Fenno-Ugrica (nikopartanen/vyl-tujod-ocr)"),
      GTK_LICENSE_CUSTOM, N_("Public Domain Mark 1.0: free of known copyright.") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      const char *text = corpus[i].license != GTK_LICENSE_CUSTOM ? NULL
                         : corpus[i].text != NULL ? _(corpus[i].text) : cc_by;

      adw_about_window_add_legal_section (about, _(corpus[i].title), _(corpus[i].source),
                                          corpus[i].license, text);
    }
}

/* The libraries and data Verno runs on, with the licences they are distributed under. */
static void
add_dependency_sections (AdwAboutWindow *about)
{
  static const struct { const char *name; GtkLicense license; } deps[] = {
    { "Tesseract OCR", GTK_LICENSE_APACHE_2_0 },
    { "Tesseract's trained models (tessdata)", GTK_LICENSE_APACHE_2_0 },
    { "Leptonica", GTK_LICENSE_BSD },
    { "GTK", GTK_LICENSE_LGPL_2_1 },
    { "libadwaita", GTK_LICENSE_LGPL_2_1 },
    { "GLib", GTK_LICENSE_LGPL_2_1 },
    { "json-glib", GTK_LICENSE_LGPL_2_1 },
    { "Enchant", GTK_LICENSE_LGPL_2_1 },
    { "Poppler", GTK_LICENSE_GPL_2_0 },
    { "libxml2", GTK_LICENSE_MIT_X11 },
    { "cmark", GTK_LICENSE_BSD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (deps); i++)
    adw_about_window_add_legal_section (about, deps[i].name, NULL, deps[i].license, NULL);
  adw_about_window_add_legal_section (about, _("Hunspell dictionaries"), NULL, GTK_LICENSE_CUSTOM,
                                      _("Each dictionary keeps its own licence: see "
                                        "/usr/share/doc/hunspell-*/copyright."));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("The Verno developers"), NULL };
  const char *sources[] = {
    _("Wilson Center Digital Archive https://digitalarchive.wilsoncenter.org"),
    _("Gary Goldberg, translator of the letter"),
    NULL
  };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about,
                "transient-for", gtk_application_get_active_window (app),
                "application-name", "Verno",
                "application-icon", "document-edit-symbolic",
                "developer-name", _("The Verno developers"),
                "version", PACKAGE_VERSION,
                "release-notes-version", PACKAGE_VERSION,
                "release-notes", RELEASE_NOTES,
                "comments", _("Verify transcriptions of archival scans against the scans and "
                              "Tesseract's reading of them."),
                "license-type", GTK_LICENSE_GPL_3_0,
                "developers", developers,
                "translator-credits", _("translator-credits"),
                NULL);
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about), _("The bundled letter"),
                                                sources);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("The bundled letter"),
                                      _("Wilson Center Digital Archive, document 120172"),
                                      GTK_LICENSE_CUSTOM,
                                      _("Letter from Ri Sang-jo to N. S. Khrushchev, 3 September "
                                        "1956 (GARF, Fond 5446, Opis 98, Delo 721, Listy "
                                        "168–169): the archive's Russian transcription, verbatim, "
                                        "and its English translation by Gary Goldberg, reproduced "
                                        "for research and teaching under the archive's terms of "
                                        "use. The page images shipped with Verno are "
                                        "reconstructions made by Verno's tests, not the archive's "
                                        "scan."));
  add_corpus_sections (ADW_ABOUT_WINDOW (about));
  add_dependency_sections (ADW_ABOUT_WINDOW (about));
  gtk_window_present (GTK_WINDOW (about));
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  new_window (VN_APPLICATION (user_data));
}

/* Every window is closed first, as its close button would: each saves its state and lets go
 * of its project (and the project's lock) before the process ends. */
static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = windows; l != NULL; l = l->next)
    g_ptr_array_add (open, g_object_ref (l->data));
  for (guint i = 0; i < open->len; i++)
    gtk_window_close (g_ptr_array_index (open, i));
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
    { "window.close", { "<Control>w", NULL } },
  };
  avoid_software_gl_before_gtk ();
  G_APPLICATION_CLASS (vn_application_parent_class)->startup (app);
  avoid_software_gl ();
  /* The installed icon (hicolor), also in the gresource for a run from the build tree. */
  gtk_window_set_default_icon_name (APPLICATION_ID);
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
  if (g_getenv ("VERNO_BENCH_FIRST_FRAME") != NULL)
    vn_first_frame_watch (GTK_APPLICATION (self));
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
