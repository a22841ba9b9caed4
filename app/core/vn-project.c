/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-project.c: a document to verify: its scans and its canonical transcription. A folder
 * holds transcription.txt (or one other .txt) and the page images, in natural order. */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-error.h"
#include "vn-project.h"
#include "vn-scan.h"

struct _VnProject
{
  GObject          parent_instance;
  char            *folder;
  char            *translation_path;
  VnTranscription *transcription;
  GPtrArray       *scan_pages;   /* VnScanPage */
};

G_DEFINE_FINAL_TYPE (VnProject, vn_project, G_TYPE_OBJECT)

static void
vn_project_finalize (GObject *object)
{
  VnProject *self = (VnProject *) object;

  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->translation_path, g_free);
  g_clear_object (&self->transcription);
  g_clear_pointer (&self->scan_pages, g_ptr_array_unref);
  G_OBJECT_CLASS (vn_project_parent_class)->finalize (object);
}

static void
vn_project_class_init (VnProjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_project_finalize;
}

static void
vn_project_init (VnProject *self)
{
}

static int
compare_natural (gconstpointer a,
                 gconstpointer b)
{
  g_autofree char *ka = g_utf8_collate_key_for_filename (*(const char **) a, -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (*(const char **) b, -1);

  return strcmp (ka, kb);
}

static gboolean
is_transcription_name (const char *name)
{
  return g_str_has_suffix (name, ".txt") && !g_str_has_prefix (name, "translation") &&
         !g_str_has_prefix (name, "README");
}

static gboolean
list_folder (const char  *folder,
             GPtrArray   *images,
             GPtrArray   *texts,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &local_error);
  const char *name;

  if (dir == NULL)
    {
      if (!g_file_test (folder, G_FILE_TEST_EXISTS))
        g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                     _("The folder %s does not exist; check the path."), folder);
      else if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                     _("%s is a file, not a project folder; give the folder that holds the "
                       "scans and transcription.txt, or use --transcription."), folder);
      else
        g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                     _("Cannot read the folder %s; check its permissions."), folder);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (name[0] == '.')
        continue;
      if (vn_scan_is_image_name (name))
        g_ptr_array_add (images, g_strdup (name));
      else if (is_transcription_name (name))
        g_ptr_array_add (texts, g_strdup (name));
    }
  g_ptr_array_sort (images, compare_natural);
  g_ptr_array_sort (texts, compare_natural);
  return TRUE;
}

static const char *
pick_transcription (const char  *folder,
                    GPtrArray   *texts,
                    GError     **error)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (g_ptr_array_index (texts, i), "transcription.txt"))
      return g_ptr_array_index (texts, i);
  if (texts->len == 1)
    return g_ptr_array_index (texts, 0);
  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
               texts->len == 0
               ? _("The folder %s has no transcription; put the text in transcription.txt.")
               : _("The folder %s has several .txt files; name the transcription "
                   "transcription.txt, or give it with --transcription."), folder);
  return NULL;
}

VnProject *
vn_project_new_from_folder (const char  *folder,
                            GError     **error)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *transcription = NULL;
  g_autofree char *translation = NULL;
  const char *name;
  VnProject *self;

  g_return_val_if_fail (folder != NULL, NULL);

  if (!list_folder (folder, images, texts, error) ||
      (name = pick_transcription (folder, texts, error)) == NULL)
    return NULL;
  if (images->len == 0)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The folder %s has no scans (PNG, JPEG, TIFF, JPEG 2000, WebP or PDF)."),
                   folder);
      return NULL;
    }
  for (guint i = 0; i < images->len; i++)
    g_ptr_array_add (paths, g_build_filename (folder, g_ptr_array_index (images, i), NULL));
  g_ptr_array_add (paths, NULL);
  transcription = g_build_filename (folder, name, NULL);
  self = vn_project_new_from_files (transcription, (const char * const *) paths->pdata, error);
  if (self == NULL)
    return NULL;
  self->folder = g_strdup (folder);
  translation = g_build_filename (folder, "translation-en.txt", NULL);
  if (g_file_test (translation, G_FILE_TEST_IS_REGULAR))
    self->translation_path = g_steal_pointer (&translation);
  return self;
}

VnProject *
vn_project_new_from_files (const char          *transcription,
                           const char * const  *scans,
                           GError             **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (transcription);
  g_autoptr(VnProject) self = g_object_new (VN_TYPE_PROJECT, NULL);

  g_return_val_if_fail (transcription != NULL && scans != NULL, NULL);

  self->transcription = vn_transcription_new_from_file (file, error);
  if (self->transcription == NULL)
    return NULL;
  self->scan_pages = vn_scan_expand_files (scans, error);
  if (self->scan_pages == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

const char *
vn_project_get_folder (VnProject *self)
{
  g_return_val_if_fail (VN_IS_PROJECT (self), NULL);
  return self->folder;
}

VnTranscription *
vn_project_get_transcription (VnProject *self)
{
  g_return_val_if_fail (VN_IS_PROJECT (self), NULL);
  return self->transcription;
}

GPtrArray *
vn_project_get_scan_pages (VnProject *self)
{
  g_return_val_if_fail (VN_IS_PROJECT (self), NULL);
  return self->scan_pages;
}

const char *
vn_project_get_translation_path (VnProject *self)
{
  g_return_val_if_fail (VN_IS_PROJECT (self), NULL);
  return self->translation_path;
}
