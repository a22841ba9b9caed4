/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-settings.c: Verno's preferences. Each property is bound to the GSettings key of the same
 * name when the schema io.github.verno.Verno is found; without it (a copied binary, an
 * incomplete install) the properties keep their defaults for the session and nothing aborts,
 * as GSettings would on a missing schema. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vn-runtime.h"
#include "vn-settings.h"

enum
{
  PROP_0,
  PROP_OCR_LANGUAGES,
  PROP_PREPROCESS_DESKEW,
  PROP_PREPROCESS_NORMALIZE,
  PROP_PREPROCESS_BINARIZE,
  PROP_OCR_RESCALE,
  PROP_DICTIONARY_LANGUAGES,
  PROP_USER_WORDS,
  PROP_COLORBLIND_SAFE,
  PROP_WINDOW_WIDTH,
  PROP_WINDOW_HEIGHT,
  PROP_WINDOW_MAXIMIZED,
  PROP_MAIN_PANE_POSITION,
  PROP_SIDE_PANE_POSITION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _VnSettings
{
  GObject    parent_instance;
  GSettings *settings;          /* NULL when the schema was not found */
  GValue     values[N_PROPS];
};

G_DEFINE_FINAL_TYPE (VnSettings, vn_settings, G_TYPE_OBJECT)

static void
vn_settings_finalize (GObject *object)
{
  VnSettings *self = VN_SETTINGS (object);

  g_clear_object (&self->settings);
  for (guint i = 1; i < N_PROPS; i++)
    g_value_unset (&self->values[i]);
  G_OBJECT_CLASS (vn_settings_parent_class)->finalize (object);
}

static void
vn_settings_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  g_value_copy (&VN_SETTINGS (object)->values[prop_id], value);
}

static gboolean
values_equal (GParamSpec   *pspec,
              const GValue *a,
              const GValue *b)
{
  if (G_IS_PARAM_SPEC_BOXED (pspec))
    {
      const char * const *x = g_value_get_boxed (a), * const *y = g_value_get_boxed (b);
      const char *none[] = { NULL };

      return g_strv_equal (x ? x : none, y ? y : none);
    }
  return g_param_values_cmp (pspec, a, b) == 0;
}

static void
vn_settings_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  VnSettings *self = VN_SETTINGS (object);

  GValue copy = G_VALUE_INIT;

  if (values_equal (pspec, &self->values[prop_id], value))
    return;
  /* Copied before the old value is freed: @value may point into it. */
  g_value_init (&copy, pspec->value_type);
  g_value_copy (value, &copy);
  g_value_unset (&self->values[prop_id]);
  self->values[prop_id] = copy;
  g_object_notify_by_pspec (object, pspec);
}

