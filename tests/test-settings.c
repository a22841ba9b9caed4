/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-settings.c: the preferences take effect: the schema and VnSettings agree, the user's
 * words are never flagged, the OCR language follows the transcription's script or the
 * setting, and windows restore their size and panes. Window cases run under Xvfb. */
#include <string.h>

#include <glib/gstdio.h>

#include <adwaita.h>

#include "vn-preferences-window.h"
#include "vn-settings.h"
#include "vn-spell-checker.h"
#include "vn-window-private.h"
#include "vn-test-gui.h"
#include "vn-test-util.h"

static GSettings *
store (void)
{
  GSettings *settings = vn_settings_get_gsettings (vn_settings_get_default ());

  /* The tests run with GSETTINGS_SCHEMA_DIR at the schema compiled in the build. */
  g_assert_nonnull (settings);
  return settings;
}

static void
reset_settings (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (store (), "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    g_settings_reset (store (), keys[i]);
  vn_test_gui_iterate ();
}

static gboolean
have_display (void)
{
  if (gdk_display_get_default () != NULL)
    return TRUE;
  g_test_skip ("needs a display: run the tests under xvfb-run");
  return FALSE;
}

/* ------------------------------------------------------------------ settings */

/* Every key has a property of the same name and default, and every property a key. */
static void
test_schema_matches_properties (void)
{
  g_autoptr(VnSettings) memory = vn_settings_new (NULL);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree GParamSpec **pspecs = NULL;
  g_auto(GStrv) keys = NULL;
  guint n;

  g_object_get (store (), "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (memory), &n);
  g_assert_cmpuint (g_strv_length (keys), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GSettingsSchemaKey) key = NULL;
      g_autoptr(GVariant) fallback = NULL, in_memory = NULL;
      g_auto(GValue) value = G_VALUE_INIT;

      g_test_message ("key %s", pspecs[i]->name);
      g_assert_true (g_settings_schema_has_key (schema, pspecs[i]->name));
      key = g_settings_schema_get_key (schema, pspecs[i]->name);
      fallback = g_settings_schema_key_get_default_value (key);
      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (memory), pspecs[i]->name, &value);
      in_memory = g_variant_ref_sink (g_dbus_gvalue_to_gvariant (&value,
                                                                 g_variant_get_type (fallback)));
      g_assert_true (g_variant_equal (in_memory, fallback));
    }
}

static void
test_follows_gsettings (void)
{
  VnSettings *settings = vn_settings_get_default ();
  gboolean colorblind = FALSE;
  g_auto(GStrv) languages = NULL;

  reset_settings ();
  g_settings_set_boolean (store (), "colorblind-safe", TRUE);
  g_settings_set_strv (store (), "dictionary-languages", (const char *[]) { "en_US", NULL });
  vn_test_gui_iterate ();
  g_object_get (settings, "colorblind-safe", &colorblind, "dictionary-languages", &languages, NULL);
  g_assert_true (colorblind);
  g_assert_cmpstrv (languages, ((const char *[]) { "en_US", NULL }));

  g_object_set (settings, "window-width", 1234, "preprocess-binarize", TRUE, NULL);
  vn_test_gui_iterate ();
  g_assert_cmpint (g_settings_get_int (store (), "window-width"), ==, 1234);
  g_assert_true (g_settings_get_boolean (store (), "preprocess-binarize"));
  g_assert_cmpint (vn_settings_get_preprocess (settings), ==, VN_PREPROCESS_BINARIZE);
  reset_settings ();
}

static void
test_user_words (void)
{
  VnSettings *settings = vn_settings_get_default ();
  g_auto(GStrv) stored = NULL;
  g_autofree char *decomposed_nfc = NULL;
  /* "Йо" typed with a combining breve: kept in composed (NFC) form. */
  const char *decomposed = "\xd0\x98\xcc\x86o";

  reset_settings ();
  vn_settings_add_user_word (settings, "  Чо Ри\tСан  ");
  vn_settings_add_user_word (settings, "чо");           /* already there, in another case */
  vn_test_gui_iterate ();
  stored = g_settings_get_strv (store (), "user-words");
  g_assert_cmpstrv (stored, ((const char *[]) { "Ри", "Сан", "Чо", NULL }));
  g_clear_pointer (&stored, g_strfreev);

  vn_settings_remove_user_word (settings, "Сан");
  vn_settings_add_user_word (settings, decomposed);
  vn_test_gui_iterate ();
  stored = g_settings_get_strv (store (), "user-words");
  decomposed_nfc = g_utf8_normalize (decomposed, -1, G_NORMALIZE_NFC);
  g_assert_cmpuint (g_strv_length (stored), ==, 3);
  g_assert_true (g_strv_contains ((const char * const *) stored, decomposed_nfc));
  g_assert_false (g_strv_contains ((const char * const *) stored, "Сан"));
  reset_settings ();
}

