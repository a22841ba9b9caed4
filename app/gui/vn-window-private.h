/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-window-private.h: what vn-window.c and vn-window-actions.c share. */
#pragma once

#include "vn-collation.h"
#include "vn-document.h"
#include "vn-ocr-engine.h"
#include "vn-scan-view.h"
#include "vn-session.h"
#include "vn-window.h"

G_BEGIN_DECLS

struct _VnWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkListBox           *recent_list;
  GtkWidget            *recent_label;
  GtkWidget            *page_switcher;
  GtkMenuButton        *page_button;
  GtkMenuButton        *export_button;
  VnScanView           *scan_view;
  GtkRevealer          *progress_revealer;
  GtkSpinner           *progress_spinner;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkBox               *legend;
  GtkPaned             *main_paned;
  GtkPaned             *side_paned;
  GtkLabel             *word_transcription;
  GtkLabel             *word_ocr;
  GtkLabel             *word_ocr_caption;
  GtkLabel             *word_suggestion;
  GtkLabel             *word_verdict;
  GtkTextView          *text_view;
  GtkDropDown          *filter_dropdown;
  GtkSearchEntry       *search_entry;
  GtkLabel             *queue_count;
  GtkColumnView        *queue_view;
  GtkColumnViewColumn  *crop_column;
  GtkColumnViewColumn  *transcription_column;
  GtkColumnViewColumn  *ocr_column;
  GtkColumnViewColumn  *suggestion_column;
  GtkColumnViewColumn  *confidence_column;
  GtkColumnViewColumn  *signals_column;
  GtkColumnViewColumn  *verdict_column;
  GtkColumnViewColumn  *score_column;
  GtkColumnViewColumn  *status_column;

  /* The document, and what it holds (borrowed from it) */
  VnDocument           *document;
  VnProject            *project;
  VnOcrEngine          *engine;
  VnSession            *session;
  VnSpellChecker       *spell;
  VnCollation          *collation;
  GPtrArray            *pages;          /* VnOcrPage */
  GPtrArray            *page_images;    /* PIX * per scan page, or NULL until loaded */
  guint                 current_page;
  GCancellable         *cancellable;
  char                 *verified;       /* the text shown, to map offsets */

  /* The queue */
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filter_model;
  GtkSortListModel     *sort_model;
  GtkSingleSelection   *selection;
  VnDiscrepancy        *current;
  GHashTable           *crops;          /* VnDiscrepancy → GdkTexture */

  /* Settings of the view */
  gboolean              show_cleaned;
  gboolean              colorblind_safe;
  gboolean              updating_text;
  gboolean              said_unsaved;   /* the snapshot error was shown */
  gint64                started_at;
  guint                 reread_source;  /* reads the document again after a setting changed */
  guint                 ready : 1;
};

/* A region of the scan being read again (vn-window-actions.c). */
typedef struct
{
  VnWindow  *self;
  PIX       *crop;
  char      *transcription;
  GtkWidget *dialog;       /* weak */
  GtkWidget *comparison;
  GtkWidget *layout;
  GtkWidget *language;
} Region;

void     _vn_window_class_actions_init (GtkWidgetClass *widget_class);
void     _vn_window_update_actions     (VnWindow       *self);
void     _vn_window_select             (VnWindow       *self,
                                        VnDiscrepancy  *discrepancy);
void     _vn_window_refresh            (VnWindow       *self);
void     _vn_window_toast              (VnWindow       *self,
                                        const char     *message);
void     _vn_window_show_page          (VnWindow       *self,
                                        guint           page);
guint    _vn_window_selected_position  (VnWindow       *self);
void     _vn_window_focus_current_text (VnWindow       *self);
PIX     *_vn_window_get_page_image     (VnWindow       *self,
                                        guint           page);
void     _vn_window_read_region        (VnWindow       *self,
                                        const VnBox    *region);
void     _vn_window_show_concordance   (VnWindow       *self);
void     _vn_window_export             (VnWindow       *self,
                                        const char     *format);
void     _vn_window_choose_folder      (VnWindow       *self);
void     _vn_window_choose_files       (VnWindow       *self);

G_END_DECLS
