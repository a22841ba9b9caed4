/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-i18n.c: Verno in Russian. The catalogue po/ru.po translates every message of the
 * sources, well-formed; `verno --help` and every command's help speak Russian; counts take
 * the Russian plural forms; and the window shows Russian with nothing cut off (it is
 * rendered to window-ru.png, menu-ru.png, concordance-ru.png and preferences-ru.png for a
 * person to look at).
 *
 * This program itself runs in Russian (see main ()), as a user with LANGUAGE=ru would. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <adwaita.h>

#include "vn-settings.h"
#include "vn-window-private.h"
#include "vn-test-gui.h"
#include "vn-test-util.h"

/* The arguments meson's i18n.gettext (preset: 'glib') gives xgettext for verno-pot. */
static const char *xgettext_args[] = {
  "--from-code=UTF-8", "--add-comments", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
  "--keyword=NC_:1c,2", "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3",
  "--keyword=g_dpgettext2:2c,3", "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format",
  "--flag=NC_:2:pass-c-format", "--flag=g_dngettext:2:pass-c-format",
  "--flag=g_strdup_printf:1:c-format", "--flag=g_string_printf:2:c-format",
  "--flag=g_string_append_printf:2:c-format", "--flag=g_error_new:3:c-format",
  "--flag=g_set_error:4:c-format", "--flag=g_markup_printf_escaped:1:c-format",
  "--flag=g_log:3:c-format", "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format",
  "--flag=g_printf:1:c-format", "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format",
  "--flag=g_snprintf:3:c-format",
};

/* ------------------------------------------------------------------ helpers */

/* Runs @argv (a program on PATH, or verno by its build path) with @language as LANGUAGE. */
static void
run_in (VnTestRun          *run,
        const char         *language,
        const char * const *argv)
{
  g_autofree char *language_env = g_strconcat ("LANGUAGE=", language, NULL);
  const char *env[] = { "LC_ALL=C.UTF-8", language_env, NULL };

  vn_test_run_argv (run, argv, env, NULL);
}

static const char *
verno (void)
{
  const char *path = g_getenv ("VERNO");

  g_assert_nonnull (path);
  return path;
}

/* A gettext tool, which the build needs too (the gettext package). */
static char *
gettext_tool (const char *name)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_error ("%s is missing: install the gettext package", name);
  return path;
}

/* The share of letters in @text that are Cyrillic. */
static double
cyrillic_share (const char *text)
{
  guint letters = 0, cyrillic = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c))
        continue;
      letters++;
      cyrillic += g_unichar_get_script (c) == G_UNICODE_SCRIPT_CYRILLIC;
    }
  return letters ? (double) cyrillic / letters : 0;
}

/* Asserts that @msgid has a Russian translation and that @russian shows it, not @msgid. */
static void
assert_shown_translated (const char *russian,
                         const char *msgid,
                         const char *where)
{
  const char *translation = g_dgettext (GETTEXT_PACKAGE, msgid);

  if (translation == msgid || g_str_equal (translation, msgid))
    {
      /* A description composed at run time ("%s, errata or training", the names from the
       * export table) is no msgid of its own: it is Russian when the English is not shown. */
      if (strstr (russian, msgid) != NULL)
        g_error ("%s: “%s” has no Russian translation", where, msgid);
      return;
    }
  if (strstr (russian, translation) == NULL || strstr (russian, msgid) != NULL)
    g_error ("%s shows “%s” untranslated:\n%s", where, msgid, russian);
}

/* ------------------------------------------------------------------ the catalogue */

/* The catalogue compiles with every check (formats, header, plural expression), and has
 * neither fuzzy nor untranslated messages. */
static void
test_catalogue_checks (void)
{
  g_autofree char *msgfmt = gettext_tool ("msgfmt");
  g_autofree char *po = vn_test_source_path ("po/ru.po");
  g_auto(VnTestRun) run = { 0 };

  run_in (&run, "C", (const char *[]) { msgfmt, "--check", "--statistics", "-o", "/dev/null",
                                        po, NULL });
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.err, "fuzzy"));
  g_assert_null (strstr (run.err, "untranslated"));
  g_assert_nonnull (strstr (run.err, "translated message"));
}

/* A fresh template of the sources, made as `meson compile verno-pot` makes it; xgettext
 * warns of nothing (a msgid it cannot read, such as one with a G_GINT64_FORMAT in it). */