static void
test_ocr_language_guess (void)
{
  static const struct { const char *text; const char *languages; } cases[] = {
    { "The letter arrived on the third of September.", "eng" },
    { "Καλημέρα σας, το γράμμα έφτασε.", "ell" },
    /* Russian with an English quarter: both models. */
    { "Письмо пришло сегодня утром, the letter", "rus+eng" },
    /* Latin look-alikes from OCR in a Russian text are too few to count. */
    { "Bepho: письмо пришло сегодня утром и было прочитано вслух", "rus" },
    { "1956 — 2024", NULL },
  };
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/transcription.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnTranscription) letter = vn_transcription_new_from_file (file, &error);
  g_autoptr(VnSettings) settings = vn_settings_new (NULL);
  g_autofree char *automatic = NULL, *chosen = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *guess = vn_settings_guess_ocr_languages (cases[i].text, -1);
      g_assert_cmpstr (guess, ==, cases[i].languages);
    }
  g_assert_no_error (error);
  automatic = vn_settings_dup_ocr_languages (settings, letter);
  g_assert_cmpstr (automatic, ==, "rus");
  g_object_set (settings, "ocr-languages", "fra", NULL);
  chosen = vn_settings_dup_ocr_languages (settings, letter);
  g_assert_cmpstr (chosen, ==, "fra");
}

static void
test_installed_choices (void)
{
  g_auto(GStrv) models = vn_settings_list_ocr_languages ();
  g_autofree char *russian = vn_settings_dup_language_name ("rus");
  g_autofree char *english = vn_settings_dup_language_name ("en_US");
  g_autofree char *chinese = vn_settings_dup_language_name ("chi_sim");
  g_autofree char *unknown = vn_settings_dup_language_name ("qqq");

  /* .ci/install-packages installs tesseract-ocr-rus, -eng and -fra. */
  g_assert_true (g_strv_contains ((const char * const *) models, "rus"));
  g_assert_true (g_strv_contains ((const char * const *) models, "eng"));
  g_assert_false (g_strv_contains ((const char * const *) models, "osd"));
  /* Names from iso-codes, which GTK depends on; LANGUAGE=C in the tests. */
  g_assert_cmpstr (russian, ==, "Russian");
  g_assert_cmpstr (english, ==, "English");
  g_assert_cmpstr (chinese, ==, "Chinese");
  g_assert_null (unknown);
}

/* A run from the build tree shows the icon too: GtkApplication adds resource-base-path/icons
 * to the icon theme, and the bundle carries the installed SVG. */
static void
test_icon_in_resources (void)
{
  g_autoptr(GBytes) bundled = NULL;
  g_autofree char *path = vn_test_source_path ("resources/data/icons/hicolor/scalable/apps/"
                                               "io.github.verno.Verno.svg");
  g_autofree char *source = vn_test_read_file (path);
  g_autoptr(GError) error = NULL;

  bundled = g_resources_lookup_data ("/io/github/verno/Verno/icons/scalable/apps/"
                                     "io.github.verno.Verno.svg", 0, &error);
  g_assert_no_error (error);
  /* Stripped of blanks, the same drawing: same start, no bigger. */
  g_assert_cmpuint (g_bytes_get_size (bundled), <=, strlen (source));
  g_assert_true (g_str_has_prefix (g_bytes_get_data (bundled, NULL), "<?xml"));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bundled, NULL), g_bytes_get_size (bundled),
                                  "viewBox=\"0 0 128 128\""));
}

/* ------------------------------------------------------------------ spelling */

