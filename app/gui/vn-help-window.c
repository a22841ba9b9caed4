/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-help-window.c: the user guide. The guide is Markdown in the resources (resources/help/),
 * parsed by cmark, the CommonMark reference library, and shown as Adwaita widgets: headings
 * (with the heading role and level for screen readers), paragraphs, lists, code and key names,
 * and pictures from the same resources. Blocks Verno's guide does not use are shown plainly. */
#include "config.h"

#include <glib/gi18n.h>

#include <cmark.h>

#include "vn-help-window.h"

#define HELP_RESOURCE_DIR "/io/github/verno/Verno/help/"
#define LINE_STEP         48.0   /* logical px scrolled by an arrow key */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cmark_node, cmark_node_free)

struct _VnHelpWindow
{
  AdwWindow          parent_instance;

  GtkScrolledWindow *scroller;
  GtkBox            *page;
};

G_DEFINE_FINAL_TYPE (VnHelpWindow, vn_help_window, ADW_TYPE_WINDOW)

static void append_blocks (GtkBox     *box,
                           cmark_node *parent);

/* ------------------------------------------------------------------ inline content */

static void
append_inline_markup (GString    *markup,
                      cmark_node *node);

static void
append_children_markup (GString    *markup,
                        cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child; child = cmark_node_next (child))
    append_inline_markup (markup, child);
}

static void
append_escaped (GString    *markup,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (markup, escaped);
}

/* Wraps the node's children in @open and @close, which are Pango markup. */
static void
append_wrapped (GString    *markup,
                cmark_node *node,
                const char *open,
                const char *close)
{
  g_string_append (markup, open);
  append_children_markup (markup, node);
  g_string_append (markup, close);
}

static void
append_inline_markup (GString    *markup,
                      cmark_node *node)
{
  g_autofree char *href = NULL;

  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_SOFTBREAK:
      g_string_append_c (markup, ' ');
      break;
    case CMARK_NODE_LINEBREAK:
      g_string_append_c (markup, '\n');
      break;
    case CMARK_NODE_CODE:
      /* Key names and file names: monospace on a faint grey that suits light and dark. */
      g_string_append (markup, "<span font_family=\"monospace\" background=\"#808080\" "
                               "bgalpha=\"18%\">\u2009");
      append_escaped (markup, cmark_node_get_literal (node));
      g_string_append (markup, "\u2009</span>");
      break;
    case CMARK_NODE_EMPH:
      append_wrapped (markup, node, "<i>", "</i>");
      break;
    case CMARK_NODE_STRONG:
      append_wrapped (markup, node, "<b>", "</b>");
      break;
    case CMARK_NODE_LINK:
      href = g_markup_printf_escaped ("<a href=\"%s\">", cmark_node_get_url (node));
      append_wrapped (markup, node, href, "</a>");
      break;
    case CMARK_NODE_IMAGE:
      /* A picture inside a sentence: its description stands in for it. */
      append_wrapped (markup, node, "<i>", "</i>");
      break;
    default:
      append_escaped (markup, cmark_node_get_literal (node));
      break;
    }
}

/* ------------------------------------------------------------------ blocks */

static GtkWidget *
new_text_label (cmark_node *node)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  GtkWidget *label = gtk_label_new (NULL);

  append_children_markup (markup, node);
  gtk_label_set_markup (GTK_LABEL (label), markup->str);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

static GtkWidget *
new_heading (cmark_node *node)
{
  static const char *classes[] = { "title-1", "title-2", "title-4" };
  int level = cmark_node_get_heading_level (node);
  g_autoptr(GString) markup = g_string_new (NULL);
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                                   "wrap", TRUE,
                                   "xalign", 0.0f,
                                   NULL);

  append_children_markup (markup, node);
  gtk_label_set_markup (GTK_LABEL (label), markup->str);
  gtk_widget_add_css_class (label, classes[CLAMP (level, 1, 3) - 1]);
  if (level > 1)
    gtk_widget_set_margin_top (label, 18);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, level, -1);
  return label;
}

