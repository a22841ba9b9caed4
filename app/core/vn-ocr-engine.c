/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-engine.c: Tesseract through its C API, one TessBaseAPI per worker thread, with a
 * per-page cache. */
#include <string.h>

#include <glib/gi18n.h>
#include <tesseract/capi.h>

#include "vn-error.h"
#include "vn-ocr-engine.h"
#include "vn-runtime.h"

/* Bump when what is stored in a cache entry changes meaning. */
#define VN_OCR_CACHE_FORMAT "verno-ocr-6"
/* Bump when the way a page's scale is chosen (the x-height measure, the steps) changes. */
#define VN_RESCALE_RULE "2"

struct _VnOcrEngine
{
  GObject            parent_instance;
  char              *languages;
  guint              jobs;
  VnPreprocessFlags  preprocess;
  int                psm;
  gboolean           alternatives;
  gboolean           background;
  gboolean           rescale;
  VnOcrCache        *cache;
};

G_DEFINE_FINAL_TYPE (VnOcrEngine, vn_ocr_engine, G_TYPE_OBJECT)

typedef struct
{
  VnOcrEngine       *self;
  GPtrArray         *scans;      /* VnScanPage */
  GPtrArray         *results;    /* VnOcrPage or NULL, per scan */
  GStrv              keys;       /* cache key per scan */
  guint             *first;      /* per scan, the first scan of the job with its key */
  gint               next;
  guint              done;
  GMutex             lock;
  GError            *error;
  GCancellable      *cancellable;
  VnOcrProgressFunc  progress;
  gpointer           user_data;
} OcrJob;

static void
vn_ocr_engine_finalize (GObject *object)
{
  VnOcrEngine *self = (VnOcrEngine *) object;

  g_clear_pointer (&self->languages, g_free);
  g_clear_object (&self->cache);
  G_OBJECT_CLASS (vn_ocr_engine_parent_class)->finalize (object);
}

static void
vn_ocr_engine_class_init (VnOcrEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_ocr_engine_finalize;
}

static void
vn_ocr_engine_init (VnOcrEngine *self)
{
  self->jobs = MAX (1, g_get_num_processors ());
  self->psm = PSM_AUTO;
  self->rescale = TRUE;
}

VnOcrEngine *
vn_ocr_engine_new (const char *languages)
{
  VnOcrEngine *self = g_object_new (VN_TYPE_OCR_ENGINE, NULL);

  self->languages = g_strdup (languages && *languages ? languages : "rus");
  return self;
}

const char *
vn_ocr_engine_get_languages (VnOcrEngine *self)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), NULL);
  return self->languages;
}

void
vn_ocr_engine_set_jobs (VnOcrEngine *self,
                        guint        jobs)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  self->jobs = MAX (jobs, 1);
}

guint
vn_ocr_engine_get_jobs (VnOcrEngine *self)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), 1);
  return self->jobs;
}

void
vn_ocr_engine_set_preprocess (VnOcrEngine       *self,
                              VnPreprocessFlags  flags)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  self->preprocess = flags;
}

VnPreprocessFlags
vn_ocr_engine_get_preprocess (VnOcrEngine *self)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), 0);
  return self->preprocess;
}

void
vn_ocr_engine_set_page_seg_mode (VnOcrEngine *self,
                                 int          psm)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  g_return_if_fail (psm >= 0 && psm < PSM_COUNT);
  self->psm = psm;
}

/* Worker threads run at a lower priority, for OCR behind an interactive window. */
void
vn_ocr_engine_set_background (VnOcrEngine *self,
                              gboolean     background)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  self->background = !!background;
}

/* Per-character alternatives (Tesseract's lstm_choice_mode 2) for every word. */
void
vn_ocr_engine_set_alternatives (VnOcrEngine *self,
                                gboolean     alternatives)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  self->alternatives = !!alternatives;
}

gboolean
vn_ocr_engine_get_alternatives (VnOcrEngine *self)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), FALSE);
  return self->alternatives;
}

/* Pages whose text is larger than Tesseract needs are scaled down before OCR (on by
 * default); boxes are always in the scan's own pixels. */