static gboolean
have_dictionaries (VnSpellChecker *spell)
{
  if (vn_spell_checker_has_language (spell, "ru") && vn_spell_checker_has_language (spell, "en"))
    return TRUE;
  g_test_skip ("needs the Russian and English dictionaries: install hunspell-ru and hunspell-en-us");
  return FALSE;
}

static void
test_spell_user_words (void)
{
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();

  if (!have_dictionaries (spell))
    return;
  g_assert_cmpint (vn_spell_checker_check (spell, "Сангджо"), ==, VN_SPELLING_MISSPELT);
  g_assert_cmpint (vn_spell_checker_check (spell, "ЧО"), ==, VN_SPELLING_MISSPELT);
  vn_spell_checker_set_user_words (spell, (const char *[]) { "Сангджо", "чо", NULL });
  g_assert_cmpint (vn_spell_checker_check (spell, "«Сангджо»,"), ==, VN_SPELLING_CORRECT);
  g_assert_cmpint (vn_spell_checker_check (spell, "САНГДЖО"), ==, VN_SPELLING_CORRECT);
  g_assert_cmpint (vn_spell_checker_check (spell, "ЧО"), ==, VN_SPELLING_CORRECT);
  g_assert_cmpint (vn_spell_checker_check_phrase (spell, "письмо Сангджо"), ==,
                   VN_SPELLING_CORRECT);
  /* Only the words listed. */
  g_assert_cmpint (vn_spell_checker_check (spell, "кулвтличности"), ==, VN_SPELLING_MISSPELT);
  vn_spell_checker_set_user_words (spell, NULL);
  g_assert_cmpint (vn_spell_checker_check (spell, "Сангджо"), ==, VN_SPELLING_MISSPELT);
}

static void
test_spell_languages (void)
{
  g_autoptr(VnSpellChecker) both = vn_spell_checker_new ();
  g_autoptr(VnSpellChecker) english = NULL, russian = NULL, fallback = NULL, none = NULL;
  g_auto(GStrv) installed = vn_spell_checker_list_languages ();

  if (!have_dictionaries (both))
    return;
  g_assert_true (g_strv_contains ((const char * const *) installed, "ru_RU"));
  english = vn_spell_checker_new_for_languages ((const char *[]) { "en_US", NULL });
  g_assert_cmpint (vn_spell_checker_check (english, "letter"), ==, VN_SPELLING_CORRECT);
  g_assert_cmpint (vn_spell_checker_check (english, "lettre"), ==, VN_SPELLING_MISSPELT);
  /* No dictionary for Cyrillic: no verdict, rather than a false alarm. */
  g_assert_cmpint (vn_spell_checker_check (english, "письмо"), ==, VN_SPELLING_UNKNOWN);
  g_assert_false (vn_spell_checker_has_language (english, "ru"));

  russian = vn_spell_checker_new_for_languages ((const char *[]) { "ru_RU", NULL });
  g_assert_cmpint (vn_spell_checker_check (russian, "письмо"), ==, VN_SPELLING_CORRECT);
  g_assert_cmpint (vn_spell_checker_check (russian, "писмо"), ==, VN_SPELLING_MISSPELT);
  g_assert_cmpint (vn_spell_checker_check (russian, "letter"), ==, VN_SPELLING_UNKNOWN);

  /* A region not installed falls back to the language's dictionary. */
  fallback = vn_spell_checker_new_for_languages ((const char *[]) { "en_ZZ", NULL });
  g_assert_true (vn_spell_checker_has_language (fallback, "en"));
  g_assert_cmpint (vn_spell_checker_check (fallback, "lettre"), ==, VN_SPELLING_MISSPELT);
  none = vn_spell_checker_new_for_languages ((const char *[]) { "xx_YY", NULL });
  g_assert_cmpint (vn_spell_checker_check (none, "lettre"), ==, VN_SPELLING_UNKNOWN);
  /* Letters of two alphabets in one word are never a word. */
  g_assert_cmpint (vn_spell_checker_check (both, "пиcьмо"), ==, VN_SPELLING_MISSPELT);
}

