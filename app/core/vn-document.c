/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-document.c: a project with its OCR, collation and session, opened together. */
#include "vn-document.h"

struct _VnDocument
{
  GObject         parent_instance;
  VnProject      *project;
  GPtrArray      *pages;        /* VnOcrPage */
  VnSpellChecker *spell;
  VnCollation    *collation;    /* canonical text against the OCR */
  VnSession      *session;
  char           *languages;    /* the OCR's models */
};

G_DEFINE_FINAL_TYPE (VnDocument, vn_document, G_TYPE_OBJECT)

static void
vn_document_finalize (GObject *object)
{
  VnDocument *self = (VnDocument *) object;

  g_clear_object (&self->project);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->spell);
  g_clear_object (&self->collation);
  g_clear_object (&self->session);
  g_clear_pointer (&self->languages, g_free);
  G_OBJECT_CLASS (vn_document_parent_class)->finalize (object);
}

static void
vn_document_class_init (VnDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_document_finalize;
}

static void
vn_document_init (VnDocument *self)
{
}

/* Blocks while pages are read (from the cache, when they were read before). */
VnDocument *
vn_document_open (VnProject          *project,
                  VnOcrEngine        *engine,
                  const char         *state_dir,
                  VnOcrProgressFunc   progress,
                  gpointer            user_data,
                  GCancellable       *cancellable,
                  GError            **error)
{
  g_autoptr(VnDocument) self = g_object_new (VN_TYPE_DOCUMENT, NULL);
  VnTranscription *canonical = vn_project_get_transcription (project);

  g_return_val_if_fail (VN_IS_PROJECT (project), NULL);
  g_return_val_if_fail (VN_IS_OCR_ENGINE (engine), NULL);

  self->project = g_object_ref (project);
  self->session = vn_session_open (canonical, state_dir, error);
  if (self->session == NULL)
    return NULL;
  self->pages = vn_ocr_engine_recognize (engine, vn_project_get_scan_pages (project), progress,
                                         user_data, cancellable, error);
  if (self->pages == NULL)
    return NULL;
  self->languages = g_strdup (vn_ocr_engine_get_languages (engine));
  self->spell = vn_spell_checker_new_for_ocr_languages (self->languages);
  self->collation = vn_collation_new_full (canonical, self->pages, self->spell, self->languages);
  /* The disputed words read again: the verdicts' independent vote (cached as the pages are). */
  if (!vn_collation_reread (self->collation, engine, vn_project_get_scan_pages (project),
                            cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

VnProject *
vn_document_get_project (VnDocument *self)
{
  g_return_val_if_fail (VN_IS_DOCUMENT (self), NULL);
  return self->project;
}

VnSession *
vn_document_get_session (VnDocument *self)
{
  g_return_val_if_fail (VN_IS_DOCUMENT (self), NULL);
  return self->session;
}

VnCollation *
vn_document_get_collation (VnDocument *self)
{
  g_return_val_if_fail (VN_IS_DOCUMENT (self), NULL);
  return self->collation;
}

GPtrArray *
vn_document_get_pages (VnDocument *self)
{
  g_return_val_if_fail (VN_IS_DOCUMENT (self), NULL);
  return self->pages;
}

/* The Tesseract models that read the pages. */
const char *
vn_document_get_languages (VnDocument *self)
{
  g_return_val_if_fail (VN_IS_DOCUMENT (self), NULL);
  return self->languages;
}

VnSpellChecker *
vn_document_get_spell_checker (VnDocument *self)
{
  g_return_val_if_fail (VN_IS_DOCUMENT (self), NULL);
  return self->spell;
}

/* The verified text collated against the same OCR: every verified word gets its page and
 * box, for exports. Milliseconds for a letter; the alignment is near-linear. */
VnCollation *
vn_document_collate_verified (VnDocument  *self,
                              GError     **error)
{
  g_autoptr(VnTranscription) verified = vn_session_dup_verified (self->session, error);

  if (verified == NULL)
    return NULL;
  return vn_collation_new_full (verified, self->pages, self->spell, self->languages);
}
