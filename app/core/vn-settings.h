/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-settings.h: Verno's preferences as properties, kept in GSettings when the schema is found. */
#pragma once

#include <gio/gio.h>

#include "vn-preprocess.h"
#include "vn-transcription.h"

G_BEGIN_DECLS

#define VN_TYPE_SETTINGS (vn_settings_get_type ())
G_DECLARE_FINAL_TYPE (VnSettings, vn_settings, VN, SETTINGS, GObject)

VnSettings        *vn_settings_get_default              (void);
VnSettings        *vn_settings_new                      (GSettings       *settings);
GSettings         *vn_settings_get_gsettings            (VnSettings      *self);
char              *vn_settings_dup_ocr_languages        (VnSettings      *self,
                                                         VnTranscription *transcription);
VnPreprocessFlags  vn_settings_get_preprocess           (VnSettings      *self);
gboolean           vn_settings_get_ocr_rescale          (VnSettings      *self);
void               vn_settings_add_user_word            (VnSettings      *self,
                                                         const char      *word);
void               vn_settings_remove_user_word         (VnSettings      *self,
                                                         const char      *word);

char              *vn_settings_guess_ocr_languages      (const char      *text,
                                                         gssize           length);
GStrv              vn_settings_list_ocr_languages       (void);
char              *vn_settings_dup_language_name        (const char      *code);

G_END_DECLS
