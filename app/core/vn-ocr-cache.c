/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-cache.c: OCR results per page, as hOCR files keyed by image content and settings.
 * An entry holds what the engine gave at full precision (vn_ocr_page_to_hocr ()), so that a
 * run that reads it answers exactly as the run that wrote it; the key's format version
 * (VN_OCR_CACHE_FORMAT, vn-ocr-engine.c) changes whenever an entry's contents change meaning. */
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-ocr-cache.h"

struct _VnOcrCache
{
  GObject  parent_instance;
  char    *directory;
};

G_DEFINE_FINAL_TYPE (VnOcrCache, vn_ocr_cache, G_TYPE_OBJECT)

static void
vn_ocr_cache_finalize (GObject *object)
{
  g_clear_pointer (&VN_OCR_CACHE (object)->directory, g_free);
  G_OBJECT_CLASS (vn_ocr_cache_parent_class)->finalize (object);
}

static void
vn_ocr_cache_class_init (VnOcrCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_ocr_cache_finalize;
}

static void
vn_ocr_cache_init (VnOcrCache *self)
{
}

VnOcrCache *
vn_ocr_cache_new (const char *directory)
{
  VnOcrCache *self = g_object_new (VN_TYPE_OCR_CACHE, NULL);

  g_return_val_if_fail (directory != NULL, NULL);
  self->directory = g_strdup (directory);
  return self;
}

/* $VERNO_CACHE_DIR, else the XDG cache folder. */
VnOcrCache *
vn_ocr_cache_new_default (void)
{
  const char *env = g_getenv ("VERNO_CACHE_DIR");
  g_autofree char *dir = env && *env ? g_strdup (env)
                                     : g_build_filename (g_get_user_cache_dir (), "verno", "ocr",
                                                         NULL);
  return vn_ocr_cache_new (dir);
}

const char *
vn_ocr_cache_get_directory (VnOcrCache *self)
{
  g_return_val_if_fail (VN_IS_OCR_CACHE (self), NULL);
  return self->directory;
}

static char *
entry_path (VnOcrCache *self,
            const char *key)
{
  g_autofree char *name = g_strdup_printf ("%s.hocr", key);
  return g_build_filename (self->directory, name, NULL);
}

/* The cached page, or NULL; a damaged or foreign entry counts as a miss. */
VnOcrPage *
vn_ocr_cache_lookup (VnOcrCache *self,
                     const char *key)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *stored_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnOcrPage) page = NULL;
  gsize len;

  g_return_val_if_fail (VN_IS_OCR_CACHE (self), NULL);

  path = entry_path (self, key);
  if (!g_file_get_contents (path, &data, &len, NULL))
    return NULL;
  page = vn_ocr_page_new_from_hocr (data, len, &stored_key, &error);
  if (page == NULL || g_strcmp0 (stored_key, key) != 0)
    {
      g_message ("Ignoring damaged OCR cache entry %s (%s); the page will be read again.",
                 path, error ? error->message : "key mismatch");
      return NULL;
    }
  vn_ocr_page_set_from_cache (page, TRUE);
  return g_steal_pointer (&page);
}

gboolean
vn_ocr_cache_store (VnOcrCache  *self,
                    const char  *key,
                    VnOcrPage   *page,
                    GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *hocr = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VN_IS_OCR_CACHE (self), FALSE);

  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
                   _("Cannot create the OCR cache folder %s: %s."), self->directory,
                   g_strerror (saved));
      return FALSE;
    }
  path = entry_path (self, key);
  hocr = vn_ocr_page_to_hocr (page, key);
  /* g_file_set_contents writes a temporary file and renames it: never a torn entry. */
  if (!g_file_set_contents_full (path, hocr, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 &local_error))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT, _("Cannot write the OCR cache: %s."),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