void
vn_ocr_engine_set_rescale (VnOcrEngine *self,
                           gboolean     rescale)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  self->rescale = !!rescale;
}

gboolean
vn_ocr_engine_get_rescale (VnOcrEngine *self)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), FALSE);
  return self->rescale;
}

void
vn_ocr_engine_set_cache (VnOcrEngine *self,
                         VnOcrCache  *cache)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  g_set_object (&self->cache, cache);
}

VnOcrCache *
vn_ocr_engine_get_cache (VnOcrEngine *self)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), NULL);
  return self->cache;
}

/* Before any thread starts: a missing model gets a sentence naming its Debian package. */
gboolean
vn_ocr_engine_check_languages (VnOcrEngine  *self,
                               GError      **error)
{
  g_autofree char *dir = vn_runtime_tessdata_dir ();
  g_auto(GStrv) langs = g_strsplit (self->languages, "+", -1);

  for (guint i = 0; langs[i]; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.traineddata", langs[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *package = NULL;

      if (*langs[i] == '\0' || strchr (langs[i], '/') != NULL)
        {
          g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                       _("“%s” is not an OCR language code; use codes like rus, eng or "
                         "rus+eng."),
                       self->languages);
          return FALSE;
        }
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      package = g_ascii_strdown (langs[i], -1);
      g_strdelimit (package, "_", '-');
      g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
                   _("The Tesseract model for “%s” is missing (%s); install it with "
                     "“apt-get install tesseract-ocr-%s”."), langs[i], path, package);
      return FALSE;
    }
  return TRUE;
}

/* The scale is a function of the image and of this rule, so the rule stands for it. */
static char *
rescale_rule (VnOcrEngine *self)
{
  if (!self->rescale)
    return g_strdup ("none");
  return g_strdup_printf ("xh>%g:%g-%s", VN_PREPROCESS_MAX_X_HEIGHT,
                          VN_PREPROCESS_TARGET_X_HEIGHT, VN_RESCALE_RULE);
}

static char *
cache_key_for (VnOcrEngine *self,
               const char  *content_hash)
{
  g_autofree char *flags = vn_preprocess_flags_to_string (self->preprocess);
  g_autofree char *scale = rescale_rule (self);
  g_autofree char *material = g_strdup_printf ("%s|%s|%s|psm=%d|pre=%s|alt=%d|scale=%s|tess=%s",
                                               VN_OCR_CACHE_FORMAT, content_hash,
                                               self->languages, self->psm, flags,
                                               self->alternatives, scale, TessVersion ());

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, material, -1);
}

static TessBaseAPI *
create_api (VnOcrEngine  *self,
            int           psm,
            GError      **error)
{
  TessBaseAPI *api = TessBaseAPICreate ();

  if (TessBaseAPIInit3 (api, NULL, self->languages) != 0)
    {
      TessBaseAPIDelete (api);
      g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
                   _("Tesseract could not load the model “%s”; reinstall its tesseract-ocr "
                     "package."), self->languages);
      return NULL;
    }
  /* Per-character alternatives come from the LSTM only in this mode, which costs about 40%
   * more time on a page: they are asked for, not given by default. */
  TessBaseAPISetVariable (api, "lstm_choice_mode", self->alternatives ? "2" : "0");
  /* Typescripts are never white on black; trying each weak line inverted costs a quarter
   * of the time and reads nothing more (measured on the letter: same CER, 24% faster). */
  TessBaseAPISetVariable (api, "tessedit_do_invert", "0");
  /* Tesseract's diagnostics ("Detected 35 diacritics") are not for our users. */
  TessBaseAPISetVariable (api, "debug_file", "/dev/null");
  TessBaseAPISetPageSegMode (api, psm);
  return api;
}

static bool
cancel_requested (void *cancel_this,
                  int   words)
{
  return g_cancellable_is_cancelled (G_CANCELLABLE (cancel_this));
}

static GArray *
symbol_choices (TessResultIterator *it)
{
  GArray *choices = g_array_new (FALSE, FALSE, sizeof (VnOcrChoice));
  TessChoiceIterator *ci = TessResultIteratorGetChoiceIterator (it);

  if (ci == NULL)
    return choices;
  do
    {
      const char *text = TessChoiceIteratorGetUTF8Text (ci);
      VnOcrChoice choice;

      if (text == NULL || *text == '\0')
        continue;
      choice.text = g_strdup (text);
      choice.confidence = TessChoiceIteratorConfidence (ci);
      g_array_append_val (choices, choice);
    }
  while (TessChoiceIteratorNext (ci));
  TessChoiceIteratorDelete (ci);
  return choices;
}

