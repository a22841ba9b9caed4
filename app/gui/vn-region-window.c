/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-region-window.c: a rectangle the editor drew on the scan (Shift+drag), read again by
 * Tesseract as a line, a block or a word, and compared letter by letter with the transcription
 * of the words it covers (vn_scan_lines_find_region: whole lines, not a sliver of the line
 * above). "Take the Scan's Reading" makes the scan's letters one correction, keeping the
 * transcription's line breaks. Template: ui/vn-region-window.ui. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "verno-resources.h"
#include "vn-char-diff.h"
#include "vn-region-window.h"
#include "vn-scan-line.h"
#include "vn-texture.h"

struct _VnRegionWindow
{
  AdwMessageDialog  parent_instance;

  /* Template children */
  GtkPicture       *picture;
  GtkDropDown      *layout_dropdown;
  GtkEntry         *language_entry;
  GtkLabel         *ocr_label;
  GtkLabel         *text_label;

  VnDocument       *document;
  VnPageImage      *crop;
  guint             page;
  VnBox             region;
  char             *transcription;   /* of the words covered, verified */
  guint             verified_start, verified_end;
  gboolean          covers_words;
  char             *reading;         /* the scan's, once read; NULL while reading */
  GCancellable     *cancellable;     /* of the reading under way */
};

G_DEFINE_FINAL_TYPE (VnRegionWindow, vn_region_window, ADW_TYPE_MESSAGE_DIALOG)

enum { PROP_0, PROP_READING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const int region_psm[] = { 7, 6, 8 };  /* single line, block, single word */

#define SCAN_MARK "background=\"#f6d32d\" weight=\"bold\""
#define TEXT_MARK "background=\"#f66151\" weight=\"bold\""

/* ------------------------------------------------------------------ reading */

typedef struct
{
  VnOcrEngine *engine;      /* the document's: its pool, its Tesseract instances */
  VnPageImage *crop;
  int          psm;
  char        *languages;   /* NULL: the document's */
} RegionJob;

static void
region_job_free (RegionJob *job)
{
  g_clear_object (&job->engine);
  g_clear_object (&job->crop);
  g_free (job->languages);
  g_free (job);
}

static void
region_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  RegionJob *job = data;
  GError *error = NULL;
  VnOcrPage *page;

  /* Ahead of any page the document's pool is still reading: the editor waits for it. */
  page = vn_ocr_engine_recognize_image (job->engine, job->crop, "region", job->psm,
                                        job->languages, cancellable, &error);
  if (page == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, g_object_unref);
}

/* The reading on one line: white space runs as single spaces. */
static char *
flatten (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n\f", -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) joined = NULL;

  for (guint i = 0; words[i]; i++)
    if (*words[i] != '\0')
      g_strv_builder_add (kept, words[i]);
  joined = g_strv_builder_end (kept);
  return g_strjoinv (" ", joined);
}

static void
show_comparison (VnRegionWindow *self)
{
  g_autofree char *scan = vn_char_diff_markup (self->reading, self->transcription,
                                               VN_CHAR_DIFF_SPACES_EQUAL, FALSE, SCAN_MARK, NULL);
  g_autofree char *text = vn_char_diff_markup (self->reading, self->transcription,
                                               VN_CHAR_DIFF_SPACES_EQUAL, TRUE, TEXT_MARK, NULL);
  g_autofree char *taken = vn_char_diff_take (self->transcription, self->reading,
                                              VN_CHAR_DIFF_SPACES_EQUAL);
  VnSession *session = vn_document_get_session (self->document);

  gtk_label_set_markup (self->ocr_label, *scan ? scan : _("(nothing read)"));
  gtk_label_set_markup (self->text_label, *text ? text : _("(no words of the transcription here)"));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "take",
                                           self->covers_words && *self->reading != '\0' &&
                                           !vn_session_is_read_only (session) &&
                                           strcmp (taken, self->transcription) != 0);
}

static void
region_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VnRegionWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnOcrPage) page = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* read again meanwhile, or closed */
  if (page == NULL)
    {
      gtk_label_set_label (self->ocr_label, error->message);
      return;
    }
  text = vn_ocr_page_dup_text (page);
  g_free (self->reading);
  self->reading = flatten (text);
  show_comparison (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING]);
}

static void
read_again (VnRegionWindow *self)
{
  g_autoptr(GTask) task = NULL;
  RegionJob *job = g_new0 (RegionJob, 1);
  const char *languages = gtk_editable_get_text (GTK_EDITABLE (self->language_entry));
  VnOcrEngine *engine = vn_document_get_engine (self->document);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  job->engine = g_object_ref (engine);
  job->crop = g_object_ref (self->crop);
  job->psm = region_psm[MIN (gtk_drop_down_get_selected (self->layout_dropdown), 2)];
  job->languages = *languages ? g_strdup (languages) : NULL;
  g_clear_pointer (&self->reading, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING]);
  gtk_label_set_label (self->ocr_label, _("Reading…"));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "take", FALSE);
  task = g_task_new (self, self->cancellable, region_done_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) region_job_free);
  g_task_run_in_thread (task, region_thread);
}

/* ------------------------------------------------------------------ answering */

