/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-transcription.h: the canonical transcription, read-only, tokenised with byte offsets. */
#pragma once

#include <gio/gio.h>

#include "vn-diff.h"
#include "vn-orthography.h"
#include "vn-source.h"

G_BEGIN_DECLS

typedef struct
{
  guint  start;       /* byte offset of the whitespace-delimited token in the file */
  guint  end;         /* exclusive */
  guint  core_start;  /* the word without surrounding punctuation */
  guint  core_end;
  guint  line;        /* 1-based line in the file */
  guint  page;        /* 0-based, counted by form feeds; 0 when the file has none */
  const char *text;   /* NFC of the token, for comparison only; the transcription's */
  const char *key;    /* vn_text_comparison_key () of the token; the transcription's */
} VnToken;

#define VN_TYPE_TRANSCRIPTION (vn_transcription_get_type ())
G_DECLARE_FINAL_TYPE (VnTranscription, vn_transcription, VN, TRANSCRIPTION, GObject)

VnTranscription *vn_transcription_new_from_file  (GFile            *file,
                                                  GError          **error);
VnTranscription *vn_transcription_new_from_bytes (GBytes           *bytes,
                                                  const char       *display_name,
                                                  GError          **error);
VnTranscription *vn_transcription_new_from_source (VnSource        *source,
                                                  GError          **error);
VnTranscription *vn_transcription_new_derived    (VnTranscription  *origin,
                                                  const VnTextEdit *edits,
                                                  guint             n_edits,
                                                  const char       *display_name,
                                                  GError          **error);
VnTranscription *vn_transcription_new_for_page   (VnTranscription  *whole,
                                                  guint             page);
VnOrthography   *vn_transcription_get_orthography (VnTranscription *self);
VnSource        *vn_transcription_get_source     (VnTranscription  *self);
VnTranscription *vn_transcription_get_origin     (VnTranscription  *self);
const VnTextEdit *vn_transcription_get_edits     (VnTranscription  *self,
                                                  guint            *n_edits);
gboolean         vn_transcription_get_token_box  (VnTranscription  *self,
                                                  guint             index,
                                                  VnSourceBox      *box);
gboolean         vn_transcription_place_token    (VnTranscription  *self,
                                                  guint             index,
                                                  GPtrArray        *ocr_pages,
                                                  guint            *page,
                                                  VnBox            *box,
                                                  gboolean         *exact);
GFile           *vn_transcription_get_file       (VnTranscription  *self);
const char      *vn_transcription_get_display_name (VnTranscription *self);
GBytes          *vn_transcription_get_bytes      (VnTranscription  *self);
const char      *vn_transcription_get_text       (VnTranscription  *self,
                                                  gsize            *len);
const char      *vn_transcription_get_checksum   (VnTranscription  *self);
guint            vn_transcription_get_n_tokens   (VnTranscription  *self);
const VnToken   *vn_transcription_get_token      (VnTranscription  *self,
                                                  guint             index);
guint            vn_transcription_get_n_marked_pages (VnTranscription *self);
guint            vn_transcription_line_at_offset (VnTranscription  *self,
                                                  guint             offset);
char            *vn_transcription_dup_range      (VnTranscription  *self,
                                                  guint             start,
                                                  guint             end);
char            *vn_transcription_dup_line       (VnTranscription  *self,
                                                  guint             offset);

G_END_DECLS
