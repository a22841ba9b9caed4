/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-document.c: a project with its OCR, collation and session, opened together, the same way
 * for the window, the command line and batch. Opening is two steps: vn_document_new () opens
 * the session and makes the engine (quick: the window shows the text at once), and
 * vn_document_read () reads the pages, loads the dictionaries and collates (seconds, in a
 * worker thread for the window). */
#include <glib/gi18n.h>

#include "vn-document.h"
#include "vn-error.h"
#include "vn-runtime.h"

struct _VnDocument
{
  GObject         parent_instance;
  VnProject      *project;
  VnOcrEngine    *engine;
  GStrv           dictionaries;
  GStrv           user_words;
  VnSpellChecker *shared_spell;   /* the options', if they share one */
  gboolean        background;
  VnSession      *session;
  VnDocumentPageFunc page_func;  /* each page collated alone as soon as it is read */
  gpointer        page_data;
  /* Once read: */
  GPtrArray      *pages;        /* VnOcrPage */
  VnSpellChecker *spell;
  VnCollation    *collation;    /* canonical text against the OCR */
};

G_DEFINE_FINAL_TYPE (VnDocument, vn_document, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ options */

void
vn_document_options_init (VnDocumentOptions *options,
                          VnSettings        *settings)
{
  g_autofree char *languages = NULL;

  g_return_if_fail (options != NULL);

  *options = (VnDocumentOptions) {
    .page_seg_mode = 3,
    .rescale = TRUE,
    .use_cache = TRUE,
  };
  if (settings == NULL)
    return;
  languages = vn_settings_dup_ocr_languages (settings, NULL);
  if (languages != NULL && *languages != '\0')
    options->ocr_languages = g_steal_pointer (&languages);
  options->preprocess = vn_settings_get_preprocess (settings);
  options->rescale = vn_settings_get_ocr_rescale (settings);
  g_object_get (settings, "dictionary-languages", &options->dictionaries,
                "user-words", &options->user_words, NULL);
}

void
vn_document_options_clear (VnDocumentOptions *options)
{
  g_clear_pointer (&options->ocr_languages, g_free);
  g_clear_pointer (&options->cache_dir, g_free);
  g_clear_pointer (&options->dictionaries, g_strfreev);
  g_clear_pointer (&options->user_words, g_strfreev);
  g_clear_pointer (&options->state_dir, g_free);
  g_clear_object (&options->engine);
  g_clear_object (&options->spell_checker);
}

/* The OCR languages for @transcription: those the options name, else those of its script. */
char *
vn_document_options_dup_languages (const VnDocumentOptions *options,
                                   VnTranscription         *transcription)
{
  const char *text;
  gsize length;

  if (options->ocr_languages != NULL && *options->ocr_languages != '\0')
    return g_strdup (options->ocr_languages);
  if (transcription == NULL)
    return NULL;
  text = vn_transcription_get_text (transcription, &length);
  return vn_settings_guess_ocr_languages (text, length);
}

/* An engine for @languages as the options say; its models are not checked yet. */
static VnOcrEngine *
configure_engine (const VnDocumentOptions  *options,
                  const char               *languages,
                  GError                  **error)
{
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new (languages);

  if (options->page_seg_mode < 0 || options->page_seg_mode > 13)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("--psm %d is not a page segmentation mode; use 0 to 13."),
                   options->page_seg_mode);
      return NULL;
    }
  vn_ocr_engine_set_preprocess (engine, options->preprocess);
  vn_ocr_engine_set_page_seg_mode (engine, options->page_seg_mode);
  vn_ocr_engine_set_alternatives (engine, options->alternatives);
  vn_ocr_engine_set_rescale (engine, options->rescale);
  vn_ocr_engine_set_background (engine, options->background);
  if (options->jobs > 0)
    vn_ocr_engine_set_jobs (engine, options->jobs);
  if (options->use_cache)
    {
      g_autoptr(VnOcrCache) cache = options->cache_dir ? vn_ocr_cache_new (options->cache_dir)
                                                       : vn_ocr_cache_new_default ();
      vn_ocr_engine_set_cache (engine, cache);
    }
  return g_steal_pointer (&engine);
}

