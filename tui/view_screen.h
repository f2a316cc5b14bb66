/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screening view: a window onto the record list, the selected record,
 * decisions, prompts and the help overlay. State and drawing only: no
 * curses, no SQL. */
#ifndef SIEVE_TUI_VIEW_SCREEN_H
#define SIEVE_TUI_VIEW_SCREEN_H

#include <stddef.h>

#include "source.h"
#include "view.h"

/* Rows asked of the source at a time, and the most the view holds: memory
 * stays bounded whatever the number of records. */
#define VIEW_SCREEN_PAGE 200
#define VIEW_SCREEN_WINDOW_MAX (2 * VIEW_SCREEN_PAGE)

extern const struct view_ops view_screen_ops;

/* A screening view over src (borrowed; must outlive the view). stage_name
 * and reviewer label the status bar (copied; NULL: from src). Open it with
 * v->ops->open; free with view_screen_free (which calls done). */
struct view *view_screen_new(struct screen_source *src, const char *stage_name,
			     const char *reviewer);
void view_screen_free(struct view *v);

/* For tests: rows currently held, the selected record id (0 if none), the
 * status message shown ("" if none). */
size_t view_screen_rows_held(const struct view *v);
long long view_screen_selected_id(const struct view *v);
const char *view_screen_message(const struct view *v);

#endif
