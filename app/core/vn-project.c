/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-project.c: a document to verify: its scans and its canonical transcription. A folder
 * holds the page images, in natural order, and the transcription: transcription.txt (or one
 * other .txt), or the archive's own files (vn-source.h) — one for the document, or one per
 * page beside each image — or the folder is just a PDF whose text layer is the
 * transcription. A PDF with a text layer may also be given alone, as the project. */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-error.h"
#include "vn-iiif.h"
#include "vn-project.h"
#include "vn-scan.h"
#include "vn-source.h"

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

typedef struct
{
  GPtrArray *images;
  GPtrArray *texts;      /* .txt */
  GPtrArray *published;  /* .xml, .hocr, .html */
} FolderFiles;

static void
folder_files_clear (FolderFiles *files)
{
  g_clear_pointer (&files->images, g_ptr_array_unref);
  g_clear_pointer (&files->texts, g_ptr_array_unref);
  g_clear_pointer (&files->published, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FolderFiles, folder_files_clear)

static gboolean
list_folder (const char   *folder,
             FolderFiles  *files,
             GError      **error)
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
  files->images = g_ptr_array_new_with_free_func (g_free);
  files->texts = g_ptr_array_new_with_free_func (g_free);
  files->published = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (name[0] == '.')
        continue;
      if (vn_scan_is_image_name (name))
        g_ptr_array_add (files->images, g_strdup (name));
      else if (is_transcription_name (name))
        g_ptr_array_add (files->texts, g_strdup (name));
      else if (vn_source_is_published_name (name) && !g_str_has_prefix (name, "README"))
        g_ptr_array_add (files->published, g_strdup (name));
    }
  g_ptr_array_sort (files->images, compare_natural);
  g_ptr_array_sort (files->texts, compare_natural);
  g_ptr_array_sort (files->published, compare_natural);
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
               ? _("The folder %s has no transcription; put the text in transcription.txt, or "
                   "the archive's ALTO, PAGE, hOCR or TEI file(s) beside the scans.")
               : _("The folder %s has several .txt files; name the transcription "
                   "transcription.txt, or give it with --transcription."), folder);
  return NULL;
}

/* "page-1" of "page-1.alto.xml", "page-1.xml", "page-1.hocr", "page-1.jpg". */
static char *
stem_of (const char *name)
{
  const char *suffixes[] = { ".alto.xml", ".page.xml", ".hocr.html", ".tei.xml", NULL };
  g_autofree char *lower = g_ascii_strdown (name, -1);
  const char *dot;

  for (guint i = 0; suffixes[i]; i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return g_strndup (name, strlen (name) - strlen (suffixes[i]));
  dot = strrchr (name, '.');
  return g_strndup (name, dot && dot != name ? (gsize) (dot - name) : strlen (name));
}

/* One published file per image: each image's, by name, in the images' order. */
static GPtrArray *
match_pages (GPtrArray *images,
             GPtrArray *published)
{
  g_autoptr(GPtrArray) ordered = g_ptr_array_new ();

  if (published->len != images->len)
    return NULL;
  for (guint i = 0; i < images->len; i++)
    {
      g_autofree char *stem = stem_of (g_ptr_array_index (images, i));
      guint j;

      for (j = 0; j < published->len; j++)
        {
          g_autofree char *other = stem_of (g_ptr_array_index (published, j));
          if (g_str_equal (stem, other))
            break;
        }
      if (j == published->len)
        return NULL;
      g_ptr_array_add (ordered, g_ptr_array_index (published, j));
    }
  return g_steal_pointer (&ordered);
}

/* The paths of the folder's transcription: one text or published file, or one per page. */
static GPtrArray *
pick_transcription_files (const char   *folder,
                          FolderFiles  *files,
                          GError      **error)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) per_page = NULL;
  const char *name;

  if (files->published->len == 0 || g_ptr_array_find_with_equal_func (
        files->texts, "transcription.txt", g_str_equal, NULL))
    {
      if ((name = pick_transcription (folder, files->texts, error)) == NULL)
        return g_ptr_array_unref (paths), NULL;
      g_ptr_array_add (paths, g_build_filename (folder, name, NULL));
    }
  else if (files->texts->len > 0)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The folder %s has both .txt and XML files; name the transcription "
                     "transcription.txt, or give it with --transcription."), folder);
      return g_ptr_array_unref (paths), NULL;
    }
  else if (files->published->len == 1)
    g_ptr_array_add (paths, g_build_filename (folder, g_ptr_array_index (files->published, 0),
                                              NULL));
  else if ((per_page = match_pages (files->images, files->published)) != NULL)
    for (guint i = 0; i < per_page->len; i++)
      g_ptr_array_add (paths, g_build_filename (folder, g_ptr_array_index (per_page, i), NULL));
  else
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The folder %s has %u transcription files for %u scans; give one file for "
                     "the document, or one per scan named like it (page-1.jpg, page-1.xml)."),
                   folder, files->published->len, files->images->len);
      return g_ptr_array_unref (paths), NULL;
    }
  g_ptr_array_add (paths, NULL);
  return paths;
}

