/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-engine.c: OCR of scan pages with Tesseract: the settings, the cache keys, and the
 * pool of worker threads (vn-ocr-pool.c) that every caller reads through: a document being
 * read, the documents of a batch at once, a region the editor drew. Each thread keeps its
 * Tesseract instances (vn-ocr-reader.c), and each distinct image is read once per run. */
#include <string.h>

#include <glib/gi18n.h>
#include <tesseract/capi.h>

#include "vn-error.h"
#include "vn-image.h"
#include "vn-ocr-engine-private.h"
#include "vn-page-image-private.h"
#include "vn-ocr-pool.h"
#include "vn-runtime.h"

/* Bump when what is stored in a cache entry changes meaning. */
#define VN_OCR_CACHE_FORMAT "verno-ocr-6"
/* Bump when the way a page's scale is chosen (the x-height measure, the steps) changes. */
#define VN_RESCALE_RULE "2"

struct _VnOcrEngine
{
  GObject        parent_instance;
  VnOcrSettings  settings;
  guint          jobs;
  gboolean       background;
  VnOcrCache    *cache;
  VnOcrPool     *pool;   /* shared with the engines made by vn_ocr_engine_new_sharing () */
};

G_DEFINE_FINAL_TYPE (VnOcrEngine, vn_ocr_engine, G_TYPE_OBJECT)

/* The pool's threads end with its last engine: they are joined here. */
static void
vn_ocr_engine_finalize (GObject *object)
{
  VnOcrEngine *self = (VnOcrEngine *) object;

  vn_ocr_settings_clear (&self->settings);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->pool, vn_ocr_pool_unref);
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
  self->settings.psm = PSM_AUTO;
  self->settings.rescale = TRUE;
}

VnOcrEngine *
vn_ocr_engine_new (const char *languages)
{
  VnOcrEngine *self = g_object_new (VN_TYPE_OCR_ENGINE, NULL);

  self->settings.languages = g_strdup (languages && *languages ? languages : "rus");
  self->pool = vn_ocr_pool_new (self->jobs);
  return self;
}

/* An engine for @languages with @other's settings and cache, reading through @other's pool:
 * documents in several languages then share one set of threads, and a page two of them
 * ask for at once is read once. Its jobs are the pool's: setting them on either sets both. */
VnOcrEngine *
vn_ocr_engine_new_sharing (VnOcrEngine *other,
                           const char  *languages)
{
  VnOcrEngine *self;

  g_return_val_if_fail (VN_IS_OCR_ENGINE (other), NULL);

  self = g_object_new (VN_TYPE_OCR_ENGINE, NULL);
  vn_ocr_settings_copy (&self->settings, &other->settings);
  g_free (self->settings.languages);
  self->settings.languages = g_strdup (languages && *languages ? languages
                                                               : other->settings.languages);
  self->jobs = other->jobs;
  self->background = other->background;
  g_set_object (&self->cache, other->cache);
  self->pool = vn_ocr_pool_ref (other->pool);
  return self;
}

const char *
vn_ocr_engine_get_languages (VnOcrEngine *self)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), NULL);
  return self->settings.languages;
}

/* Pages read at once: the threads of the pool (started as pages come, kept until the
 * engine is finalized). */
void
vn_ocr_engine_set_jobs (VnOcrEngine *self,
                        guint        jobs)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  self->jobs = MAX (jobs, 1);
  vn_ocr_pool_set_max_threads (self->pool, self->jobs);
}

guint
vn_ocr_engine_get_jobs (VnOcrEngine *self)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), 1);
  return self->jobs;
}

/* The pool's threads now running: none before the first page to read. */
guint
vn_ocr_engine_get_n_threads (VnOcrEngine *self)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), 0);
  return vn_ocr_pool_get_n_threads (self->pool);
}

void
vn_ocr_engine_set_preprocess (VnOcrEngine       *self,
                              VnPreprocessFlags  flags)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  self->settings.preprocess = flags;
}

VnPreprocessFlags
vn_ocr_engine_get_preprocess (VnOcrEngine *self)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), 0);
  return self->settings.preprocess;
}

void
vn_ocr_engine_set_page_seg_mode (VnOcrEngine *self,
                                 int          psm)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  g_return_if_fail (psm >= 0 && psm < PSM_COUNT);
  self->settings.psm = psm;
}

/* Pages are read at a lower priority, for OCR behind an interactive window. */
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
  self->settings.alternatives = !!alternatives;
}

gboolean
vn_ocr_engine_get_alternatives (VnOcrEngine *self)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), FALSE);
  return self->settings.alternatives;
}

/* Pages whose text is larger than Tesseract needs are scaled down before OCR (on by
 * default); boxes are always in the scan's own pixels. */
void
vn_ocr_engine_set_rescale (VnOcrEngine *self,
                           gboolean     rescale)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  self->settings.rescale = !!rescale;
}

gboolean
vn_ocr_engine_get_rescale (VnOcrEngine *self)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), FALSE);
  return self->settings.rescale;
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

/* Until released, none of the pool's threads is writing a cache entry: one under way is
 * finished first, the next waits. For a process about to end with _exit (). */
