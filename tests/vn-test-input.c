/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-test-input.c: real key and pointer events for the window tests, through the X server's
 * XTest extension, as xdotool sends them. Apart from vn-test-gui.c, whose window headers
 * would clash with Xlib's names. */
#include <math.h>

#include "vn-test-gui.h"

/* ------------------------------------------------------------------ real keys and pointer */

#ifdef GDK_WINDOWING_X11
#include <dlfcn.h>
#include <gdk/x11/gdkx.h>
#include <X11/XKBlib.h>
#include <X11/keysym.h>

/* XTest, loaded at run time: Debian ships libXtst6 without its headers. */
struct _VnTestInput
{
  GtkWidget *window;
  Display   *display;
  Window     xid;
  double     surface_x, surface_y;  /* the window widget's origin in its X window */
  int        spare;                 /* a keycode with no symbols, for keys the map lacks */
  guint      seen[GDK_EVENT_LAST];  /* events the window received, by type */
  int      (*motion) (Display *, int, int, int, unsigned long);
  int      (*button) (Display *, unsigned int, int, unsigned long);
  int      (*key) (Display *, unsigned int, int, unsigned long);
};

static gboolean
event_seen_cb (GtkEventControllerLegacy *controller,
               GdkEvent                 *event,
               VnTestInput              *input)
{
  input->seen[gdk_event_get_event_type (event)]++;
  return GDK_EVENT_PROPAGATE;
}

/* GTK delivers input at the next frame, which may be slow to come: the tests wait for the
 * window to have received what was sent. */
static void
watch_events (VnTestInput *input)
{
  GtkEventController *legacy = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (event_seen_cb), input);
  gtk_widget_add_controller (input->window, legacy);
}

/* Waits (five seconds at most) until the window has received @n more events of @type. */
static void
wait_for_events (VnTestInput  *input,
                 GdkEventType  type,
                 guint         before,
                 guint         n)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  XSync (input->display, False);
  while (input->seen[type] < before + n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  vn_test_gui_iterate ();
}

static int
find_spare_keycode (Display *display)
{
  int min, max, per;
  KeySym *map;
  int spare = 0;

  XDisplayKeycodes (display, &min, &max);
  map = XGetKeyboardMapping (display, min, max - min + 1, &per);
  for (int kc = max; kc >= min && spare == 0; kc--)
    {
      gboolean empty = TRUE;
      for (int i = 0; i < per; i++)
        empty = empty && map[(kc - min) * per + i] == NoSymbol;
      if (empty)
        spare = kc;
    }
  XFree (map);
  return spare;
}

/* Real X11 input to @window through the XTest extension, as xdotool sends it; NULL without
 * an X11 display that has it. */
VnTestInput *
vn_test_input_new (GtkWidget *window)
{
  GdkDisplay *display = gtk_widget_get_display (window);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  VnTestInput *input;
  void *xtst;

  if (!GDK_IS_X11_DISPLAY (display) || (xtst = dlopen ("libXtst.so.6", RTLD_NOW)) == NULL)
    return NULL;
  input = g_new0 (VnTestInput, 1);
  input->window = window;
  input->motion = dlsym (xtst, "XTestFakeMotionEvent");
  input->button = dlsym (xtst, "XTestFakeButtonEvent");
  input->key = dlsym (xtst, "XTestFakeKeyEvent");
  input->display = gdk_x11_display_get_xdisplay (display);
  input->xid = gdk_x11_surface_get_xid (surface);
  input->spare = find_spare_keycode (input->display);
  gtk_native_get_surface_transform (GTK_NATIVE (window), &input->surface_x, &input->surface_y);
  watch_events (input);
  if (input->motion == NULL || input->button == NULL || input->key == NULL)
    g_clear_pointer (&input, g_free);
  return input;
}

void
vn_test_input_free (VnTestInput *input)
{
  g_free (input);
}

/* Lets the X server deliver what was faked, and GTK handle it. */
static void
input_flush (VnTestInput *input)
{
  XSync (input->display, False);
  vn_test_gui_spin (30);
}

void
vn_test_input_move (VnTestInput *input,
                    GtkWidget   *widget,
                    double       x,
                    double       y)
{
  double wx, wy;
  int root_x, root_y;
  Window child;

  g_assert_true (gtk_widget_translate_coordinates (widget, input->window, x, y, &wx, &wy));
  XTranslateCoordinates (input->display, input->xid, DefaultRootWindow (input->display),
                         (int) round (wx + input->surface_x), (int) round (wy + input->surface_y),
                         &root_x, &root_y, &child);
  input->motion (input->display, -1, root_x, root_y, 0);
  input_flush (input);  /* a move to where the pointer is sends nothing to wait for */
}

void
vn_test_input_button (VnTestInput *input,
                      guint        button,
                      gboolean     press)
{
  GdkEventType type = press ? GDK_BUTTON_PRESS : GDK_BUTTON_RELEASE;
  guint before = input->seen[type];

  input->button (input->display, button, press, 0);
  wait_for_events (input, type, before, 1);
}