typedef struct
{
  guint block, par, line;
  gboolean started;
} Structure;

static void
advance_structure (TessResultIterator *it,
                   Structure          *s)
{
  const TessPageIterator *pit = TessResultIteratorGetPageIteratorConst (it);

  if (!s->started)
    {
      s->started = TRUE;
      return;
    }
  if (TessPageIteratorIsAtBeginningOf (pit, RIL_BLOCK))
    s->block++;
  if (TessPageIteratorIsAtBeginningOf (pit, RIL_PARA))
    s->par++;
  if (TessPageIteratorIsAtBeginningOf (pit, RIL_TEXTLINE))
    s->line++;
}

static VnOcrWord *
read_word (TessResultIterator    *it,
           VnOcrPage             *page,
           const VnPageTransform *transform,
           Structure             *s)
{
  const TessPageIterator *pit = TessResultIteratorGetPageIteratorConst (it);
  char *text = TessResultIteratorGetUTF8Text (it, RIL_WORD);
  int x0, y0, x1, y1;
  VnBox box, source_box;
  VnOcrWord *word = NULL;

  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  /* Tesseract reports runs of spaces around images as words: not text. */
  if (*stripped != '\0' && TessPageIteratorBoundingBox (pit, RIL_WORD, &x0, &y0, &x1, &y1))
    {
      advance_structure (it, s);
      box = (VnBox) { x0, y0, x1 - x0, y1 - y0 };
      source_box = vn_page_transform_to_source (transform, &box);
      word = vn_ocr_page_add_word (page, text, &source_box,
                                   TessResultIteratorConfidence (it, RIL_WORD),
                                   s->block, s->par, s->line);
    }
  TessDeleteText (text);
  return word;
}

/* Walks symbols; each word's first symbol also yields the word itself. */
static void
collect_words (TessBaseAPI           *api,
               VnOcrPage             *page,
               const VnPageTransform *transform,
               gboolean               alternatives)
{
  TessResultIterator *it = TessBaseAPIGetIterator (api);
  Structure structure = { 0 };
  VnOcrWord *word = NULL;

  if (it == NULL)
    return;
  do
    {
      const TessPageIterator *pit = TessResultIteratorGetPageIteratorConst (it);

      if (TessPageIteratorIsAtBeginningOf (pit, RIL_WORD))
        word = read_word (it, page, transform, &structure);
      if (word != NULL && alternatives)
        vn_ocr_word_add_symbol (word, symbol_choices (it));
    }
  while (TessResultIteratorNext (it, RIL_SYMBOL));
  TessResultIteratorDelete (it);
}

static VnOcrPage *
recognize_pix (VnOcrEngine   *self,
               TessBaseAPI   *api,
               PIX           *pix,
               int            dpi,
               const char    *label,
               GCancellable  *cancellable,
               GError       **error)
{
  VnPageTransform transform;
  double scale = self->rescale ? vn_preprocess_choose_scale (pix) : 1.0;
  PIX *clean = vn_preprocess_apply_scaled (pix, self->preprocess, scale, &transform);
  ETEXT_DESC *monitor = TessMonitorCreate ();
  g_autoptr(VnOcrPage) page = vn_ocr_page_new (label, pixGetWidth (pix), pixGetHeight (pix), dpi);
  int status;

  TessBaseAPISetImage2 (api, clean);
  /* Only after SetImage; Tesseract takes less than 70 dpi for a mistake and guesses. */
  TessBaseAPISetSourceResolution (api, MAX (70, (int) (dpi * transform.scale + 0.5)));
  if (cancellable != NULL)
    {
      TessMonitorSetCancelFunc (monitor, cancel_requested);
      TessMonitorSetCancelThis (monitor, cancellable);
    }
  status = TessBaseAPIRecognize (api, monitor);
  TessMonitorDelete (monitor);
  pixDestroy (&clean);
  /* A cancelled page is partial: never keep it. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return TessBaseAPIClear (api), NULL;
  if (status != 0)
    {
      TessBaseAPIClear (api);
      g_set_error (error, VN_ERROR, VN_ERROR_INTERNAL, _("Tesseract failed on %s."), label);
      return NULL;
    }
  vn_ocr_page_set_skew (page, transform.angle * 180.0 / G_PI);
  collect_words (api, page, &transform, self->alternatives);
  TessBaseAPIClear (api);
  return g_steal_pointer (&page);
}

/* A failed job's results have holes where pages were never read. */
static void
unref_result (gpointer page)
{
  if (page != NULL)
    g_object_unref (page);
}

static void
job_fail (OcrJob *job,
          GError *error)
{
  g_mutex_lock (&job->lock);
  if (job->error == NULL)
    job->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&job->lock);
  g_cancellable_cancel (job->cancellable);
}

