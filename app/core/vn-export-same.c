/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-export-same.c: the published transcription itself with the corrections written into it
 * (`verno export --format same`): the edits that made the verified text, made in the file it
 * was read from (vn_source_write_corrected ()); for a plain-text transcription, the verified
 * text. */
#include "config.h"

#include "vn-export-formats.h"

gboolean
vn_export_same_write (VnExportJob  *job,
                      GError      **error)
{
  VnTranscription *verified = vn_collation_get_transcription (job->verified);
  VnTranscription *canonical = vn_transcription_get_origin (verified);
  VnSource *source = canonical ? vn_transcription_get_source (canonical) : NULL;
  const VnTextEdit *edits;
  guint n_edits;

  if (source == NULL)
    return vn_export_text_write (job, error);
  edits = vn_transcription_get_edits (verified, &n_edits);
  return vn_source_write_corrected (source, edits, n_edits, job->path, error);
}
