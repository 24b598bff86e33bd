/* The TypeScript emitter: decides every name once (types, modules, variant interfaces, error
 * and client classes, import and index namespaces), then writes runtime.ts, one module per
 * package and the root index.ts. */
#include <stdlib.h>
#include <string.h>

#include "../registry.h"
#include "ts.h"

/* ---- the names each package module declares (FNV-1a over module path and name) ---- */

static uint64_t name_hash(const char *dir, const char *name)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *p = dir; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    return h;
}

static ts_name_entry *name_slot(const ts_ctx *ctx, const char *dir, const char *name,
                                uint64_t hash)
{
    uint32_t mask = ctx->name_capacity - 1;
    for (uint32_t i = (uint32_t)hash & mask;; i = (i + 1) & mask) {
        ts_name_entry *entry = &ctx->names[i];
        if (!entry->name ||
            (entry->hash == hash && strcmp(entry->name, name) == 0 && strcmp(entry->dir, dir) == 0))
            return entry;
    }
}

bool ts_package_has_name(const ts_ctx *ctx, const char *dir, const char *name)
{
    if (!ctx->name_capacity)
        return false;
    return name_slot(ctx, dir, name, name_hash(dir, name))->name != NULL;
}

void ts_package_add_name(ts_ctx *ctx, const char *dir, const char *name)
{
    if ((ctx->name_count + 1) * 2 > ctx->name_capacity) {
        uint32_t capacity = ctx->name_capacity ? ctx->name_capacity * 2 : 1024;
        ts_name_entry *old = ctx->names;
        uint32_t old_capacity = ctx->name_capacity;
        ctx->names = calloc(capacity, sizeof *ctx->names);
        if (!ctx->names) {
            ctx->names = old;
            ctx->failed = true;
            return;
        }
        ctx->name_capacity = capacity;
        for (uint32_t i = 0; i < old_capacity; i++) {
            if (old[i].name)
                *name_slot(ctx, old[i].dir, old[i].name, old[i].hash) = old[i];
        }
        free(old);
    }
    uint64_t hash = name_hash(dir, name);
    ts_name_entry *entry = name_slot(ctx, dir, name, hash);
    if (!entry->name) {
        entry->dir = dir;
        entry->name = name;
        entry->hash = hash;
        ctx->name_count++;
    }
}

/* A name for something a module adds beside its type (a variant interface, an error or a
 * client class): the first of `name`, `name` + fallback, `name` + fallback + 2, ... that the
 * package does not export yet. */
static const char *unique_name(ts_ctx *ctx, const char *dir, const char *name,
                               const char *fallback)
{
    const char *candidate = name;
    for (unsigned n = 1; ts_package_has_name(ctx, dir, candidate) || ts_is_global_name(candidate);
         n++)
        candidate = n == 1 ? ts_format(ctx, "%s%s", name, fallback)
                           : ts_format(ctx, "%s%s%u", name, fallback, n);
    ts_package_add_name(ctx, dir, candidate);
    return candidate;
}

/* ---- deciding the names ---- */

/* The last segment of a package name ("events" of "mycoach.events"). */
static pc_str last_segment(pc_str name)
{
    uint32_t start = name.len;
    while (start > 0 && name.ptr[start - 1] != '.')
        start--;
    return (pc_str){name.ptr + start, name.len - start};
}

static const ts_package *package_of(const ts_ctx *ctx, const pc_decl *decl)
{
    for (uint32_t i = 0; i < ctx->package_count; i++) {
        if (ctx->packages[i].package == decl->file->package)
            return &ctx->packages[i];
    }
    return &ctx->packages[0];
}

static int compare_packages(const void *a, const void *b)
{
    return strcmp((*(const ts_package *const *)a)->file, (*(const ts_package *const *)b)->file);
}

