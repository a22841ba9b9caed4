/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-iiif.c: scans from a IIIF Presentation manifest.
 *
 * Reading (json-glib): a 3.0 manifest's items, or a 2.x manifest's first sequence's
 * canvases; of each canvas, its size, its painting image (an Image API service, or the image
 * itself) and its seeAlso in ALTO, PAGE or hOCR. Every address must be http or https: a
 * manifest cannot make Verno read a local file. Fetching (vn-http.c): the manifest, each
 * canvas's image at full size capped at VN_IIIF_MAX_SIDE pixels (cached, with the OCR cache,
 * for offline work) and its transcription (kept, with the manifest and the editor's state,
 * in the user's data folder: a cache may be emptied, corrections may not). Only what the
 * manifest names is fetched, and nothing at all for a project that is not a manifest. */
#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vn-error.h"
#include "vn-http.h"
#include "vn-iiif.h"

#define MAX_MANIFEST_BYTES (32u * 1024 * 1024)
#define MAX_IMAGE_BYTES (256u * 1024 * 1024)
#define MAX_TRANSCRIPTION_BYTES (64u * 1024 * 1024)

struct _VnIiifManifest
{
  GObject  parent_instance;
  int      version;
  char    *label;
  GArray  *canvases;   /* VnIiifCanvas */
};

G_DEFINE_FINAL_TYPE (VnIiifManifest, vn_iiif_manifest, G_TYPE_OBJECT)

static void
clear_canvas (gpointer data)
{
  VnIiifCanvas *c = data;

  g_free (c->label);
  g_free (c->image_url);
  g_free (c->transcription_url);
  g_free (c->transcription_ext);
}

static void
vn_iiif_manifest_finalize (GObject *object)
{
  VnIiifManifest *self = VN_IIIF_MANIFEST (object);

  g_free (self->label);
  g_array_unref (self->canvases);
  G_OBJECT_CLASS (vn_iiif_manifest_parent_class)->finalize (object);
}

static void
vn_iiif_manifest_class_init (VnIiifManifestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_iiif_manifest_finalize;
}

static void
vn_iiif_manifest_init (VnIiifManifest *self)
{
  self->canvases = g_array_new (FALSE, TRUE, sizeof (VnIiifCanvas));
  g_array_set_clear_func (self->canvases, clear_canvas);
}

/* ------------------------------------------------------------------ JSON helpers */

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) > 0)
    node = json_array_get_element (json_node_get_array (node), 0);
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;
  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
id_of (JsonObject *object)
{
  const char *id = member_string (object, "id");
  return id ? id : member_string (object, "@id");
}

static int
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return 0;
  value = json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node)
                                                          : (gint64) json_node_get_double (node);
  return value > 0 && value < 1000000 ? (int) value : 0;
}

/* A label: a string (2.x), or a language map of string lists (3.0). */
static char *
label_of (JsonObject *object)
{
  JsonNode *node = object ? json_object_get_member (object, "label") : NULL;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));
      JsonArray *values = members ? member_array (json_node_get_object (node), members->data)
                                  : NULL;
      JsonNode *first = values && json_array_get_length (values)
                        ? json_array_get_element (values, 0) : NULL;

      if (first && JSON_NODE_HOLDS_VALUE (first) &&
          json_node_get_value_type (first) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (first));
    }
  return NULL;
}

/* ------------------------------------------------------------------ canvases */

/* The Image API request for the whole image, as large as it is up to VN_IIIF_MAX_SIDE. */
static char *
image_request (JsonObject *service,
               int         version,
               int         width,
               int         height)
{
  g_autofree char *base = g_strdup (id_of (service));
  const char *type = member_string (service, "type");
  gboolean v3 = (type && strstr (type, "ImageService3")) ||
                (member_string (service, "@context") &&
                 strstr (member_string (service, "@context"), "image/3"));
  gboolean large = MAX (width, height) > VN_IIIF_MAX_SIDE || width == 0;

  if (base == NULL)
    return NULL;
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  if (large)
    return g_strdup_printf ("%s/full/!%d,%d/0/default.jpg", base, VN_IIIF_MAX_SIDE,
                            VN_IIIF_MAX_SIDE);
  return g_strdup_printf ("%s/full/%s/0/default.jpg", base, v3 || version >= 3 ? "max" : "full");
}