/* An engine for @languages as the options say, its models checked. */
VnOcrEngine *
vn_document_options_make_engine (const VnDocumentOptions  *options,
                                 const char               *languages,
                                 GError                  **error)
{
  g_autoptr(VnOcrEngine) engine = configure_engine (options, languages, error);

  if (engine == NULL || !vn_ocr_engine_check_languages (engine, error))
    return NULL;
  return g_steal_pointer (&engine);
}

/* An engine for several documents to share (options->engine), as the options say: of the
 * languages they name (checked), else of none yet: each document then reads in those of its
 * own transcription, through this engine's pool, and only they need a model. */
VnOcrEngine *
vn_document_options_make_shared_engine (const VnDocumentOptions  *options,
                                        GError                  **error)
{
  g_return_val_if_fail (options != NULL, NULL);

  if (options->ocr_languages != NULL && *options->ocr_languages != '\0')
    return vn_document_options_make_engine (options, options->ocr_languages, error);
  return configure_engine (options, NULL, error);
}

/* A dictionary for every language the OCR reads (@languages, as "rus+eng"), and those the
 * options add (else Verno's default ones), with the user's words. Loading takes a fifth of a
 * second. */
static VnSpellChecker *
make_spell_checker (const char *languages,
                    GStrv       dictionaries,
                    GStrv       user_words)
{
  VnSpellChecker *spell = vn_spell_checker_new_for_ocr_languages (
                            languages, (const char * const *) dictionaries);

  vn_spell_checker_set_user_words (spell, (const char * const *) user_words);
  return spell;
}

VnSpellChecker *
vn_document_options_make_spell_checker (const VnDocumentOptions *options,
                                        const char              *languages)
{
  g_return_val_if_fail (options != NULL, NULL);
  return make_spell_checker (languages, options->dictionaries, options->user_words);
}

/* The engine a document of @transcription reads with: the options' shared engine (or one
 * sharing its pool, for other languages), else a new one. */
VnOcrEngine *
vn_document_options_dup_engine (const VnDocumentOptions  *options,
                                VnTranscription          *transcription,
                                GError                  **error)
{
  g_autofree char *languages = NULL;
  g_autoptr(VnOcrEngine) engine = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  languages = vn_document_options_dup_languages (options, transcription);
  if (options->engine == NULL)
    return vn_document_options_make_engine (options, languages, error);
  if (g_strcmp0 (languages, vn_ocr_engine_get_languages (options->engine)) == 0)
    engine = g_object_ref (options->engine);
  else
    engine = vn_ocr_engine_new_sharing (options->engine, languages);
  if (!vn_ocr_engine_check_languages (engine, error))
    return NULL;
  return g_steal_pointer (&engine);
}

/* ------------------------------------------------------------------ the document */

static void
vn_document_finalize (GObject *object)
{
  VnDocument *self = (VnDocument *) object;

  g_clear_object (&self->project);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->dictionaries, g_strfreev);
  g_clear_pointer (&self->user_words, g_strfreev);
  g_clear_object (&self->shared_spell);
  g_clear_object (&self->session);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->spell);
  g_clear_object (&self->collation);
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

/* The session opened (it may be read-only: its warnings say why) and the engine made; the
 * pages are not read yet. Quick: no OCR, no dictionaries. */