void
vn_ocr_engine_hold_cache_writes (VnOcrEngine *self)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  vn_ocr_pool_hold_cache_writes (self->pool);
}

void
vn_ocr_engine_release_cache_writes (VnOcrEngine *self)
{
  g_return_if_fail (VN_IS_OCR_ENGINE (self));
  vn_ocr_pool_release_cache_writes (self->pool);
}

/* Before any page is read: a missing model gets a sentence naming its Debian package. */
static gboolean
check_languages (const char  *languages,
                 GError     **error)
{
  g_autofree char *dir = vn_runtime_tessdata_dir ();
  g_auto(GStrv) langs = g_strsplit (languages, "+", -1);

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
                       languages);
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

gboolean
vn_ocr_engine_check_languages (VnOcrEngine  *self,
                               GError      **error)
{
  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), FALSE);
  return check_languages (self->settings.languages, error);
}

/* The scale is a function of the image and of this rule, so the rule stands for it. */
static char *
rescale_rule (VnOcrEngine *self)
{
  if (!self->settings.rescale)
    return g_strdup ("none");
  return g_strdup_printf ("xh>%g:%g-%s", VN_PREPROCESS_MAX_X_HEIGHT,
                          VN_PREPROCESS_TARGET_X_HEIGHT, VN_RESCALE_RULE);
}

static char *
cache_key_for (VnOcrEngine *self,
               const char  *content_hash)
{
  const VnOcrSettings *s = &self->settings;
  g_autofree char *flags = vn_preprocess_flags_to_string (s->preprocess);
  g_autofree char *scale = rescale_rule (self);
  g_autofree char *material = g_strdup_printf ("%s|%s|%s|psm=%d|pre=%s|alt=%d|scale=%s|tess=%s",
                                               VN_OCR_CACHE_FORMAT, content_hash,
                                               s->languages, s->psm, flags, s->alternatives,
                                               scale, TessVersion ());

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, material, -1);
}

/* A failed call's results have holes where pages were never read. */
static void
unref_result (gpointer page)
{
  if (page != NULL)
    g_object_unref (page);
}

/* Every page asked for, keyed by its image's content and the settings. */
static gboolean
ask_for_pages (VnOcrEngine  *self,
               VnOcrCall    *call,
               GPtrArray    *scans,
               GError      **error)
{
  for (guint i = 0; i < scans->len; i++)
    {
      g_autofree char *key = vn_ocr_engine_dup_cache_key (self, g_ptr_array_index (scans, i),
                                                          error);
      VnOcrAsk ask = {
        .key = key, .scan = g_ptr_array_index (scans, i), .settings = &self->settings,
        .cache = self->cache, .background = self->background,
      };

      if (key == NULL)
        return FALSE;
      vn_ocr_call_add (call, i, &ask);
    }
  return TRUE;
}

/* OCR of every page, in order, by the engine's pool: pages already read in this run, or
 * being read for another caller, are not read again; nor are those in the cache. Returns
 * when every page is done, or at the first error or the cancellation, which give up this
 * call's pages alone. */
GPtrArray *
vn_ocr_engine_recognize (VnOcrEngine        *self,
                         GPtrArray          *scan_pages,
                         VnOcrProgressFunc   progress,
                         gpointer            user_data,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(VnOcrCall) call = NULL;
  g_autoptr(GError) local_error = NULL;
  VnOcrPage *page;
  guint ticket, done = 0;

  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), NULL);
  g_return_val_if_fail (scan_pages != NULL, NULL);

  if (!vn_ocr_engine_check_languages (self, error))
    return NULL;
  results = g_ptr_array_new_full (scan_pages->len, unref_result);
  g_ptr_array_set_size (results, scan_pages->len);
  call = vn_ocr_call_new (self->pool, cancellable);
  if (!ask_for_pages (self, call, scan_pages, error))
    return NULL;
  while (vn_ocr_call_next (call, &ticket, &page, &local_error))
    {
      g_ptr_array_index (results, ticket) = page;
      if (progress != NULL)
        progress (++done, scan_pages->len, g_ptr_array_index (scan_pages, ticket), page,
                  user_data);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&results);
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
  return vn_ocr_engine_recognize_pix_full (self, pix, dpi, label, -1, NULL, cancellable, error);
}

/* The same with another page segmentation mode (@psm; -1 for the engine's) and other
 * @languages (NULL for the engine's), e.g. a line or a word read again. Through the pool,
 * ahead of the pages waiting: the editor waits for it. */
VnOcrPage *
vn_ocr_engine_recognize_pix_full (VnOcrEngine   *self,
                                  PIX           *pix,
                                  int            dpi,
                                  const char    *label,
                                  int            psm,
                                  const char    *languages,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  VnOcrSettings settings;
  g_autoptr(VnOcrCall) call = NULL;
  VnOcrAsk ask = {
    .pix = pix, .dpi = dpi, .label = label, .settings = &settings,
    .background = self->background, .urgent = TRUE,
  };
  VnOcrPage *page;
  guint ticket;

  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), NULL);
  g_return_val_if_fail (pix != NULL, NULL);
  g_return_val_if_fail (psm < PSM_COUNT, NULL);

  settings = self->settings;
  settings.languages = (char *) (languages ? languages : self->settings.languages);
  settings.psm = psm >= 0 ? psm : self->settings.psm;
  if (!check_languages (settings.languages, error))
    return NULL;
  call = vn_ocr_call_new (self->pool, cancellable);
  vn_ocr_call_add (call, 0, &ask);
  if (!vn_ocr_call_next (call, &ticket, &page, error))
    return NULL;
  return page;
}

