/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-help.c: help in every form: "verno help COMMAND" and "COMMAND --help" for every
 * command "verno --help" lists, the manual page (groff's warnings, and every command and
 * option documented), and the user guide that F1 opens in the window. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "vn-application.h"
#include "vn-help-window.h"
#include "vn-window-private.h"
#include "vn-test-gui.h"
#include "vn-test-util.h"

/* ------------------------------------------------------------------ the command line */

/* The commands "verno --help" lists: the indented words under "Commands:". */
static GStrv
listed_commands (void)
{
  g_auto(VnTestRun) run = { 0 };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  gboolean in_list = FALSE;

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "--help", NULL });
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) words = NULL;

      if (g_str_equal (lines[i], "Commands:"))
        {
          in_list = TRUE;
          continue;
        }
      if (!in_list || lines[i][0] != ' ')
        {
          in_list = FALSE;
          continue;
        }
      words = g_strsplit_set (g_strstrip (lines[i]), " ", 2);
      g_strv_builder_add (builder, words[0]);
    }
  return g_strv_builder_end (builder);
}

/* Both forms print the command's usage line and options, the same text, and exit 0. */
static void
test_every_command_has_help (void)
{
  g_auto(GStrv) commands = listed_commands ();

  g_assert_cmpuint (g_strv_length (commands), >=, 10);
  g_assert_true (g_strv_contains ((const char * const *) commands, "help"));
  for (guint i = 0; commands[i]; i++)
    {
      g_auto(VnTestRun) dashed = { 0 }, asked = { 0 };
      g_autofree char *usage = g_strdup_printf ("Usage:\n  verno %s [OPTION…]", commands[i]);

      vn_test_run_verno (&dashed, NULL, FALSE, (const char *[]) { commands[i], "--help", NULL });
      vn_test_run_verno (&asked, NULL, FALSE, (const char *[]) { "help", commands[i], NULL });
      g_test_message ("%s: %s", commands[i], strchr (dashed.out, '\n') + 1);
      g_assert_cmpint (dashed.status, ==, 0);
      g_assert_cmpint (asked.status, ==, 0);
      g_assert_true (g_str_has_prefix (dashed.out, usage));
      g_assert_nonnull (strstr (dashed.out, "--help"));
      g_assert_cmpstr (asked.out, ==, dashed.out);
      g_assert_cmpstr (dashed.err, ==, "");
      g_assert_cmpstr (asked.err, ==, "");
    }
}

static void
test_help_on_unknown_command (void)
{
  g_auto(VnTestRun) run = { 0 };

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "help", "frobnicate", NULL });
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "“frobnicate”"));
  g_assert_nonnull (strstr (run.err, "verno --help"));
}

/* ------------------------------------------------------------------ the manual page */

static char *
run_groff (const char * const *extra,
           char              **err)
{
  g_autofree char *page = vn_test_build_path ("resources/verno.1");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = -1;

  /* -k: the page is UTF-8 (preconv); -ww: every warning; no hyphenation, long lines. */
  g_ptr_array_add (argv, (char *) "groff");
  g_ptr_array_add (argv, (char *) "-k");
  g_ptr_array_add (argv, (char *) "-man");
  g_ptr_array_add (argv, (char *) "-ww");
  for (guint i = 0; extra[i]; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, page);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, err,
                     &status, &error))
    g_error ("groff did not run (%s): install Debian's groff-base", error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* groff finds nothing to warn about, and the page documents every command and every long
 * option that any command's --help lists. */
static void
test_man_page (void)
{
  g_auto(GStrv) commands = listed_commands ();
  g_autofree char *err = NULL, *text = NULL, *text_err = NULL;
  g_autoptr(GRegex) option = g_regex_new ("--[a-z][a-z-]+", 0, 0, NULL);
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  const char *name;

  g_free (run_groff ((const char *[]) { "-z", NULL }, &err));
  g_assert_cmpstr (err, ==, "");
  text = run_groff ((const char *[]) { "-Tutf8", "-rHY=0", "-rLL=200n", "-P-cbou", NULL },
                    &text_err);
  g_assert_cmpstr (text_err, ==, "");
  for (guint i = 0; commands[i]; i++)
    {
      g_auto(VnTestRun) run = { 0 };
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *entry = g_strdup_printf ("\n       %s ", commands[i]);

      /* A command's entry starts a line in COMMANDS: "       ocr [OPTION...] SCAN...". */
      if (strstr (text, entry) == NULL)
        g_error ("The manual page has no entry for “verno %s”", commands[i]);
      vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { commands[i], "--help", NULL });
      for (g_regex_match (option, run.out, 0, &match); g_match_info_matches (match);
           g_match_info_next (match, NULL))
        g_hash_table_add (options, g_match_info_fetch (match, 0));
    }
  g_assert_cmpuint (g_hash_table_size (options), >, 20);
  g_hash_table_iter_init (&iter, options);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    if (strstr (text, name) == NULL)
      g_error ("The manual page does not mention %s, which “verno … --help” lists", name);
  for (const char *status = "023"; *status; status++)
    {
      g_autofree char *line = g_strdup_printf ("\n       %c      ", *status);
      g_assert_nonnull (strstr (strstr (text, "EXIT STATUS"), line));
    }
}