static gboolean
is_pdf_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  return g_str_has_suffix (lower, ".pdf");
}

static VnProject *
new_from_transcription_paths (GPtrArray          *transcription,
                              const char * const *scans,
                              GError            **error);

/* A IIIF manifest: its canvases' images are the scans, their seeAlso the transcription. */
static VnProject *
new_from_iiif (const char  *location,
               GError     **error)
{
  g_autoptr(GPtrArray) images = NULL, transcriptions = NULL;

  if (!vn_iiif_open (location, &images, &transcriptions, error))
    return NULL;
  if (transcriptions->len == 0)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The IIIF manifest %s gives no ALTO, PAGE or hOCR transcription for every "
                     "canvas; give the transcription with --transcription FILE and the "
                     "manifest as the scans."), location);
      return NULL;
    }
  g_ptr_array_add (images, NULL);
  g_ptr_array_add (transcriptions, NULL);
  return new_from_transcription_paths (transcriptions, (const char * const *) images->pdata,
                                       error);
}

/* A PDF alone: its pages are the scans, its text layer the transcription. */
static VnProject *
new_from_pdf (const char  *path,
              GError     **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *scans[] = { path, NULL };

  g_ptr_array_add (paths, g_strdup (path));
  g_ptr_array_add (paths, NULL);
  return new_from_transcription_paths (paths, scans, error);
}

VnProject *
vn_project_new_from_folder (const char  *folder,
                            GError     **error)
{
  g_auto(FolderFiles) files = { 0 };
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) transcription = NULL;
  g_autofree char *translation = NULL;
  VnProject *self;

  g_return_val_if_fail (folder != NULL, NULL);

  if (g_file_test (folder, G_FILE_TEST_IS_REGULAR) && is_pdf_name (folder))
    return new_from_pdf (folder, error);
  if (vn_iiif_is_location (folder))
    {
      self = new_from_iiif (folder, error);
      if (self != NULL && !g_str_has_prefix (folder, "http"))
        self->folder = g_path_get_dirname (folder);
      return self;
    }
  if (!list_folder (folder, &files, error))
    return NULL;
  if (files.images->len == 0)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The folder %s has no scans (PNG, JPEG, TIFF, JPEG 2000, WebP or PDF)."),
                   folder);
      return NULL;
    }
  for (guint i = 0; i < files.images->len; i++)
    g_ptr_array_add (paths, g_build_filename (folder, g_ptr_array_index (files.images, i), NULL));
  g_ptr_array_add (paths, NULL);
  if (files.texts->len == 0 && files.published->len == 0 && files.images->len == 1 &&
      is_pdf_name (g_ptr_array_index (files.images, 0)))
    self = new_from_pdf (g_ptr_array_index (paths, 0), error);
  else if ((transcription = pick_transcription_files (folder, &files, error)) == NULL)
    return NULL;
  else
    self = new_from_transcription_paths (transcription, (const char * const *) paths->pdata,
                                         error);
  if (self == NULL)
    return NULL;
  self->folder = g_strdup (folder);
  translation = g_build_filename (folder, "translation-en.txt", NULL);
  if (g_file_test (translation, G_FILE_TEST_IS_REGULAR))
    self->translation_path = g_steal_pointer (&translation);
  return self;
}

/* The transcription: a plain text as Verno always read it, or the archive's own file(s). */
static VnTranscription *
open_transcription (GPtrArray  *paths,
                    GError    **error)
{
  g_autoptr(VnSource) source = NULL;
  const char *first = g_ptr_array_index (paths, 0);

  if (paths->len == 2 && vn_source_sniff_is_text (first))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (first);
      return vn_transcription_new_from_file (file, error);
    }
  source = vn_source_new_for_paths ((const char * const *) paths->pdata, error);
  if (source == NULL)
    return NULL;
  return vn_transcription_new_from_source (source, error);
}

static VnProject *
new_from_transcription_paths (GPtrArray          *transcription,
                              const char * const *scans,
                              GError            **error)
{
  g_autoptr(VnProject) self = g_object_new (VN_TYPE_PROJECT, NULL);
  g_autoptr(GPtrArray) images = NULL, transcriptions = NULL;

  self->transcription = open_transcription (transcription, error);
  if (self->transcription == NULL)
    return NULL;
  /* --transcription FILE with a IIIF manifest as the scans. */
  if (scans[0] != NULL && scans[1] == NULL && vn_iiif_is_location (scans[0]))
    {
      if (!vn_iiif_open (scans[0], &images, &transcriptions, error))
        return NULL;
      g_ptr_array_add (images, NULL);
      scans = (const char * const *) images->pdata;
    }
  self->scan_pages = vn_scan_expand_files (scans, error);
  if (self->scan_pages == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

VnProject *
vn_project_new_from_files (const char          *transcription,
                           const char * const  *scans,
                           GError             **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  g_return_val_if_fail (transcription != NULL && scans != NULL, NULL);

  g_ptr_array_add (paths, (char *) transcription);
  g_ptr_array_add (paths, NULL);
  return new_from_transcription_paths (paths, scans, error);
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