static char *
make_template (void)
{
  g_autofree char *xgettext = gettext_tool ("xgettext");
  g_autofree char *root = vn_test_source_path (".");
  g_autofree char *potfiles = vn_test_source_path ("po/POTFILES.in");
  char *pot = vn_test_build_path ("test-i18n.pot");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(VnTestRun) run = { 0 };

  g_ptr_array_add (argv, xgettext);
  g_ptr_array_add (argv, (char *) "--package-name=verno");
  g_ptr_array_add (argv, (char *) "-f");
  g_ptr_array_add (argv, potfiles);
  g_ptr_array_add (argv, (char *) "-D");
  g_ptr_array_add (argv, root);
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, pot);
  for (guint i = 0; i < G_N_ELEMENTS (xgettext_args); i++)
    g_ptr_array_add (argv, (char *) xgettext_args[i]);
  g_ptr_array_add (argv, NULL);
  run_in (&run, "C", (const char * const *) argv->pdata);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  return pot;
}

/* Every message of the sources has a reviewed translation: msgcmp counts fuzzy and
 * untranslated messages as missing. */
static void
test_catalogue_complete (void)
{
  g_autofree char *msgcmp = gettext_tool ("msgcmp");
  g_autofree char *po = vn_test_source_path ("po/ru.po");
  g_autofree char *pot = make_template ();
  g_autofree char *template = vn_test_read_file (pot);
  g_auto(VnTestRun) run = { 0 };
  guint n = 0;

  for (const char *p = template; (p = strstr (p, "\nmsgid ")) != NULL; p++)
    n++;
  g_test_message ("%u messages in the template", n);
  g_assert_cmpuint (n, >, 400);
  run_in (&run, "C", (const char *[]) { msgcmp, po, pot, NULL });
  if (run.status != 0)
    g_error ("po/ru.po lacks translations: run `meson compile verno-update-po` in the build "
             "folder and translate the new messages of po/ru.po.\n%s", run.err);
  g_remove (pot);
}

static gboolean
has_translatable_strings (const char *path)
{
  g_autofree char *text = vn_test_read_file (path);
  static const char *markers[] = { "_(\"", "N_(\"", "C_(\"", "ngettext (", "ngettext(",
                                   "translatable=\"yes\"" };

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    if (strstr (text, markers[i]) != NULL)
      return TRUE;
  return FALSE;
}

static void
check_listed (const char  *root,
              const char  *relative,
              GHashTable  *listed,
              guint       *n_files)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = relative[0] ? g_build_filename (relative, name, NULL)
                                           : g_strdup (name);
      g_autofree char *child_path = g_build_filename (root, child, NULL);

      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        check_listed (root, child, listed, n_files);
      else if ((g_str_has_suffix (name, ".c") || g_str_has_suffix (name, ".ui")) &&
               has_translatable_strings (child_path))
        {
          if (!g_hash_table_contains (listed, child))
            g_error ("%s has translatable strings but is not in po/POTFILES.in", child);
          (*n_files)++;
        }
    }
}

/* po/POTFILES.in names every source and .ui file with translatable strings, and only files
 * that exist. */
static void
test_potfiles_complete (void)
{
  g_autofree char *root = vn_test_source_path (".");
  g_autofree char *potfiles_path = vn_test_source_path ("po/POTFILES.in");
  g_autofree char *potfiles = vn_test_read_file (potfiles_path);
  g_auto(GStrv) lines = g_strsplit (potfiles, "\n", -1);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_files = 0;

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *path = NULL;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      path = g_build_filename (root, lines[i], NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_error ("po/POTFILES.in lists %s, which does not exist", lines[i]);
      g_hash_table_add (listed, lines[i]);
    }
  check_listed (root, "app", listed, &n_files);
  check_listed (root, "ui", listed, &n_files);
  g_assert_cmpuint (n_files, >=, 20);
}

/* ------------------------------------------------------------------ the command line */

/* The summaries `verno --help` lists, from its English output. */
static GPtrArray *
command_summaries (const char  *english,
                   GPtrArray  **names)
{
  g_auto(GStrv) lines = g_strsplit (english, "\n", -1);
  GPtrArray *summaries = g_ptr_array_new_with_free_func (g_free);
  gboolean in_commands = FALSE;

  *names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) parts = NULL;

      if (g_str_equal (lines[i], "Commands:"))
        in_commands = TRUE;
      else if (in_commands && lines[i][0] == '\0')
        break;
      else if (in_commands)
        {
          parts = g_regex_split_simple ("^  (\\S+) +(.*)$", lines[i], 0, 0);
          g_assert_cmpuint (g_strv_length (parts), >=, 3);
          g_ptr_array_add (*names, g_strdup (parts[1]));
          g_ptr_array_add (summaries, g_strdup (parts[2]));
        }
    }
  return summaries;
}

