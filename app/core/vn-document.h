/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-document.h: the one way to open a project: its scans and canonical transcription, the
 * OCR engine and the spell checker made from the options, the OCR of the pages, their
 * collation, and the editor's session. The window, every command and verno batch open
 * projects through it. */
#pragma once

#include <gio/gio.h>

#include "vn-collation.h"
#include "vn-ocr-engine.h"
#include "vn-project.h"
#include "vn-session.h"
#include "vn-settings.h"
#include "vn-spell-checker.h"

G_BEGIN_DECLS

/* How a document is read. vn_document_options_init () fills it from the preferences; the
 * command line then sets what its flags say. */
typedef struct
{
  char              *ocr_languages;  /* NULL: those of the transcription's script */
  VnPreprocessFlags  preprocess;
  int                page_seg_mode;
  gboolean           alternatives;   /* keep Tesseract's per-character alternatives */
  gboolean           rescale;        /* large text scaled down before OCR */
  guint              jobs;           /* pages read at once; 0: one per core */
  gboolean           use_cache;
  char              *cache_dir;      /* NULL: ~/.cache/verno/ocr or $VERNO_CACHE_DIR */
  gboolean           background;     /* OCR threads below the one that draws (the window) */
  GStrv              dictionaries;   /* Hunspell dictionaries; NULL: those of the languages */
  GStrv              user_words;     /* never flagged */
  char              *state_dir;      /* NULL: .verno beside the transcription */
  /* Shared by several documents (verno batch), else NULL: one made for the document. */
  VnOcrEngine       *engine;         /* its pool, settings and cache; its languages or the
                                      * document's (vn_ocr_engine_new_sharing) */
  VnSpellChecker    *spell_checker;  /* as vn_document_options_make_spell_checker () makes, for
                                      * the document's OCR languages */
} VnDocumentOptions;

void         vn_document_options_init        (VnDocumentOptions  *options,
                                              VnSettings         *settings);
void         vn_document_options_clear       (VnDocumentOptions  *options);
char        *vn_document_options_dup_languages (const VnDocumentOptions *options,
                                              VnTranscription    *transcription);
VnOcrEngine *vn_document_options_make_engine (const VnDocumentOptions *options,
                                              const char         *languages,
                                              GError            **error);
VnOcrEngine *vn_document_options_make_shared_engine (const VnDocumentOptions *options,
                                                     GError            **error);
VnOcrEngine *vn_document_options_dup_engine (const VnDocumentOptions *options,
                                             VnTranscription    *transcription,
                                             GError            **error);
VnSpellChecker *vn_document_options_make_spell_checker (const VnDocumentOptions *options,
                                                        const char              *languages);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VnDocumentOptions, vn_document_options_clear)

#define VN_TYPE_DOCUMENT (vn_document_get_type ())
G_DECLARE_FINAL_TYPE (VnDocument, vn_document, VN, DOCUMENT, GObject)

/* Page @page read (and those before it), collated alone: see vn_document_set_page_func (). */
typedef void (*VnDocumentPageFunc) (VnDocument  *document,
                                    guint        page,
                                    VnCollation *collation,
                                    gpointer     user_data);

VnDocument     *vn_document_new               (VnProject                *project,
                                               const VnDocumentOptions  *options,
                                               GError                  **error);
gboolean        vn_document_read              (VnDocument          *self,
                                               VnOcrProgressFunc    progress,
                                               gpointer             user_data,
                                               GCancellable        *cancellable,
                                               GError             **error);
void            vn_document_read_async        (VnDocument          *self,
                                               VnOcrProgressFunc    progress,
                                               gpointer             user_data,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             callback_data);
gboolean        vn_document_read_finish       (VnDocument          *self,
                                               GAsyncResult        *result,
                                               GError             **error);
VnDocument     *vn_document_open              (VnProject                *project,
                                               const VnDocumentOptions  *options,
                                               VnOcrProgressFunc         progress,
                                               gpointer                  user_data,
                                               GCancellable             *cancellable,
                                               GError                  **error);

gboolean        vn_document_streams_pages     (VnDocument          *self);
void            vn_document_set_page_func     (VnDocument          *self,
                                               VnDocumentPageFunc   func,
                                               gpointer             user_data);

VnProject      *vn_document_get_project       (VnDocument         *self);
VnSession      *vn_document_get_session       (VnDocument         *self);
VnOcrEngine    *vn_document_get_engine        (VnDocument         *self);
gboolean        vn_document_is_read           (VnDocument         *self);
VnCollation    *vn_document_get_collation     (VnDocument         *self);
GPtrArray      *vn_document_get_pages         (VnDocument         *self);
const char     *vn_document_get_languages     (VnDocument         *self);
VnSpellChecker *vn_document_get_spell_checker (VnDocument         *self);
VnCollation    *vn_document_collate_verified  (VnDocument         *self,
                                               GError            **error);

G_END_DECLS
