/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-preferences-window.c: the preferences. Every row is bound to a property of VnSettings,
 * which keeps it in GSettings; windows follow the settings, never this window. */
#include "config.h"

#include <glib/gi18n.h>

#include "verno-resources.h"
#include "vn-preferences-window.h"
#include "vn-spell-checker.h"

struct _VnPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  VnSettings           *settings;
  GtkStringList        *words;             /* the user's words, as the list shows them */
  GPtrArray            *language_checks;   /* GtkCheckButton per OCR model */
  GPtrArray            *dictionary_switches;
  gboolean              updating;          /* rows following the settings, not the user */

  /* Template children */
  AdwPreferencesGroup  *ocr_group;
  AdwActionRow         *automatic_row;
  GtkSwitch            *automatic_switch;
  GtkSwitch            *deskew_switch;
  GtkSwitch            *normalize_switch;
  GtkSwitch            *binarize_switch;
  AdwPreferencesGroup  *dictionaries_group;
  AdwEntryRow          *word_entry;
  GtkListBox           *words_list;
  GtkSwitch            *colorblind_switch;
  char                 *chosen_languages;  /* what Automatic chose for the open project */
};

G_DEFINE_FINAL_TYPE (VnPreferencesWindow, vn_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum { PROP_0, PROP_SETTINGS, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ choices */

/* "rus", "eng" → "rus+eng" with @code added or removed, keeping the order chosen. */
static GStrv
toggle_code (const char * const *codes,
             const char         *code,
             gboolean            active)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; codes != NULL && codes[i]; i++)
    if (*codes[i] != '\0' && !g_str_equal (codes[i], code))
      g_strv_builder_add (builder, codes[i]);
  if (active)
    g_strv_builder_add (builder, code);
  return g_strv_builder_end (builder);
}

/* A language's name; Tesseract's models of a whole script (such as Cyrillic.traineddata)
 * are named as scripts. NULL when unknown. */
static char *
dup_language_name (const char *code)
{
  static const struct { const char *code; const char *name; } scripts[] = {
    { "Cyrillic", N_("Cyrillic script") }, { "Latin", N_("Latin script") },
    { "Greek", N_("Greek script") }, { "Fraktur", N_("Fraktur (Gothic type)") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (scripts); i++)
    if (g_str_equal (code, scripts[i].code))
      return g_strdup (_(scripts[i].name));
  return vn_settings_dup_language_name (code);
}

/* A row titled with the language's name, for @code; @control is its check box or switch. */
static GtkWidget *
language_row (const char *code,
              gboolean    installed,
              GtkWidget  *control,
              gboolean    as_prefix)
{
  g_autofree char *name = dup_language_name (code);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* A script model (capitalised, as Tesseract names them) by its file. */
  if (installed && g_ascii_isupper (code[0]))
    subtitle = g_strdup_printf (_("model %s.traineddata"), code);
  else
    subtitle = installed ? g_strdup (code) : g_strdup_printf (_("%s · not installed"), code);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : code);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (control), "code", g_strdup (code), g_free);
  if (as_prefix)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), control);
  else
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), control);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), control);
  return row;
}

/* The installed codes, then those chosen but missing, so a missing one can be turned off. */
static GStrv
codes_to_show (GStrv               installed,
               const char * const *chosen)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_addv (builder, (const char **) installed);
  for (guint i = 0; chosen != NULL && chosen[i]; i++)
    if (*chosen[i] != '\0' && !g_strv_contains ((const char * const *) installed, chosen[i]))
      g_strv_builder_add (builder, chosen[i]);
  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------------ OCR languages */

static void
sync_ocr_rows (VnPreferencesWindow *self)
{
  g_autofree char *languages = NULL;
  g_auto(GStrv) codes = NULL;

  g_object_get (self->settings, "ocr-languages", &languages, NULL);
  codes = g_strsplit (languages ? languages : "", "+", -1);
  self->updating = TRUE;
  gtk_switch_set_active (self->automatic_switch, codes[0] == NULL || *codes[0] == '\0');
  for (guint i = 0; i < self->language_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->language_checks, i);
      const char *code = g_object_get_data (G_OBJECT (check), "code");

      gtk_check_button_set_active (check, g_strv_contains ((const char * const *) codes, code));
    }
  self->updating = FALSE;
}