VnDocument *
vn_document_new (VnProject                *project,
                 const VnDocumentOptions  *options,
                 GError                  **error)
{
  g_autoptr(VnDocument) self = g_object_new (VN_TYPE_DOCUMENT, NULL);
  VnTranscription *canonical;

  g_return_val_if_fail (VN_IS_PROJECT (project), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  canonical = vn_project_get_transcription (project);
  self->project = g_object_ref (project);
  self->engine = vn_document_options_dup_engine (options, canonical, error);
  if (self->engine == NULL)
    return NULL;
  self->dictionaries = g_strdupv (options->dictionaries);
  self->user_words = g_strdupv (options->user_words);
  g_set_object (&self->shared_spell, options->spell_checker);
  self->background = options->background;
  self->session = vn_session_open (canonical, options->state_dir, error);
  if (self->session == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

/* What reading makes, before it becomes the document's (in the thread that asked). */
typedef struct
{
  GPtrArray      *pages;
  VnSpellChecker *spell;
  VnCollation    *collation;
} Reading;

static void
reading_free (Reading *reading)
{
  g_clear_pointer (&reading->pages, g_ptr_array_unref);
  g_clear_object (&reading->spell);
  g_clear_object (&reading->collation);
  g_free (reading);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reading, reading_free)

/* A dictionary for every language the OCR reads, and those the preferences add. */
static gpointer
load_spell_checker (gpointer data)
{
  VnDocument *self = data;

  return make_spell_checker (vn_ocr_engine_get_languages (self->engine), self->dictionaries,
                             self->user_words);
}

/* ------------------------------------------------------------------ pages as they come */

/* TRUE when the transcription marks each scan's page with form feeds: its pages can then be
 * collated one by one, as their scans are read. */
gboolean
vn_document_streams_pages (VnDocument *self)
{
  VnTranscription *canonical;

  g_return_val_if_fail (VN_IS_DOCUMENT (self), FALSE);

  canonical = vn_project_get_transcription (self->project);
  return vn_transcription_get_n_marked_pages (canonical) ==
         vn_project_get_scan_pages (self->project)->len;
}

/* @func is called by vn_document_read () in the thread that reads, in page order, as soon as a
 * page and those before it are read, with that page's transcription collated alone against
 * its OCR (judged on the page's own evidence, and the disputed words not read again: the
 * document's collation, once every page is read, judges on all of them). Only when
 * vn_document_streams_pages (); the pages are otherwise found by the whole alignment. */
void
vn_document_set_page_func (VnDocument         *self,
                           VnDocumentPageFunc  func,
                           gpointer            user_data)
{
  g_return_if_fail (VN_IS_DOCUMENT (self));
  self->page_func = func;
  self->page_data = user_data;
}

/* The pages read so far, handed on in order. */
typedef struct
{
  VnDocument        *document;
  VnOcrProgressFunc  progress;
  gpointer           user_data;
  GThread           *spell_thread;  /* loading the dictionaries, until the first page */
  VnSpellChecker    *spell;
  GHashTable        *index_of;      /* VnScanPage → its index + 1 */
  GPtrArray         *read;          /* per scan: its VnOcrPage once read, else NULL */
  GPtrArray         *blank;         /* per scan: an empty page, standing in for it */
  guint              next;          /* the first page not handed on yet */
} PageStream;

static void
unref_page (gpointer page)
{
  g_clear_object (&page);
}

static VnSpellChecker *
stream_spell_checker (PageStream *stream)
{
  if (stream->spell == NULL)
    stream->spell = stream->spell_thread ? g_thread_join (g_steal_pointer (&stream->spell_thread))
                                         : g_object_ref (stream->document->shared_spell);
  return stream->spell;
}

static void
stream_init (PageStream        *stream,
             VnDocument        *self,
             GThread           *spell_thread,
             VnOcrProgressFunc  progress,
             gpointer           user_data)
{
  *stream = (PageStream) { self, progress, user_data, spell_thread };
}

/* The pages to hand on: none read yet, an empty page standing in for each. */
static void
stream_start (PageStream *stream)
{
  GPtrArray *scans = vn_project_get_scan_pages (stream->document->project);

  stream->index_of = g_hash_table_new (NULL, NULL);
  stream->read = g_ptr_array_new_full (scans->len, unref_page);
  stream->blank = g_ptr_array_new_full (scans->len, g_object_unref);
  g_ptr_array_set_size (stream->read, scans->len);
  for (guint i = 0; i < scans->len; i++)
    {
      VnScanPage *scan = g_ptr_array_index (scans, i);

      g_hash_table_insert (stream->index_of, scan, GUINT_TO_POINTER (i + 1));
      g_ptr_array_add (stream->blank, vn_ocr_page_new (scan->label, 1, 1, 300));
    }
}

static void
stream_clear (PageStream *stream)
{
  g_clear_pointer (&stream->index_of, g_hash_table_unref);
  g_clear_pointer (&stream->read, g_ptr_array_unref);
  g_clear_pointer (&stream->blank, g_ptr_array_unref);
  g_clear_object (&stream->spell);
}

/* Page @index, read, collated alone: its tokens against its OCR, the other pages empty. */
static void
hand_on_page (PageStream *stream,
              guint       index)
{
  VnDocument *self = stream->document;
  VnTranscription *canonical = vn_project_get_transcription (self->project);
  g_autoptr(VnTranscription) alone = vn_transcription_new_for_page (canonical, index);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_full (stream->blank->len, g_object_unref);
  g_autoptr(VnCollation) collation = NULL;

  for (guint i = 0; i < stream->blank->len; i++)
    g_ptr_array_add (pages, g_object_ref (g_ptr_array_index (i == index ? stream->read
                                                                        : stream->blank, i)));
  collation = vn_collation_new_full (alone, pages, stream_spell_checker (stream),
                                     vn_ocr_engine_get_languages (self->engine));
  self->page_func (self, index, collation, self->page_data);
}

static void
stream_progress (guint       done,
                 guint       total,
                 VnScanPage *scan,
                 VnOcrPage  *result,
                 gpointer    user_data)
{
  PageStream *stream = user_data;
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (stream->index_of, scan)) - 1;

  if (stream->progress != NULL)
    stream->progress (done, total, scan, result, stream->user_data);
  g_assert (index < stream->read->len);
  g_set_object ((VnOcrPage **) &g_ptr_array_index (stream->read, index), result);
  while (stream->next < stream->read->len && g_ptr_array_index (stream->read, stream->next))
    hand_on_page (stream, stream->next++);
}

/* ------------------------------------------------------------------ reading */

/* OCR of every page, each handed on as it comes when a page function wants them. */
static GPtrArray *
recognize_pages (VnDocument         *self,
                 PageStream         *stream,
                 GCancellable       *cancellable,
                 GError            **error)
{
  GPtrArray *scans = vn_project_get_scan_pages (self->project);

  if (self->page_func == NULL || !vn_document_streams_pages (self))
    return vn_ocr_engine_recognize (self->engine, scans, stream->progress, stream->user_data,
                                    cancellable, error);
  stream_start (stream);
  return vn_ocr_engine_recognize (self->engine, scans, stream_progress, stream, cancellable,
                                  error);
}

/* OCR (from the cache when it can), dictionaries (loaded meanwhile) and the collation. Only
 * what does not change under it is read from @self, so it runs in any thread. */
static Reading *
read_document (VnDocument         *self,
               VnOcrProgressFunc   progress,
               gpointer            user_data,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autoptr(Reading) reading = g_new0 (Reading, 1);
  GThread *spell = self->shared_spell ? NULL
                                      : g_thread_new ("verno-spell", load_spell_checker, self);
  PageStream stream;

  stream_init (&stream, self, spell, progress, user_data);
  reading->pages = recognize_pages (self, &stream, cancellable, error);
  reading->spell = g_object_ref (stream_spell_checker (&stream));
  stream_clear (&stream);
  if (reading->pages == NULL)
    return NULL;
  reading->collation = vn_collation_new_full (vn_project_get_transcription (self->project),
                                              reading->pages, reading->spell,
                                              vn_ocr_engine_get_languages (self->engine));
  /* The disputed words read again: the verdicts' independent vote (cached as pages are). */
  if (!vn_collation_reread (reading->collation, self->engine,
                            vn_project_get_scan_pages (self->project), cancellable, error))
    return NULL;
  return g_steal_pointer (&reading);
}

static void
take_reading (VnDocument *self,
              Reading    *reading)
{
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->spell);
  g_clear_object (&self->collation);
  self->pages = g_steal_pointer (&reading->pages);
  self->spell = g_steal_pointer (&reading->spell);
  self->collation = g_steal_pointer (&reading->collation);
  reading_free (reading);
}

/* Reads the pages in this thread. */
gboolean
vn_document_read (VnDocument         *self,
                  VnOcrProgressFunc   progress,
                  gpointer            user_data,
                  GCancellable       *cancellable,
                  GError            **error)
{
  Reading *reading;

  g_return_val_if_fail (VN_IS_DOCUMENT (self), FALSE);

  reading = read_document (self, progress, user_data, cancellable, error);
  if (reading == NULL)
    return FALSE;
  take_reading (self, reading);
  return TRUE;
}

typedef struct
{
  VnOcrProgressFunc progress;
  gpointer          user_data;
} ReadSetup;

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadSetup *setup = task_data;
  GError *error = NULL;
  Reading *reading;

  if (VN_DOCUMENT (source_object)->background)
    vn_runtime_lower_thread_priority ();
  reading = read_document (source_object, setup->progress, setup->user_data, cancellable,
                           &error);
  if (reading == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reading, (GDestroyNotify) reading_free);
}

