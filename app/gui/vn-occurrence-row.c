/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-occurrence-row.c: one place of the concordance (template ui/vn-occurrence-row.ui); its
 * check box is its "chosen" property. */
#include "config.h"

#include "verno-resources.h"
#include "vn-occurrence-row.h"

struct _VnOccurrenceRow
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkCheckButton *check;
  GtkLabel   *title;
  GtkLabel   *subtitle;
  GtkPicture *picture;
  gboolean    chosen;
};

G_DEFINE_FINAL_TYPE (VnOccurrenceRow, vn_occurrence_row, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CHOSEN, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
vn_occurrence_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CHOSEN:
      g_value_set_boolean (value, VN_OCCURRENCE_ROW (object)->chosen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vn_occurrence_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CHOSEN:
      vn_occurrence_row_set_chosen (VN_OCCURRENCE_ROW (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vn_occurrence_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VN_TYPE_OCCURRENCE_ROW);
  G_OBJECT_CLASS (vn_occurrence_row_parent_class)->dispose (object);
}

static void
vn_occurrence_row_class_init (VnOccurrenceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vn_occurrence_row_get_property;
  object_class->set_property = vn_occurrence_row_set_property;
  object_class->dispose = vn_occurrence_row_dispose;
  /* The place is to be corrected with the others chosen. */
  properties[PROP_CHOSEN] =
    g_param_spec_boolean ("chosen", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_assert (verno_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/verno/Verno/vn-occurrence-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, VnOccurrenceRow, box);
  gtk_widget_class_bind_template_child (widget_class, VnOccurrenceRow, check);
  gtk_widget_class_bind_template_child (widget_class, VnOccurrenceRow, title);
  gtk_widget_class_bind_template_child (widget_class, VnOccurrenceRow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, VnOccurrenceRow, picture);
}

static void
vn_occurrence_row_init (VnOccurrenceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vn_occurrence_row_new (void)
{
  return g_object_new (VN_TYPE_OCCURRENCE_ROW, NULL);
}

void
vn_occurrence_row_set_place (VnOccurrenceRow *self,
                             const char      *title,
                             const char      *subtitle,
                             GdkPaintable    *crop,
                             const char      *description)
{
  g_return_if_fail (VN_IS_OCCURRENCE_ROW (self));

  gtk_label_set_label (self->title, title);
  gtk_label_set_label (self->subtitle, subtitle);
  gtk_picture_set_paintable (self->picture, crop);
  gtk_picture_set_alternative_text (self->picture, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
}

gboolean
vn_occurrence_row_get_chosen (VnOccurrenceRow *self)
{
  g_return_val_if_fail (VN_IS_OCCURRENCE_ROW (self), FALSE);
  return self->chosen;
}

void
vn_occurrence_row_set_chosen (VnOccurrenceRow *self,
                              gboolean         chosen)
{
  g_return_if_fail (VN_IS_OCCURRENCE_ROW (self));

  chosen = !!chosen;
  if (self->chosen == chosen)
    return;
  self->chosen = chosen;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
}