static void name_packages(ts_ctx *ctx)
{
    const pc_schema *schema = ctx->schema;
    ctx->packages = pl_arena_alloc(ctx->arena, (schema->package_count + 1) * sizeof *ctx->packages);
    ctx->sorted_packages =
        pl_arena_alloc(ctx->arena, (schema->package_count + 1) * sizeof *ctx->sorted_packages);
    if (!ctx->packages || !ctx->sorted_packages) {
        ctx->failed = true;
        return;
    }
    ctx->package_count = schema->package_count;
    for (uint32_t i = 0; i < schema->package_count; i++) {
        const pc_package *package = schema->packages[i];
        ts_package *p = &ctx->packages[i];
        p->package = package;
        p->index = i;
        /* "mycoach.events" -> "mycoach/events.ts" in the folder "mycoach". The root's own
         * modules keep their names: a package `runtime` becomes "runtime_.ts". */
        char *path = (char *)ts_strdup(ctx, package->name.ptr, package->name.len);
        char *last_slash = NULL;
        for (char *c = path; *c; c++) {
            if (*c == '.') {
                *c = '/';
                last_slash = c;
            }
        }
        bool clash = !last_slash && (strcmp(path, "runtime") == 0 || strcmp(path, "index") == 0);
        p->file = ts_format(ctx, "%s%s.ts", path, clash ? "_" : "");
        p->dir = last_slash ? ts_strdup(ctx, path, (size_t)(last_slash - path)) : "";
        ctx->sorted_packages[i] = p;
    }
    qsort(ctx->sorted_packages, ctx->package_count, sizeof *ctx->sorted_packages,
          compare_packages);
    /* The root index exports each package as a namespace named by its last segment
     * ("events"), or by its whole name ("mycoachEvents") when two packages share it. */
    for (uint32_t i = 0; i < ctx->package_count; i++) {
        pc_str name = ctx->packages[i].package->name;
        pc_str last = last_segment(name);
        bool shared = false;
        for (uint32_t k = 0; k < ctx->package_count && !shared; k++)
            shared = k != i && pc_str_eq(last, last_segment(ctx->packages[k].package->name));
        const char *ns;
        if (shared) {
            /* "mycoach.events" -> "mycoach_events" -> "mycoachEvents" */
            char *flat = (char *)ts_strdup(ctx, name.ptr, name.len);
            for (char *c = flat; *c; c++)
                if (*c == '.')
                    *c = '_';
            ns = ts_lower(ctx, pc_str_from_cstr(flat));
        } else {
            ns = ts_lower(ctx, last);
        }
        if (ts_is_reserved_word(ns) || strcmp(ns, "runtime") == 0)
            ns = ts_format(ctx, "%s_", ns);
        ctx->packages[i].namespace_ = ns;
    }
}

/* Names that generated functions use for parameters and locals: an import may not take one. */
static bool local_name(const char *name)
{
    static const char *const locals[] = {"init", "json", "o",      "options", "out", "params",
                                         "query", "rt",  "tag",    "text",    "value", "x"};
    for (size_t i = 0; i < sizeof locals / sizeof locals[0]; i++) {
        if (strcmp(locals[i], name) == 0)
            return true;
    }
    return false;
}

/* How modules import another package: "mycoach.common" -> `import * as mycoach_common`. The
 * underscore keeps it apart from every generated name (types are UpperCamel, functions and
 * locals lowerCamel); a one-segment package gets checked against those. */
static void name_imports(ts_ctx *ctx)
{
    for (uint32_t i = 0; i < ctx->package_count; i++) {
        ts_package *p = &ctx->packages[i];
        char *flat = (char *)ts_strdup(ctx, p->package->name.ptr, p->package->name.len);
        for (char *c = flat; *c; c++)
            if (*c == '.')
                *c = '_';
        const char *ns = flat;
        for (unsigned n = 2;; n++) {
            bool taken = ts_is_reserved_word(ns) || local_name(ns) || ts_is_global_name(ns);
            for (uint32_t k = 0; k < ctx->package_count && !taken; k++) {
                taken = ts_package_has_name(ctx, ctx->packages[k].file, ns) ||
                        (k < i && strcmp(ctx->packages[k].ns, ns) == 0);
            }
            if (!taken)
                break;
            ns = ts_format(ctx, "%s_%u", flat, n);
        }
        p->ns = ns;
        p->prefix = ts_format(ctx, "%s.", ns);
    }
}