/* ------------------------------------------------------------------ the user guide */

static GtkWindow *
find_help_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* owned by GTK */
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (VN_IS_HELP_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          g_assert_null (found);  /* one guide, however often F1 is pressed */
          found = window;
        }
    }
  return found;
}

static gboolean
is_single_key (GtkShortcut *shortcut,
               gpointer     keyval)
{
  GtkShortcutTrigger *t = gtk_shortcut_get_trigger (shortcut);

  return GTK_IS_KEYVAL_TRIGGER (t) &&
         gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (t)) == GPOINTER_TO_UINT (keyval) &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (t)) == 0;
}

static void
press (GtkWidget *widget,
       guint      keyval)
{
  g_autoptr(GtkShortcut) shortcut =
    vn_test_gui_find_shortcut (widget, is_single_key, GUINT_TO_POINTER (keyval));

  g_assert_nonnull (shortcut);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                               GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                               gtk_shortcut_get_arguments (shortcut)));
}

static void
collect_headings (GtkWidget *widget,
                  GPtrArray *headings)
{
  if (GTK_IS_LABEL (widget) &&
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_HEADING)
    g_ptr_array_add (headings, (gpointer) gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_headings (child, headings);
}

static void
collect_pictures (GtkWidget *widget,
                  GPtrArray *pictures)
{
  if (GTK_IS_PICTURE (widget))
    g_ptr_array_add (pictures, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_pictures (child, pictures);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  texture = vn_test_gui_render_png (widget, name, NULL);
}

/* F1 opens the guide: its headings are the Markdown file's, in order, the first one names
 * the window, and every picture it names is there. */
static void
test_f1_opens_guide (void)
{
  g_autofree char *path = vn_test_source_path ("resources/help/guide.md");
  g_autofree char *markdown = vn_test_read_file (path);
  g_auto(GStrv) lines = g_strsplit (markdown, "\n", -1);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(GPtrArray) headings = g_ptr_array_new ();
  g_autoptr(GPtrArray) pictures = g_ptr_array_new ();
  VnWindow *window = vn_window_new (NULL);
  GtkWindow *help;
  guint images = 0;
  gint64 deadline;

  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "#"))
        g_ptr_array_add (expected, g_strchug (lines[i] + strspn (lines[i], "#")));
      images += strstr (lines[i], "![") != NULL;
    }
  g_assert_cmpuint (expected->len, >=, 5);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_null (find_help_window ());
  press (GTK_WIDGET (window), GDK_KEY_F1);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((help = find_help_window ()) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (help);
  g_assert_true (gtk_window_get_transient_for (help) == GTK_WINDOW (window));

  collect_headings (GTK_WIDGET (help), headings);
  g_assert_cmpuint (headings->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (headings->pdata[i], ==, expected->pdata[i]);
  g_assert_cmpstr (gtk_window_get_title (help), ==, expected->pdata[0]);

  collect_pictures (GTK_WIDGET (help), pictures);
  g_assert_cmpuint (pictures->len, ==, images);
  for (guint i = 0; i < pictures->len; i++)
    {
      GdkPaintable *paintable = gtk_picture_get_paintable (pictures->pdata[i]);

      g_assert_nonnull (paintable);
      g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), >, 0);
      g_assert_nonnull (gtk_picture_get_alternative_text (pictures->pdata[i]));
    }
  save_screenshot (GTK_WIDGET (help), "help-window.png");
  /* Shown whole, in proportion, however narrow the window. */
  for (guint i = 0; i < pictures->len; i++)
    {
      GdkPaintable *paintable = gtk_picture_get_paintable (pictures->pdata[i]);
      int w = gtk_widget_get_width (pictures->pdata[i]);
      int h = gtk_widget_get_height (pictures->pdata[i]);
      double ratio = (double) gdk_paintable_get_intrinsic_height (paintable) /
                     gdk_paintable_get_intrinsic_width (paintable);

      g_test_message ("picture %u: %d×%d", i, w, h);
      g_assert_cmpint (w, >, 200);
      g_assert_cmpint (w, <=, gdk_paintable_get_intrinsic_width (paintable) + 2);
      g_assert_cmpfloat (fabs ((double) h / w - ratio), <, 0.01);
    }

  /* F1 again brings the same guide forward; Escape closes it. */
  press (GTK_WIDGET (window), GDK_KEY_F1);
  g_assert_true (find_help_window () == help);
  press (GTK_WIDGET (help), GDK_KEY_Escape);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (find_help_window ());
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ------------------------------------------------------------------ about */