static void
job_finish_page (OcrJob    *job,
                 guint      index,
                 VnOcrPage *page)
{
  guint done;

  g_mutex_lock (&job->lock);
  g_ptr_array_index (job->results, index) = page;
  done = ++job->done;
  g_mutex_unlock (&job->lock);
  if (job->progress != NULL)
    job->progress (done, job->scans->len, g_ptr_array_index (job->scans, index), page,
                   job->user_data);
}

static GArray *
copy_choices (GArray *choices)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (VnOcrChoice), choices->len);

  for (guint i = 0; i < choices->len; i++)
    {
      VnOcrChoice choice = g_array_index (choices, VnOcrChoice, i);

      choice.text = g_strdup (choice.text);
      g_array_append_val (copy, choice);
    }
  return copy;
}

/* The same reading under another page's label (the cache keeps the label of the page that
 * stored it). */
static VnOcrPage *
copy_page (VnOcrPage  *page,
           const char *label)
{
  VnOcrPage *copy = vn_ocr_page_new (label, vn_ocr_page_get_width (page),
                                     vn_ocr_page_get_height (page), vn_ocr_page_get_dpi (page));

  vn_ocr_page_set_skew (copy, vn_ocr_page_get_skew (page));
  for (guint i = 0; i < vn_ocr_page_get_n_words (page); i++)
    {
      const VnOcrWord *w = vn_ocr_page_get_word (page, i);
      VnOcrWord *c = vn_ocr_page_add_word (copy, w->text, &w->box, w->confidence, w->block,
                                           w->par, w->line);

      for (guint k = 0; w->symbols != NULL && k < w->symbols->len; k++)
        vn_ocr_word_add_symbol (c, copy_choices (g_array_index (w->symbols, GArray *, k)));
    }
  return copy;
}

/* A page whose image an earlier page of the job has, finished with that page's reading. */
static void
job_finish_repeat (OcrJob    *job,
                   guint      index,
                   VnOcrPage *reading)
{
  VnScanPage *scan = g_ptr_array_index (job->scans, index);
  VnOcrPage *page = copy_page (reading, scan->label);

  /* Not read again: for the user, as good as a cache hit. */
  vn_ocr_page_set_from_cache (page, TRUE);
  job_finish_page (job, index, page);
}

/* @index has been read: so have the later pages with the same image. */
static void
job_finish_repeats_of (OcrJob *job,
                       guint   index)
{
  VnOcrPage *reading = g_ptr_array_index (job->results, index);

  for (guint i = index + 1; i < job->scans->len; i++)
    if (job->first[i] == index)
      job_finish_repeat (job, i, reading);
}

static gboolean
recognize_scan (OcrJob      *job,
                TessBaseAPI *api,
                guint        index)
{
  VnScanPage *scan = g_ptr_array_index (job->scans, index);
  GError *error = NULL;
  VnOcrPage *page;
  int dpi = 300;
  PIX *pix = vn_scan_page_load (scan, &dpi, &error);

  if (pix == NULL)
    return job_fail (job, error), FALSE;
  page = recognize_pix (job->self, api, pix, dpi, scan->label, job->cancellable, &error);
  pixDestroy (&pix);
  if (page == NULL)
    return job_fail (job, error), FALSE;
  if (job->self->cache != NULL &&
      !vn_ocr_cache_store (job->self->cache, job->keys[index], page, &error))
    {
      g_warning ("%s", error->message);  /* the result is still good; only reuse is lost */
      g_clear_error (&error);
    }
  job_finish_page (job, index, page);
  job_finish_repeats_of (job, index);
  return TRUE;
}