static void name_decls(ts_ctx *ctx)
{
    const pc_schema *schema = ctx->schema;
    ctx->decls = pl_arena_alloc(ctx->arena, (schema->decl_count + 1) * sizeof *ctx->decls);
    if (!ctx->decls) {
        ctx->failed = true;
        return;
    }
    /* First every declaration's own names, then what modules add beside them, so that the
     * additions dodge the declarations whatever their order. */
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        const pc_decl *decl = schema->decls[i];
        ts_decl *info = &ctx->decls[i];
        info->decl = decl;
        info->package = package_of(ctx, decl);
        info->base = ts_upper(ctx, decl->name);
        info->type_name = ts_is_global_name(info->base) ? ts_format(ctx, "%s_", info->base)
                                                        : info->base;
        ts_package_add_name(ctx, info->package->file, info->base);
        ts_package_add_name(ctx, info->package->file, info->type_name);
    }
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        const pc_decl *decl = schema->decls[i];
        ts_decl *info = &ctx->decls[i];
        const char *module = info->package->file;
        switch (decl->kind) {
        case PC_DECL_STRUCT:
            if (decl->as.struct_.status)
                info->error_class =
                    unique_name(ctx, module, ts_format(ctx, "%sError", info->base), "Response");
            break;
        case PC_DECL_SERVICE:
            info->client_class =
                unique_name(ctx, module, ts_format(ctx, "%sClient", info->base), "Api");
            break;
        case PC_DECL_UNION: {
            uint32_t count = decl->as.union_.variant_count;
            info->variant_names = pl_arena_alloc(ctx->arena, (count + 1) * sizeof(char *));
            if (!info->variant_names) {
                ctx->failed = true;
                return;
            }
            for (uint32_t v = 0; v < count; v++) {
                const char *name = ts_format(ctx, "%s%s", info->base,
                                             ts_upper(ctx, decl->as.union_.variants[v]->name));
                info->variant_names[v] = unique_name(ctx, module, name, "Variant");
            }
            if (decl->as.union_.open)
                info->unknown_name = unique_name(ctx, module,
                                                 ts_format(ctx, "%sUnknown", info->base),
                                                 "Variant");
            pc_str disc = decl->as.union_.discriminator;
            info->tag_quoted = !ts_is_identifier(disc.ptr, disc.len);
            info->tag_property = info->tag_quoted ? ts_strdup(ctx, disc.ptr, disc.len)
                                                  : ts_property(ctx, disc);
            break;
        }
        case PC_DECL_ENUM:
        case PC_DECL_ALIAS:
            break;
        }
    }
}

/* A variant struct with a property named like the tag property cannot extend the tag. The
 * front end compares wire names (E0702); camel case can still bring two names together. */
static void check_tags(ts_ctx *ctx)
{
    for (uint32_t i = 0; i < ctx->schema->decl_count; i++) {
        const ts_decl *info = &ctx->decls[i];
        const pc_decl *decl = info->decl;
        if (decl->kind != PC_DECL_UNION || info->tag_quoted)
            continue;
        for (uint32_t v = 0; v < decl->as.union_.variant_count; v++) {
            const pc_type *target = decl->as.union_.variants[v]->target;
            if (target->kind != PC_TYPE_NAMED || target->as.decl->kind != PC_DECL_STRUCT)
                continue;
            const pc_decl *record = target->as.decl;
            for (uint32_t f = 0; f < record->as.struct_.field_count; f++) {
                const pc_field *field = record->as.struct_.fields[f];
                if (strcmp(ts_property(ctx, field->name), info->tag_property) == 0) {
                    pc_emit_error(ctx->emit,
                                  "ts: in union '%s', the discriminator \"%.*s\" and the field "
                                  "'%.*s' of '%s' both become the TypeScript property '%s'; "
                                  "rename the field",
                                  decl->qualified_name, (int)decl->as.union_.discriminator.len,
                                  decl->as.union_.discriminator.ptr, (int)field->name.len,
                                  field->name.ptr, record->qualified_name, info->tag_property);
                    ctx->failed = true;
                }
            }
        }
    }
}

/* ---- the files ---- */

static void emit_runtime(ts_ctx *ctx)
{
    pc_writer *w = pc_emit_file(ctx->emit, "runtime.ts", "  ");
    if (!w) {
        ctx->failed = true;
        return;
    }
    for (size_t i = 0; i < pc_ts_runtime_line_count; i++) {
        pc_write_str(w, pc_str_from_cstr(pc_ts_runtime_lines[i]));
        pc_newline(w);
    }
}

