/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-iiif.h: scans from a IIIF Presentation manifest (2.x and 3.0), local or over https: its
 * canvases are the pages, their images are fetched from the Image API at a size that suits
 * OCR and cached for offline work, and a canvas's seeAlso ALTO, PAGE or hOCR is the published
 * transcription. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A volume, not a library: a manifest that lists more is refused. */
#define VN_IIIF_MAX_CANVASES 2000
/* Images are asked for at most this many pixels on their long side (about 300 dpi for a
 * large folio). */
#define VN_IIIF_MAX_SIDE 5000

typedef struct
{
  char *label;
  int   width;
  int   height;
  char *image_url;          /* what to fetch: an Image API request, or the image itself */
  char *transcription_url;  /* a seeAlso in ALTO, PAGE or hOCR, or NULL */
  char *transcription_ext;  /* "alto.xml", "page.xml", "hocr" */
} VnIiifCanvas;

#define VN_TYPE_IIIF_MANIFEST (vn_iiif_manifest_get_type ())
G_DECLARE_FINAL_TYPE (VnIiifManifest, vn_iiif_manifest, VN, IIIF_MANIFEST, GObject)

VnIiifManifest     *vn_iiif_manifest_new_from_bytes (GBytes          *bytes,
                                                     const char      *display_name,
                                                     GError         **error);
int                 vn_iiif_manifest_get_version    (VnIiifManifest  *self);
const char         *vn_iiif_manifest_get_label      (VnIiifManifest  *self);
guint               vn_iiif_manifest_get_n_canvases (VnIiifManifest  *self);
const VnIiifCanvas *vn_iiif_manifest_get_canvas     (VnIiifManifest  *self,
                                                     guint            index);

gboolean            vn_iiif_is_location             (const char      *location);
gboolean            vn_iiif_open                    (const char      *location,
                                                     GPtrArray      **images,
                                                     GPtrArray      **transcriptions,
                                                     GError         **error);

G_END_DECLS