static const char *
transcription_kind (JsonObject *see_also)
{
  g_autofree char *joined = g_strjoin (" ", member_string (see_also, "format")
                                            ? member_string (see_also, "format") : "",
                                       member_string (see_also, "profile")
                                       ? member_string (see_also, "profile") : "",
                                       id_of (see_also) ? id_of (see_also) : "", NULL);
  g_autofree char *what = g_ascii_strdown (joined, -1);

  if (strstr (what, "hocr"))
    return "hocr";
  if (strstr (what, "alto"))
    return "alto.xml";
  if (strstr (what, "primaresearch") || strstr (what, "page-xml") || strstr (what, "pagexml"))
    return "page.xml";
  return NULL;
}

static void
read_see_also (JsonObject   *canvas,
               VnIiifCanvas *out)
{
  JsonNode *node = json_object_get_member (canvas, "seeAlso");
  g_autoptr(JsonArray) single = NULL;
  JsonArray *list;

  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      single = json_array_new ();
      json_array_add_element (single, json_node_copy (node));
    }
  list = single ? single : JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      JsonObject *see_also = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                              : NULL;
      const char *kind = see_also ? transcription_kind (see_also) : NULL;

      if (kind != NULL && id_of (see_also) != NULL)
        {
          out->transcription_url = g_strdup (id_of (see_also));
          out->transcription_ext = g_strdup (kind);
          return;
        }
    }
}

