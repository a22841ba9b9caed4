/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-verdicts.c: how far the verdicts can be trusted on real scans (../shared/corpus), with
 * transcriptions made by people.
 *
 * For every document: (1) harm: its ground truth taken as the published text, the words that
 * `verno correct --accept likely` changes and the "transcription-error" verdicts (all false);
 * (2) realistic errors: the ground truth with a dozen words replaced by what a second OCR read
 * there (Tesseract on a degraded copy of the scan: halved, blurred, contrast squeezed), scored
 * for recall, verdict with the right suggestion, false verdicts elsewhere and review depth;
 * (3) calibration: of the "transcription-error" verdicts, the share that are right, per score
 * band. The truth is the corpus's, less the mistakes of its own that tests/data/verdicts-errata.tsv
 * lists with what the scan shows. Fails on a regression against tests/data/verdicts-baseline.tsv
 * (VN_WRITE_BASELINE=1 rewrites it); with -m perf (the benchmark) it prints every verdict and runs more trials.
 * To look closer: VN_VERDICT_ONLY=text keeps the documents whose name has it,
 * VN_VERDICT_REASONS=1 prints each verdict's reasons, VN_VERDICT_QUEUE=1 the rest of the
 * queue's top (and the top of the right text's), VN_VERDICT_ERRORS=1 a tab-separated line per published error (truth,
 * published, OCR, rank, score, verdict, suggestion, kind). */
#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <leptonica/allheaders.h>

#include "vn-alignment.h"
#include "vn-test-util.h"
#include "vn-text.h"

/* Published errors per trial, as the "a dozen words". */
#define ERRORS_PER_TRIAL 12
/* A figure may move this much before it counts as a regression. */
#define TOLERANCE 0.02

typedef struct
{
  const char *folder;
  const char *image_suffix;
  const char *truth_suffix;
  const char *languages;
  int         psm;
  gboolean    one_document;   /* every image is a page of one document (line images) */
  gboolean    benchmark_only; /* another model's figures, for the full table */
} CorpusSet;

static const CorpusSet sets[] = {
  { "en-typewritten", ".jpg", ".txt", "eng", 3, FALSE, FALSE },
  { "fr-typewritten", ".jpg", ".txt", "fra", 3, FALSE, FALSE },
  { "ru-print-18c", ".jpeg", ".txt", "rus", 3, FALSE, FALSE },
  { "kpv-newspaper-lines", ".tif", ".gt.txt", "rus", 7, TRUE, FALSE },
  /* Debian's Cyrillic script model (tesseract-ocr-script-cyrl) writes і and ӧ. */
  { "ru-print-18c", ".jpeg", ".txt", "Cyrillic", 3, FALSE, TRUE },
  { "kpv-newspaper-lines", ".tif", ".gt.txt", "Cyrillic", 7, TRUE, TRUE },
};

typedef struct
{
  char       *id;
  const CorpusSet *set;
  GPtrArray  *images;     /* paths */
  char       *truth;      /* pages separated by form feeds */
  GPtrArray  *scans;      /* VnScanPage */
  GPtrArray  *pages;      /* VnOcrPage, the OCR Verno collates against */
  GPtrArray  *second;     /* VnOcrPage, of the degraded copies */
} Document;

static void
document_free (gpointer data)
{
  Document *d = data;

  g_free (d->id);
  g_clear_pointer (&d->images, g_ptr_array_unref);
  g_free (d->truth);
  g_clear_pointer (&d->scans, g_ptr_array_unref);
  g_clear_pointer (&d->pages, g_ptr_array_unref);
  g_clear_pointer (&d->second, g_ptr_array_unref);
  g_free (d);
}

/* Figures of one document. */
typedef struct
{
  guint  words;
  double cer;             /* of the OCR against the truth */
  guint  harm_verdicts;   /* transcription-error verdicts on the right text */
  guint  harm_words;      /* words accept likely changes there, in process */
  int    harm_cli_words;  /* the same, by verno correct; -1 when not run */
  guint  errors;          /* published errors, over all trials */
  guint  found;
  guint  right;           /* verdict transcription-error with the truth as suggestion */
  guint  false_verdicts;  /* transcription-error verdicts on words that were right */
  guint  trials;
  double depth_ratio;     /* mean over trials of (rank of the last error found) / errors */
} Figures;

#define N_BANDS 6
static const double band_floor[N_BANDS] = { 0, 0.5, 0.7, 0.8, 0.9, 0.95 };

typedef struct
{
  guint verdicts[N_BANDS];   /* transcription-error verdicts per score band */
  guint right[N_BANDS];      /* of them, on a published error */
  guint all[N_BANDS];        /* every discrepancy, whatever its verdict */
  guint all_errors[N_BANDS]; /* of them, on a published error */
} Calibration;

