// The parts of ncursesw that Swift cannot import directly (macros, C globals), as static inline
// functions. Only InspectorTerminal uses this module.
#ifndef LOGSCOPE_CNCURSES_H
#define LOGSCOPE_CNCURSES_H

// SwiftPM drops the -D flags of ncursesw.pc; without this, cchar_t and the wide functions are missing.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <curses.h>
#include <stdio.h>
#include <langinfo.h>

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *cn_stdout(void) { return stdout; }
static inline FILE *cn_stdin(void) { return stdin; }

static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_italic(void) { return A_ITALIC; }

static inline int cn_key_f(int n) { return KEY_F(n); }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_key_mouse(void) { return KEY_MOUSE; }

static inline mmask_t cn_button1_clicked(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED; }
static inline mmask_t cn_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t cn_button1_click_only(void) { return BUTTON1_CLICKED; }
static inline mmask_t cn_wheel_up(void) { return BUTTON4_PRESSED; }
#ifdef BUTTON5_PRESSED
static inline mmask_t cn_wheel_down(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t cn_wheel_down(void) { return 0; }
#endif

static inline void cn_getmaxyx(WINDOW *win, int *y, int *x) { getmaxyx(win, *y, *x); }

/// Wraps setcchar for one character with attributes and a colour pair.
static inline int cn_put_cell(WINDOW *win, int y, int x, wchar_t ch, attr_t attrs, short pair) {
    cchar_t cell;
    wchar_t text[2] = { ch, 0 };
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(win, y, x, &cell);
}

/// Reads back the character at (y, x) (for backend tests).
static inline wchar_t cn_cell_char(WINDOW *win, int y, int x) {
    cchar_t cell;
    wchar_t text[CCHARW_MAX + 1];
    attr_t attrs;
    short pair;
    if (mvwin_wch(win, y, x, &cell) != OK) return 0;
    if (getcchar(&cell, text, &attrs, &pair, NULL) == ERR) return 0;
    return text[0];
}

/// Reads back the attributes and pair at (y, x) (for backend tests).
static inline attr_t cn_cell_attrs(WINDOW *win, int y, int x, short *pair) {
    cchar_t cell;
    wchar_t text[CCHARW_MAX + 1];
    attr_t attrs = 0;
    if (mvwin_wch(win, y, x, &cell) != OK) return 0;
    getcchar(&cell, text, &attrs, pair, NULL);
    return attrs;
}

static inline const char *cn_codeset(void) { return nl_langinfo(CODESET); }
static inline int cn_wcwidth(wchar_t c) { return wcwidth(c); }

#endif