static VnDiscrepancy *
find_discrepancy (VnCollation *collation,
                  const char  *reading)
{
  GListModel *list = G_LIST_MODEL (collation);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      VnDiscrepancy *d = g_list_model_get_item (list, i);
      if (strstr (vn_discrepancy_get_transcription (d), reading) != NULL)
        return d;
      g_object_unref (d);
    }
  return NULL;
}

/* The collation, which weighs the verdicts, no longer flags a listed word. */
static void
test_collation_honours_user_words (void)
{
  const char *text = "Письмо от Сангджо получено вчера утром.\n";
  const char *lines[] = { "Письмо от Сангжо получено вчера утром.", NULL };
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(VnTranscription) t = vn_transcription_new_from_bytes (bytes, "case.txt", NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  g_autoptr(VnCollation) before = NULL, after = NULL;
  g_autoptr(VnDiscrepancy) flagged = NULL, unflagged = NULL;

  if (!have_dictionaries (spell))
    return;
  g_ptr_array_add (pages, vn_test_synthetic_page (lines));
  before = vn_collation_new (t, pages, spell);
  flagged = find_discrepancy (before, "Сангджо");
  g_assert_nonnull (flagged);
  g_assert_true (vn_discrepancy_get_signals (flagged) & VN_SIGNAL_TRANSCRIPTION_NOT_IN_DICT);

  vn_spell_checker_set_user_words (spell, (const char *[]) { "Сангджо", NULL });
  after = vn_collation_new (t, pages, spell);
  unflagged = find_discrepancy (after, "Сангджо");
  g_assert_nonnull (unflagged);
  g_assert_false (vn_discrepancy_get_signals (unflagged) & VN_SIGNAL_TRANSCRIPTION_NOT_IN_DICT);
  g_assert_true (vn_discrepancy_get_signals (unflagged) & VN_SIGNAL_TRANSCRIPTION_IN_DICT);
}

/* ------------------------------------------------------------------ windows */

static void
remove_letter (const char *dir)
{
  g_autofree char *parent = g_path_get_dirname (dir);
  vn_test_remove_tree (parent);
}

/* Closing a window keeps its size and panes; the next window opens with them. */
static void
test_window_state_restored (void)
{
  VnWindow *first, *second, *third;
  int width = 0, height = 0, first_width, first_height;

  if (!have_display ())
    return;
  reset_settings ();
  first = vn_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (first), 1000, 700);
  gtk_window_present (GTK_WINDOW (first));
  g_assert_true (vn_test_gui_wait_for_frames (GTK_WIDGET (first), 3));
  gtk_paned_set_position (first->main_paned, 430);
  gtk_paned_set_position (first->side_paned, 310);
  g_assert_true (vn_test_gui_wait_for_frames (GTK_WIDGET (first), 2));
  first_width = gtk_widget_get_width (GTK_WIDGET (first));
  first_height = gtk_widget_get_height (GTK_WIDGET (first));
  gtk_window_close (GTK_WINDOW (first));
  vn_test_gui_iterate ();
  g_assert_cmpint (g_settings_get_int (store (), "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (store (), "window-height"), ==, 700);
  g_assert_cmpint (g_settings_get_int (store (), "main-pane-position"), ==, 430);
  g_assert_cmpint (g_settings_get_int (store (), "side-pane-position"), ==, 310);
  g_assert_false (g_settings_get_boolean (store (), "window-maximized"));

  second = vn_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
  gtk_window_present (GTK_WINDOW (second));
  g_assert_true (vn_test_gui_wait_for_frames (GTK_WIDGET (second), 3));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (second)), ==, first_width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (second)), ==, first_height);
  g_assert_cmpint (gtk_paned_get_position (second->main_paned), ==, 430);
  g_assert_cmpint (gtk_paned_get_position (second->side_paned), ==, 310);
  gtk_window_destroy (GTK_WINDOW (second));

  /* Maximised: restored so, and closing keeps the size it had before. */
  g_settings_set_boolean (store (), "window-maximized", TRUE);
  vn_test_gui_iterate ();
  third = vn_window_new (NULL);
  gtk_window_present (GTK_WINDOW (third));
  g_assert_true (vn_test_gui_wait_for_frames (GTK_WIDGET (third), 3));
  g_assert_true (gtk_window_is_maximized (GTK_WINDOW (third)));
  gtk_window_close (GTK_WINDOW (third));
  vn_test_gui_iterate ();
  g_assert_true (g_settings_get_boolean (store (), "window-maximized"));
  g_assert_cmpint (g_settings_get_int (store (), "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (store (), "window-height"), ==, 700);
  reset_settings ();
}

typedef struct
{
  VnWindow   *window;
  const char *languages;
} EngineWait;

static gboolean
engine_reads (gpointer data)
{
  EngineWait *wait = data;

  return wait->window->engine != NULL &&
         g_str_equal (vn_ocr_engine_get_languages (wait->window->engine), wait->languages);
}

/* The window's OCR takes the transcription's script, then the language chosen; a change
 * reads the open document again. */
static void
test_window_reads_with_settings (void)
{
  g_autofree char *dir = NULL;
  VnWindow *window;
  EngineWait wait = { 0 };

  if (!have_display ())
    return;
  reset_settings ();
  dir = vn_test_copy_letter ("verno-settings-XXXXXX", FALSE);
  window = vn_test_gui_open_folder (dir);
  g_assert_cmpstr (vn_ocr_engine_get_languages (window->engine), ==, "rus");
  g_assert_cmpint (vn_ocr_engine_get_preprocess (window->engine), ==, VN_PREPROCESS_NONE);

  g_settings_set_string (store (), "ocr-languages", "eng");
  g_settings_set_boolean (store (), "preprocess-deskew", TRUE);
  wait.window = window;
  wait.languages = "eng";
  g_assert_true (vn_test_gui_wait_for (engine_reads, &wait, 10));
  g_assert_cmpint (vn_ocr_engine_get_preprocess (window->engine), ==, VN_PREPROCESS_DESKEW);
  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
  remove_letter (dir);
}

typedef struct
{
  VnWindow    *window;
  VnCollation *old;
} Reread;

static gboolean
reread_and_ready (gpointer data)
{
  Reread *r = data;

  return vn_window_is_ready (r->window) && r->window->collation != r->old;
}

/* The letter's "ЧО" (of Ri Sang-jo's name) is unknown to the dictionary until listed. */
static void
test_window_honours_user_words (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VnDiscrepancy) before = NULL, after = NULL;
  VnWindow *window;
  Reread reread = { 0 };

  if (!have_display ())
    return;
  reset_settings ();
  dir = vn_test_copy_letter ("verno-settings-XXXXXX", FALSE);
  window = vn_test_gui_open_folder (dir);
  vn_test_gui_wait_until_ready (window);
  if (!vn_spell_checker_has_language (window->spell, "ru"))
    {
      g_test_skip ("needs the Russian dictionary: install hunspell-ru");
      gtk_window_destroy (GTK_WINDOW (window));
      remove_letter (dir);
      return;
    }
  before = find_discrepancy (window->collation, "ЧО");
  g_assert_nonnull (before);
  g_assert_true (vn_discrepancy_get_signals (before) & VN_SIGNAL_TRANSCRIPTION_NOT_IN_DICT);

  vn_settings_add_user_word (vn_settings_get_default (), "Чо");
  reread.window = window;
  reread.old = window->collation;
  g_assert_true (vn_test_gui_wait_for (reread_and_ready, &reread, 300));
  after = find_discrepancy (window->collation, "ЧО");
  g_assert_nonnull (after);
  g_assert_false (vn_discrepancy_get_signals (after) & VN_SIGNAL_TRANSCRIPTION_NOT_IN_DICT);
  g_assert_true (vn_discrepancy_get_signals (after) & VN_SIGNAL_TRANSCRIPTION_IN_DICT);
  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
  remove_letter (dir);
}