/* ------------------------------------------------------------------ the corpus */

static GPtrArray *
list_images (const CorpusSet *set)
{
  g_autofree char *sub = g_build_filename ("corpus", set->folder, NULL);
  g_autofree char *dir = vn_test_shared_path (sub);

  return vn_test_list_files (dir, set->image_suffix);
}

/* @text with the words tests/data/verdicts-errata.tsv lists for @image corrected: where the
 * ground truth itself is wrong, a verdict against it is right, not harm. Each word must be
 * there, so that a corrected corpus shows here. */
static char *
apply_errata (const char *image,
              char       *text)
{
  g_autofree char *path = vn_test_source_path ("tests/data/verdicts-errata.tsv");
  g_autofree char *data = vn_test_read_file (path);
  g_autofree char *base = g_path_get_basename (image);
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);
      g_autoptr(GString) fixed = NULL;

      if (lines[i][0] == '#' || g_strv_length (cols) < 3 || !g_str_equal (cols[0], base))
        continue;
      fixed = g_string_new (text);
      g_assert_cmpuint (g_string_replace (fixed, cols[1], cols[2], 1), ==, 1);
      g_free (text);
      text = g_string_free (g_steal_pointer (&fixed), FALSE);
    }
  return text;
}

static char *
read_truth (const char      *image,
            const CorpusSet *set)
{
  g_autofree char *stem = g_strndup (image, strlen (image) - strlen (set->image_suffix));
  g_autofree char *path = g_strconcat (stem, set->truth_suffix, NULL);
  g_autofree char *raw = vn_test_read_file (path);

  g_strchomp (raw);
  return apply_errata (image, vn_text_nfc (raw, -1));
}

/* The scan made worse as a second-rate copy would be: half the resolution (0.7 of a scan
 * whose short side is under 1500 pixels, already coarse), blurred, its contrast squeezed
 * into the middle grays. Written once as PNG in the build tree. */
static char *
degraded_copy (const char *image)
{
  g_autofree char *dir = vn_test_build_path ("test-verdicts-degraded");
  g_autofree char *base = g_path_get_basename (image);
  g_autofree char *name = g_strconcat (base, ".png", NULL);
  char *path = g_build_filename (dir, name, NULL);
  PIX *pix, *gray, *half, *blurred;
  double scale;
  int dpi;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  g_mkdir_with_parents (dir, 0755);
  pix = pixRead (image);
  g_assert_nonnull (pix);
  gray = pixConvertTo8 (pix, FALSE);
  scale = MIN (pixGetWidth (pix), pixGetHeight (pix)) >= 1500 ? 0.5 : 0.7;
  half = pixScale (gray, scale, scale);
  blurred = pixBlockconv (half, 1, 1);
  pixMultConstantGray (blurred, 0.55);
  pixAddConstantGray (blurred, 70);
  /* As Verno reads a resolution (300 dpi where the file gives none), halved; none when
   * that is below what Verno believes. */
  dpi = (pixGetXRes (pix) >= 70 && pixGetXRes (pix) <= 2400 ? pixGetXRes (pix) : 300) * scale;
  pixSetResolution (blurred, dpi >= 70 ? dpi : 0, dpi >= 70 ? dpi : 0);
  g_assert_cmpint (pixWrite (path, blurred, IFF_PNG), ==, 0);
  pixDestroy (&pix);
  pixDestroy (&gray);
  pixDestroy (&half);
  pixDestroy (&blurred);
  return path;
}

static GPtrArray *
recognize (const char        *languages,
           int                psm,
           VnPreprocessFlags  preprocess,
           GPtrArray         *scans)
{
  g_autoptr(VnOcrEngine) engine = vn_test_engine (languages);
  g_autoptr(GError) error = NULL;
  GPtrArray *pages;

  vn_ocr_engine_set_page_seg_mode (engine, psm);
  vn_ocr_engine_set_preprocess (engine, preprocess);
  pages = vn_ocr_engine_recognize (engine, scans, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return pages;
}

/* The second OCR as an archive would run it: of the image as it is and of its normalised
 * contrast, the reading with more words (blur defeats Tesseract's own thresholding on
 * some pages, and Leptonica's normalisation on others). */
static GPtrArray *
recognize_degraded (const char *languages,
                    int         psm,
                    GPtrArray  *scans)
{
  GPtrArray *plain = recognize (languages, psm, VN_PREPROCESS_NONE, scans);
  g_autoptr(GPtrArray) normalized = recognize (languages, psm, VN_PREPROCESS_NORMALIZE, scans);

  for (guint i = 0; i < plain->len; i++)
    if (vn_ocr_page_get_n_words (g_ptr_array_index (normalized, i)) >
        vn_ocr_page_get_n_words (g_ptr_array_index (plain, i)))
      {
        g_object_unref (g_ptr_array_index (plain, i));
        g_ptr_array_index (plain, i) = g_object_ref (g_ptr_array_index (normalized, i));
      }
  return plain;
}

static void
read_document (Document *d)
{
  g_autoptr(GPtrArray) degraded = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) degraded_scans = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (d->images, NULL);
  d->scans = vn_scan_expand_files ((const char * const *) d->images->pdata, &error);
  g_assert_no_error (error);
  g_ptr_array_remove_index (d->images, d->images->len - 1);
  for (guint i = 0; i < d->images->len; i++)
    g_ptr_array_add (degraded, degraded_copy (g_ptr_array_index (d->images, i)));
  g_ptr_array_add (degraded, NULL);
  degraded_scans = vn_scan_expand_files ((const char * const *) degraded->pdata, &error);
  g_assert_no_error (error);
  d->pages = recognize (d->set->languages, d->set->psm, VN_PREPROCESS_NONE, d->scans);
  d->second = recognize_degraded (d->set->languages, d->set->psm, degraded_scans);
}

