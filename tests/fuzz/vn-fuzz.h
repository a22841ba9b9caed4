/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-fuzz.h: what the libFuzzer targets share: fatal GLib criticals, the bundled letter, a
 * scratch folder and the split of one input into two texts. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

/* libFuzzer's entry points, which each target defines. */
int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

void        vn_fuzz_init         (void);
const char *vn_fuzz_letter       (gsize        *len);
const char *vn_fuzz_scratch_dir  (void);
gboolean    vn_fuzz_split        (const uint8_t *data,
                                  size_t         size,
                                  const char   **first,
                                  gsize         *first_len,
                                  const char   **second,
                                  gsize         *second_len);
G_END_DECLS