static void emit_package(ts_ctx *ctx, const ts_package *package)
{
    pc_writer *w = pc_emit_file(ctx->emit, package->file, "  ");
    if (!w) {
        ctx->failed = true;
        return;
    }
    /* A few kilobytes per declaration: reserve once rather than grow many times. */
    uint32_t count = 0;
    for (uint32_t i = 0; i < ctx->schema->decl_count; i++)
        count += ctx->decls[i].package == package;
    if (!pl_buf_reserve(&w->buf, (size_t)count * 4096 + 4096))
        w->failed = true;
    ts_file file;
    ts_file_init(&file, ctx, package, w);
    /* As if a line had been written: the first declaration's blank line separates it from
     * the imports that ts_file_finish puts in front. */
    w->after_open = false;
    for (uint32_t i = 0; i < ctx->schema->decl_count; i++) {
        const ts_decl *info = &ctx->decls[i];
        if (info->package != package)
            continue;
        file.self = info;
        if (info->decl->kind == PC_DECL_SERVICE)
            ts_emit_service(&file);
        else
            ts_emit_decl(&file);
    }
    if (count)
        ts_file_finish(&file);
    else
        ts_line(w, "// Generated by payloadc: the package %.*s declares nothing.\nexport {};",
                (int)package->package->name.len, package->package->name.ptr);
    ts_file_free(&file);
}

static void emit_index(ts_ctx *ctx)
{
    pc_writer *w = pc_emit_file(ctx->emit, "index.ts", "  ");
    if (!w) {
        ctx->failed = true;
        return;
    }
    ts_line(w, "// Generated by payloadc: every package as a namespace, and the runtime. Do not "
               "edit.");
    pc_newline(w);
    ts_line(w, "export * as runtime from \"./runtime.js\";");
    ts_line(w, "export { ApiError, DateTime, HttpError, JsonNumber, PayloadError, UNKNOWN, "
               "parseJson, stringify } from \"./runtime.js\";");
    ts_line(w, "export type { CallOptions, ClientOptions, ErrorKind, Fetch, JsonArray, "
               "JsonObject, JsonValue, Violation } from \"./runtime.js\";");
    for (uint32_t p = 0; p < ctx->package_count; p++) {
        const ts_package *package = ctx->sorted_packages[p];
        ts_line(w, "export * as %s from \"%s\";", package->namespace_,
                ts_relative(ctx, "", package->file));
    }
}

static bool emit_ts(pc_emit_context *emit)
{
    ts_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.emit = emit;
    ctx.schema = emit->schema;
    ctx.arena = pl_arena_new();
    if (!ctx.arena) {
        pc_emit_error(emit, "out of memory");
        return false;
    }
    ctx.import_extension = ".js";
    const char *extension = pc_emit_option_get(emit, "ts.import_extension");
    if (extension) {
        if (strcmp(extension, ".js") != 0 && strcmp(extension, ".ts") != 0 && *extension) {
            pc_emit_error(emit, "ts.import_extension must be .js, .ts or empty, not '%s'",
                          extension);
            pl_arena_free(ctx.arena);
            return false;
        }
        ctx.import_extension = extension;
    }
    name_packages(&ctx);
    if (!ctx.failed)
        name_decls(&ctx);
    if (!ctx.failed)
        name_imports(&ctx);
    if (!ctx.failed)
        check_tags(&ctx);
    if (!ctx.failed) {
        ts_compute_flags(&ctx);
        emit_runtime(&ctx);
        for (uint32_t p = 0; p < ctx.package_count && !ctx.failed; p++)
            emit_package(&ctx, ctx.sorted_packages[p]);
        if (!ctx.failed)
            emit_index(&ctx);
    }
    bool failed = ctx.failed;
    free(ctx.names);
    pl_arena_free(ctx.arena);
    if (failed && !emit->failed)
        pc_emit_error(emit, "ts: out of memory");
    return !failed;
}

const pc_emitter pc_emitter_ts = {
    "ts",
    "TypeScript: ES modules (a file per type), runtime.ts, typed fetch clients",
    emit_ts,
};
