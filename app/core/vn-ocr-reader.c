/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-reader.c: one thread's Tesseract: the instances it keeps loaded from page to page,
 * one per set of languages, and the reading of one image into a VnOcrPage. Loading a model
 * takes a few hundred milliseconds; a worker that keeps its instances pays that once. */
#include <glib/gi18n.h>
#include <tesseract/capi.h>

#include "vn-error.h"
#include "vn-ocr-reader.h"

/* Instances kept per thread: a batch of Russian, English and French projects reads each
 * page without a model load; more would only hold memory. */
#define MAX_MODELS 3

typedef struct
{
  char        *languages;
  TessBaseAPI *api;
} Model;

struct _VnOcrReader
{
  GPtrArray *models;   /* Model, the most recently used first */
};

void
vn_ocr_settings_copy (VnOcrSettings       *dest,
                      const VnOcrSettings *src)
{
  *dest = *src;
  dest->languages = g_strdup (src->languages);
}

void
vn_ocr_settings_clear (VnOcrSettings *settings)
{
  g_clear_pointer (&settings->languages, g_free);
}

static void
model_free (gpointer data)
{
  Model *model = data;

  TessBaseAPIEnd (model->api);
  TessBaseAPIDelete (model->api);
  g_free (model->languages);
  g_free (model);
}

VnOcrReader *
vn_ocr_reader_new (void)
{
  VnOcrReader *reader = g_new0 (VnOcrReader, 1);

  reader->models = g_ptr_array_new_with_free_func (model_free);
  return reader;
}

void
vn_ocr_reader_free (VnOcrReader *reader)
{
  if (reader == NULL)
    return;
  g_ptr_array_unref (reader->models);
  g_free (reader);
}

static TessBaseAPI *
create_api (const char  *languages,
            GError     **error)
{
  TessBaseAPI *api = TessBaseAPICreate ();

  if (TessBaseAPIInit3 (api, NULL, languages) != 0)
    {
      TessBaseAPIDelete (api);
      g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
                   _("Tesseract could not load the model “%s”; reinstall its tesseract-ocr "
                     "package."), languages);
      return NULL;
    }
  /* Typescripts are never white on black; trying each weak line inverted costs a quarter
   * of the time and reads nothing more (measured on the letter: same CER, 24% faster). */
  TessBaseAPISetVariable (api, "tessedit_do_invert", "0");
  /* Tesseract's diagnostics ("Detected 35 diacritics") are not for our users. */
  TessBaseAPISetVariable (api, "debug_file", "/dev/null");
  return api;
}

/* The instance for @languages, loaded if need be, first in the list from now on. */
static TessBaseAPI *
model_for (VnOcrReader  *reader,
           const char   *languages,
           GError      **error)
{
  Model *model = NULL;

  for (guint i = 0; i < reader->models->len && model == NULL; i++)
    if (g_str_equal (((Model *) g_ptr_array_index (reader->models, i))->languages, languages))
      model = g_ptr_array_steal_index (reader->models, i);
  if (model == NULL)
    {
      TessBaseAPI *api = create_api (languages, error);

      if (api == NULL)
        return NULL;
      model = g_new0 (Model, 1);
      model->languages = g_strdup (languages);
      model->api = api;
      if (reader->models->len == MAX_MODELS)
        g_ptr_array_remove_index (reader->models, MAX_MODELS - 1);
    }
  g_ptr_array_insert (reader->models, 0, model);
  return model->api;
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

static int
recognize (TessBaseAPI  *api,
           GCancellable *cancellable)
{
  ETEXT_DESC *monitor = TessMonitorCreate ();
  int status;

  if (cancellable != NULL)
    {
      TessMonitorSetCancelFunc (monitor, cancel_requested);
      TessMonitorSetCancelThis (monitor, cancellable);
    }
  status = TessBaseAPIRecognize (api, monitor);
  TessMonitorDelete (monitor);
  return status;
}

/* @pix read as @settings say, its words in @pix's own pixels. A cancelled reading is partial:
 * it is never returned. */
VnOcrPage *
vn_ocr_reader_read (VnOcrReader          *reader,
                    const VnOcrSettings  *settings,
                    PIX                  *pix,
                    int                   dpi,
                    const char           *label,
                    GCancellable         *cancellable,
                    GError              **error)
{
  TessBaseAPI *api = model_for (reader, settings->languages, error);
  VnPageTransform transform;
  double scale;
  PIX *clean;
  g_autoptr(VnOcrPage) page = NULL;
  int status;

  if (api == NULL)
    return NULL;
  scale = settings->rescale ? vn_preprocess_choose_scale (pix) : 1.0;
  clean = vn_preprocess_apply_scaled (pix, settings->preprocess, scale, &transform);
  page = vn_ocr_page_new (label, pixGetWidth (pix), pixGetHeight (pix), dpi);
  TessBaseAPISetPageSegMode (api, settings->psm);
  /* Per-character alternatives come from the LSTM only in this mode, which costs about 40%
   * more time on a page: they are asked for, not given by default. */
  TessBaseAPISetVariable (api, "lstm_choice_mode", settings->alternatives ? "2" : "0");
  TessBaseAPISetImage2 (api, clean);
  /* Only after SetImage; Tesseract takes less than 70 dpi for a mistake and guesses. */
  TessBaseAPISetSourceResolution (api, MAX (70, (int) (dpi * transform.scale + 0.5)));
  status = recognize (api, cancellable);
  pixDestroy (&clean);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return TessBaseAPIClear (api), NULL;
  if (status != 0)
    {
      TessBaseAPIClear (api);
      g_set_error (error, VN_ERROR, VN_ERROR_INTERNAL, _("Tesseract failed on %s."), label);
      return NULL;
    }
  vn_ocr_page_set_skew (page, transform.angle * 180.0 / G_PI);
  collect_words (api, page, &transform, settings->alternatives);
  TessBaseAPIClear (api);
  return g_steal_pointer (&page);
}