static void
language_toggled_cb (GtkCheckButton      *check,
                     GParamSpec          *pspec,
                     VnPreferencesWindow *self)
{
  g_autofree char *languages = NULL, *joined = NULL;
  g_auto(GStrv) codes = NULL, chosen = NULL;

  if (self->updating)
    return;
  g_object_get (self->settings, "ocr-languages", &languages, NULL);
  codes = g_strsplit (languages ? languages : "", "+", -1);
  chosen = toggle_code ((const char * const *) codes, g_object_get_data (G_OBJECT (check), "code"),
                        gtk_check_button_get_active (check));
  /* No language left is the same as letting Verno choose. */
  joined = g_strjoinv ("+", chosen);
  g_object_set (self->settings, "ocr-languages", joined, NULL);
}

/* Turning Automatic off starts from Russian, Verno's first language, if it is installed. */
static void
automatic_toggled_cb (VnPreferencesWindow *self)
{
  const char *first = NULL;

  if (self->updating)
    return;
  if (gtk_switch_get_active (self->automatic_switch))
    {
      g_object_set (self->settings, "ocr-languages", "", NULL);
      return;
    }
  for (guint i = 0; i < self->language_checks->len; i++)
    {
      const char *code = g_object_get_data (g_ptr_array_index (self->language_checks, i), "code");
      if (first == NULL || g_str_equal (code, "rus"))
        first = code;
    }
  if (first != NULL)
    g_object_set (self->settings, "ocr-languages", first, NULL);
}

static void
add_ocr_rows (VnPreferencesWindow *self)
{
  g_auto(GStrv) installed = vn_settings_list_ocr_languages ();
  g_autofree char *languages = NULL;
  g_auto(GStrv) chosen = NULL, shown = NULL;

  g_object_get (self->settings, "ocr-languages", &languages, NULL);
  chosen = g_strsplit (languages ? languages : "", "+", -1);
  shown = codes_to_show (installed, (const char * const *) chosen);
  for (guint i = 0; shown[i]; i++)
    {
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *row = language_row (shown[i], g_strv_contains ((const char * const *) installed,
                                                                shown[i]), check, TRUE);

      g_object_bind_property (self->automatic_switch, "active", row, "sensitive",
                              G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
      g_signal_connect (check, "notify::active", G_CALLBACK (language_toggled_cb), self);
      g_ptr_array_add (self->language_checks, check);
      adw_preferences_group_add (self->ocr_group, row);
    }
  sync_ocr_rows (self);
  g_signal_connect_object (self->settings, "notify::ocr-languages", G_CALLBACK (sync_ocr_rows),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->automatic_switch, "notify::active",
                            G_CALLBACK (automatic_toggled_cb), self);
}

/* ------------------------------------------------------------------ dictionaries */

static void
sync_dictionary_rows (VnPreferencesWindow *self)
{
  g_auto(GStrv) tags = NULL;

  g_object_get (self->settings, "dictionary-languages", &tags, NULL);
  self->updating = TRUE;
  for (guint i = 0; i < self->dictionary_switches->len; i++)
    {
      GtkSwitch *toggle = g_ptr_array_index (self->dictionary_switches, i);
      const char *tag = g_object_get_data (G_OBJECT (toggle), "code");

      gtk_switch_set_active (toggle, tags != NULL && g_strv_contains ((const char * const *) tags,
                                                                      tag));
    }
  self->updating = FALSE;
}

static void
dictionary_toggled_cb (GtkSwitch           *toggle,
                       GParamSpec          *pspec,
                       VnPreferencesWindow *self)
{
  g_auto(GStrv) tags = NULL, chosen = NULL;

  if (self->updating)
    return;
  g_object_get (self->settings, "dictionary-languages", &tags, NULL);
  chosen = toggle_code ((const char * const *) tags, g_object_get_data (G_OBJECT (toggle), "code"),
                        gtk_switch_get_active (toggle));
  g_object_set (self->settings, "dictionary-languages", chosen, NULL);
}

static void
add_dictionary_rows (VnPreferencesWindow *self)
{
  g_auto(GStrv) installed = vn_spell_checker_list_languages ();
  g_auto(GStrv) chosen = NULL, shown = NULL;

  g_object_get (self->settings, "dictionary-languages", &chosen, NULL);
  shown = codes_to_show (installed, (const char * const *) chosen);
  for (guint i = 0; shown[i]; i++)
    {
      GtkWidget *toggle = gtk_switch_new ();
      gboolean present = g_strv_contains ((const char * const *) installed, shown[i]);

      g_signal_connect (toggle, "notify::active", G_CALLBACK (dictionary_toggled_cb), self);
      g_ptr_array_add (self->dictionary_switches, toggle);
      adw_preferences_group_add (self->dictionaries_group,
                                 language_row (shown[i], present, toggle, FALSE));
    }
  if (shown[0] == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No dictionaries installed"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Install Hunspell dictionaries, such as the packages "
                                     "hunspell-ru and hunspell-en-us."));
      adw_preferences_group_add (self->dictionaries_group, row);
    }
  sync_dictionary_rows (self);
  g_signal_connect_object (self->settings, "notify::dictionary-languages",
                           G_CALLBACK (sync_dictionary_rows), self, G_CONNECT_SWAPPED);
}