/* `verno --help` with LANGUAGE=ru is Russian: every command's summary is shown translated. */
static void
test_help_in_russian (void)
{
  g_auto(VnTestRun) english = { 0 };
  g_auto(VnTestRun) russian = { 0 };
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) summaries = NULL;

  run_in (&english, "C", (const char *[]) { verno (), "--help", NULL });
  run_in (&russian, "ru", (const char *[]) { verno (), "--help", NULL });
  g_assert_cmpint (english.status, ==, 0);
  g_assert_cmpint (russian.status, ==, 0);
  g_test_message ("%s", russian.out);
  summaries = command_summaries (english.out, &names);
  g_assert_cmpuint (summaries->len, >=, 12);
  for (guint i = 0; i < summaries->len; i++)
    assert_shown_translated (russian.out, g_ptr_array_index (summaries, i), "verno --help");
  g_assert_cmpfloat (cyrillic_share (english.out), <, 0.01);
  g_assert_cmpfloat (cyrillic_share (russian.out), >, 0.8);
}

/* Each option's description in `verno help COMMAND`: @english's lines "  -x, --xx=ARG  Text". */
static GPtrArray *
option_descriptions (const char *english)
{
  g_auto(GStrv) lines = g_strsplit (english, "\n", -1);
  GPtrArray *descriptions = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) parts = g_regex_split_simple ("^  (-\\S.*?)  +(\\S.*)$", lines[i], 0, 0);

      /* GLib's own --help line is GLib's to translate (libglib2.0-data). */
      if (g_strv_length (parts) >= 3 && !g_str_has_prefix (parts[1], "-h, --help"))
        g_ptr_array_add (descriptions, g_strdup (parts[2]));
    }
  return descriptions;
}

/* The help of every command is Russian too: its options and the line that says what it does. */
static void
test_command_help_in_russian (void)
{
  g_auto(VnTestRun) list = { 0 };
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  guint n_options = 0;

  run_in (&list, "C", (const char *[]) { verno (), "--help", NULL });
  summaries = command_summaries (list.out, &names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *where = g_strdup_printf ("verno help %s", name);
      g_auto(VnTestRun) english = { 0 };
      g_auto(VnTestRun) russian = { 0 };
      g_autoptr(GPtrArray) descriptions = NULL;
      const char *purpose;

      run_in (&english, "C", (const char *[]) { verno (), "help", name, NULL });
      run_in (&russian, "ru", (const char *[]) { verno (), "help", name, NULL });
      g_assert_cmpint (english.status, ==, 0);
      g_assert_cmpint (russian.status, ==, 0);
      descriptions = option_descriptions (english.out);
      for (guint k = 0; k < descriptions->len; k++, n_options++)
        assert_shown_translated (russian.out, g_ptr_array_index (descriptions, k), where);
      /* The usage line ends with "— what the command does". */
      purpose = strstr (english.out, "— ");
      g_assert_nonnull (purpose);
      {
        g_autofree char *line = g_strndup (purpose, strcspn (purpose, "\n"));
        if (strstr (russian.out, line) != NULL)
          g_error ("%s shows “%s” untranslated:\n%s", where, line, russian.out);
      }
      g_assert_cmpfloat (cyrillic_share (russian.out), >, 0.5);
    }
  g_assert_cmpuint (n_options, >=, 60);
}

