/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-window-private.h: what the window's files share: vn-window.c (the object, opening a
 * project, pages, the selection), vn-window-text.c (the transcription and its editing),
 * vn-window-queue.c (the review queue and the order of review), vn-window-reading.c (the
 * reading of the project, its pages streamed into the queue), vn-window-actions.c (what the
 * editor can do, with keys), vn-window-select.c (the selection, in every view) and
 * vn-window-export.c (files in and out). */
#pragma once

#include "vn-collation.h"
#include "vn-document.h"
#include "vn-line-view.h"
#include "vn-ocr-engine.h"
#include "vn-page-cache.h"
#include "vn-scan-view.h"
#include "vn-session.h"
#include "vn-window.h"

G_BEGIN_DECLS

typedef enum
{
  VN_REVIEW_BY_READING,   /* page by page, in the transcription's order */
  VN_REVIEW_BY_SCORE,     /* likeliest transcription errors first */
} VnReviewOrder;

/* More discrepancies than this are reviewed in reading order unless the editor chooses. */
#define VN_LONG_QUEUE 25

struct _VnWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkRevealer          *read_only_revealer;
  GtkLabel             *read_only_label;
  GtkStack             *stack;
  GtkListBox           *recent_list;
  GtkWidget            *recent_label;
  GtkWidget            *page_switcher;
  GtkMenuButton        *page_button;
  GtkMenuButton        *export_button;
  GtkMenuButton        *menu_button;
  GtkWidget            *line_mode_button;
  VnScanView           *scan_view;
  GtkRevealer          *progress_revealer;
  GtkSpinner           *progress_spinner;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkWidget            *progress_cancel;
  GtkBox               *legend;
  GtkMenuButton        *legend_button;
  GtkBox               *legend_list;
  GtkMenuButton        *zoom_button;
  GtkPaned             *main_paned;
  GtkPaned             *side_paned;
  GtkLabel             *word_transcription;
  GtkLabel             *word_ocr;
  GtkLabel             *word_ocr_caption;
  GtkLabel             *word_suggestion;
  GtkLabel             *word_verdict;
  GtkRevealer          *edit_revealer;
  GtkLabel             *edit_label;
  GtkMenuButton        *letters_button;
  GtkTextView          *text_view;
  GtkMenuButton        *order_button;
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
  VnLineView           *line_view;

  /* The document, and what it holds (borrowed from it) */
  VnDocument           *document;
  VnProject            *project;
  VnOcrEngine          *engine;
  VnSession            *session;
  VnSpellChecker       *spell;
  VnCollation          *collation;
  GPtrArray            *pages;          /* VnOcrPage */
  VnPageCache          *page_cache;     /* the scan pages, decoded on demand */
  VnPageImage          *page_shown;     /* the one on the scan view, or NULL */
  GPtrArray            *token_discrepancy;  /* per token: its VnDiscrepancy (borrowed), or NULL */
  GListModel           *lines;          /* VnScanLine of the collation */
  GListStore           *streamed;       /* the queue's discrepancies when the pages stream in
                                         * (page by page, then the collation's), else NULL */
  guint                 pages_read;     /* by the OCR, so far */
  guint                 pages_streamed; /* whose discrepancies are in the queue */
  gboolean              reading_stopped; /* cancelled by the editor, with pages shown */
  GCancellable         *cancellable;
  char                 *verified;       /* the text shown, to map offsets */
  gsize                 verified_len;
  gsize                 cursor_byte;    /* the last offset mapped to characters, */
  glong                 cursor_char;    /* and its character offset */

  /* The queue, and the document's discrepancies in reading order */
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filter_model;
  GtkSortListModel     *sort_model;
  GtkSingleSelection   *selection;
  GtkSortListModel     *reading_order;
  GHashTable           *crops;          /* VnDiscrepancy → GdkTexture */
  GPtrArray            *crop_items;     /* GtkListItem of the crop column */

  /* The selection, which the scan, the text, the queue and the lines all show */
  VnDiscrepancy        *current;
  int                   current_token;  /* the word selected, -1 for none */
  guint                 current_page;

  /* Editing */
  gboolean              editing;
  gboolean              compose_pending;  /* Ctrl+; was pressed: the next letter composes */
  GtkWidget            *last_editable;    /* weak: where the letters' palette types */

  /* Settings of the view */
  VnReviewOrder         order;
  gboolean              order_chosen;     /* by the editor, not by the queue's length */
  gboolean              line_mode;
  gboolean              show_cleaned;
  gboolean              colorblind_safe;
  gboolean              updating_text;
  gboolean              panes_placed;
  gboolean              said_unsaved;   /* the snapshot error was shown */
  guint                 reread_source;  /* reads the document again after a setting changed */
  guint                 ready : 1;
};

enum
{
  PROP_0,
  PROP_SHOW_CLEANED,
  PROP_COLORBLIND_SAFE,
  PROP_READY,
  PROP_EDITING,
  PROP_READ_ONLY,
  PROP_REVIEW_ORDER,
  PROP_LINE_MODE,
  N_PROPS
};

extern GParamSpec *_vn_window_properties[N_PROPS];