/* ------------------------------------------------------------------ the user's words */

static void
sync_words (VnPreferencesWindow *self)
{
  g_auto(GStrv) words = NULL;

  g_object_get (self->settings, "user-words", &words, NULL);
  gtk_string_list_splice (self->words, 0, g_list_model_get_n_items (G_LIST_MODEL (self->words)),
                          (const char * const *) words);
}

static void
remove_word_cb (GtkButton           *button,
                VnPreferencesWindow *self)
{
  vn_settings_remove_user_word (self->settings, g_object_get_data (G_OBJECT (button), "word"));
}

static GtkWidget *
create_word_row (gpointer item,
                 gpointer user_data)
{
  VnPreferencesWindow *self = user_data;
  const char *word = gtk_string_object_get_string (item);
  g_autofree char *label = g_strdup_printf (_("Remove “%s”"), word);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), word);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_object_set_data_full (G_OBJECT (remove), "word", g_strdup (word), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_word_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
word_entry_apply_cb (VnPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->word_entry));

  vn_settings_add_user_word (self->settings, text);
  gtk_editable_set_text (GTK_EDITABLE (self->word_entry), "");
}

static void
setup_words (VnPreferencesWindow *self)
{
  GtkWidget *placeholder = gtk_label_new (_("No words of your own yet"));

  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->words_list, placeholder);
  gtk_list_box_bind_model (self->words_list, G_LIST_MODEL (self->words), create_word_row, self,
                           NULL);
  sync_words (self);
  g_signal_connect_object (self->settings, "notify::user-words", G_CALLBACK (sync_words), self,
                           G_CONNECT_SWAPPED);
}

/* ------------------------------------------------------------------ object */