/* `verno eval` counts differences, edits, characters and words: each in its Russian form. */
static void
test_eval_in_russian (void)
{
  g_autofree char *dir = g_dir_make_tmp ("verno-i18n-XXXXXX", NULL);
  g_autofree char *truth = g_build_filename (dir, "truth.txt", NULL);
  g_autofree char *hypothesis = g_build_filename (dir, "hypothesis.txt", NULL);
  g_auto(VnTestRun) run = { 0 };

  g_assert_true (g_file_set_contents (truth, "а б в г д\n", -1, NULL));
  g_assert_true (g_file_set_contents (hypothesis, "а х в х д\n", -1, NULL));
  run_in (&run, "ru", (const char *[]) { verno (), "eval", truth, hypothesis, NULL });
  g_test_message ("%s", run.out);
  g_assert_cmpint (run.status, ==, 0);
  /* 2 of 9 characters and 2 of 5 words differ, in 2 places. */
  g_assert_nonnull (strstr (run.out, "(2 правки на 9 символов:"));
  g_assert_nonnull (strstr (run.out, "(2 правки на 5 слов:"));
  g_assert_nonnull (strstr (run.out, "\n2 различия (эталон"));

  g_assert_true (g_file_set_contents (hypothesis, "а б в г е\n", -1, NULL));
  vn_test_run_clear (&run);
  run_in (&run, "ru", (const char *[]) { verno (), "eval", truth, hypothesis, NULL });
  g_assert_nonnull (strstr (run.out, "(1 правка на 9 символов:"));
  g_assert_nonnull (strstr (run.out, "(1 правка на 5 слов:"));
  g_assert_nonnull (strstr (run.out, "\n1 различие (эталон"));
  vn_test_remove_tree (dir);
}

/* ------------------------------------------------------------------ plural forms */

/* Russian: one for 1, 21, 31…, few for 2–4, 22–24…, many for 0, 5–20, 25–30… */
static guint
russian_plural (gulong n)
{
  return n % 10 == 1 && n % 100 != 11 ? 0
         : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20) ? 1 : 2;
}

static const gulong counts[] = { 0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1000 };

/* The forms a few counts of the interface take, as a Russian reader expects them. */
static void
test_plural_words (void)
{
  static const struct
  {
    const char *singular, *plural;
    gulong      n;
    const char *expected;
  } cases[] = {
    { "%u discrepancy", "%u discrepancies", 1, "1 расхождение" },
    { "%u discrepancy", "%u discrepancies", 2, "2 расхождения" },
    { "%u discrepancy", "%u discrepancies", 5, "5 расхождений" },
    { "%u discrepancy", "%u discrepancies", 11, "11 расхождений" },
    { "%u discrepancy", "%u discrepancies", 21, "21 расхождение" },
    { "%u discrepancy", "%u discrepancies", 22, "22 расхождения" },
    { "%u discrepancy", "%u discrepancies", 25, "25 расхождений" },
    { "%u correction", "%u corrections", 1, "1 исправление" },
    { "%u correction", "%u corrections", 2, "2 исправления" },
    { "%u correction", "%u corrections", 5, "5 исправлений" },
    { "%u correction", "%u corrections", 11, "11 исправлений" },
    { "%u correction", "%u corrections", 21, "21 исправление" },
    { "%u correction", "%u corrections", 22, "22 исправления" },
    { "%u correction", "%u corrections", 25, "25 исправлений" },
    { "%u word", "%u words", 1, "1 слово" },
    { "%u word", "%u words", 2, "2 слова" },
    { "%u word", "%u words", 5, "5 слов" },
    { "%u word", "%u words", 11, "11 слов" },
    { "%u word", "%u words", 21, "21 слово" },
    { "%u word", "%u words", 22, "22 слова" },
    { "%u word", "%u words", 25, "25 слов" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, cases[i].singular,
                                                            cases[i].plural, cases[i].n),
                                               (guint) cases[i].n);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* One message of a compiled catalogue (GNU .mo): "singular\0plural" → "one\0few\0many". */
typedef struct
{
  const char *original;
  gsize       original_len;
  const char *translation;
  gsize       translation_len;
} MoEntry;

/* The messages of @data, a catalogue as msgfmt writes it on this (little-endian) machine. */
static GArray *
read_mo (const char *data,
         gsize       len)
{
  const guint32 *header = (const guint32 *) data;
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (MoEntry));
  guint32 n, originals, translations;

  g_assert_cmpuint (len, >=, 28);
  g_assert_cmphex (header[0], ==, 0x950412de);
  n = header[2], originals = header[3], translations = header[4];
  g_assert_cmpuint ((gsize) originals + 8 * (gsize) n, <=, len);
  g_assert_cmpuint ((gsize) translations + 8 * (gsize) n, <=, len);
  for (guint32 i = 0; i < n; i++)
    {
      const guint32 *o = (const guint32 *) (data + originals) + 2 * i;
      const guint32 *t = (const guint32 *) (data + translations) + 2 * i;
      MoEntry e = { data + o[1], o[0], data + t[1], t[0] };

      g_assert_cmpuint ((gsize) o[1] + o[0], <, len);
      g_assert_cmpuint ((gsize) t[1] + t[0], <, len);
      g_array_append_val (entries, e);
    }
  return entries;
}