/* vn-window-select.c */
void           _vn_window_class_select_init   (GtkWidgetClass *widget_class);
void           _vn_window_select              (VnWindow       *self,
                                               VnDiscrepancy  *discrepancy);
void           _vn_window_select_token        (VnWindow       *self,
                                               guint           token);
void           _vn_window_update_boxes        (VnWindow       *self);
void           _vn_window_update_word_bar     (VnWindow       *self);
void           _vn_window_index_discrepancies (VnWindow       *self);
void           _vn_window_set_scan_image      (VnWindow       *self);
void           _vn_window_update_page_label   (VnWindow       *self);
void           _vn_window_rebuild_legend      (VnWindow       *self);
void           _vn_window_zoom_changed        (VnWindow       *self);
void           _vn_window_fit_legend          (VnWindow       *self,
                                               int             width);
VnDiscrepancy *_vn_window_discrepancy_of_token (VnWindow      *self,
                                               guint           token);
const char    *_vn_window_resolution_of       (VnWindow       *self,
                                               VnDiscrepancy  *discrepancy);
const char    *_vn_window_verdict_sentence    (VnDiscrepancy  *discrepancy);

/* vn-window.c */
void           _vn_window_show_collation      (VnWindow       *self);
void           _vn_window_refresh             (VnWindow       *self);
void           _vn_window_toast               (VnWindow       *self,
                                               const char     *message);
void           _vn_window_show_page           (VnWindow       *self,
                                               guint           page);
void           _vn_window_turn_page           (VnWindow       *self,
                                               guint           page);
VnPageImage   *_vn_window_dup_page_image      (VnWindow       *self,
                                               guint           page);
void           _vn_window_queue_page_decoded  (VnWindow       *self,
                                               guint           page);
gboolean       _vn_window_is_writable         (VnWindow       *self);
void           _vn_window_update_read_only    (VnWindow       *self);
void           _vn_window_reopen              (VnWindow       *self);

/* vn-window-text.c */
void           _vn_window_init_text           (VnWindow       *self);
void           _vn_window_reload_text         (VnWindow       *self);
void           _vn_window_sync_text           (VnWindow       *self);
void           _vn_window_update_text_tags    (VnWindow       *self);
void           _vn_window_update_current_tag  (VnWindow       *self);
void           _vn_window_show_in_text        (VnWindow       *self,
                                               guint           start,
                                               guint           end);
void           _vn_window_canonical_to_chars  (VnWindow       *self,
                                               guint           start,
                                               guint           end,
                                               int            *char_start,
                                               int            *char_end);
gboolean       _vn_window_begin_edit          (VnWindow       *self);
void           _vn_window_finish_edit         (VnWindow       *self);
void           _vn_window_cancel_edit         (VnWindow       *self);
void           _vn_window_set_text_editable   (VnWindow       *self,
                                               gboolean        editable);
void           _vn_window_set_editing         (VnWindow       *self,
                                               gboolean        editing,
                                               const char     *word);
void           _vn_window_insert_letter       (VnWindow       *self,
                                               const char     *letter);

/* vn-window-queue.c */
void           _vn_window_class_queue_init    (GtkWidgetClass *widget_class);
void           _vn_window_init_queue          (VnWindow       *self);
void           _vn_window_set_collation_to_queue (VnWindow    *self);
GListModel    *_vn_window_queued              (VnWindow       *self);
void           _vn_window_update_count        (VnWindow       *self);
void           _vn_window_select_in_queue     (VnWindow       *self,
                                               VnDiscrepancy  *discrepancy);
void           _vn_window_set_order           (VnWindow       *self,
                                               VnReviewOrder   order);
void           _vn_window_fit_queue_columns   (VnWindow       *self,
                                               int             width);
GListModel    *_vn_window_review_list         (VnWindow       *self);
VnDiscrepancy *_vn_window_next_open           (VnWindow       *self,
                                               int             direction,
                                               gboolean        wrap);
void           _vn_window_advance             (VnWindow       *self);

/* vn-window-reading.c */
void           _vn_window_start_reading_after_paint (VnWindow *self);
void           _vn_window_clear_reading       (VnWindow       *self);
gboolean       _vn_window_is_streaming        (VnWindow       *self);

/* vn-window-actions.c */
void           _vn_window_class_actions_init  (GtkWidgetClass *widget_class);
void           _vn_window_init_actions        (VnWindow       *self);
void           _vn_window_update_actions      (VnWindow       *self);

/* vn-window-export.c */
void           _vn_window_fill_recent         (VnWindow       *self);
void           _vn_window_recent_row_activated_cb (GtkListBox    *list,
                                               GtkListBoxRow  *row,
                                               VnWindow       *self);
gboolean       _vn_window_drop_cb             (GtkDropTarget  *target,
                                               const GValue   *value,
                                               double          x,
                                               double          y,
                                               VnWindow       *self);
void           _vn_window_export              (VnWindow       *self,
                                               const char     *format);
void           _vn_window_choose_folder       (VnWindow       *self);
void           _vn_window_choose_files        (VnWindow       *self);

G_END_DECLS