static GParamSpec *
int_property (const char *name)
{
  return g_param_spec_int (name, NULL, NULL, -1, G_MAXINT, -1,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
boolean_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
strv_property (const char *name)
{
  return g_param_spec_boxed (name, NULL, NULL, G_TYPE_STRV,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
vn_settings_class_init (VnSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vn_settings_finalize;
  object_class->get_property = vn_settings_get_property;
  object_class->set_property = vn_settings_set_property;

  /* Named as the keys of io.github.verno.Verno.gschema.xml, with the same defaults. */
  properties[PROP_OCR_LANGUAGES] =
    g_param_spec_string ("ocr-languages", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREPROCESS_DESKEW] = boolean_property ("preprocess-deskew");
  properties[PROP_PREPROCESS_NORMALIZE] = boolean_property ("preprocess-normalize");
  properties[PROP_PREPROCESS_BINARIZE] = boolean_property ("preprocess-binarize");
  properties[PROP_OCR_RESCALE] =
    g_param_spec_boolean ("ocr-rescale", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DICTIONARY_LANGUAGES] = strv_property ("dictionary-languages");
  properties[PROP_USER_WORDS] = strv_property ("user-words");
  properties[PROP_COLORBLIND_SAFE] = boolean_property ("colorblind-safe");
  properties[PROP_WINDOW_WIDTH] = int_property ("window-width");
  properties[PROP_WINDOW_HEIGHT] = int_property ("window-height");
  properties[PROP_WINDOW_MAXIMIZED] = boolean_property ("window-maximized");
  properties[PROP_MAIN_PANE_POSITION] = int_property ("main-pane-position");
  properties[PROP_SIDE_PANE_POSITION] = int_property ("side-pane-position");
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vn_settings_init (VnSettings *self)
{
  static const char *dictionaries[] = { "ru_RU", "en_US", NULL };
  static const char *none[] = { NULL };

  for (guint i = 1; i < N_PROPS; i++)
    {
      g_value_init (&self->values[i], properties[i]->value_type);
      g_param_value_set_default (properties[i], &self->values[i]);
    }
  g_value_set_boxed (&self->values[PROP_DICTIONARY_LANGUAGES], dictionaries);
  g_value_set_boxed (&self->values[PROP_USER_WORDS], none);
}

/* @settings: the store to follow, or NULL to keep the settings in memory only. */
VnSettings *
vn_settings_new (GSettings *settings)
{
  VnSettings *self = g_object_new (VN_TYPE_SETTINGS, NULL);
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), self);
  if (settings == NULL)
    return self;
  self->settings = g_object_ref (settings);
  g_object_get (settings, "settings-schema", &schema, NULL);
  /* A key an older installed schema lacks keeps its default rather than failing. */
  for (guint i = 1; i < N_PROPS; i++)
    if (g_settings_schema_has_key (schema, properties[i]->name))
      g_settings_bind (settings, properties[i]->name, self, properties[i]->name,
                       G_SETTINGS_BIND_DEFAULT);
  return self;
}

/* The schema from the usual places; else, for an executable of this build tree, the schema
 * compiled there, so that build/app/verno keeps its settings too; else from beside the
 * executable, for a prefix the desktop does not search (/opt/verno, a staged DESTDIR). */
static GSettingsSchema *
lookup_schema (void)
{
  GSettingsSchemaSource *system = g_settings_schema_source_get_default ();
  GSettingsSchema *schema = system ? g_settings_schema_source_lookup (system, APPLICATION_ID,
                                                                      TRUE) : NULL;
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autofree char *exe = NULL, *bindir = NULL, *dir = NULL, *compiled = NULL;

  if (schema != NULL || (exe = g_file_read_link ("/proc/self/exe", NULL)) == NULL)
    return schema;
  bindir = g_path_get_dirname (exe);
  if (g_str_has_prefix (exe, VN_BUILD_ROOT G_DIR_SEPARATOR_S))
    dir = g_build_filename (VN_BUILD_ROOT, "resources", "data", NULL);
  else
    dir = g_build_filename (bindir, "..", "share", "glib-2.0", "schemas", NULL);
  compiled = g_build_filename (dir, "gschemas.compiled", NULL);
  if (g_file_test (compiled, G_FILE_TEST_IS_REGULAR) &&
      (source = g_settings_schema_source_new_from_directory (dir, system, FALSE, NULL)))
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, FALSE);
  return schema;
}

/* The settings of this process, made on first use (from the main thread). */
VnSettings *
vn_settings_get_default (void)
{
  static VnSettings *instance;

  if (instance == NULL)
    {
      g_autoptr(GSettingsSchema) schema = lookup_schema ();
      g_autoptr(GSettings) settings = schema ? g_settings_new_full (schema, NULL, NULL) : NULL;

      if (schema == NULL)
        g_message (_("Settings will not be kept: the schema %s is not installed. Install Verno "
                     "with “meson install”, or point GSETTINGS_SCHEMA_DIR at the folder of "
                     "its compiled schema."), APPLICATION_ID);
      instance = vn_settings_new (settings);
    }
  return instance;
}

/* The GSettings the properties follow, or NULL when they live in memory only. */
GSettings *
vn_settings_get_gsettings (VnSettings *self)
{
  g_return_val_if_fail (VN_IS_SETTINGS (self), NULL);
  return self->settings;
}

/* The languages chosen, else those of the transcription's script; NULL leaves the choice to
 * the engine. */
char *
vn_settings_dup_ocr_languages (VnSettings      *self,
                               VnTranscription *transcription)
{
  const char *chosen;
  const char *text;
  gsize length;

  g_return_val_if_fail (VN_IS_SETTINGS (self), NULL);
  chosen = g_value_get_string (&self->values[PROP_OCR_LANGUAGES]);
  if (chosen != NULL && *chosen != '\0')
    return g_strdup (chosen);
  if (transcription == NULL)
    return NULL;
  text = vn_transcription_get_text (transcription, &length);
  return vn_settings_guess_ocr_languages (text, length);
}

VnPreprocessFlags
vn_settings_get_preprocess (VnSettings *self)
{
  g_return_val_if_fail (VN_IS_SETTINGS (self), VN_PREPROCESS_NONE);
  return (g_value_get_boolean (&self->values[PROP_PREPROCESS_DESKEW]) ? VN_PREPROCESS_DESKEW : 0) |
         (g_value_get_boolean (&self->values[PROP_PREPROCESS_NORMALIZE]) ? VN_PREPROCESS_NORMALIZE
                                                                          : 0) |
         (g_value_get_boolean (&self->values[PROP_PREPROCESS_BINARIZE]) ? VN_PREPROCESS_BINARIZE
                                                                         : 0);
}

/* Whether pages with large text are scaled down before OCR (vn_ocr_engine_set_rescale). */
gboolean
vn_settings_get_ocr_rescale (VnSettings *self)
{
  g_return_val_if_fail (VN_IS_SETTINGS (self), TRUE);
  return g_value_get_boolean (&self->values[PROP_OCR_RESCALE]);
}

static int
compare_words (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
same_word (const char *a,
           const char *b)
{
  g_autofree char *x = g_utf8_casefold (a, -1), *y = g_utf8_casefold (b, -1);
  return g_str_equal (x, y);
}

/* Replaces the list with @words, sorted. */
static void
set_user_words (VnSettings *self,
                GPtrArray  *words)
{
  g_ptr_array_sort (words, compare_words);
  g_ptr_array_add (words, NULL);
  g_object_set (self, "user-words", words->pdata, NULL);
}

/* Adds each word of @text (split at spaces) that is not listed yet, in any case. */
void
vn_settings_add_user_word (VnSettings *self,
                           const char *text)
{
  const char * const *listed;
  g_autofree char *nfc = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  gboolean changed = FALSE;

  g_return_if_fail (VN_IS_SETTINGS (self));
  g_return_if_fail (text != NULL);
  listed = g_value_get_boxed (&self->values[PROP_USER_WORDS]);
  for (guint i = 0; listed && listed[i]; i++)
    g_ptr_array_add (all, (gpointer) listed[i]);
  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  words = g_strsplit_set (nfc ? nfc : "", " \t\n", -1);
  for (guint i = 0; words[i]; i++)
    {
      gboolean known = *words[i] == '\0';

      for (guint k = 0; k < all->len && !known; k++)
        known = same_word (g_ptr_array_index (all, k), words[i]);
      if (!known)
        {
          g_ptr_array_add (all, words[i]);
          changed = TRUE;
        }
    }
  if (changed)
    set_user_words (self, all);
}

void
vn_settings_remove_user_word (VnSettings *self,
                              const char *word)
{
  const char * const *listed;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  g_return_if_fail (VN_IS_SETTINGS (self));
  g_return_if_fail (word != NULL);
  listed = g_value_get_boxed (&self->values[PROP_USER_WORDS]);
  for (guint i = 0; listed && listed[i]; i++)
    if (!g_str_equal (listed[i], word))
      g_ptr_array_add (kept, (gpointer) listed[i]);
  if (listed != NULL && kept->len != g_strv_length ((GStrv) listed))
    set_user_words (self, kept);
}

/* Tesseract's model for the letters of each script: the most common language written in it,
 * as a guess from the letters alone can go no further. */
static const struct { GUnicodeScript script; const char *language; } script_models[] = {
  { G_UNICODE_SCRIPT_CYRILLIC, "rus" }, { G_UNICODE_SCRIPT_LATIN, "eng" },
  { G_UNICODE_SCRIPT_GREEK, "ell" }, { G_UNICODE_SCRIPT_ARABIC, "ara" },
  { G_UNICODE_SCRIPT_HEBREW, "heb" }, { G_UNICODE_SCRIPT_HAN, "chi_sim" },
  { G_UNICODE_SCRIPT_HIRAGANA, "jpn" }, { G_UNICODE_SCRIPT_KATAKANA, "jpn" },
  { G_UNICODE_SCRIPT_HANGUL, "kor" }, { G_UNICODE_SCRIPT_DEVANAGARI, "hin" },
  { G_UNICODE_SCRIPT_GEORGIAN, "kat" }, { G_UNICODE_SCRIPT_ARMENIAN, "hye" },
  { G_UNICODE_SCRIPT_THAI, "tha" },
};

/* The OCR languages for a text: the model of its main script, and of a second script that
 * has at least a quarter of the letters ("rus+eng"). A few stray letters, such as the Latin
 * look-alikes in an OCR'd Russian text, do not count. NULL when there are no letters. */
char *
vn_settings_guess_ocr_languages (const char *text,
                                 gssize      length)
{
  guint counts[G_N_ELEMENTS (script_models)] = { 0 };
  guint letters = 0, first = 0, second = 0;
  const char *end;

  g_return_val_if_fail (text != NULL, NULL);
  end = text + (length < 0 ? (gssize) strlen (text) : length);
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script = g_unichar_get_script (c);

      if (!g_unichar_isalpha (c))
        continue;
      letters++;
      for (guint i = 0; i < G_N_ELEMENTS (script_models); i++)
        if (script_models[i].script == script)
          counts[i]++;
    }
  for (guint i = 1; i < G_N_ELEMENTS (script_models); i++)
    if (counts[i] > counts[first])
      first = i;
  if (counts[first] == 0)
    return NULL;
  second = first == 0 ? 1 : 0;
  for (guint i = 0; i < G_N_ELEMENTS (script_models); i++)
    if (i != first && counts[i] > counts[second])
      second = i;
  if (counts[second] * 4 >= letters &&
      !g_str_equal (script_models[second].language, script_models[first].language))
    return g_strconcat (script_models[first].language, "+", script_models[second].language, NULL);
  return g_strdup (script_models[first].language);
}

/* The Tesseract models installed, by language code, sorted; without osd and equ, which
 * are not languages. */
GStrv
vn_settings_list_ocr_languages (void)
{
  g_autofree char *tessdata = vn_runtime_tessdata_dir ();
  g_autoptr(GDir) dir = g_dir_open (tessdata, 0, NULL);
  GPtrArray *languages = g_ptr_array_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      const char *suffix = g_strrstr (name, ".traineddata");

      if (suffix == NULL || suffix[strlen (".traineddata")] != '\0' || suffix == name ||
          g_str_equal (name, "osd.traineddata") || g_str_equal (name, "equ.traineddata"))
        continue;
      g_ptr_array_add (languages, g_strndup (name, suffix - name));
    }
  g_ptr_array_sort (languages, compare_words);
  g_ptr_array_add (languages, NULL);
  return (GStrv) g_ptr_array_free (languages, FALSE);
}

/* One standard of the iso-codes package (639-2 for languages, 15924 for scripts): its
 * names by every code it gives, the names themselves included with @by_name. */
static GHashTable *
load_iso_names (const char *standard,
                gboolean    by_name)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char * const *dirs = g_get_system_data_dirs ();
  g_autofree char *file = g_strdup_printf ("iso_%s.json", standard);
  gboolean loaded = FALSE;
  JsonNode *root;
  JsonArray *entries;

  for (guint i = 0; dirs[i] != NULL && !loaded; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "iso-codes", "json", file, NULL);
      loaded = json_parser_load_from_file (parser, path, NULL);
    }
  if (!loaded)
    {
      g_debug ("iso-codes is not installed: languages are shown by their codes");
      return names;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (entries = json_object_get_array_member (json_node_get_object (root), standard)) == NULL)
    return names;
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      static const char *fields[] = { "alpha_2", "alpha_3", "bibliographic", "alpha_4" };
      const char *name = json_object_get_string_member_with_default (entry, "name", NULL);

      for (guint f = 0; name != NULL && f < G_N_ELEMENTS (fields); f++)
        {
          const char *code = json_object_get_string_member_with_default (entry, fields[f], NULL);
          if (code != NULL)
            g_hash_table_insert (names, g_strdup (code), g_strdup (name));
        }
      if (name != NULL && by_name)
        g_hash_table_insert (names, g_strdup (name), g_strdup (name));
    }
  return names;
}

