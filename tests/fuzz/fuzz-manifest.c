/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-manifest.c: any bytes as a IIIF manifest: refused with one sentence, or read into at
 * most VN_IIIF_MAX_CANVASES canvases, each with an http(s) image address and, if any, an
 * http(s) transcription address with a known kind. Nothing is fetched. */
#include <string.h>

#include "vn-error.h"
#include "vn-http.h"
#include "vn-iiif.h"
#include "vn-fuzz.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  vn_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnIiifManifest) manifest = vn_iiif_manifest_new_from_bytes (bytes, "fuzz.json",
                                                                        &error);

  if (manifest == NULL)
    {
      g_assert_true (g_error_matches (error, VN_ERROR, VN_ERROR_BAD_INPUT));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strchr (error->message, '\n'));
      return 0;
    }
  g_assert_cmpuint (vn_iiif_manifest_get_n_canvases (manifest), >, 0);
  g_assert_cmpuint (vn_iiif_manifest_get_n_canvases (manifest), <=, VN_IIIF_MAX_CANVASES);
  for (guint i = 0; i < vn_iiif_manifest_get_n_canvases (manifest); i++)
    {
      const VnIiifCanvas *canvas = vn_iiif_manifest_get_canvas (manifest, i);

      g_assert_true (vn_http_check_url (canvas->image_url, NULL));
      g_assert_true (canvas->transcription_url == NULL ||
                     (vn_http_check_url (canvas->transcription_url, NULL) &&
                      canvas->transcription_ext != NULL));
      g_assert_cmpint (canvas->width, >=, 0);
    }
  return 0;
}
