/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-concordance-dialog.c: the concordance ("b"): the other places with the selected
 * discrepancy's error or confusion of letters (vn_concordance_find), one row each over the
 * list of places, with its crop; ticked only where the place's own verdict is a likely
 * transcription error. "Correct Selected" makes each chosen place its own correction.
 * Template: ui/vn-concordance-dialog.ui. */
#include "config.h"

#include <glib/gi18n.h>

#include "verno-resources.h"
#include "vn-concordance.h"
#include "vn-concordance-dialog.h"
#include "vn-occurrence-row.h"
#include "vn-texture.h"

struct _VnConcordanceDialog
{
  AdwMessageDialog  parent_instance;

  /* Template children */
  GtkListView      *list_view;

  VnDocument       *document;
  VnPageCache      *page_cache;    /* the window's pages, decoded on demand */
  GPtrArray        *items;         /* GtkListItem, to fill as their pages are decoded */
  GListModel       *places;        /* VnOccurrence */
  GtkBitset        *chosen;        /* positions in places */
};

G_DEFINE_FINAL_TYPE (VnConcordanceDialog, vn_concordance_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum { APPLIED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ rows */

static GdkTexture *
place_crop (VnConcordanceDialog *self,
            VnOccurrence        *o)
{
  VnBox box = vn_occurrence_get_bbox (o);

  if (vn_occurrence_get_page (o) < 0 || self->page_cache == NULL)
    return NULL;
  return vn_texture_new_for_page_crop (self->page_cache, vn_occurrence_get_page (o), &box, 8, 0);
}

static char *
place_subtitle (VnOccurrence *o)
{
  VnLikely likely;
  const char *verdict;

  if (!vn_occurrence_get_likely (o, &likely))
    verdict = _("the scan reads as transcribed");
  else if (likely == VN_LIKELY_TRANSCRIPTION_ERROR)
    verdict = _("likely a transcription error");
  else if (likely == VN_LIKELY_OCR_ERROR)
    verdict = _("likely an OCR error");
  else
    verdict = _("unsure");

  /* TRANSLATORS: "same confusion · page 1 · unsure": why, where, and the place's verdict. */
  return g_strdup_printf (_("%s · page %d · %s"),
                          vn_occurrence_reason_to_string (vn_occurrence_get_reason (o)),
                          vn_occurrence_get_page (o) + 1, verdict);
}

static void
row_chosen_cb (VnOccurrenceRow *row,
               GParamSpec      *pspec,
               GtkListItem     *item)
{
  GtkRoot *dialog = gtk_widget_get_root (GTK_WIDGET (row));
  guint position = gtk_list_item_get_position (item);

  if (position == GTK_INVALID_LIST_POSITION || !VN_IS_CONCORDANCE_DIALOG (dialog))
    return;
  vn_concordance_dialog_set_chosen (VN_CONCORDANCE_DIALOG (dialog), position,
                                    vn_occurrence_row_get_chosen (row));
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              VnConcordanceDialog      *self)
{
  GtkWidget *row = vn_occurrence_row_new ();

  g_signal_connect (row, "notify::chosen", G_CALLBACK (row_chosen_cb), item);
  gtk_list_item_set_child (item, row);
  g_ptr_array_add (self->items, g_object_ref (item));
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             VnConcordanceDialog      *self)
{
  VnOccurrence *o = gtk_list_item_get_item (item);
  VnOccurrenceRow *row = VN_OCCURRENCE_ROW (gtk_list_item_get_child (item));
  g_autofree char *title = g_strdup_printf ("%s → %s", vn_occurrence_get_before (o),
                                            vn_occurrence_get_after (o));
  g_autofree char *subtitle = place_subtitle (o);
  g_autofree char *description =
    g_strdup_printf (_("The scan where the transcription has “%s”"), vn_occurrence_get_before (o));
  g_autoptr(GdkTexture) crop = place_crop (self, o);

  vn_occurrence_row_set_place (row, title, subtitle, GDK_PAINTABLE (crop), description);
  vn_occurrence_row_set_chosen (row, gtk_bitset_contains (self->chosen,
                                                          gtk_list_item_get_position (item)));
}

static void
page_decoded_cb (VnConcordanceDialog *self,
                 guint                page)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      GtkListItem *item = g_ptr_array_index (self->items, i);
      VnOccurrence *o = gtk_list_item_get_item (item);

      if (o != NULL && vn_occurrence_get_page (o) == (int) page)
        row_bind_cb (NULL, item, self);
    }
}

/* A click on a row (or Enter) ticks or unticks it. */
static void
row_activated_cb (GtkListView         *view,
                  guint                position,
                  VnConcordanceDialog *self)
{
  vn_concordance_dialog_set_chosen (self, position,
                                    !vn_concordance_dialog_is_chosen (self, position));
}

/* ------------------------------------------------------------------ answer */