/* Tesseract's script models are named after their script, capitalised ("Cyrillic",
 * "script/Latin"), where language models have lower-case ISO 639-2 codes ("rus", "lat"). */
static char *
dup_script_model_name (const char *code)
{
  static GHashTable *scripts;
  static gsize loaded;
  const char *base = g_str_has_prefix (code, "script/") ? code + strlen ("script/") : code;
  const char *name;

  if (!g_unichar_isupper (g_utf8_get_char (base)))
    return NULL;
  if (g_once_init_enter (&loaded))
    {
      scripts = load_iso_names ("15924", TRUE);
      g_once_init_leave (&loaded, 1);
    }
  name = g_hash_table_lookup (scripts, base);
  /* TRANSLATORS: a Tesseract model for a whole script; %s is the script's name, "Cyrillic" */
  return name ? g_strdup_printf (_("%s script, every language written in it"),
                                 g_dgettext ("iso_15924", name)) : NULL;
}

/* The name of the language of @code, in the user's language: a Tesseract model ("rus",
 * "chi_sim", or a script's, "Cyrillic") or a dictionary tag ("ru_RU"). NULL when iso-codes
 * does not know it. */
char *
vn_settings_dup_language_name (const char *code)
{
  static GHashTable *names;
  static gsize loaded;
  g_autofree char *language = NULL;
  const char *name;

  g_return_val_if_fail (code != NULL, NULL);
  if (g_unichar_isupper (g_utf8_get_char (code)) || g_str_has_prefix (code, "script/"))
    return dup_script_model_name (code);
  if (g_once_init_enter (&loaded))
    {
      names = load_iso_names ("639-2", FALSE);
      g_once_init_leave (&loaded, 1);
    }
  language = g_ascii_strdown (code, strcspn (code, "_-"));
  name = g_hash_table_lookup (names, language);
  return name ? g_strdup (g_dgettext ("iso_639-2", name)) : NULL;
}