static Document *
new_document (const CorpusSet *set,
              const char      *id)
{
  Document *d = g_new0 (Document, 1);

  d->set = set;
  d->id = g_strdup (id);
  d->images = g_ptr_array_new_with_free_func (g_free);
  return d;
}

static GPtrArray *
load_documents (void)
{
  GPtrArray *documents = g_ptr_array_new_with_free_func (document_free);

  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      g_autoptr(GPtrArray) images = NULL;
      Document *d = NULL;

      if (sets[s].benchmark_only && !g_test_perf ())
        continue;
      images = list_images (&sets[s]);
      for (guint i = 0; i < images->len; i++)
        {
          const char *image = g_ptr_array_index (images, i);
          g_autofree char *base = g_path_get_basename (image);
          g_autofree char *text = read_truth (image, &sets[s]);

          if (!sets[s].one_document || d == NULL)
            {
              g_autofree char *id = g_strdup_printf ("%s%s%s%s%s", sets[s].folder,
                                                     sets[s].one_document ? "" : "/",
                                                     sets[s].one_document ? "" : base,
                                                     sets[s].benchmark_only ? " -l " : "",
                                                     sets[s].benchmark_only
                                                     ? sets[s].languages : "");
              d = new_document (&sets[s], id);
              g_ptr_array_add (documents, d);
            }
          g_ptr_array_add (d->images, g_strdup (image));
          if (d->truth != NULL)
            {
              g_autofree char *joined = g_strconcat (d->truth, "\n\f", text, NULL);
              g_free (d->truth);
              d->truth = g_steal_pointer (&joined);
            }
          else
            d->truth = g_steal_pointer (&text);
        }
    }
  /* VN_VERDICT_ONLY=text: the documents whose name has it, to look at a few in the benchmark. */
  for (guint i = documents->len; g_getenv ("VN_VERDICT_ONLY") && i-- > 0;)
    if (!strstr (((Document *) g_ptr_array_index (documents, i))->id, g_getenv ("VN_VERDICT_ONLY")))
      g_ptr_array_remove_index (documents, i);
  for (guint i = 0; i < documents->len; i++)
    read_document (g_ptr_array_index (documents, i));
  return documents;
}

/* ------------------------------------------------------------------ verdicts */

static VnTranscription *
transcription_from (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  VnTranscription *t = vn_transcription_new_from_bytes (bytes, "published.txt", &error);

  g_assert_no_error (error);
  return t;
}

/* As `verno correct` judges: the dictionaries of the OCR languages, then a second reading
 * of the disputed words. */
static VnCollation *
judge (Document   *d,
       const char *text)
{
  g_autoptr(VnTranscription) t = transcription_from (text);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new_for_ocr_languages (d->set->languages, NULL);
  g_autoptr(VnOcrEngine) engine = vn_test_engine (d->set->languages);
  g_autoptr(VnCollation) collation = vn_collation_new_full (t, d->pages, spell,
                                                            d->set->languages);
  g_autoptr(GError) error = NULL;

  vn_ocr_engine_set_page_seg_mode (engine, d->set->psm);
  vn_collation_reread (collation, engine, d->scans, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&collation);
}

typedef struct
{
  guint start, end;
} Range;

static gboolean
overlaps (guint s1,
          guint e1,
          guint s2,
          guint e2)
{
  return (s1 < e2 && s2 < e1) || (s1 == s2 && e1 == e2) ||
         (s1 == e1 && s2 < s1 && s1 < e2) || (s2 == e2 && s1 < s2 && s2 < e1);
}

/* What accept likely makes of @text: the likely transcription errors' suggestions in score
 * order, each unless a better one overlaps it, as `verno correct` takes them. */