static char *
read_catalogue (gsize *len)
{
  g_autofree char *mo = vn_test_build_path ("po/ru/LC_MESSAGES/verno.mo");
  char *data = NULL;

  g_assert_true (g_file_get_contents (mo, &data, len, NULL));
  return data;
}

/* Every plural message of the catalogue has Russian's three forms, and gettext picks the
 * one Russian grammar wants for each count: the catalogue's Plural-Forms is right. */
static void
test_plural_forms (void)
{
  gsize len;
  g_autofree char *data = read_catalogue (&len);
  g_autoptr(GArray) entries = read_mo (data, len);
  guint n_plurals = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      const MoEntry *e = &g_array_index (entries, MoEntry, i);
      const char *forms[3], *plural;

      if (strlen (e->original) == e->original_len)
        continue;   /* not a plural message */
      plural = e->original + strlen (e->original) + 1;
      forms[0] = e->translation;
      forms[1] = forms[0] + strlen (forms[0]) + 1;
      forms[2] = forms[1] + strlen (forms[1]) + 1;
      g_assert_cmpuint (forms[2] + strlen (forms[2]) - e->translation, ==, e->translation_len);
      n_plurals++;
      for (guint k = 0; k < G_N_ELEMENTS (counts); k++)
        {
          const char *chosen = g_dngettext (GETTEXT_PACKAGE, e->original, plural, counts[k]);

          if (!g_str_equal (chosen, forms[russian_plural (counts[k])]))
            g_error ("“%s” for %lu gives “%s”, not the form “%s”", e->original, counts[k],
                     chosen, forms[russian_plural (counts[k])]);
        }
    }
  g_test_message ("%u plural messages", n_plurals);
  g_assert_cmpuint (n_plurals, >=, 20);
}

/* ------------------------------------------------------------------ the window */

typedef struct
{
  GHashTable *translations;   /* every form of every msgstr of the catalogue */
  GPtrArray  *data_labels;    /* labels that show the document's own words */
  GType       data_list;      /* the list whose cells show them too */
  guint       n_checked;
} LabelCheck;

/* A cell of a list of the document's words (@list), not of the interface's. */
static gboolean
in_list_cell (GtkWidget *widget,
              GType      list)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    {
      if (g_str_equal (gtk_widget_get_css_name (w), "header"))
        return FALSE;   /* a column's title */
      if (list != G_TYPE_INVALID && G_TYPE_CHECK_INSTANCE_TYPE (w, list))
        return TRUE;
    }
  return FALSE;
}

/* A model's name as the preferences give it under its title: whatever models this machine
 * has ("Cyrillic", Debian's script model), their titles are checked as every label is. */
static gboolean
is_installed_model (const char *text)
{
  g_auto(GStrv) models = vn_settings_list_ocr_languages ();
  return g_strv_contains ((const char * const *) models, text);
}