static gpointer
worker_thread (gpointer data)
{
  OcrJob *job = data;
  GError *error = NULL;
  TessBaseAPI *api = NULL;

  /* Behind a window, OCR must not take the cores from the thread that draws. */
  if (job->self->background)
    vn_runtime_lower_thread_priority ();

  for (;;)
    {
      guint index = g_atomic_int_add (&job->next, 1);

      if (index >= job->scans->len || g_cancellable_is_cancelled (job->cancellable))
        break;
      /* A page read already, or to be read as the first page with its image. */
      if (g_ptr_array_index (job->results, index) != NULL || job->first[index] != index)
        continue;
      if (api == NULL && (api = create_api (job->self, job->self->psm, &error)) == NULL)
        {
          job_fail (job, error);
          break;
        }
      if (!recognize_scan (job, api, index))
        break;
    }
  if (api != NULL)
    {
      TessBaseAPIEnd (api);
      TessBaseAPIDelete (api);
    }
  return NULL;
}

/* A page from the cache, under its own label. */
static VnOcrPage *
lookup_cache (OcrJob *job,
              guint   index)
{
  VnScanPage *scan = g_ptr_array_index (job->scans, index);
  g_autoptr(VnOcrPage) page = vn_ocr_cache_lookup (job->self->cache, job->keys[index]);
  VnOcrPage *relabelled;

  if (page == NULL || g_strcmp0 (vn_ocr_page_get_source_label (page), scan->label) == 0)
    return g_steal_pointer (&page);
  relabelled = copy_page (page, scan->label);
  vn_ocr_page_set_from_cache (relabelled, TRUE);
  return relabelled;
}

/* Keys every page by its image's content and the settings; fills cache hits in place, and
 * marks the pages whose image an earlier page has, so that each image is read once. Returns
 * how many pages still need OCR, G_MAXUINT on error. */
static guint
plan_pages (OcrJob  *job,
            GError **error)
{
  g_autoptr(GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);
  guint misses = 0;

  for (guint i = 0; i < job->scans->len; i++)
    {
      VnScanPage *scan = g_ptr_array_index (job->scans, i);
      g_autofree char *hash = vn_scan_page_content_hash (scan, error);
      gpointer earlier;
      VnOcrPage *page = NULL;

      if (hash == NULL)
        return G_MAXUINT;
      job->keys[i] = cache_key_for (job->self, hash);
      if (g_hash_table_lookup_extended (first, job->keys[i], NULL, &earlier))
        {
          job->first[i] = GPOINTER_TO_UINT (earlier);
          page = g_ptr_array_index (job->results, job->first[i]);
          if (page != NULL)
            job_finish_repeat (job, i, page);
          continue;
        }
      g_hash_table_insert (first, job->keys[i], GUINT_TO_POINTER (i));
      job->first[i] = i;
      if (job->self->cache != NULL)
        page = lookup_cache (job, i);
      if (page != NULL)
        job_finish_page (job, i, page);
      else
        misses++;
    }
  return misses;
}

static void
run_workers (OcrJob *job,
             guint   n_threads)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  for (guint t = 0; t < n_threads; t++)
    g_ptr_array_add (threads, g_thread_new ("verno-ocr", worker_thread, job));
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));
}