static char *
accept_likely (VnCollation *collation,
               const char  *text)
{
  GListModel *list = G_LIST_MODEL (collation);
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (Range));
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) out = g_string_new (text);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (list, i);
      guint s = vn_discrepancy_get_start (d), e = vn_discrepancy_get_end (d);
      gboolean free_range = TRUE;
      Range r = { s, e };

      if (vn_discrepancy_get_likely (d) != VN_LIKELY_TRANSCRIPTION_ERROR ||
          strncmp (text + s, vn_discrepancy_get_suggestion (d), e - s) == 0)
        continue;
      for (guint k = 0; k < taken->len && free_range; k++)
        free_range = !overlaps (s, e, g_array_index (taken, Range, k).start,
                                g_array_index (taken, Range, k).end);
      if (!free_range)
        continue;
      g_array_append_val (taken, r);
      g_ptr_array_add (chosen, g_steal_pointer (&d));
    }
  /* From the end, so that earlier offsets stay right. */
  for (guint i = chosen->len; i-- > 0;)
    {
      VnDiscrepancy *d = g_ptr_array_index (chosen, i);
      guint best = i;

      for (guint k = 0; k < i; k++)
        if (vn_discrepancy_get_start (g_ptr_array_index (chosen, k)) >
            vn_discrepancy_get_start (g_ptr_array_index (chosen, best)))
          best = k;
      d = g_ptr_array_index (chosen, best);
      g_string_erase (out, vn_discrepancy_get_start (d),
                      vn_discrepancy_get_end (d) - vn_discrepancy_get_start (d));
      g_string_insert (out, vn_discrepancy_get_start (d), vn_discrepancy_get_suggestion (d));
      g_ptr_array_remove_index_fast (chosen, best);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GStrv
words_of (const char *text)
{
  g_autofree char *flat = vn_test_normalize_for_cer (text);
  return g_strsplit (flat, " ", -1);
}

/* Words of @before that @after does not have in the same place, or has more of. */
static guint
words_changed (const char *before,
               const char *after)
{
  g_auto(GStrv) a = words_of (before);
  g_auto(GStrv) b = words_of (after);
  g_autoptr(GArray) hunks = vn_align_words ((const char * const *) a, g_strv_length (a),
                                            (const char * const *) b, g_strv_length (b));
  guint changed = 0;

  for (guint i = 0; i < hunks->len; i++)
    {
      const VnAlignHunk *h = &g_array_index (hunks, VnAlignHunk, i);
      if (h->op != VN_ALIGN_EQUAL)
        changed += MAX (h->a_len, h->b_len);
    }
  return changed;
}

/* verno correct --accept likely on the right text, from the command line. */
static int
cli_harm (Document   *d,
          const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-verdicts-XXXXXX", &error);
  g_autofree char *published = g_build_filename (dir, "published.txt", NULL);
  g_autofree char *output = g_build_filename (dir, "verified.txt", NULL);
  g_autofree char *psm = g_strdup_printf ("%d", d->set->psm);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *verified = NULL;
  g_auto(VnTestRun) run = { 0 };
  guint changed;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (published, text, -1, NULL));
  for (const char **a = (const char *[]) { "correct", "--accept", "likely", "-q", "-l",
                                           d->set->languages, "--psm", psm, "-t", published,
                                           "-o", output, "-d", "/dev/null", NULL }; *a; a++)
    g_ptr_array_add (args, (gpointer) *a);
  for (guint i = 0; i < d->images->len; i++)
    g_ptr_array_add (args, g_ptr_array_index (d->images, i));
  g_ptr_array_add (args, NULL);
  vn_test_run_verno (&run, NULL, FALSE, (const char * const *) args->pdata);
  g_assert_cmpint (run.status, ==, 0);
  verified = vn_test_read_file (output);
  changed = words_changed (text, verified);
  vn_test_remove_tree (dir);
  return changed;
}

/* ------------------------------------------------------------------ published errors */

typedef struct
{
  guint  start, end;   /* in the published text */
  char  *truth;        /* the word the truth has there */
  char  *published;
} PublishedError;

static void
clear_published_error (gpointer data)
{
  PublishedError *e = data;

  g_free (e->truth);
  g_free (e->published);
}

typedef struct
{
  guint  token;        /* in the truth */
  char  *reading;      /* the second OCR's reading of the word's core */
} Candidate;

static void
clear_candidate (gpointer data)
{
  g_free (((Candidate *) data)->reading);
}

