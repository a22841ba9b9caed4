/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-cli-private.h: what the command line's subcommands share: options, opening a
 * document, and errors in words with the right exit status. */
#pragma once

#include "vn-cli.h"
#include "vn-document.h"

G_BEGIN_DECLS

typedef struct
{
  char     *lang;
  int       jobs;
  char     *preprocess;
  int       psm;
  char     *cache_dir;
  gboolean  no_cache;
  gboolean  no_rescale;
  gboolean  alternatives;
  gboolean  quiet;
  gint64    max_pixels;
  GTimer   *timer;
  GMutex    print_lock;
} OcrOptions;

/* Options of every command that opens a document: FOLDER, or --transcription FILE SCAN…. */
typedef struct
{
  OcrOptions  ocr;
  char       *transcription;
  char       *state_dir;
  GStrv       files;
} DocumentOptions;

int          vn_cli_fail                (GError          *error);
int          vn_cli_usage_error         (const char      *command,
                                         const char      *message);
void         vn_cli_add_ocr_entries     (GOptionContext  *context,
                                         OcrOptions      *options);
void         vn_cli_clear_ocr_options   (OcrOptions      *options);
gboolean     vn_cli_document_options    (OcrOptions      *options,
                                         VnDocumentOptions *document_options,
                                         GError         **error);
VnOcrEngine *vn_cli_make_engine         (const char      *command,
                                         OcrOptions      *options,
                                         GError         **error);
void         vn_cli_print_progress      (guint            done,
                                         guint            total,
                                         VnScanPage      *page,
                                         VnOcrPage       *result,
                                         gpointer         user_data);
GPtrArray   *vn_cli_recognize           (VnOcrEngine     *engine,
                                         GPtrArray       *scans,
                                         OcrOptions      *options,
                                         GError         **error);
VnProject   *vn_cli_open_project        (const char      *transcription,
                                         char           **files,
                                         GError         **error);

GOptionContext *vn_cli_document_context (const char      *parameter,
                                         DocumentOptions *options,
                                         const GOptionEntry *extra);
int          vn_cli_parse_document      (const char      *command,
                                         GOptionContext  *context,
                                         DocumentOptions *options,
                                         int             *argc,
                                         char          ***argv);
VnDocument  *vn_cli_open_document       (const char      *command,
                                         DocumentOptions *options,
                                         GError         **error);
void         vn_cli_clear_document_options (DocumentOptions *options);
void         vn_cli_print_model_advice (VnDocument      *document);
void         vn_cli_print_warnings      (VnSession       *session);
gboolean     vn_cli_claim               (VnSession       *session,
                                         int             *status);
int          vn_cli_flush               (VnSession       *session);
char        *vn_cli_one_line            (const char      *text);
char        *vn_cli_padded              (const char      *text,
                                         int              width);

int          vn_cli_review              (int              argc,
                                         char           **argv);
int          vn_cli_status              (int              argc,
                                         char           **argv);
int          vn_cli_export              (int              argc,
                                         char           **argv);
int          vn_cli_errata              (int              argc,
                                         char           **argv);
int          vn_cli_accept              (int              argc,
                                         char           **argv);
int          vn_cli_concordance         (int              argc,
                                         char           **argv);
int          vn_cli_eval                (int              argc,
                                         char           **argv);
int          vn_cli_correct             (int              argc,
                                         char           **argv);
int          vn_cli_apply               (int              argc,
                                         char           **argv);
int          vn_cli_batch               (int              argc,
                                         char           **argv);

G_END_DECLS
