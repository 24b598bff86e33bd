/* Shared by the parts of the .c generator (source.c: reading; encode.c: writing and
 * validating). */
#ifndef PAYLOADC_EMIT_C_SOURCE_H
#define PAYLOADC_EMIT_C_SOURCE_H

#include "c_internal.h"

typedef enum helper_kind { HELPER_READ, HELPER_WRITE, HELPER_VALIDATE } helper_kind;

typedef struct source_state {
    c_gen *g;
    c_package *p;
    pc_writer *body;    /* the functions of the package's types */
    pc_writer *helpers; /* static helpers for lists and maps (the same file, after them) */
    bool *requested;    /* by composite id * 3 + helper kind */
    uint32_t requested_cap;
    uint32_t *queue; /* helpers in the order first asked for */
    uint32_t queue_len, queue_at;
    bool need_bytes;
    bool need_null_pointer;
    const pc_value **patterns; /* distinct @pattern strings, one static pl_pattern each */
    uint32_t pattern_count, pattern_cap;
} source_state;

/* The name of a helper (requesting it). */
const char *c_helper(source_state *s, helper_kind kind, const c_composite *c);
uint32_t c_pattern_index(source_state *s, const pc_value *pattern);
bool c_read_uses_arena(const pc_type *t);
/* Writes the line before + (the call reading a t into lvalue lv) + after, into s->body. */
void c_read_line(source_state *s, pc_writer *w, const char *before, const pc_type *t,
                 const char *lv, const char *after);

void c_emit_encode(source_state *s, const pc_decl *d);
void c_emit_validate(source_state *s, const pc_decl *d);
void c_emit_composite_write(source_state *s, const c_composite *c);
void c_emit_composite_validate(source_state *s, const c_composite *c);

#endif