static gboolean
has_letters (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static char *
core_of (const char *word)
{
  gsize s, e;

  vn_text_word_core (word, strlen (word), &s, &e);
  return vn_text_nfc (word + s, e - s);
}

/* One-to-one word substitutions between the truth and the second OCR, page by page. */
static GArray *
find_candidates (Document        *d,
                 VnTranscription *truth)
{
  GArray *candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  guint n = vn_transcription_get_n_tokens (truth), t0 = 0;

  g_array_set_clear_func (candidates, clear_candidate);
  for (guint p = 0; p < d->second->len; p++)
    {
      VnOcrPage *page = g_ptr_array_index (d->second, p);
      guint t1 = t0, n_words = vn_ocr_page_get_n_words (page);
      g_autoptr(GPtrArray) a = g_ptr_array_new ();
      g_autoptr(GPtrArray) b = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) hunks = NULL;

      while (t1 < n && (d->second->len == 1 || vn_transcription_get_token (truth, t1)->page == p))
        g_ptr_array_add (a, (gpointer) vn_transcription_get_token (truth, t1++)->key);
      for (guint w = 0; w < n_words; w++)
        g_ptr_array_add (b, vn_text_comparison_key (vn_ocr_page_get_word (page, w)->text));
      hunks = vn_align_words ((const char * const *) a->pdata, a->len,
                              (const char * const *) b->pdata, b->len);
      for (guint h = 0; h < hunks->len; h++)
        {
          const VnAlignHunk *hunk = &g_array_index (hunks, VnAlignHunk, h);

          for (guint k = 0; hunk->op == VN_ALIGN_REPLACE && hunk->a_len == hunk->b_len &&
               k < hunk->a_len; k++)
            {
              const VnToken *token = vn_transcription_get_token (truth, t0 + hunk->a_start + k);
              const VnOcrWord *word = vn_ocr_page_get_word (page, hunk->b_start + k);
              g_autofree char *truth_core = core_of (token->text);
              Candidate c = { t0 + hunk->a_start + k, core_of (word->text) };

              if (has_letters (truth_core) && has_letters (c.reading) &&
                  !g_str_equal (truth_core, c.reading) && !strchr (c.reading, '\n'))
                g_array_append_val (candidates, c);
              else
                g_free (c.reading);
            }
        }
      t0 = t1;
    }
  return candidates;
}

/* The truth with up to ERRORS_PER_TRIAL of @candidates written in, never two neighbours. */
static char *
publish_with_errors (VnTranscription *truth,
                     GArray          *candidates,
                     GRand           *rand,
                     GArray          *errors)
{
  gsize len;
  const char *text = vn_transcription_get_text (truth, &len);
  guint n = candidates->len, wanted = MIN (ERRORS_PER_TRIAL, n);
  g_autofree gboolean *picked = g_new0 (gboolean, vn_transcription_get_n_tokens (truth) + 2);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) out = g_string_new (NULL);
  guint at = 0;

  for (guint i = 0; i < n; i++)
    g_array_append_val (order, i);
  for (guint i = 0; i + 1 < n; i++)   /* Fisher-Yates */
    {
      guint j = g_rand_int_range (rand, i, n), tmp = g_array_index (order, guint, i);
      g_array_index (order, guint, i) = g_array_index (order, guint, j);
      g_array_index (order, guint, j) = tmp;
    }
  for (guint i = 0, taken = 0; i < n && taken < wanted; i++)
    {
      guint token = g_array_index (candidates, Candidate, g_array_index (order, guint, i)).token;

      if (picked[token + 1] || picked[token] || picked[token + 2])
        continue;
      picked[token + 1] = TRUE;
      taken++;
    }
  for (guint i = 0; i < n; i++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, i);
      const VnToken *token = vn_transcription_get_token (truth, c->token);
      PublishedError e = { 0 };

      if (!picked[c->token + 1])
        continue;
      picked[c->token + 1] = FALSE;   /* a token may be listed once only */
      g_string_append_len (out, text + at, token->core_start - at);
      e.start = out->len;
      g_string_append (out, c->reading);
      e.end = out->len;
      e.truth = vn_text_nfc (text + token->core_start, token->core_end - token->core_start);
      e.published = g_strdup (c->reading);
      g_array_append_val (errors, e);
      at = token->core_end;
    }
  g_string_append_len (out, text + at, len - at);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static guint
band_of (double score)
{
  guint b = 0;

  while (b + 1 < N_BANDS && score >= band_floor[b + 1])
    b++;
  return b;
}

static int
error_at (GArray        *errors,
          VnDiscrepancy *d)
{
  for (guint i = 0; i < errors->len; i++)
    {
      const PublishedError *e = &g_array_index (errors, PublishedError, i);
      if (overlaps (vn_discrepancy_get_start (d), vn_discrepancy_get_end (d), e->start, e->end))
        return i;
    }
  return -1;
}

