/* Diagnostics: records with a code from one table, sent to a sink. The library never prints
 * or exits; the command line renders what the sink collected. */
#ifndef PAYLOADC_DIAG_H
#define PAYLOADC_DIAG_H

#include <stdio.h>

#include "ast.h"

typedef enum pc_severity { PC_SEVERITY_ERROR, PC_SEVERITY_WARNING, PC_SEVERITY_NOTE } pc_severity;

typedef enum pc_diag_code {
#define PC_DIAG(id, code, severity, title) PC_DIAG_##id,
#include "diag_codes.def"
#undef PC_DIAG
    PC_DIAG_COUNT
} pc_diag_code;

typedef struct pc_diag_info {
    const char *code; /* "E0301" */
    pc_severity severity;
    const char *title;
} pc_diag_info;

const pc_diag_info *pc_diag_info_of(pc_diag_code code);
/* Looks a code up by its text ("E0301"); false when there is none. */
bool pc_diag_code_from_text(const char *text, pc_diag_code *out);

typedef struct pc_diag_note {
    pc_loc loc;
    const char *message;
} pc_diag_note;

typedef struct pc_diag {
    pc_diag_code code;
    pc_severity severity;
    pc_loc loc;
    const char *message;
    pc_diag_note notes[2];
    uint32_t note_count;
    uint32_t sequence; /* report order, to keep the sort stable */
} pc_diag;

/* Collects diagnostics in the schema's arena. */
typedef struct pc_diag_sink {
    pl_arena *arena;
    pc_diag *items;
    uint32_t count, capacity;
    uint32_t error_count, warning_count;
} pc_diag_sink;

void pc_diag_sink_init(pc_diag_sink *sink, pl_arena *arena);
/* Appends every diagnostic of from (whose memory must live as long as sink's), as if reported
 * to sink now, in from's order. False without memory. */
bool pc_diag_sink_append(pc_diag_sink *sink, const pc_diag_sink *from);

#if defined(__GNUC__)
#define PC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define PC_PRINTF(fmt, args)
#endif

/* Reports a diagnostic; returns it so that notes can be added (NULL when memory ran out,
 * which pc_diag_add_note accepts). */
pc_diag *pc_diag_report(pc_diag_sink *sink, pc_diag_code code, pc_loc loc, const char *format, ...)
    PC_PRINTF(4, 5);
void pc_diag_add_note(pc_diag_sink *sink, pc_diag *diag, pc_loc loc, const char *format, ...)
    PC_PRINTF(4, 5);

/* Sorts by file load order, then position, then report order (errors come in file order). */
void pc_diag_sort(pc_diag_sink *sink);

typedef struct pc_render_options {
    bool color;
    uint32_t max_errors; /* 0: no limit */
} pc_render_options;

/* Writes gcc-style text with code frames; returns how many errors were printed. */
uint32_t pc_diag_render(const pc_diag_sink *sink, const pc_render_options *options, FILE *out);
void pc_diag_render_one(const pc_diag *diag, bool color, FILE *out);

/* Edit distance for "did you mean" suggestions. */
uint32_t pc_edit_distance(pc_str a, pc_str b);

#endif
