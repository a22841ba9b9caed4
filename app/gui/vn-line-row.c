/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-line-row.c: one line of the line-by-line review (template ui/vn-line-row.ui). The field
 * that edits the line hands Enter and Esc to the window's win.finish-edit and
 * win.cancel-edit, as the text does. */
#include "config.h"

#include "verno-resources.h"
#include "vn-line-row.h"

struct _VnLineRow
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkLabel  *caption;
  GtkPicture *picture;
  GtkLabel  *ocr_label;
  GtkStack  *text_stack;
  GtkLabel  *text_label;
  GtkText   *entry;
};

G_DEFINE_FINAL_TYPE (VnLineRow, vn_line_row, GTK_TYPE_WIDGET)

static void
vn_line_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VN_TYPE_LINE_ROW);
  G_OBJECT_CLASS (vn_line_row_parent_class)->dispose (object);
}

static void
vn_line_row_class_init (VnLineRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vn_line_row_dispose;
  g_assert (verno_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/verno/Verno/vn-line-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, VnLineRow, name)
  CHILD (box); CHILD (caption); CHILD (picture); CHILD (ocr_label); CHILD (text_stack);
  CHILD (text_label); CHILD (entry);
#undef CHILD
}

static void
take_edit_keys (VnLineRow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  static const struct { guint key; const char *action; } bindings[] = {
    { GDK_KEY_Return, "win.finish-edit" }, { GDK_KEY_KP_Enter, "win.finish-edit" },
    { GDK_KEY_Escape, "win.cancel-edit" },
  };

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    {
      GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (bindings[i].key, 0);
      GtkShortcutAction *action = gtk_named_action_new (bindings[i].action);

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                            gtk_shortcut_new (trigger, action));
    }
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}

static void
vn_line_row_init (VnLineRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  take_edit_keys (self);
}

GtkWidget *
vn_line_row_new (void)
{
  return g_object_new (VN_TYPE_LINE_ROW, NULL);
}

/* @image: the line cut from the scan, or NULL while the page is being decoded. */
void
vn_line_row_set_image (VnLineRow    *self,
                       GdkPaintable *image,
                       const char   *description)
{
  g_return_if_fail (VN_IS_LINE_ROW (self));

  gtk_picture_set_paintable (self->picture, image);
  gtk_picture_set_alternative_text (self->picture, description);
}

void
vn_line_row_set_readings (VnLineRow     *self,
                          const char    *caption,
                          const char    *ocr,
                          PangoAttrList *ocr_attributes,
                          const char    *text,
                          PangoAttrList *text_attributes)
{
  g_return_if_fail (VN_IS_LINE_ROW (self));

  gtk_label_set_label (self->caption, caption);
  gtk_label_set_label (self->ocr_label, ocr);
  gtk_label_set_attributes (self->ocr_label, ocr_attributes);
  gtk_label_set_label (self->text_label, text);
  gtk_label_set_attributes (self->text_label, text_attributes);
}

/* The transcription's line in a field, with the keyboard, characters [@from, @to) selected
 * (-1: to the end), to be typed over. */
void
vn_line_row_begin_edit (VnLineRow  *self,
                        const char *text,
                        int         from,
                        int         to)
{
  g_return_if_fail (VN_IS_LINE_ROW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_stack_set_visible_child_name (self->text_stack, "edit");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), from, to);
}

const char *
vn_line_row_get_edited (VnLineRow *self)
{
  g_return_val_if_fail (VN_IS_LINE_ROW (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
vn_line_row_end_edit (VnLineRow *self)
{
  g_return_if_fail (VN_IS_LINE_ROW (self));
  gtk_stack_set_visible_child_name (self->text_stack, "show");
}

gboolean
vn_line_row_is_editing (VnLineRow *self)
{
  g_return_val_if_fail (VN_IS_LINE_ROW (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->text_stack), "edit") == 0;
}