static void
print_discrepancy (guint          rank,
                   VnDiscrepancy *d,
                   const char    *mark)
{
  if (!g_test_perf ())
    return;
  g_print ("#   %3u %.2f %-19s %-24s %s → %s (ocr %s)%s\n", rank, vn_discrepancy_get_score (d),
           vn_likely_to_string (vn_discrepancy_get_likely (d)),
           vn_discrepancy_kind_to_string (vn_discrepancy_get_kind (d)),
           vn_discrepancy_get_transcription (d), vn_discrepancy_get_suggestion (d),
           vn_discrepancy_get_ocr (d), mark);
  if (g_getenv ("VN_VERDICT_REASONS"))
    for (const char * const *r = vn_discrepancy_get_reasons (d); *r; r++)
      g_print ("#         %s\n", *r);
}

/* The OCR's reading of the published word at @start. */
static const char *
ocr_at (VnCollation *collation,
        guint        start)
{
  VnTranscription *t = vn_collation_get_transcription (collation);

  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    if (vn_transcription_get_token (t, i)->core_start == start)
      {
        const VnTokenPlacement *pl = vn_collation_get_placement (collation, i);
        return pl->first_ocr < 0 ? "" : vn_collation_get_ocr_word (collation, pl->first_ocr,
                                                                    NULL)->text;
      }
  return "";
}

static void
dump_errors (VnCollation *collation,
             GArray      *errors,
             const int   *rank)
{
  for (guint i = 0; i < errors->len; i++)
    {
      const PublishedError *e = &g_array_index (errors, PublishedError, i);
      g_autoptr(VnDiscrepancy) d = rank[i] >= 0 ? g_list_model_get_item (G_LIST_MODEL (collation),
                                                                          rank[i]) : NULL;

      g_print ("@@ %s\t%s\t%s\t%d\t%.3f\t%s\t%s\t%s\n", e->truth, e->published,
               ocr_at (collation, e->start), rank[i] + 1, d ? vn_discrepancy_get_score (d) : -1,
               d ? vn_likely_to_string (vn_discrepancy_get_likely (d)) : "-",
               d ? vn_discrepancy_get_suggestion (d) : "-",
               d ? vn_discrepancy_kind_to_string (vn_discrepancy_get_kind (d)) : "-");
    }
}

/* Scores one published text with its errors into @f and @cal. */
static void
score_trial (Document    *d,
             const char  *published,
             GArray      *errors,
             Figures     *f,
             Calibration *cal)
{
  g_autoptr(VnCollation) collation = judge (d, published);
  GListModel *list = G_LIST_MODEL (collation);
  g_autofree int *rank = g_new (int, errors->len + 1);
  guint last = 0, found = 0;

  for (guint i = 0; i < errors->len; i++)
    rank[i] = -1;
  for (guint r = 0; r < g_list_model_get_n_items (list); r++)
    {
      g_autoptr(VnDiscrepancy) disc = g_list_model_get_item (list, r);
      int e = error_at (errors, disc);
      guint band = band_of (vn_discrepancy_get_score (disc));
      gboolean accused = vn_discrepancy_get_likely (disc) == VN_LIKELY_TRANSCRIPTION_ERROR;

      cal->all[band]++;
      cal->all_errors[band] += e >= 0;
      cal->verdicts[band] += accused;
      cal->right[band] += accused && e >= 0;
      if (e < 0)
        {
          f->false_verdicts += accused;
          if (accused)
            print_discrepancy (r + 1, disc, "  [FALSE]");
          else if (g_getenv ("VN_VERDICT_QUEUE") && r < 30)
            print_discrepancy (r + 1, disc, "  [noise]");
          continue;
        }
      if (rank[e] >= 0)
        continue;
      rank[e] = r;
      found++;
      last = r + 1;
      if (accused && g_str_equal (vn_discrepancy_get_suggestion (disc),
                                  g_array_index (errors, PublishedError, e).truth))
        f->right++;
      else
        print_discrepancy (r + 1, disc, "  [error, not right]");
    }
  for (guint i = 0; i < errors->len; i++)
    if (rank[i] < 0 && g_test_perf ())
      g_print ("#   --- not found: %s (truth %s, ocr %s)\n",
               g_array_index (errors, PublishedError, i).published,
               g_array_index (errors, PublishedError, i).truth,
               ocr_at (collation, g_array_index (errors, PublishedError, i).start));
  if (g_getenv ("VN_VERDICT_ERRORS"))
    dump_errors (collation, errors, rank);
  f->errors += errors->len;
  f->found += found;
  f->depth_ratio += errors->len ? (double) last / errors->len : 0;
  f->trials++;
}

