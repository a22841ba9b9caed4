/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-export-text.c: the verified text as plain text: its own bytes, line breaks, line-end
 * hyphens and all, as the editor verified them. */
#include "config.h"

#include "vn-export-formats.h"

gboolean
vn_export_text_write (VnExportJob  *job,
                      GError      **error)
{
  VnTranscription *text = vn_collation_get_transcription (job->verified);

  return vn_export_job_save (job, job->path, vn_transcription_get_bytes (text), error);
}