static void
response_cb (VnConcordanceDialog *self,
             const char          *response)
{
  guint n = g_list_model_get_n_items (self->places), applied;
  g_autofree gboolean *chosen = g_new0 (gboolean, n + 1);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "apply"))
    return;
  for (guint i = 0; i < n; i++)
    chosen[i] = gtk_bitset_contains (self->chosen, i);
  applied = vn_concordance_apply (vn_document_get_session (self->document), self->places, chosen,
                                  &error);
  g_signal_emit (self, signals[APPLIED], 0, applied, error ? error->message : NULL);
}

/* ------------------------------------------------------------------ object */

GListModel *
vn_concordance_dialog_get_places (VnConcordanceDialog *self)
{
  g_return_val_if_fail (VN_IS_CONCORDANCE_DIALOG (self), NULL);
  return self->places;
}

gboolean
vn_concordance_dialog_is_chosen (VnConcordanceDialog *self,
                                 guint                position)
{
  g_return_val_if_fail (VN_IS_CONCORDANCE_DIALOG (self), FALSE);
  return gtk_bitset_contains (self->chosen, position);
}

void
vn_concordance_dialog_set_chosen (VnConcordanceDialog *self,
                                  guint                position,
                                  gboolean             chosen)
{
  g_return_if_fail (VN_IS_CONCORDANCE_DIALOG (self));

  if (chosen == gtk_bitset_contains (self->chosen, position))
    return;
  if (chosen)
    gtk_bitset_add (self->chosen, position);
  else
    gtk_bitset_remove (self->chosen, position);
  g_list_model_items_changed (self->places, position, 1, 1);   /* the row shows it */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "apply",
                                           !gtk_bitset_is_empty (self->chosen));
}

static void
vn_concordance_dialog_dispose (GObject *object)
{
  VnConcordanceDialog *self = VN_CONCORDANCE_DIALOG (object);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->places);
  g_clear_object (&self->document);
  if (self->page_cache != NULL)
    g_signal_handlers_disconnect_by_data (self->page_cache, self);
  g_clear_object (&self->page_cache);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->chosen, gtk_bitset_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VN_TYPE_CONCORDANCE_DIALOG);
  G_OBJECT_CLASS (vn_concordance_dialog_parent_class)->dispose (object);
}

static void
vn_concordance_dialog_class_init (VnConcordanceDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vn_concordance_dialog_dispose;
  /* "Correct Selected": how many places were corrected, and why the rest were not (NULL when
   * all were). */
  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  g_assert (verno_get_resource () != NULL);
  g_type_ensure (VN_TYPE_OCCURRENCE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/verno/Verno/vn-concordance-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VnConcordanceDialog, list_view);
  gtk_widget_class_bind_template_callback (widget_class, row_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
vn_concordance_dialog_init (VnConcordanceDialog *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->chosen = gtk_bitset_new_empty ();
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

static void
set_texts (VnConcordanceDialog *self,
           VnDiscrepancy       *d,
           guint                n)
{
  g_autofree char *heading = g_strdup_printf (_("Correct “%s” Like This Elsewhere"),
                                              vn_discrepancy_get_transcription (d));
  g_autofree char *body = g_strdup_printf (ngettext ("%u place, this one included, has the same "
                                                     "error or the same confusion of letters. "
                                                     "Only likely transcription errors are "
                                                     "ticked; each fix is saved as its own "
                                                     "correction.",
                                                     "%u places, this one included, have the same "
                                                     "error or the same confusion of letters. "
                                                     "Only likely transcription errors are "
                                                     "ticked; each fix is saved as its own "
                                                     "correction.", n), n);

  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
}

/* The places to correct like @discrepancy, in @document (whose decoded pages, for the
 * crops, are @page_cache's). */
GtkWindow *
vn_concordance_dialog_new (GtkWindow     *parent,
                           VnDocument    *document,
                           VnPageCache   *page_cache,
                           VnDiscrepancy *discrepancy)
{
  VnConcordanceDialog *self;
  g_autoptr(GtkNoSelection) selection = NULL;
  guint n;

  g_return_val_if_fail (VN_IS_DOCUMENT (document) && vn_document_is_read (document), NULL);
  g_return_val_if_fail (VN_IS_DISCREPANCY (discrepancy), NULL);

  self = g_object_new (VN_TYPE_CONCORDANCE_DIALOG, "transient-for", parent, NULL);
  self->document = g_object_ref (document);
  if (page_cache != NULL)
    {
      self->page_cache = g_object_ref (page_cache);
      g_signal_connect_swapped (page_cache, "page-decoded", G_CALLBACK (page_decoded_cb), self);
    }
  self->places = vn_concordance_find (vn_document_get_collation (document),
                                      vn_document_get_session (document),
                                      vn_document_get_spell_checker (document),
                                      vn_discrepancy_get_transcription (discrepancy),
                                      vn_discrepancy_get_suggestion (discrepancy));
  n = g_list_model_get_n_items (self->places);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VnOccurrence) o = g_list_model_get_item (self->places, i);
      if (vn_occurrence_get_preselected (o))
        gtk_bitset_add (self->chosen, i);
    }
  set_texts (self, discrepancy, n);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "apply",
                                           !gtk_bitset_is_empty (self->chosen));
  selection = gtk_no_selection_new (g_object_ref (self->places));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  return GTK_WINDOW (self);
}