/* Latin words in @text that are neither names (OCR, PDF…) nor parts of file names. */
static char *
stray_latin_word (const char *text)
{
  static const char *names[] = { "OCR", "Verno", "Tesseract", "PDF", "hOCR", "ALTO", "PAGE",
                                 "XML", "TEI", "CSV", "JSON", "Ctrl", "Shift", "Alt", "Page",
                                 "Up", "Down", "rus", "eng", "dpi", "txt", "diff", NULL };
  g_autoptr(GRegex) regex = g_regex_new ("(?<![\\w.\\-])[A-Za-z]{2,}(?![\\w.\\-])", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  /* Tesseract's language codes, as the preferences list them: rus, eng+fra… */
  if (g_regex_match_simple ("^[a-z]{3}(_[a-z]+)?(\\+[a-z]{3}(_[a-z]+)?)*$", text, 0, 0) ||
      is_installed_model (text))
    return NULL;
  for (g_regex_match (regex, text, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *word = g_match_info_fetch (match, 0);

      if (!g_strv_contains (names, word))
        return g_steal_pointer (&word);
    }
  return NULL;
}

/* An ancestor (below any scrolling) that @widget does not fit in, so that part of it is not
 * drawn: a label pushed out of its pane, say. */
static GtkWidget *
clipping_ancestor (GtkWidget *widget)
{
  for (GtkWidget *a = gtk_widget_get_parent (widget); a != NULL; a = gtk_widget_get_parent (a))
    {
      graphene_rect_t b;

      if (GTK_IS_SCROLLED_WINDOW (a) || GTK_IS_SCROLLABLE (a))
        return NULL;
      if (gtk_widget_compute_bounds (widget, a, &b) &&
          (b.origin.x < -1 || b.origin.y < -1 ||
           b.origin.x + b.size.width > gtk_widget_get_width (a) + 1 ||
           b.origin.y + b.size.height > gtk_widget_get_height (a) + 1))
        return a;
    }
  return NULL;
}

static void
check_label (LabelCheck *check,
             GtkLabel   *label,
             const char *where)
{
  const char *text = gtk_label_get_text (label);
  gboolean data = in_list_cell (GTK_WIDGET (label), check->data_list) ||
                  g_ptr_array_find (check->data_labels, label, NULL);
  gboolean cut = gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE &&
                 pango_layout_is_ellipsized (gtk_label_get_layout (label));
  g_autofree char *latin = NULL;

  if (*text == '\0')
    return;
  check->n_checked++;
  if (!g_str_equal (g_dgettext (GETTEXT_PACKAGE, text), text))
    g_error ("%s shows “%s” in English", where, text);
  if (!data && (latin = stray_latin_word (text)) != NULL)
    g_error ("%s shows “%s”, whose “%s” is not Russian", where, text, latin);
  /* The document's words may be cut in narrow columns; the interface's never. */
  if (cut && (!data || g_hash_table_contains (check->translations, text)))
    g_error ("%s cuts “%s” off (%d px wide)", where, text,
             gtk_widget_get_width (GTK_WIDGET (label)));
  if (!data && clipping_ancestor (GTK_WIDGET (label)) != NULL)
    g_error ("%s shows “%s” beyond the edge of its %s", where, text,
             G_OBJECT_TYPE_NAME (clipping_ancestor (GTK_WIDGET (label))));
}

static void
check_labels (LabelCheck *check,
              GtkWidget  *widget,
              const char *where)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    check_label (check, GTK_LABEL (widget), where);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_labels (check, child, where);
}

static GHashTable *
catalogue_translations (const char *data,
                        gsize       len)
{
  g_autoptr(GArray) entries = read_mo (data, len);
  GHashTable *translations = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < entries->len; i++)
    {
      const MoEntry *e = &g_array_index (entries, MoEntry, i);

      for (const char *form = e->translation; form < e->translation + e->translation_len;
           form += strlen (form) + 1)
        if (*e->original != '\0')
          g_hash_table_add (translations, (gpointer) form);
    }
  return translations;
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
              gtk_widget_get_mapped (GTK_WIDGET (window)))
            return window;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  return NULL;
}

/* Selects the discrepancy reading @reading and answers it with @action. */
static void
answer (VnWindow   *window,
        const char *reading,
        const char *action)
{
  g_autoptr(VnDiscrepancy) d = vn_test_gui_find_discrepancy (window, reading);
  guint n_before = g_list_model_get_n_items (vn_session_get_corrections (window->session));

  g_assert_nonnull (d);
  _vn_window_select (window, d);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  vn_test_gui_iterate ();
  if (g_str_equal (action, "win.accept-suggestion") || g_str_equal (action, "win.take-ocr"))
    g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_corrections (window->session)),
                      ==, n_before + 1);
}

static GtkMenuButton *
find_primary_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return GTK_MENU_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_primary_menu_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The letter in a Russian window: every label Russian, none cut off, the window no wider
 * than the screen of the tests; the same for the main menu, the concordance and the
 * preferences. */
