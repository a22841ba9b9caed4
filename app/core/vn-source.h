/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source.h: the published transcription as the archive ships it — plain text, ALTO 2–4,
 * PAGE 2013/2019, hOCR, TEI P5 or a PDF's text layer — read into the canonical text (its
 * text in reading order) with a map from the canonical text's bytes back to the file's own
 * elements and boxes, and written back with corrections, in place. */
#pragma once

#include <gio/gio.h>

#include "vn-diff.h"
#include "vn-ocr-page.h"

G_BEGIN_DECLS

typedef enum
{
  VN_SOURCE_TEXT,
  VN_SOURCE_ALTO,
  VN_SOURCE_PAGE,
  VN_SOURCE_HOCR,
  VN_SOURCE_TEI,
  VN_SOURCE_PDF,
} VnSourceFormat;

/* Where a stretch of the canonical text is on its page, as the file says. */
typedef struct
{
  guint    page;          /* of the document, from 0 */
  VnBox    box;           /* in the page's own frame (see frame_width) */
  int      frame_width;   /* the page's size in the file's units; 0 when unknown */
  int      frame_height;
  gboolean exact;         /* a word's own box, not a share of its line's */
} VnSourceBox;

#define VN_TYPE_SOURCE (vn_source_get_type ())
G_DECLARE_FINAL_TYPE (VnSource, vn_source, VN, SOURCE, GObject)

VnSource       *vn_source_new_for_paths     (const char * const *paths,
                                             GError            **error);
VnSource       *vn_source_new_from_bytes    (GBytes             *bytes,
                                             const char         *display_name,
                                             GError            **error);
gboolean        vn_source_is_published_name (const char         *name);
gboolean        vn_source_sniff_is_text     (const char         *path);

VnSourceFormat  vn_source_get_format        (VnSource           *self);
const char     *vn_source_get_format_name   (VnSource           *self);
char           *vn_source_dup_description   (VnSource           *self);
GFile          *vn_source_get_file          (VnSource           *self);
guint           vn_source_get_n_files       (VnSource           *self);
const char     *vn_source_get_path          (VnSource           *self,
                                             guint               file);
GBytes         *vn_source_get_text          (VnSource           *self);
guint           vn_source_get_n_pages       (VnSource           *self);
const char     *vn_source_get_page_image    (VnSource           *self,
                                             guint               page);
gboolean        vn_source_is_line_level     (VnSource           *self);
gboolean        vn_source_get_box           (VnSource           *self,
                                             guint               start,
                                             guint               end,
                                             VnSourceBox        *box);

/* The file(s) again with @edits of the canonical text made in them: every byte the edits
 * do not touch kept. One file: written to @path; one per page: into the folder @path, each
 * under its own name. The result is read back and must say the edited text. */
gboolean        vn_source_write_corrected   (VnSource           *self,
                                             const VnTextEdit   *edits,
                                             guint               n_edits,
                                             const char         *path,
                                             GError            **error);
GBytes         *vn_source_dup_corrected     (VnSource           *self,
                                             guint               file,
                                             const VnTextEdit   *edits,
                                             guint               n_edits,
                                             GError            **error);

G_END_DECLS