/* ------------------------------------------------------------------ the preferences window */

static VnPreferencesWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (VN_IS_PREFERENCES_WINDOW (window))
        return VN_PREFERENCES_WINDOW (window);
    }
  return NULL;
}

static gpointer
template_child (VnPreferencesWindow *preferences,
                const char          *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                  VN_TYPE_PREFERENCES_WINDOW, name);
  g_assert_nonnull (child);
  return child;
}

/* The first descendant of @widget of @type whose "code" is @code (any, for NULL). */
static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *code)
{
  const char *own = g_object_get_data (G_OBJECT (widget), "code");

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (code == NULL || (own != NULL && g_str_equal (own, code))))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, code);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  const char      *action;
  guint            keyval;
  GdkModifierType  modifiers;
} Shortcut;

static gboolean
is_shortcut (GtkShortcut *shortcut,
             gpointer     data)
{
  const Shortcut *wanted = data;
  GtkShortcutAction *a = gtk_shortcut_get_action (shortcut);
  GtkShortcutTrigger *t = gtk_shortcut_get_trigger (shortcut);

  return GTK_IS_NAMED_ACTION (a) && GTK_IS_KEYVAL_TRIGGER (t) &&
         g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (a)), wanted->action) &&
         gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (t)) == wanted->keyval &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (t)) == wanted->modifiers;
}