/* A paragraph that is only an image: the picture, from the guide's resources. */
static GtkWidget *
new_picture (cmark_node *image)
{
  g_autofree char *path = g_strconcat (HELP_RESOURCE_DIR, cmark_node_get_url (image), NULL);
  g_autoptr(GString) alt = g_string_new (NULL);
  g_autofree char *alt_text = NULL;
  GtkWidget *picture, *clamp;
  int width;

  append_children_markup (alt, image);
  pango_parse_markup (alt->str, -1, 0, NULL, &alt_text, NULL, NULL);
  if (!g_resources_get_info (path, 0, NULL, NULL, NULL))
    {
      /* The guide and its pictures are built in together: a missing one is a packaging bug. */
      g_warning ("The user guide names the picture %s, which is not in the resources", path);
      return gtk_label_new (alt_text);
    }
  picture = gtk_picture_new_for_resource (path);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_alternative_text (GTK_PICTURE (picture), alt_text);
  gtk_widget_set_tooltip_text (picture, alt_text);
  gtk_widget_add_css_class (picture, "help-picture");
  /* Never wider than the page, nor enlarged past its own size (the border is 2 px). */
  width = gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (GTK_PICTURE (picture)));
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), width + 2);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), width + 2);
  adw_clamp_set_child (ADW_CLAMP (clamp), picture);
  return clamp;
}

static gboolean
is_lone_image (cmark_node *paragraph)
{
  cmark_node *child = cmark_node_first_child (paragraph);

  return child != NULL && cmark_node_next (child) == NULL &&
         cmark_node_get_type (child) == CMARK_NODE_IMAGE;
}

/* Items as rows: a bullet or number, then the item's own blocks. */
static GtkWidget *
new_list (cmark_node *list)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gboolean ordered = cmark_node_get_list_type (list) == CMARK_ORDERED_LIST;
  int number = cmark_node_get_list_start (list);

  for (cmark_node *item = cmark_node_first_child (list); item; item = cmark_node_next (item))
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      g_autofree char *marker = ordered ? g_strdup_printf ("%d.", number++) : g_strdup ("•");
      GtkWidget *bullet = gtk_label_new (marker);

      gtk_widget_set_valign (bullet, GTK_ALIGN_START);
      gtk_label_set_xalign (GTK_LABEL (bullet), 1);
      gtk_widget_set_size_request (bullet, 18, -1);
      gtk_widget_set_hexpand (content, TRUE);
      append_blocks (GTK_BOX (content), item);
      gtk_box_append (GTK_BOX (row), bullet);
      gtk_box_append (GTK_BOX (row), content);
      gtk_box_append (GTK_BOX (box), row);
    }
  gtk_widget_set_margin_start (box, 6);
  return box;
}

static GtkWidget *
new_code_block (cmark_node *node)
{
  g_autofree char *text = g_strchomp (g_strdup (cmark_node_get_literal (node)));
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "help-code");
  return label;
}

static GtkWidget *
new_block_quote (cmark_node *node)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  append_blocks (GTK_BOX (box), node);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_add_css_class (box, "dim-label");
  return box;
}

static GtkWidget *
new_block (cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_HEADING:
      return new_heading (node);
    case CMARK_NODE_PARAGRAPH:
      return is_lone_image (node) ? new_picture (cmark_node_first_child (node))
                                  : new_text_label (node);
    case CMARK_NODE_LIST:
      return new_list (node);
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
      return new_code_block (node);
    case CMARK_NODE_BLOCK_QUOTE:
      return new_block_quote (node);
    case CMARK_NODE_THEMATIC_BREAK:
      return gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
    default:
      return NULL;
    }
}

static void
append_blocks (GtkBox     *box,
               cmark_node *parent)
{
  for (cmark_node *node = cmark_node_first_child (parent); node; node = cmark_node_next (node))
    {
      GtkWidget *widget = new_block (node);

      if (widget != NULL)
        gtk_box_append (box, widget);
    }
}