static void
collect_label_texts (GtkWidget *widget,
                     GString   *texts)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_label_texts (child, texts);
}

/* The About window credits the letter's archive and lists the licences of the letter, of the
 * test corpus's sources (one section for each folder its README lists) and of the libraries. */
static void
test_about (void)
{
  g_autoptr(VnApplication) app = vn_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autofree char *readme_path = vn_test_shared_path ("corpus/README.md");
  g_autofree char *readme = vn_test_read_file (readme_path);
  g_auto(GStrv) lines = g_strsplit (readme, "\n", -1);
  GtkWindow *about = NULL;
  guint corpus_rows = 0, corpus_sections = 0;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  while (about == NULL && g_get_monotonic_time () < deadline)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      g_main_context_iteration (NULL, FALSE);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && about == NULL; i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
          if (ADW_IS_ABOUT_WINDOW (window))
            about = window;
        }
    }
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_release_notes_version (ADW_ABOUT_WINDOW (about)), ==,
                   PACKAGE_VERSION);
  g_assert_nonnull (strstr (adw_about_window_get_release_notes (ADW_ABOUT_WINDOW (about)), "<li>"));
  collect_label_texts (GTK_WIDGET (about), texts);
  g_test_message ("%s", texts->str);
  g_assert_nonnull (strstr (texts->str, "Wilson Center Digital Archive"));
  g_assert_nonnull (strstr (texts->str, "Tesseract OCR"));
  g_assert_nonnull (strstr (texts->str, "Leptonica"));
  g_assert_nonnull (strstr (texts->str, "Poppler"));
  /* The README's table has a row per corpus folder: "| `folder/` | ...". */
  for (guint i = 0; lines[i]; i++)
    corpus_rows += g_str_has_prefix (lines[i], "| `");
  for (const char *p = texts->str; (p = strstr (p, "Test corpus: ")) != NULL; p++)
    corpus_sections++;
  g_assert_cmpuint (corpus_rows, >, 0);
  g_assert_cmpuint (corpus_sections, ==, corpus_rows);
  save_screenshot (GTK_WIDGET (about), "about.png");
  gtk_window_destroy (about);
}

int
main (int    argc,
      char **argv)
{
  /* Xvfb has no session bus for the accessibility bridge, whose warning would be fatal. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_test_add_func ("/verno/help/every-command", test_every_command_has_help);
  g_test_add_func ("/verno/help/unknown-command", test_help_on_unknown_command);
  g_test_add_func ("/verno/help/man-page", test_man_page);
  g_test_add_func ("/verno/help/f1-opens-guide", test_f1_opens_guide);
  g_test_add_func ("/verno/help/about", test_about);
  return g_test_run ();
}