static gboolean
has_shortcut (GtkWidget       *widget,
              const char      *action,
              guint            keyval,
              GdkModifierType  modifiers)
{
  Shortcut wanted = { action, keyval, modifiers };
  g_autoptr(GtkShortcut) shortcut = vn_test_gui_find_shortcut (widget, is_shortcut, &wanted);

  return shortcut != NULL;
}

/* Activates @shortcut in @widget (the data) if Escape triggers it; TRUE when it was. */
static gboolean
activate_if_escape (GtkShortcut *shortcut,
                    gpointer     widget)
{
  GtkShortcutTrigger *t = gtk_shortcut_get_trigger (shortcut);

  return GTK_IS_KEYVAL_TRIGGER (t) &&
         gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (t)) == GDK_KEY_Escape &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (t)) == 0 &&
         gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                       GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                       gtk_shortcut_get_arguments (shortcut));
}

/* Activates what Escape does in @widget (a callback in AdwPreferencesWindow). */
static void
press_escape (GtkWidget *widget)
{
  g_autoptr(GtkShortcut) pressed = vn_test_gui_find_shortcut (widget, activate_if_escape, widget);

  g_assert_nonnull (pressed);
  vn_test_gui_iterate ();
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  gboolean drawn = FALSE;

  g_assert_true (vn_test_gui_wait_for_frames (widget, 3));
  texture = vn_test_gui_render_png (widget, name, &drawn);
  g_assert_true (drawn);
}

static void
check_ocr_rows (VnPreferencesWindow *preferences)
{
  GtkSwitch *automatic = template_child (preferences, "automatic_switch");
  GtkWidget *group = template_child (preferences, "ocr_group");
  GtkCheckButton *russian = GTK_CHECK_BUTTON (find_descendant (group, GTK_TYPE_CHECK_BUTTON, "rus"));
  GtkCheckButton *english = GTK_CHECK_BUTTON (find_descendant (group, GTK_TYPE_CHECK_BUTTON, "eng"));

  g_assert_true (gtk_switch_get_active (automatic));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (russian)));
  gtk_switch_set_active (automatic, FALSE);
  vn_test_gui_iterate ();
  g_assert_cmpstr (g_settings_get_string (store (), "ocr-languages"), ==, "rus");
  g_assert_true (gtk_check_button_get_active (russian));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (english)));
  gtk_check_button_set_active (english, TRUE);
  vn_test_gui_iterate ();
  g_assert_cmpstr (g_settings_get_string (store (), "ocr-languages"), ==, "rus+eng");
  /* From outside (gsettings set): the rows follow. */
  g_settings_set_string (store (), "ocr-languages", "");
  vn_test_gui_iterate ();
  g_assert_true (gtk_switch_get_active (automatic));
  g_assert_false (gtk_check_button_get_active (english));
}

static void
check_word_rows (VnPreferencesWindow *preferences)
{
  AdwEntryRow *entry = template_child (preferences, "word_entry");
  GtkListBox *list = template_child (preferences, "words_list");
  GtkWidget *remove;
  g_auto(GStrv) words = NULL;

  gtk_editable_set_text (GTK_EDITABLE (entry), "Сангджо Ри");
  g_signal_emit_by_name (entry, "apply");
  vn_test_gui_iterate ();
  words = g_settings_get_strv (store (), "user-words");
  g_assert_cmpstrv (words, ((const char *[]) { "Ри", "Сангджо", NULL }));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     gtk_list_box_get_row_at_index (list, 0))), ==, "Ри");
  remove = find_descendant (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)), GTK_TYPE_BUTTON,
                            NULL);
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  vn_test_gui_iterate ();
  g_clear_pointer (&words, g_strfreev);
  words = g_settings_get_strv (store (), "user-words");
  g_assert_cmpstrv (words, ((const char *[]) { "Сангджо", NULL }));
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));
}