void
vn_test_input_click (VnTestInput *input,
                     GtkWidget   *widget,
                     double       x,
                     double       y)
{
  vn_test_input_move (input, widget, x, y);
  vn_test_input_button (input, 1, TRUE);
  vn_test_input_button (input, 1, FALSE);
}

/* The keycode that gives @keysym without Shift: the keyboard's own, or the spare keycode
 * mapped to it for the moment (as xdotool types letters the layout lacks). */
static KeyCode
keycode_for (VnTestInput *input,
             KeySym       keysym)
{
  KeyCode kc = XKeysymToKeycode (input->display, keysym);
  KeySym syms[2] = { keysym, keysym };

  if (kc != 0 && XkbKeycodeToKeysym (input->display, kc, 0, 0) == (KeySym) keysym)
    return kc;
  g_assert_cmpint (input->spare, !=, 0);
  XChangeKeyboardMapping (input->display, input->spare, 2, syms, 1);
  XSync (input->display, False);
  vn_test_gui_spin (20);  /* GDK reads the new map */
  return input->spare;
}

static void
modifier_keys (VnTestInput     *input,
               GdkModifierType  modifiers,
               gboolean         press)
{
  if (modifiers & GDK_CONTROL_MASK)
    input->key (input->display, XKeysymToKeycode (input->display, XK_Control_L), press, 0);
  if (modifiers & GDK_SHIFT_MASK)
    input->key (input->display, XKeysymToKeycode (input->display, XK_Shift_L), press, 0);
  if (modifiers & GDK_ALT_MASK)
    input->key (input->display, XKeysymToKeycode (input->display, XK_Alt_L), press, 0);
}

/* Presses and releases @keyval (a GDK keyval, which is an X keysym) with @modifiers held. */
void
vn_test_input_key (VnTestInput     *input,
                   guint            keyval,
                   GdkModifierType  modifiers)
{
  KeyCode kc = keycode_for (input, keyval);
  guint before = input->seen[GDK_KEY_PRESS];

  modifier_keys (input, modifiers, TRUE);
  input->key (input->display, kc, TRUE, 0);
  input->key (input->display, kc, FALSE, 0);
  modifier_keys (input, modifiers, FALSE);
  /* The key and its modifiers, pressed. */
  wait_for_events (input, GDK_KEY_PRESS, before, 1 + !!(modifiers & GDK_CONTROL_MASK) +
                   !!(modifiers & GDK_SHIFT_MASK) + !!(modifiers & GDK_ALT_MASK));
}

/* Types @text a key a character: "\n" is Return, "\t" Tab, anything else its own key. */
void
vn_test_input_type (VnTestInput *input,
                    const char  *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint keyval = c == '\n' ? GDK_KEY_Return : c == '\t' ? GDK_KEY_Tab
                                                             : gdk_unicode_to_keyval (c);
      vn_test_input_key (input, keyval, 0);
    }
}

/* Drags with button 1 from (@x0, @y0) to (@x1, @y1) of @widget in a few steps, @modifiers
 * held throughout (Shift for the scan's rectangle). */
void
vn_test_input_drag (VnTestInput     *input,
                    GtkWidget       *widget,
                    double           x0,
                    double           y0,
                    double           x1,
                    double           y1,
                    GdkModifierType  modifiers)
{
  guint before = input->seen[GDK_KEY_PRESS];

  vn_test_input_move (input, widget, x0, y0);
  modifier_keys (input, modifiers, TRUE);
  wait_for_events (input, GDK_KEY_PRESS, before, !!(modifiers & GDK_CONTROL_MASK) +
                   !!(modifiers & GDK_SHIFT_MASK) + !!(modifiers & GDK_ALT_MASK));
  vn_test_input_button (input, 1, TRUE);
  for (int step = 1; step <= 8; step++)
    vn_test_input_move (input, widget, x0 + (x1 - x0) * step / 8, y0 + (y1 - y0) * step / 8);
  vn_test_input_button (input, 1, FALSE);
  modifier_keys (input, modifiers, FALSE);
  input_flush (input);
}

#else

VnTestInput *vn_test_input_new (GtkWidget *window) { return NULL; }
void vn_test_input_free (VnTestInput *input) { g_free (input); }
void vn_test_input_move (VnTestInput *input, GtkWidget *widget, double x, double y) {}
void vn_test_input_button (VnTestInput *input, guint button, gboolean press) {}
void vn_test_input_click (VnTestInput *input, GtkWidget *widget, double x, double y) {}
void vn_test_input_key (VnTestInput *input, guint keyval, GdkModifierType modifiers) {}
void vn_test_input_type (VnTestInput *input, const char *text) {}
void vn_test_input_drag (VnTestInput *input, GtkWidget *widget, double x0, double y0, double x1,
                         double y1, GdkModifierType modifiers) {}

#endif