static void
test_window_in_russian (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = NULL;
  g_autoptr(VnDiscrepancy) d = NULL;
  g_autoptr(GHashTable) translations = NULL;
  g_autoptr(GPtrArray) data_labels = g_ptr_array_new ();
  g_autofree char *catalogue = NULL;
  LabelCheck check = { 0 };
  VnWindow *window;
  GtkWindow *dialog;
  GtkMenuButton *menu_button;
  GtkPopover *menu;
  gsize len;
  int min_width;

  if (gdk_display_get_default () == NULL)
    {
      g_test_skip ("no display: run the tests under xvfb-run");
      return;
    }
  catalogue = read_catalogue (&len);
  translations = catalogue_translations (catalogue, len);
  dir = vn_test_copy_letter ("verno-i18n-XXXXXX", FALSE);
  project = vn_project_new_from_folder (dir, &error);
  g_assert_no_error (error);
  window = vn_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 880);
  gtk_window_present (GTK_WINDOW (window));
  vn_window_open_project (window, project);
  vn_test_gui_wait_until_ready (window);
  /* Every kind of answer, so that the queue shows each resolution in Russian. */
  answer (window, "критико", "win.accept-suggestion");
  answer (window, "всесторение", "win.take-ocr");
  answer (window, "устра нять", "win.keep");
  answer (window, "товари – щеской", "win.verify");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.page-status", "s", "proofread");
  /* "Bepho": the archive's Latin look-alike of "Верно", at the top of the queue. */
  d = vn_test_gui_find_discrepancy (window, "Bepho");
  g_assert_nonnull (d);
  _vn_window_select (window, d);
  vn_test_gui_screenshot (GTK_WIDGET (window), "window-ru.png");

  check.translations = translations;
  check.data_labels = data_labels;
  check.data_list = GTK_TYPE_COLUMN_VIEW;
  g_ptr_array_add (data_labels, window->word_transcription);
  g_ptr_array_add (data_labels, window->word_ocr);
  g_ptr_array_add (data_labels, window->word_suggestion);
  check_labels (&check, GTK_WIDGET (window), "The window");
  g_assert_cmpuint (check.n_checked, >=, 40);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL,
                      NULL, NULL);
  g_test_message ("the Russian window is at least %d px wide", min_width);
  g_assert_cmpint (min_width, <=, 1400);

  /* The main menu. */
  menu_button = find_primary_menu_button (GTK_WIDGET (window));
  g_assert_nonnull (menu_button);
  gtk_menu_button_popup (menu_button);
  menu = gtk_menu_button_get_popover (menu_button);
  vn_test_gui_screenshot (GTK_WIDGET (menu), "menu-ru.png");
  check.data_list = G_TYPE_INVALID;
  check_labels (&check, GTK_WIDGET (menu), "The main menu");
  gtk_menu_button_popdown (menu_button);

  /* The concordance: the same confusion of letters elsewhere. */
  g_clear_object (&d);
  d = vn_test_gui_find_discrepancy (window, "ого");
  g_assert_nonnull (d);
  _vn_window_select (window, d);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.concordance", NULL);
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  vn_test_gui_screenshot (GTK_WIDGET (dialog), "concordance-ru.png");
  check.data_list = GTK_TYPE_LIST_VIEW;   /* the places, in the document's words */
  check_labels (&check, GTK_WIDGET (dialog), "The concordance dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);

  /* The preferences. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  dialog = wait_for_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (dialog);
  vn_test_gui_screenshot (GTK_WIDGET (dialog), "preferences-ru.png");
  check.data_list = G_TYPE_INVALID;
  check_labels (&check, GTK_WIDGET (dialog), "The preferences");
  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  vn_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");

  g_setenv ("VERNO_CACHE_DIR", cache, TRUE);
  /* Xvfb has no session bus for the accessibility bridge, whose warning would be fatal. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  /* Russian, as a user sets it. glibc ignores LANGUAGE under the plain C locale, not under
   * C.UTF-8, so no Russian locale needs to be generated. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ru", TRUE);
  setlocale (LC_ALL, "");
  vn_runtime_init_i18n ();
  g_test_init (&argc, &argv, NULL);
  if (gtk_init_check ())
    adw_init ();
  g_test_add_func ("/verno/i18n/catalogue/checks", test_catalogue_checks);
  g_test_add_func ("/verno/i18n/catalogue/complete", test_catalogue_complete);
  g_test_add_func ("/verno/i18n/catalogue/potfiles", test_potfiles_complete);
  g_test_add_func ("/verno/i18n/plural/words", test_plural_words);
  g_test_add_func ("/verno/i18n/plural/forms", test_plural_forms);
  g_test_add_func ("/verno/i18n/cli/help", test_help_in_russian);
  g_test_add_func ("/verno/i18n/cli/command-help", test_command_help_in_russian);
  g_test_add_func ("/verno/i18n/cli/eval", test_eval_in_russian);
  g_test_add_func ("/verno/i18n/window", test_window_in_russian);
  return g_test_run ();
}