/* OCR of every page, in order; pages run in parallel on up to get_jobs() threads. */
GPtrArray *
vn_ocr_engine_recognize (VnOcrEngine        *self,
                         GPtrArray          *scan_pages,
                         VnOcrProgressFunc   progress,
                         gpointer            user_data,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autoptr(GCancellable) own_cancellable = cancellable ? g_object_ref (cancellable)
                                                        : g_cancellable_new ();
  OcrJob job = {
    .self = self, .scans = scan_pages, .cancellable = own_cancellable,
    .progress = progress, .user_data = user_data,
  };
  guint misses;

  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), NULL);
  g_return_val_if_fail (scan_pages != NULL, NULL);

  if (!vn_ocr_engine_check_languages (self, error))
    return NULL;
  g_mutex_init (&job.lock);
  job.results = g_ptr_array_new_full (scan_pages->len, unref_result);
  g_ptr_array_set_size (job.results, scan_pages->len);
  job.keys = g_new0 (char *, scan_pages->len + 1);
  job.first = g_new0 (guint, scan_pages->len);
  misses = plan_pages (&job, &job.error);
  if (misses > 0 && misses != G_MAXUINT)
    run_workers (&job, MIN (self->jobs, misses));
  g_strfreev (job.keys);
  g_free (job.first);
  g_mutex_clear (&job.lock);
  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      g_ptr_array_unref (job.results);
      return NULL;
    }
  return job.results;
}

/* OCR of one image held in memory, e.g. a region the editor drew; no cache. */
VnOcrPage *
vn_ocr_engine_recognize_pix (VnOcrEngine   *self,
                             PIX           *pix,
                             int            dpi,
                             const char    *label,
                             GCancellable  *cancellable,
                             GError       **error)
{
  TessBaseAPI *api;
  VnOcrPage *page;

  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), NULL);
  g_return_val_if_fail (pix != NULL, NULL);

  if (!vn_ocr_engine_check_languages (self, error) ||
      (api = create_api (self, self->psm, error)) == NULL)
    return NULL;
  page = recognize_pix (self, api, pix, dpi, label, cancellable, error);
  TessBaseAPIEnd (api);
  TessBaseAPIDelete (api);
  return page;
}

/* ------------------------------------------------------------------ regions */

static char *
region_cache_key (VnOcrEngine *self,
                  const char  *content_hash,
                  const VnBox *region)
{
  g_autofree char *material = g_strdup_printf ("%s|region=%d,%d,%d,%d", content_hash, region->x,
                                               region->y, region->w, region->h);
  return cache_key_for (self, material);
}

/* The words of a region's OCR, moved to where the region lies on its page. */
static VnOcrPage *
place_region (VnOcrPage   *read,
              const VnBox *region,
              int          width,
              int          height,
              int          dpi)
{
  VnOcrPage *placed = vn_ocr_page_new (vn_ocr_page_get_source_label (read), width, height, dpi);

  for (guint w = 0; w < vn_ocr_page_get_n_words (read); w++)
    {
      const VnOcrWord *word = vn_ocr_page_get_word (read, w);
      VnBox box = { word->box.x + region->x, word->box.y + region->y, word->box.w, word->box.h };
      VnOcrWord *copy = vn_ocr_page_add_word (placed, word->text, &box, word->confidence,
                                              word->block, word->par, word->line);

      for (guint k = 0; word->symbols != NULL && k < word->symbols->len; k++)
        {
          GArray *choices = g_array_index (word->symbols, GArray *, k);
          GArray *copied = g_array_new (FALSE, FALSE, sizeof (VnOcrChoice));

          for (guint c = 0; c < choices->len; c++)
            {
              VnOcrChoice choice = g_array_index (choices, VnOcrChoice, c);
              choice.text = g_strdup (choice.text);
              g_array_append_val (copied, choice);
            }
          vn_ocr_word_add_symbol (copy, copied);
        }
    }
  return placed;
}

static VnOcrPage *
recognize_region (VnOcrEngine   *self,
                  TessBaseAPI   *api,
                  PIX           *pix,
                  int            dpi,
                  const VnBox   *region,
                  const char    *label,
                  GCancellable  *cancellable,
                  GError       **error)
{
  BOX *box = boxCreate (region->x, region->y, region->w, region->h);
  PIX *crop = pixClipRectangle (pix, box, NULL);
  g_autoptr(VnOcrPage) read = NULL;

  boxDestroy (&box);
  if (crop == NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("The region %d,%d %d×%d lies outside "
                   "%s; read the page again."), region->x, region->y, region->w, region->h,
                   label);
      return NULL;
    }
  read = recognize_pix (self, api, crop, dpi, label, cancellable, error);
  pixDestroy (&crop);
  return read ? place_region (read, region, pixGetWidth (pix), pixGetHeight (pix), dpi) : NULL;
}

