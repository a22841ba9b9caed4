/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-preferences-window.h: the preferences, each row bound to a property of VnSettings. */
#pragma once

#include <adwaita.h>

#include "vn-settings.h"

G_BEGIN_DECLS

#define VN_TYPE_PREFERENCES_WINDOW (vn_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (VnPreferencesWindow, vn_preferences_window, VN, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWindow  *vn_preferences_window_new (GtkWindow  *parent,
                                       VnSettings *settings);
void        vn_preferences_window_set_chosen_languages (VnPreferencesWindow *self,
                                                        const char          *languages);
const char *vn_preferences_window_get_automatic_description (VnPreferencesWindow *self);

G_END_DECLS
