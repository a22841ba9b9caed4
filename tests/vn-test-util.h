/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-test-util.h: paths to test data, the character error rate, the letter's OCR and copies,
 * and running programs. */
#pragma once

#include "vn-collation.h"
#include "vn-document.h"
/* The tests look inside the core: its Leptonica images too. */
#include "vn-ocr-engine-private.h"
#include "vn-page-image-private.h"
#include "vn-project.h"
#include "vn-runtime.h"

G_BEGIN_DECLS

/* What a run of the verno executable printed, and its exit status. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} VnTestRun;

void       vn_test_run_clear     (VnTestRun          *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VnTestRun, vn_test_run_clear)
void       vn_test_run_verno     (VnTestRun          *run,
                                  const char         *cwd,
                                  gboolean            unset_omp,
                                  const char * const *args);
void       vn_test_run_verno_merged (VnTestRun          *run,
                                     const char * const *args);
void       vn_test_run_argv      (VnTestRun          *run,
                                  const char * const *argv,
                                  const char * const *env,
                                  const char         *cwd);

char      *vn_test_source_path   (const char *relative);
char      *vn_test_shared_path   (const char *relative);
char      *vn_test_build_path    (const char *relative);
char      *vn_test_normalize_for_cer (const char *text);
double     vn_test_cer           (const char *ocr,
                                  const char *truth);
VnOcrEngine *vn_test_engine      (const char *languages);
void       vn_test_document_options (VnDocumentOptions *options,
                                     const char        *languages);
GPtrArray *vn_test_ocr_letter    (VnProject **project);
PIX       *vn_test_letter_band   (int         top,
                                  int         height);
void       vn_test_assert_pages_equal (VnOcrPage *a,
                                       VnOcrPage *b);
char      *vn_test_read_file     (const char *path);
int        vn_test_compare_doubles (gconstpointer a,
                                    gconstpointer b);
void       vn_test_remove_tree   (const char *path);
GPtrArray *vn_test_list_files    (const char *dir,
                                  const char *suffix);
void       vn_test_assert_one_sentence (const char *err);
void       vn_test_assert_one_sentence_message (const char *message);
guint      vn_test_count_acknowledged (const char *out);
guint      vn_test_count_journal_answers (const char *journal);
void       vn_test_assert_patch_gives (const char *canonical,
                                       const char *diff,
                                       const char *expected);
gboolean   vn_test_check_target  (const char *what,
                                  double      value,
                                  double      limit,
                                  gboolean    at_most);
char      *vn_test_copy_letter   (const char *tmp_template,
                                  gboolean    with_translation);
VnOcrPage *vn_test_synthetic_page (const char * const *lines);
VnCollation *vn_test_collate_synthetic (const char         *text,
                                        const char * const *lines);

void         vn_test_assert_same_discrepancies (const char *expected_json,
                                                const char *json);

G_END_DECLS