static gboolean
read_canvas (VnIiifManifest  *self,
             JsonObject      *canvas,
             JsonObject      *image,     /* 3.0's body, 2.x's resource */
             const char      *name,
             GError         **error)
{
  VnIiifCanvas out = { label_of (canvas), member_int (canvas, "width"),
                       member_int (canvas, "height"), NULL, NULL, NULL };
  JsonObject *service = member_object (image, "service");

  out.image_url = service && id_of (service)
                  ? image_request (service, self->version, out.width, out.height)
                  : g_strdup (id_of (image));
  read_see_also (canvas, &out);
  if (out.image_url == NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("Canvas %u of the IIIF manifest %s has no image; correct the manifest."),
                   self->canvases->len + 1, name);
      clear_canvas (&out);
      return FALSE;
    }
  g_array_append_val (self->canvases, out);
  if (!vn_http_check_url (out.image_url, error) ||
      (out.transcription_url && !vn_http_check_url (out.transcription_url, error)))
    {
      g_prefix_error (error, _("In %s: "), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_count (guint        n,
             const char  *name,
             GError     **error)
{
  if (n <= VN_IIIF_MAX_CANVASES)
    return TRUE;
  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
               _("The IIIF manifest %s lists %u canvases, more than the %u Verno opens as one "
                 "document; open it in volumes."), name, n, VN_IIIF_MAX_CANVASES);
  return FALSE;
}

static gboolean
read_v3 (VnIiifManifest  *self,
         JsonObject      *root,
         const char      *name,
         GError         **error)
{
  JsonArray *items = member_array (root, "items");
  guint n = items ? json_array_get_length (items) : 0;

  if (!check_count (n, name, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *canvas = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonObject *page = member_object (canvas, "items");
      JsonObject *annotation = member_object (page, "items");
      JsonObject *body = member_object (annotation, "body");

      if (canvas == NULL || g_strcmp0 (member_string (canvas, "type"), "Canvas") != 0)
        continue;
      if (!read_canvas (self, canvas, body, name, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_v2 (VnIiifManifest  *self,
         JsonObject      *root,
         const char      *name,
         GError         **error)
{
  JsonArray *canvases = member_array (member_object (root, "sequences"), "canvases");
  guint n = canvases ? json_array_get_length (canvases) : 0;

  if (!check_count (n, name, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (canvases, i);
      JsonObject *canvas = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonObject *resource = member_object (member_object (canvas, "images"), "resource");

      if (canvas != NULL && !read_canvas (self, canvas, resource, name, error))
        return FALSE;
    }
  return TRUE;
}

/* 3 for a 3.0 manifest, 2 for 2.x, 0 for anything else. */
static int
version_of (JsonObject *root)
{
  JsonNode *context = json_object_get_member (root, "@context");
  g_autofree char *text = context ? json_to_string (context, FALSE) : NULL;
  const char *type = member_string (root, "type") ? member_string (root, "type")
                                                  : member_string (root, "@type");

  if (text != NULL && strstr (text, "presentation/3"))
    return 3;
  if (text != NULL && strstr (text, "presentation/2"))
    return 2;
  if (g_strcmp0 (type, "Manifest") == 0)
    return 3;
  if (g_strcmp0 (type, "sc:Manifest") == 0)
    return 2;
  return 0;
}

VnIiifManifest *
vn_iiif_manifest_new_from_bytes (GBytes      *bytes,
                                 const char  *display_name,
                                 GError     **error)
{
  g_autoptr(VnIiifManifest) self = g_object_new (VN_TYPE_IIIF_MANIFEST, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (len > MAX_MANIFEST_BYTES || !g_utf8_validate_len (data ? data : "", len, NULL) ||
      !json_parser_load_from_data (parser, data ? data : "", len, &local_error))
    {
      g_autofree char *why = g_utf8_make_valid (local_error ? local_error->message
                                                : len > MAX_MANIFEST_BYTES ? _("too large")
                                                                           : _("not UTF-8"), -1);

      g_strdelimit (why, "\n\r\t", ' ');
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is not a IIIF manifest Verno can read (%s); check its address."),
                   display_name, why);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (self->version = version_of (json_node_get_object (root))) == 0)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is JSON but not a IIIF Presentation manifest (2.x or 3.0); give the "
                     "manifest's own address."), display_name);
      return NULL;
    }
  self->label = label_of (json_node_get_object (root));
  if (!(self->version == 3 ? read_v3 : read_v2) (self, json_node_get_object (root),
                                                 display_name, error))
    return NULL;
  if (self->canvases->len == 0)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The IIIF manifest %s has no canvases with images."), display_name);
      return NULL;
    }
  return g_steal_pointer (&self);
}

int
vn_iiif_manifest_get_version (VnIiifManifest *self)
{
  g_return_val_if_fail (VN_IS_IIIF_MANIFEST (self), 0);
  return self->version;
}

const char *
vn_iiif_manifest_get_label (VnIiifManifest *self)
{
  g_return_val_if_fail (VN_IS_IIIF_MANIFEST (self), NULL);
  return self->label;
}

guint
vn_iiif_manifest_get_n_canvases (VnIiifManifest *self)
{
  g_return_val_if_fail (VN_IS_IIIF_MANIFEST (self), 0);
  return self->canvases->len;
}

const VnIiifCanvas *
vn_iiif_manifest_get_canvas (VnIiifManifest *self,
                             guint           index)
{
  g_return_val_if_fail (VN_IS_IIIF_MANIFEST (self), NULL);
  g_return_val_if_fail (index < self->canvases->len, NULL);
  return &g_array_index (self->canvases, VnIiifCanvas, index);
}

/* ------------------------------------------------------------------ opening */

/* An http(s) address, or a local .json file: what Verno opens as a manifest. */
gboolean
vn_iiif_is_location (const char *location)
{
  g_autofree char *lower = location ? g_ascii_strdown (location, -1) : NULL;

  if (lower == NULL)
    return FALSE;
  return g_str_has_prefix (lower, "https://") || g_str_has_prefix (lower, "http://") ||
         (g_str_has_suffix (lower, ".json") && g_file_test (location, G_FILE_TEST_IS_REGULAR));
}

/* A folder of its own for each manifest, named by its address. */
static char *
manifest_folder (const char *base,
                 const char *location)
{
  g_autofree char *absolute = g_str_has_prefix (location, "http")
                              ? g_strdup (location)
                              : g_canonicalize_filename (location, NULL);
  g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, absolute, -1);

  key[16] = '\0';
  return g_build_filename (base, "iiif", key, NULL);
}

static char *
cache_base (void)
{
  const char *env = g_getenv ("VERNO_CACHE_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_cache_dir (), "verno", NULL);
}

static gboolean
save (const char  *path,
      GBytes      *bytes,
      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) == 0 &&
      g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    return TRUE;
  g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
               _("Cannot keep %s (%s); free some space, or check the permissions of %s."), path,
               local_error ? local_error->message : g_strerror (errno), dir);
  return FALSE;
}

/* The manifest: fetched (and kept), or read; when its host cannot be reached, the copy
 * kept the last time, so that work goes on offline. */
static GBytes *
load_manifest (VnHttp      *http,
               const char  *location,
               const char  *data_dir,
               GError     **error)
{
  g_autofree char *kept = g_build_filename (data_dir, "manifest.json", NULL);
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;
  g_autoptr(GMappedFile) mapped = NULL;

  if (!g_str_has_prefix (location, "http"))
    {
      mapped = g_mapped_file_new (location, FALSE, &local_error);
      if (mapped == NULL || g_mapped_file_get_length (mapped) > MAX_MANIFEST_BYTES)
        {
          g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                       _("Cannot read the IIIF manifest %s (%s)."), location,
                       local_error ? local_error->message : _("too large"));
          return NULL;
        }
      return g_mapped_file_get_bytes (mapped);
    }
  bytes = vn_http_get (http, location, MAX_MANIFEST_BYTES, &local_error);
  if (bytes != NULL)
    {
      if (!save (kept, bytes, error))
        return g_bytes_unref (bytes), NULL;
      return bytes;
    }
  if (g_error_matches (local_error, VN_ERROR, VN_ERROR_ENVIRONMENT) &&
      (mapped = g_mapped_file_new (kept, FALSE, NULL)) != NULL)
    return g_mapped_file_get_bytes (mapped);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* @url kept at @path: fetched only when it is not there yet. */
static gboolean
fetch_to (VnHttp      *http,
          const char  *url,
          const char  *path,
          gsize        max_bytes,
          GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  bytes = vn_http_get (http, url, max_bytes, error);
  return bytes != NULL && save (path, bytes, error);
}

/* The manifest at @location (an https address or a local file): *images gets the path of
 * each canvas's image, *transcriptions that of each canvas's transcription when every canvas
 * has one (else it is empty). */
gboolean
vn_iiif_open (const char  *location,
              GPtrArray  **images,
              GPtrArray  **transcriptions,
              GError     **error)
{
  g_autoptr(VnHttp) http = vn_http_new ();
  g_autofree char *base = cache_base ();
  g_autofree char *cache_dir = manifest_folder (base, location);
  g_autofree char *data_base = g_build_filename (g_get_user_data_dir (), "verno", NULL);
  g_autofree char *data_dir = manifest_folder (data_base, location);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VnIiifManifest) manifest = NULL;
  g_autoptr(GPtrArray) image_paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) text_paths = g_ptr_array_new_with_free_func (g_free);
  guint with_text = 0;

  g_return_val_if_fail (location != NULL, FALSE);

  if ((bytes = load_manifest (http, location, data_dir, error)) == NULL ||
      (manifest = vn_iiif_manifest_new_from_bytes (bytes, location, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < manifest->canvases->len; i++)
    with_text += vn_iiif_manifest_get_canvas (manifest, i)->transcription_url != NULL;
  for (guint i = 0; i < manifest->canvases->len; i++)
    {
      const VnIiifCanvas *canvas = vn_iiif_manifest_get_canvas (manifest, i);
      g_autofree char *name = g_strdup_printf ("canvas-%04u.jpg", i + 1);
      char *image = g_build_filename (cache_dir, name, NULL);

      g_ptr_array_add (image_paths, image);
      if (!fetch_to (http, canvas->image_url, image, MAX_IMAGE_BYTES, error))
        return FALSE;
      if (with_text == manifest->canvases->len)
        {
          g_autofree char *text_name = g_strdup_printf ("canvas-%04u.%s", i + 1,
                                                        canvas->transcription_ext);
          char *text = g_build_filename (data_dir, text_name, NULL);

          g_ptr_array_add (text_paths, text);
          if (!fetch_to (http, canvas->transcription_url, text, MAX_TRANSCRIPTION_BYTES, error))
            return FALSE;
        }
    }
  *images = g_steal_pointer (&image_paths);
  *transcriptions = g_steal_pointer (&text_paths);
  return TRUE;
}