/* Reads the pages in a worker thread; @progress is called from the OCR's threads. The
 * document has its pages and collation once vn_document_read_finish () returned TRUE. */
void
vn_document_read_async (VnDocument          *self,
                        VnOcrProgressFunc    progress,
                        gpointer             user_data,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             callback_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, callback_data);
  ReadSetup *setup = g_new0 (ReadSetup, 1);

  g_return_if_fail (VN_IS_DOCUMENT (self));

  setup->progress = progress;
  setup->user_data = user_data;
  g_task_set_source_tag (task, vn_document_read_async);
  g_task_set_task_data (task, setup, g_free);
  g_task_run_in_thread (task, read_thread);
}

gboolean
vn_document_read_finish (VnDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  Reading *reading;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  reading = g_task_propagate_pointer (G_TASK (result), error);
  if (reading == NULL)
    return FALSE;
  take_reading (self, reading);
  return TRUE;
}

/* vn_document_new () and vn_document_read (), for the command line. */
VnDocument *
vn_document_open (VnProject                *project,
                  const VnDocumentOptions  *options,
                  VnOcrProgressFunc         progress,
                  gpointer                  user_data,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  g_autoptr(VnDocument) self = vn_document_new (project, options, error);

  if (self == NULL || !vn_document_read (self, progress, user_data, cancellable, error))
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

/* The engine that read the pages, for reading parts of them again. */
VnOcrEngine *
vn_document_get_engine (VnDocument *self)
{
  g_return_val_if_fail (VN_IS_DOCUMENT (self), NULL);
  return self->engine;
}

gboolean
vn_document_is_read (VnDocument *self)
{
  g_return_val_if_fail (VN_IS_DOCUMENT (self), FALSE);
  return self->collation != NULL;
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
  return vn_ocr_engine_get_languages (self->engine);
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
  g_autoptr(VnTranscription) verified = NULL;

  g_return_val_if_fail (VN_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (vn_document_is_read (self), NULL);

  verified = vn_session_dup_verified (self->session, error);
  if (verified == NULL)
    return NULL;
  return vn_collation_new_full (verified, self->pages, self->spell,
                                vn_ocr_engine_get_languages (self->engine));
}