static void
measure_harm (Document    *d,
              Figures     *f,
              Calibration *cal)
{
  g_autoptr(VnCollation) collation = judge (d, d->truth);
  GListModel *list = G_LIST_MODEL (collation);
  g_autofree char *corrected = accept_likely (collation, d->truth);
  g_autofree char *ocr = NULL;
  g_autoptr(GString) all_ocr = g_string_new (NULL);

  for (guint r = 0; r < g_list_model_get_n_items (list); r++)
    {
      g_autoptr(VnDiscrepancy) disc = g_list_model_get_item (list, r);
      gboolean accused = vn_discrepancy_get_likely (disc) == VN_LIKELY_TRANSCRIPTION_ERROR;

      cal->all[band_of (vn_discrepancy_get_score (disc))]++;
      cal->verdicts[band_of (vn_discrepancy_get_score (disc))] += accused;
      f->harm_verdicts += accused;
      if (accused)
        print_discrepancy (r + 1, disc, "  [HARM]");
      else if (g_getenv ("VN_VERDICT_QUEUE") && r < 10)
        print_discrepancy (r + 1, disc, "  [right text]");
    }
  for (guint p = 0; p < d->pages->len; p++)
    {
      g_autofree char *text = vn_ocr_page_dup_text (g_ptr_array_index (d->pages, p));
      g_string_append_printf (all_ocr, "%s\n", text);
    }
  f->cer = vn_test_cer (all_ocr->str, d->truth);
  f->harm_words = words_changed (d->truth, corrected);
  f->harm_cli_words = cli_harm (d, d->truth);
}

static void
measure (Document    *d,
         guint        trials,
         Figures     *f,
         Calibration *cal)
{
  g_autoptr(VnTranscription) truth = transcription_from (d->truth);
  g_autoptr(GArray) candidates = find_candidates (d, truth);

  f->words = vn_transcription_get_n_tokens (truth);
  if (g_test_perf ())
    g_print ("# %s: the right text\n", d->id);
  measure_harm (d, f, cal);
  for (guint t = 0; t < trials; t++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (1956 + 17 * t);
      g_autoptr(GArray) errors = g_array_new (FALSE, FALSE, sizeof (PublishedError));
      g_autofree char *published = NULL;

      g_array_set_clear_func (errors, clear_published_error);
      published = publish_with_errors (truth, candidates, rand, errors);
      if (g_test_perf ())
        g_print ("# %s: trial %u, %u errors of %u candidates\n", d->id, t + 1, errors->len,
                 candidates->len);
      score_trial (d, published, errors, f, cal);
    }
}

/* ------------------------------------------------------------------ report */

static double
ratio (guint a,
       guint b)
{
  return b ? (double) a / b : 1;
}

static void
print_row (const char    *id,
           const Figures *f)
{
  g_print ("# %-38s %5u %5.1f%% | %3u %3u %3d | %4u %5.1f%% %5.1f%% %4u %5.2f\n", id, f->words,
           100 * f->cer, f->harm_verdicts, f->harm_words, f->harm_cli_words, f->errors,
           100 * ratio (f->found, f->errors), 100 * ratio (f->right, f->errors), f->false_verdicts,
           f->trials ? f->depth_ratio / f->trials : 0);
}

static void
print_header (void)
{
  g_print ("# %-38s %5s %6s | %3s %3s %3s | %4s %6s %6s %4s %5s\n", "document", "words", "CER",
           "TE", "chg", "cli", "errs", "found", "right", "fTE", "depth");
  g_print ("#   TE: transcription-error verdicts on the right text; chg/cli: words accept likely "
           "changes there (in process / verno correct);\n#   errs: published errors over all "
           "trials; right: with the verdict and the truth as suggestion; fTE: false verdicts "
           "elsewhere;\n#   depth: rank of the last error found / errors\n");
}

static void
print_calibration (const Calibration *cal)
{
  g_print ("# calibration: score band | transcription-error verdicts, right | all discrepancies, "
           "on a published error\n");
  for (guint b = 0; b < N_BANDS; b++)
    g_print ("#   [%.2f, %.2f)  %5u %5u %5.1f%% | %5u %5u %5.1f%%\n", band_floor[b],
             b + 1 < N_BANDS ? band_floor[b + 1] : 1.0, cal->verdicts[b], cal->right[b],
             100 * ratio (cal->right[b], cal->verdicts[b]), cal->all[b], cal->all_errors[b],
             100 * ratio (cal->all_errors[b], cal->all[b]));
}

/* Of every transcription-error verdict, the share on a published error. */
static double
calibrated_share (const Calibration *cal)
{
  guint verdicts = 0, right = 0;

  for (guint b = 0; b < N_BANDS; b++)
    verdicts += cal->verdicts[b], right += cal->right[b];
  return ratio (right, verdicts);
}

/* ------------------------------------------------------------------ the baseline */

static const char *figure_names[] = { "harm_words", "harm_verdicts", "found", "right",
                                      "false_verdicts", "depth" };
#define N_FIGURES G_N_ELEMENTS (figure_names)

static void
figures_values (const Figures *f,
                double        *v)
{
  v[0] = MAX ((int) f->harm_words, f->harm_cli_words);
  v[1] = f->harm_verdicts;
  v[2] = ratio (f->found, f->errors);
  v[3] = ratio (f->right, f->errors);
  v[4] = f->trials ? (double) f->false_verdicts / f->trials : 0;
  v[5] = f->trials ? f->depth_ratio / f->trials : 0;
}