/* Regions of one page read again with this engine's settings (a line with another page
 * segmentation mode, binarisation or model, say), cached each; their words are in the
 * page's pixels. One Tesseract instance reads them all: a line takes a tenth of a second. */
GPtrArray *
vn_ocr_engine_recognize_regions (VnOcrEngine   *self,
                                 VnScanPage    *scan,
                                 const VnBox   *regions,
                                 guint          n_regions,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (unref_result);
  g_autofree char *hash = NULL;
  TessBaseAPI *api = NULL;
  PIX *pix = NULL;
  int dpi = 300;
  gboolean ok = TRUE;

  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), NULL);
  g_return_val_if_fail (scan != NULL, NULL);

  if (!vn_ocr_engine_check_languages (self, error) ||
      (hash = vn_scan_page_content_hash (scan, error)) == NULL)
    return NULL;
  for (guint i = 0; i < n_regions && ok; i++)
    {
      g_autofree char *key = region_cache_key (self, hash, &regions[i]);
      VnOcrPage *page = self->cache ? vn_ocr_cache_lookup (self->cache, key) : NULL;

      if (page == NULL)
        {
          ok = (pix != NULL || (pix = vn_scan_page_load (scan, &dpi, error)) != NULL) &&
               (api != NULL || (api = create_api (self, self->psm, error)) != NULL) &&
               (page = recognize_region (self, api, pix, dpi, &regions[i], scan->label,
                                         cancellable, error)) != NULL;
          if (ok && self->cache != NULL && !vn_ocr_cache_store (self->cache, key, page, NULL))
            g_debug ("A re-read region of %s could not be cached", scan->label);
        }
      if (page != NULL)
        g_ptr_array_add (pages, page);
    }
  pixDestroy (&pix);
  if (api != NULL)
    {
      TessBaseAPIEnd (api);
      TessBaseAPIDelete (api);
    }
  return ok ? g_steal_pointer (&pages) : NULL;
}

/* The key under which @scan's OCR with these settings is cached (also without a cache). */
char *
vn_ocr_engine_dup_cache_key (VnOcrEngine  *self,
                             VnScanPage   *scan,
                             GError      **error)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), NULL);
  g_return_val_if_fail (scan != NULL, NULL);

  hash = vn_scan_page_content_hash (scan, error);
  return hash ? cache_key_for (self, hash) : NULL;
}

struct _VnOcrWorker
{
  VnOcrEngine *engine;
  TessBaseAPI *api;
};

VnOcrWorker *
vn_ocr_worker_new (VnOcrEngine *engine)
{
  VnOcrWorker *worker;

  g_return_val_if_fail (VN_IS_OCR_ENGINE (engine), NULL);

  worker = g_new0 (VnOcrWorker, 1);
  worker->engine = g_object_ref (engine);
  return worker;
}

void
vn_ocr_worker_free (VnOcrWorker *worker)
{
  if (worker == NULL)
    return;
  if (worker->api != NULL)
    {
      TessBaseAPIEnd (worker->api);
      TessBaseAPIDelete (worker->api);
    }
  g_object_unref (worker->engine);
  g_free (worker);
}

/* One page read in the calling thread, with the engine's settings. The cache is the caller's
 * to consult (vn_ocr_engine_dup_cache_key, vn_ocr_cache_lookup and _store), so that it
 * decides when a write may happen. A cancelled page is not returned. */
VnOcrPage *
vn_ocr_worker_recognize (VnOcrWorker   *worker,
                         VnScanPage    *scan,
                         GCancellable  *cancellable,
                         GError       **error)
{
  VnOcrPage *page;
  PIX *pix;
  int dpi = 300;

  g_return_val_if_fail (worker != NULL && scan != NULL, NULL);

  if (worker->api == NULL &&
      (worker->api = create_api (worker->engine, worker->engine->psm, error)) == NULL)
    return NULL;
  if ((pix = vn_scan_page_load (scan, &dpi, error)) == NULL)
    return NULL;
  page = recognize_pix (worker->engine, worker->api, pix, dpi, scan->label, cancellable, error);
  pixDestroy (&pix);
  return page;
}