/* The first heading's plain text names the window. */
static char *
first_heading_text (cmark_node *document)
{
  for (cmark_node *node = cmark_node_first_child (document); node; node = cmark_node_next (node))
    if (cmark_node_get_type (node) == CMARK_NODE_HEADING)
      {
        g_autoptr(GString) markup = g_string_new (NULL);
        char *text = NULL;

        append_children_markup (markup, node);
        pango_parse_markup (markup->str, -1, 0, NULL, &text, NULL, NULL);
        return text;
      }
  return NULL;
}

/**
 * vn_help_window_load:
 * @resource_path: a Markdown file in the application's resources
 *
 * Replaces the page with the guide at @resource_path; its pictures are looked up in
 * /io/github/verno/Verno/help/.
 */
gboolean
vn_help_window_load (VnHelpWindow  *self,
                     const char    *resource_path,
                     GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(cmark_node) document = NULL;
  g_autofree char *title = NULL;
  GtkWidget *child;
  gsize size;
  const char *data;

  g_return_val_if_fail (VN_IS_HELP_WINDOW (self), FALSE);
  g_return_val_if_fail (resource_path != NULL, FALSE);

  bytes = g_resources_lookup_data (resource_path, 0, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  document = cmark_parse_document (data, size, CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->page))) != NULL)
    gtk_box_remove (self->page, child);
  append_blocks (self->page, document);
  title = first_heading_text (document);
  if (title != NULL)
    gtk_window_set_title (GTK_WINDOW (self), title);
  return TRUE;
}

/* ------------------------------------------------------------------ keys */

/* The page has nothing focusable, so the window scrolls it: arrows, Page Up/Down, Home/End. */
static gboolean
scroll_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  VnHelpWindow *self = VN_HELP_WINDOW (widget);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double lines, pages, ends;

  g_variant_get (args, "(ddd)", &lines, &pages, &ends);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + lines * LINE_STEP +
                                 pages * 0.9 * gtk_adjustment_get_page_size (adj) +
                                 ends * gtk_adjustment_get_upper (adj));
  return TRUE;
}

static void
add_scroll_bindings (GtkWidgetClass *widget_class)
{
  static const struct { guint key; double lines, pages, ends; } keys[] = {
    { GDK_KEY_Down, 1, 0, 0 }, { GDK_KEY_Up, -1, 0, 0 },
    { GDK_KEY_Page_Down, 0, 1, 0 }, { GDK_KEY_Page_Up, 0, -1, 0 }, { GDK_KEY_space, 0, 1, 0 },
    { GDK_KEY_End, 0, 0, 1 }, { GDK_KEY_Home, 0, 0, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding (widget_class, keys[i].key, 0, scroll_cb, "(ddd)",
                                  keys[i].lines, keys[i].pages, keys[i].ends);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* ------------------------------------------------------------------ the window */

static void
vn_help_window_class_init (VnHelpWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/verno/Verno/vn-help-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VnHelpWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, VnHelpWindow, page);
  add_scroll_bindings (widget_class);
}

static void
vn_help_window_init (VnHelpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* An empty help window; vn_help_window_show () is what the application uses. */
GtkWidget *
vn_help_window_new (GtkWindow *parent)
{
  return g_object_new (VN_TYPE_HELP_WINDOW, "transient-for", parent, NULL);
}

static VnHelpWindow *
find_open_help (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (VN_IS_HELP_WINDOW (window))
        return VN_HELP_WINDOW (window);
    }
  return NULL;
}

/**
 * vn_help_window_show:
 *
 * Shows the user guide beside @parent, or brings the one already open to the front.
 */
void
vn_help_window_show (GtkWindow *parent)
{
  VnHelpWindow *help = find_open_help ();
  g_autoptr(GError) error = NULL;

  if (help == NULL)
    {
      help = VN_HELP_WINDOW (vn_help_window_new (parent));
      if (!vn_help_window_load (help, HELP_RESOURCE_DIR "guide.md", &error))
        {
          g_autofree char *message =
            g_strdup_printf (_("The user guide could not be shown: %s. Reinstall Verno, or "
                               "read “man verno”."), error->message);
          gtk_box_append (help->page, gtk_label_new (message));
        }
    }
  gtk_window_present (GTK_WINDOW (help));
}