static GHashTable *
load_baseline (const char *path)
{
  GHashTable *baseline = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &data, NULL, NULL))
    return baseline;
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);
      double *v;

      if (lines[i][0] == '#' || g_strv_length (cols) != N_FIGURES + 1)
        continue;
      v = g_new (double, N_FIGURES);
      for (guint k = 0; k < N_FIGURES; k++)
        v[k] = g_ascii_strtod (cols[k + 1], NULL);
      g_hash_table_insert (baseline, g_strdup (cols[0]), v);
    }
  return baseline;
}

/* Higher is better for found and right; lower for the others. */
static guint
check_regressions (const char    *id,
                   const Figures *f,
                   GHashTable    *baseline,
                   GString       *new_baseline)
{
  double v[N_FIGURES], *recorded = g_hash_table_lookup (baseline, id);
  guint regressions = 0;

  figures_values (f, v);
  g_string_append (new_baseline, id);
  for (guint k = 0; k < N_FIGURES; k++)
    g_string_append_printf (new_baseline, "\t%.3f", v[k]);
  g_string_append_c (new_baseline, '\n');
  if (recorded == NULL)
    {
      g_printerr ("%s: no recorded figures\n", id);
      return g_getenv ("VN_WRITE_BASELINE") ? 0 : 1;
    }
  for (guint k = 0; k < N_FIGURES; k++)
    {
      gboolean higher_better = k == 2 || k == 3;
      double slack = k < 2 ? 0 : k == 4 ? 0.34 : k == 5 ? 0.1 : TOLERANCE;

      if (higher_better ? v[k] < recorded[k] - slack : v[k] > recorded[k] + slack)
        {
          g_printerr ("REGRESSION %s: %s %.3f, recorded %.3f\n", id, figure_names[k], v[k],
                      recorded[k]);
          regressions++;
        }
    }
  return regressions;
}

static void
test_verdicts (void)
{
  g_autoptr(GPtrArray) documents = load_documents ();
  g_autofree char *baseline_path = vn_test_source_path ("tests/data/verdicts-baseline.tsv");
  g_autoptr(GHashTable) baseline = load_baseline (baseline_path);
  g_autoptr(GString) new_baseline = g_string_new (
    "# document\tharm_words\tharm_verdicts\tfound\tright\tfalse_verdicts per trial\tdepth; "
    "written by VN_WRITE_BASELINE=1 meson test verdicts\n");
  guint trials = g_test_perf () ? 6 : 2, regressions = 0;
  Figures total = { 0 };
  Calibration cal = { 0 };
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Figures));

  g_array_set_size (rows, documents->len);
  for (guint i = 0; i < documents->len; i++)
    {
      Document *d = g_ptr_array_index (documents, i);
      Figures *f = &g_array_index (rows, Figures, i);

      measure (d, trials, f, &cal);
      /* The recorded figures are the default run's; the benchmark's trials are more. */
      if (!g_test_perf ())
        regressions += check_regressions (d->id, f, baseline, new_baseline);
      total.words += f->words;
      total.harm_verdicts += f->harm_verdicts;
      total.harm_words += f->harm_words;
      total.harm_cli_words += f->harm_cli_words;
      total.errors += f->errors;
      total.found += f->found;
      total.right += f->right;
      total.false_verdicts += f->false_verdicts;
      total.depth_ratio += f->depth_ratio;
      total.trials += f->trials;
    }
  print_header ();
  for (guint i = 0; i < documents->len; i++)
    print_row (((Document *) g_ptr_array_index (documents, i))->id,
               &g_array_index (rows, Figures, i));
  print_row ("all", &total);
  print_calibration (&cal);
  g_print ("# transcription-error verdicts right: %.1f%%\n", 100 * calibrated_share (&cal));
  if (g_getenv ("VN_WRITE_BASELINE"))
    {
      g_assert_true (g_file_set_contents (baseline_path, new_baseline->str, -1, NULL));
      g_print ("# wrote %s\n", baseline_path);
      return;
    }
  g_assert_cmpuint (regressions, ==, 0);
  /* The promises themselves: accept likely never touches a right transcription, at most one
   * false verdict there per three pages, and "transcription error" is right 9 times in 10. */
  g_assert_cmpuint (total.harm_words, ==, 0);
  g_assert_cmpint (total.harm_cli_words, ==, 0);
  g_assert_cmpuint (total.harm_verdicts * 3, <=, documents->len);
  g_assert_cmpfloat (calibrated_share (&cal), >=, 0.9);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");  /* the verdicts are printed in their own scripts */
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/verdicts/corpus", test_verdicts);
  return g_test_run ();
}
