/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-model.c: what a set of Tesseract models can write. A traineddata file is
 * Tesseract's TessdataManager archive: an int32 count of components, an int64 offset per
 * component (-1 when absent), then the components; the LSTM's unicharset is component 21
 * (TESSDATA_LSTM_UNICHARSET in tessdatamanager.h), a text file whose first line is the count
 * and whose every other line begins with one unichar. A letter a model cannot write is
 * never evidence against a transcription that has it. */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-error.h"
#include "vn-ocr-model.h"
#include "vn-runtime.h"

#define TESSDATA_LSTM_UNICHARSET 21
#define TESSDATA_NUM_ENTRIES     24

struct _VnOcrModel
{
  GObject     parent_instance;
  char       *languages;
  GHashTable *characters;   /* gunichar → itself; lower and upper case both listed */
};

G_DEFINE_FINAL_TYPE (VnOcrModel, vn_ocr_model, G_TYPE_OBJECT)

static void
vn_ocr_model_finalize (GObject *object)
{
  VnOcrModel *self = (VnOcrModel *) object;

  g_free (self->languages);
  g_hash_table_unref (self->characters);
  G_OBJECT_CLASS (vn_ocr_model_parent_class)->finalize (object);
}

static void
vn_ocr_model_class_init (VnOcrModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_ocr_model_finalize;
}

static void
vn_ocr_model_init (VnOcrModel *self)
{
  self->characters = g_hash_table_new (NULL, NULL);
}

static gint64
read_le64 (const guint8 *p)
{
  guint64 v = 0;

  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return (gint64) v;
}

/* The bytes of component @index of a traineddata file, or NULL when it has none. */
static GBytes *
component (GBytes *data,
           guint   index)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (data, &len);
  gint32 n;
  gint64 start, end = (gint64) len;

  if (len < 4)
    return NULL;
  n = (gint32) (p[0] | p[1] << 8 | p[2] << 16 | (guint32) p[3] << 24);
  if (n <= (gint32) index || n > 64 || len < 4 + 8 * (gsize) n)
    return NULL;
  start = read_le64 (p + 4 + 8 * index);
  if (start < 4 + 8 * n || start >= (gint64) len)
    return NULL;
  for (gint32 k = 0; k < n; k++)
    {
      gint64 other = read_le64 (p + 4 + 8 * k);
      if (other > start && other < end)
        end = other;
    }
  return g_bytes_new_from_bytes (data, start, end - start);
}

/* Each line after the count starts with a unichar (id 0, the space, is written NULL). */
static gboolean
add_unicharset (VnOcrModel *self,
                GBytes     *unicharset)
{
  gsize len;
  const char *text = g_bytes_get_data (unicharset, &len);
  g_autofree char *copy = g_strndup (text, len);
  g_auto(GStrv) lines = NULL;

  if (!g_utf8_validate (copy, -1, NULL))
    return FALSE;
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 1; lines[0] != NULL && lines[i]; i++)
    {
      g_autofree char *unichar = g_strndup (lines[i], strcspn (lines[i], " "));

      if (*unichar == '\0' || g_str_equal (unichar, "NULL"))
        continue;
      for (const char *p = unichar; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          g_hash_table_add (self->characters, GUINT_TO_POINTER (c));
        }
    }
  return g_hash_table_size (self->characters) > 0;
}

static gboolean
load_file (VnOcrModel  *self,
           const char  *path,
           GError     **error)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, error);
  g_autoptr(GBytes) data = NULL, unicharset = NULL;

  if (file == NULL)
    return FALSE;
  data = g_mapped_file_get_bytes (file);
  unicharset = component (data, TESSDATA_LSTM_UNICHARSET);
  if (unicharset == NULL || !add_unicharset (self, unicharset))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
                   _("%s has no LSTM character set that Verno can read; reinstall its "
                     "tesseract-ocr package."), path);
      return FALSE;
    }
  return TRUE;
}

/* The characters of the installed models of @languages ("rus", "rus+eng", "Cyrillic"). */
VnOcrModel *
vn_ocr_model_new (const char  *languages,
                  GError     **error)
{
  g_autoptr(VnOcrModel) self = g_object_new (VN_TYPE_OCR_MODEL, NULL);
  g_autofree char *dir = vn_runtime_tessdata_dir ();
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (languages != NULL, NULL);
  self->languages = g_strdup (languages);
  names = g_strsplit (languages, "+", -1);
  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *file = g_strconcat (names[i], ".traineddata", NULL);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      if (*names[i] != '\0' && !load_file (self, path, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

VnOcrModel *
vn_ocr_model_new_from_file (const char  *path,
                            GError     **error)
{
  g_autoptr(VnOcrModel) self = g_object_new (VN_TYPE_OCR_MODEL, NULL);

  g_return_val_if_fail (path != NULL, NULL);
  self->languages = g_path_get_basename (path);
  return load_file (self, path, error) ? g_steal_pointer (&self) : NULL;
}

/* When the models are not known: the characters an OCR output of them wrote. */
VnOcrModel *
vn_ocr_model_new_from_text (const char *text)
{
  VnOcrModel *self = g_object_new (VN_TYPE_OCR_MODEL, NULL);

  g_return_val_if_fail (text != NULL, NULL);
  self->languages = g_strdup ("");
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    g_hash_table_add (self->characters, GUINT_TO_POINTER (g_utf8_get_char (p)));
  return self;
}

const char *
vn_ocr_model_get_languages (VnOcrModel *self)
{
  g_return_val_if_fail (VN_IS_OCR_MODEL (self), NULL);
  return self->languages;
}

guint
vn_ocr_model_get_n_characters (VnOcrModel *self)
{
  g_return_val_if_fail (VN_IS_OCR_MODEL (self), 0);
  return g_hash_table_size (self->characters);
}

/* Spaces and controls are not characters a model writes, but never evidence either. */
gboolean
vn_ocr_model_can_write (VnOcrModel *self,
                        gunichar    c)
{
  g_return_val_if_fail (VN_IS_OCR_MODEL (self), TRUE);
  return g_unichar_isspace (c) || g_unichar_iscntrl (c) ||
         g_hash_table_contains (self->characters, GUINT_TO_POINTER (c));
}

/* A letter the model has but does not write on some document (Debian's Cyrillic model
 * has ӧ, and reads a 1939 newspaper's ӧ as о): what it can write there. */
void
vn_ocr_model_forget (VnOcrModel *self,
                     gunichar    c)
{
  g_return_if_fail (VN_IS_OCR_MODEL (self));
  g_hash_table_remove (self->characters, GUINT_TO_POINTER (c));
  g_hash_table_remove (self->characters, GUINT_TO_POINTER (g_unichar_toupper (c)));
  g_hash_table_remove (self->characters, GUINT_TO_POINTER (g_unichar_tolower (c)));
}

/* The characters of @text the models cannot write, each once, in order; "" for none. */
char *
vn_ocr_model_dup_unwritable (VnOcrModel *self,
                             const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (VN_IS_OCR_MODEL (self), NULL);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buf[8] = { 0 };

      g_unichar_to_utf8 (c, buf);
      if (!vn_ocr_model_can_write (self, c) && strstr (out->str, buf) == NULL)
        g_string_append (out, buf);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