/* The scan's letters where they differ, as one correction of the words covered. */
static void
take_reading (VnRegionWindow *self)
{
  VnSession *session = vn_document_get_session (self->document);
  g_autofree char *taken = vn_char_diff_take (self->transcription, self->reading,
                                              VN_CHAR_DIFF_SPACES_EQUAL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) c = NULL;

  c = vn_session_correct_verified (session, self->verified_start, self->verified_end, taken,
                                   VN_SOURCE_OCR, self->page, &self->region, &error);
  if (c == NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
      GtkWidget *alert = adw_message_dialog_new (parent, _("The Scan’s Reading Was Not Taken"),
                                                 error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
    }
}

static void
response_cb (VnRegionWindow *self,
             const char     *response)
{
  if (g_str_equal (response, "take") && self->reading != NULL)
    take_reading (self);
}

/* ------------------------------------------------------------------ object */

const char *
vn_region_window_get_reading (VnRegionWindow *self)
{
  g_return_val_if_fail (VN_IS_REGION_WINDOW (self), NULL);
  return self->reading;
}

/* The verified text of the words the region covers, as compared. */
const char *
vn_region_window_get_transcription (VnRegionWindow *self)
{
  g_return_val_if_fail (VN_IS_REGION_WINDOW (self), NULL);
  return self->transcription;
}

/* 0: a single line, 1: a block of text, 2: a single word; the region is read again. */
void
vn_region_window_set_layout (VnRegionWindow *self,
                             guint           layout)
{
  g_return_if_fail (VN_IS_REGION_WINDOW (self));
  gtk_drop_down_set_selected (self->layout_dropdown, MIN (layout, 2));
}

static void
vn_region_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VnRegionWindow *self = VN_REGION_WINDOW (object);

  switch (prop_id)
    {
    case PROP_READING:
      g_value_set_string (value, self->reading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vn_region_window_dispose (GObject *object)
{
  VnRegionWindow *self = VN_REGION_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), VN_TYPE_REGION_WINDOW);
  G_OBJECT_CLASS (vn_region_window_parent_class)->dispose (object);
}

static void
vn_region_window_finalize (GObject *object)
{
  VnRegionWindow *self = VN_REGION_WINDOW (object);

  g_clear_object (&self->crop);
  g_free (self->transcription);
  g_free (self->reading);
  G_OBJECT_CLASS (vn_region_window_parent_class)->finalize (object);
}

static void
vn_region_window_class_init (VnRegionWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vn_region_window_get_property;
  object_class->dispose = vn_region_window_dispose;
  object_class->finalize = vn_region_window_finalize;

  /* What the scan reads in the region, on one line; NULL while it is being read. */
  properties[PROP_READING] =
    g_param_spec_string ("reading", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_assert (verno_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/verno/Verno/vn-region-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, VnRegionWindow, name)
  CHILD (picture); CHILD (layout_dropdown); CHILD (language_entry); CHILD (ocr_label);
  CHILD (text_label);
#undef CHILD
}

static void
vn_region_window_init (VnRegionWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

/* The words of the region, and where they lie in the verified text. */
static void
find_words (VnRegionWindow *self,
            GListModel     *lines)
{
  VnSession *session = vn_document_get_session (self->document);
  guint first, n;

  self->covers_words = vn_scan_lines_find_region (lines, vn_document_get_collation (self->document),
                                                  self->page, &self->region, &first, &n);
  if (self->covers_words)
    self->transcription = vn_scan_lines_dup_verified (session, first, n, &self->verified_start,
                                                      &self->verified_end);
  else
    self->transcription = g_strdup ("");
}

/* @region of page @page (whose image is @page_image), read again for @parent's document. */
GtkWindow *
vn_region_window_new (GtkWindow   *parent,
                      VnDocument  *document,
                      GListModel  *lines,
                      guint        page,
                      VnPageImage *page_image,
                      const VnBox *region)
{
  VnRegionWindow *self;
  g_autoptr(GdkTexture) texture = NULL;

  g_return_val_if_fail (VN_IS_DOCUMENT (document) && vn_document_is_read (document), NULL);
  g_return_val_if_fail (page_image != NULL && region != NULL, NULL);

  self = g_object_new (VN_TYPE_REGION_WINDOW, "transient-for", parent, NULL);
  self->document = g_object_ref (document);
  self->page = page;
  self->region = *region;
  self->crop = vn_page_image_crop (page_image, region, 0);
  find_words (self, lines);
  gtk_editable_set_text (GTK_EDITABLE (self->language_entry),
                         vn_ocr_engine_get_languages (vn_document_get_engine (document)));
  /* A short, wide rectangle is a line; anything else a block. */
  gtk_drop_down_set_selected (self->layout_dropdown, region->h < 150 ? 0 : 1);
  if (self->crop != NULL)
    {
      texture = vn_texture_new_for_page_image (self->crop);
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
    }
  gtk_label_set_label (self->text_label, self->transcription);
  g_signal_connect_swapped (self->layout_dropdown, "notify::selected", G_CALLBACK (read_again),
                            self);
  g_signal_connect_swapped (self->language_entry, "activate", G_CALLBACK (read_again), self);
  if (self->crop != NULL)
    read_again (self);
  else
    gtk_label_set_label (self->ocr_label, _("(nothing read)"));
  return GTK_WINDOW (self);
}