/* Opened from the window's menu or Ctrl+comma; its rows write the settings, which the
 * window follows. */
static void
test_preferences_window (void)
{
  VnWindow *window;
  VnPreferencesWindow *preferences;
  GtkWidget *english;

  if (!have_display ())
    return;
  reset_settings ();
  window = vn_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (has_shortcut (GTK_WIDGET (window), "win.preferences", GDK_KEY_comma,
                               GDK_CONTROL_MASK));
  g_assert_null (find_preferences ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  preferences = find_preferences ();
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));
  save_screenshot (GTK_WIDGET (preferences), "preferences.png");

  gtk_switch_set_active (template_child (preferences, "colorblind_switch"), TRUE);
  vn_test_gui_iterate ();
  g_assert_true (g_settings_get_boolean (store (), "colorblind-safe"));
  g_assert_true (window->colorblind_safe);
  g_assert_true (vn_scan_view_get_colorblind_safe (window->scan_view));
  gtk_switch_set_active (template_child (preferences, "normalize_switch"), TRUE);
  vn_test_gui_iterate ();
  g_assert_cmpint (vn_settings_get_preprocess (vn_settings_get_default ()), ==,
                   VN_PREPROCESS_NORMALIZE);

  check_ocr_rows (preferences);
  check_word_rows (preferences);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "spelling");
  save_screenshot (GTK_WIDGET (preferences), "preferences-spelling.png");
  english = find_descendant (template_child (preferences, "dictionaries_group"), GTK_TYPE_SWITCH,
                             "en_US");
  g_assert_nonnull (english);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (english)));
  gtk_switch_set_active (GTK_SWITCH (english), FALSE);
  vn_test_gui_iterate ();
  {
    g_auto(GStrv) tags = g_settings_get_strv (store (), "dictionary-languages");
    g_assert_cmpstrv (tags, ((const char *[]) { "ru_RU", NULL }));
  }

  /* The window's menu item changes the setting too. */
  g_settings_set_boolean (store (), "colorblind-safe", FALSE);
  vn_test_gui_iterate ();
  g_assert_false (gtk_switch_get_active (template_child (preferences, "colorblind_switch")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.colorblind-safe", NULL));
  vn_test_gui_iterate ();
  g_assert_true (g_settings_get_boolean (store (), "colorblind-safe"));
  /* Escape closes it, as it closes any dialog. */
  press_escape (GTK_WIDGET (preferences));
  g_assert_null (find_preferences ());
  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");

  g_setenv ("VERNO_CACHE_DIR", cache, TRUE);
  /* Xvfb has no session bus for the accessibility bridge, whose warning would be fatal. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (gtk_init_check ())
    adw_init ();
  g_test_add_func ("/verno/settings/schema-matches-properties", test_schema_matches_properties);
  g_test_add_func ("/verno/settings/follows-gsettings", test_follows_gsettings);
  g_test_add_func ("/verno/settings/user-words", test_user_words);
  g_test_add_func ("/verno/settings/ocr-language-guess", test_ocr_language_guess);
  g_test_add_func ("/verno/settings/installed-choices", test_installed_choices);
  g_test_add_func ("/verno/settings/icon-in-resources", test_icon_in_resources);
  g_test_add_func ("/verno/spell/user-words", test_spell_user_words);
  g_test_add_func ("/verno/spell/languages", test_spell_languages);
  g_test_add_func ("/verno/spell/collation-honours-user-words", test_collation_honours_user_words);
  g_test_add_func ("/verno/settings/window-state-restored", test_window_state_restored);
  g_test_add_func ("/verno/settings/window-reads-with-settings", test_window_reads_with_settings);
  g_test_add_func ("/verno/settings/window-honours-user-words", test_window_honours_user_words);
  g_test_add_func ("/verno/settings/preferences-window", test_preferences_window);
  return g_test_run ();
}