/* The same for a VnPageImage, at its own resolution. */
VnOcrPage *
vn_ocr_engine_recognize_image (VnOcrEngine   *self,
                               VnPageImage   *image,
                               const char    *label,
                               int            psm,
                               const char    *languages,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_return_val_if_fail (VN_IS_PAGE_IMAGE (image), NULL);

  return vn_ocr_engine_recognize_pix_full (self, vn_page_image_get_pix (image),
                                           vn_page_image_get_resolution (image), label, psm,
                                           languages, cancellable, error);
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

/* @region of @pix asked of the pool, as @ticket of @call (the pool copies the crop). */
static gboolean
ask_region (VnOcrEngine  *self,
            VnOcrCall    *call,
            guint         ticket,
            PIX          *pix,
            int           dpi,
            const VnBox  *region,
            const char   *label,
            GError      **error)
{
  PIX *crop = vn_image_crop (pix, region, 0);
  VnOcrAsk ask = {
    .pix = crop, .dpi = dpi, .label = label, .settings = &self->settings,
    .background = self->background, .urgent = TRUE,
  };

  if (crop == NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("The region %d,%d %d×%d lies outside "
                   "%s; read the page again."), region->x, region->y, region->w, region->h,
                   label);
      return FALSE;
    }
  vn_ocr_call_add (call, ticket, &ask);
  pixDestroy (&crop);
  return TRUE;
}

/* The regions of @scan not in @pages yet, read at once by the pool's threads (a line takes
 * a tenth of a second: one after the other, a page's disputed lines kept one core busy and
 * the others idle), each placed on the page and cached as it comes. */
static gboolean
read_missing_regions (VnOcrEngine   *self,
                      VnScanPage    *scan,
                      const VnBox   *regions,
                      GPtrArray     *pages,
                      GPtrArray     *keys,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(VnOcrCall) call = NULL;
  PIX *pix = NULL;
  int dpi = 300;
  guint asked = 0, ticket;
  VnOcrPage *read;
  gboolean ok = TRUE;

  for (guint i = 0; i < pages->len && ok; i++)
    {
      if (g_ptr_array_index (pages, i) != NULL)
        continue;
      if (pix == NULL && (pix = vn_scan_page_load (scan, &dpi, error)) == NULL)
        return FALSE;
      if (call == NULL)
        call = vn_ocr_call_new (self->pool, cancellable);
      ok = ask_region (self, call, i, pix, dpi, &regions[i], scan->label, error);
      asked += ok;
    }
  for (; ok && asked > 0; asked--)
    {
      VnOcrPage *placed;

      if (!(ok = vn_ocr_call_next (call, &ticket, &read, error)))
        break;
      placed = place_region (read, &regions[ticket], pixGetWidth (pix), pixGetHeight (pix), dpi);
      g_object_unref (read);
      g_ptr_array_index (pages, ticket) = placed;
      if (self->cache != NULL &&
          !vn_ocr_cache_store (self->cache, g_ptr_array_index (keys, ticket), placed, NULL))
        g_debug ("A re-read region of %s could not be cached", scan->label);
    }
  pixDestroy (&pix);
  return ok;
}

/* Regions of one page read again with this engine's settings (a line with another page
 * segmentation mode, binarisation or model, say), cached each; their words are in the
 * page's pixels. Through the pool, ahead of the pages waiting, all at once. */
GPtrArray *
vn_ocr_engine_recognize_regions (VnOcrEngine   *self,
                                 VnScanPage    *scan,
                                 const VnBox   *regions,
                                 guint          n_regions,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_full (n_regions, unref_result);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_full (n_regions, g_free);
  g_autofree char *hash = NULL;

  g_return_val_if_fail (VN_IS_OCR_ENGINE (self), NULL);
  g_return_val_if_fail (scan != NULL, NULL);

  if (!vn_ocr_engine_check_languages (self, error) ||
      (hash = vn_ocr_pool_dup_content_hash (self->pool, scan, error)) == NULL)
    return NULL;
  for (guint i = 0; i < n_regions; i++)
    {
      char *key = region_cache_key (self, hash, &regions[i]);

      g_ptr_array_add (keys, key);
      g_ptr_array_add (pages, self->cache ? vn_ocr_cache_lookup (self->cache, key) : NULL);
    }
  if (!read_missing_regions (self, scan, regions, pages, keys, cancellable, error))
    return NULL;
  return g_steal_pointer (&pages);
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

  hash = vn_ocr_pool_dup_content_hash (self->pool, scan, error);
  return hash ? cache_key_for (self, hash) : NULL;
}
