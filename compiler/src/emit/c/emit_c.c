/* payloadc gen --lang c: one .h/.c pair per package (docs/c.md). */
#include <stdlib.h>
#include <string.h>

#include "c_internal.h"

static bool emit_c(pc_emit_context *ctx)
{
    c_gen g;
    memset(&g, 0, sizeof g);
    g.ctx = ctx;
    g.schema = ctx->schema;
    g.model = pl_arena_new();
    g.scratch = pl_arena_new();
    g.arena = g.model;
    g.fallback.name = "void";
    g.fallback.guard = "PAYLOADC_VOID_DEFINED";
    if (!g.model || !g.scratch) {
        pl_arena_free(g.model);
        pl_arena_free(g.scratch);
        pc_emit_error(ctx, "out of memory");
        return false;
    }
    pc_schema shadow;
    bool ok = c_server_prepare(&g, &shadow) && c_model_build(&g);
    g.arena = g.scratch;
    for (uint32_t i = 0; ok && i < g.package_count; i++) {
        c_package *p = &g.packages[i];
        pc_writer *h = pc_emit_file(ctx, c_fmt(&g, "%s.h", p->stem), "    ");
        pc_writer *c = pc_emit_file(ctx, c_fmt(&g, "%s.c", p->stem), "    ");
        if (!h || !c) {
            ok = false;
            break;
        }
        c_emit_header(&g, p, h);
        c_scratch_reset(&g);
        c_emit_source(&g, p, c);
        c_scratch_reset(&g);
    }
    if (g.failed && !ctx->failed)
        pc_emit_error(ctx, "out of memory while generating C");
    free(g.composites);
    free(g.routes);
    free(g.type_keys);
    free(g.names);
    free(g.name_slots);
    free(g.type_values);
    pl_arena_free(g.model);
    pl_arena_free(g.scratch);
    return ok && !g.failed && !ctx->failed;
}

const pc_emitter pc_emitter_c = {
    "c",
    "C11: a .h/.c pair per package, over libpayload (docs/c.md)",
    emit_c,
};
