/* payloadc gen --lang c: one .h/.c pair per package (docs/c.md). */
#include <stdlib.h>
#include <string.h>

#include "c_internal.h"

/* A size estimate of a package's files (bytes per declaration and per field, member or variant,
 * fitted on the benchmark model and the example schemas, rounded up: most files come out
 * 0.75 to 0.95 of it), so that each buffer is allocated once: growing a megabytes-long buffer by
 * copies costs page faults and copying, while room never written costs nothing. Writing past the
 * estimate still works. */
enum {
    C_HEADER_PER_DECL = 2000,
    C_HEADER_PER_ENTRY = 80,
    C_SOURCE_PER_DECL = 4500,
    C_SOURCE_PER_ENTRY = 750,
};

static void estimate_size(const c_package *p, size_t *header, size_t *source)
{
    size_t entries = 0;
    for (uint32_t i = 0; i < p->decl_count; i++) {
        const pc_decl *d = p->decls[i];
        if (d->kind == PC_DECL_STRUCT)
            entries += d->as.struct_.field_count;
        else if (d->kind == PC_DECL_ENUM)
            entries += d->as.enum_.member_count;
        else if (d->kind == PC_DECL_UNION)
            entries += d->as.union_.variant_count;
    }
    *header = p->decl_count * C_HEADER_PER_DECL + entries * C_HEADER_PER_ENTRY;
    *source = p->decl_count * C_SOURCE_PER_DECL + entries * C_SOURCE_PER_ENTRY;
}

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
        size_t header_size, source_size;
        estimate_size(p, &header_size, &source_size);
        pc_writer_reserve(h, header_size);
        pc_writer_reserve(c, source_size);
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