static void
bind_switch (VnPreferencesWindow *self,
             const char          *property,
             GtkSwitch           *toggle)
{
  g_object_bind_property (self->settings, property, toggle, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

/* Languages as the editor reads them: "Russian (rus)", "Russian (rus) + English (eng)". */
static char *
describe_languages (const char *languages)
{
  g_auto(GStrv) codes = g_strsplit (languages, "+", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; codes[i]; i++)
    {
      g_autofree char *name = dup_language_name (codes[i]);
      g_ptr_array_add (names, name ? g_strdup_printf ("%s (%s)", name, codes[i])
                                   : g_strdup (codes[i]));
    }
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" + ", (char **) names->pdata);
}

/* "Automatic" says what it chose for the project open in the window, when there is one. */
static void
update_automatic_subtitle (VnPreferencesWindow *self)
{
  g_autofree char *described = NULL, *subtitle = NULL;

  if (self->chosen_languages == NULL)
    {
      adw_action_row_set_subtitle (self->automatic_row,
                                   _("From the alphabet of the transcription: Russian for "
                                     "Cyrillic, English for Latin, and so on"));
      return;
    }
  described = describe_languages (self->chosen_languages);
  /* TRANSLATORS: "%s" is the languages, such as "Russian (rus)". */
  subtitle = g_strdup_printf (_("From the alphabet of the transcription; the open project is "
                                "read in %s"), described);
  adw_action_row_set_subtitle (self->automatic_row, subtitle);
}

/* @languages: the OCR languages the open project is read in ("rus+eng"), which Automatic
 * chose when it is on. */
void
vn_preferences_window_set_chosen_languages (VnPreferencesWindow *self,
                                            const char          *languages)
{
  g_return_if_fail (VN_IS_PREFERENCES_WINDOW (self));

  g_free (self->chosen_languages);
  self->chosen_languages = g_strdup (languages);
  update_automatic_subtitle (self);
}

const char *
vn_preferences_window_get_automatic_description (VnPreferencesWindow *self)
{
  g_return_val_if_fail (VN_IS_PREFERENCES_WINDOW (self), NULL);
  return adw_action_row_get_subtitle (self->automatic_row);
}

static void
vn_preferences_window_constructed (GObject *object)
{
  VnPreferencesWindow *self = VN_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (vn_preferences_window_parent_class)->constructed (object);
  if (self->settings == NULL)
    self->settings = g_object_ref (vn_settings_get_default ());
  update_automatic_subtitle (self);
  add_ocr_rows (self);
  add_dictionary_rows (self);
  setup_words (self);
  bind_switch (self, "preprocess-deskew", self->deskew_switch);
  bind_switch (self, "preprocess-normalize", self->normalize_switch);
  bind_switch (self, "preprocess-binarize", self->binarize_switch);
  bind_switch (self, "colorblind-safe", self->colorblind_switch);
}

static void
vn_preferences_window_dispose (GObject *object)
{
  VnPreferencesWindow *self = VN_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (vn_preferences_window_parent_class)->dispose (object);
}

static void
vn_preferences_window_finalize (GObject *object)
{
  VnPreferencesWindow *self = VN_PREFERENCES_WINDOW (object);

  g_clear_object (&self->words);
  g_clear_pointer (&self->language_checks, g_ptr_array_unref);
  g_clear_pointer (&self->dictionary_switches, g_ptr_array_unref);
  g_clear_pointer (&self->chosen_languages, g_free);
  G_OBJECT_CLASS (vn_preferences_window_parent_class)->finalize (object);
}

static void
vn_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VnPreferencesWindow *self = VN_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vn_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VnPreferencesWindow *self = VN_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vn_preferences_window_class_init (VnPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vn_preferences_window_constructed;
  object_class->dispose = vn_preferences_window_dispose;
  object_class->finalize = vn_preferences_window_finalize;
  object_class->get_property = vn_preferences_window_get_property;
  object_class->set_property = vn_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, VN_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_assert (verno_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/verno/Verno/vn-preferences-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, VnPreferencesWindow, name)
  CHILD (ocr_group); CHILD (automatic_row); CHILD (automatic_switch); CHILD (deskew_switch);
  CHILD (normalize_switch); CHILD (binarize_switch); CHILD (dictionaries_group);
  CHILD (word_entry); CHILD (words_list); CHILD (colorblind_switch);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, word_entry_apply_cb);
}

static void
vn_preferences_window_init (VnPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->words = gtk_string_list_new (NULL);
  self->language_checks = g_ptr_array_new ();
  self->dictionary_switches = g_ptr_array_new ();
}

/* @settings: the settings to show, or NULL for the process's own. */
GtkWindow *
vn_preferences_window_new (GtkWindow  *parent,
                           VnSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || VN_IS_SETTINGS (settings), NULL);

  return g_object_new (VN_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "settings", settings,
                       NULL);
}
