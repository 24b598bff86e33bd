/* One generated PHP file: the class is written into a body buffer first, recording the classes
 * it refers to, and the file is assembled with exactly the `use` lines it needs. A class whose
 * short name is taken in the file's namespace (or by another import) is written fully
 * qualified instead, so that an import never shadows a class of the file's own package. */
#include "php.h"

#include <stdlib.h>
#include <string.h>

static const char *const runtime_names[PHP_RT_COUNT] = {
    [PHP_RT_ABSENT] = "Absent",
    [PHP_RT_API_EXCEPTION] = "ApiException",
    [PHP_RT_CHECK] = "Check",
    [PHP_RT_DECODE] = "Decode",
    [PHP_RT_DECODE_EXCEPTION] = "DecodeException",
    [PHP_RT_ENCODE] = "Encode",
    [PHP_RT_ENCODE_EXCEPTION] = "EncodeException",
    [PHP_RT_HTTP] = "Http",
    [PHP_RT_HTTP_EXCEPTION] = "HttpException",
    [PHP_RT_JSON] = "Json",
    [PHP_RT_LOCAL_DATE] = "LocalDate",
    [PHP_RT_OFFSET_DATE_TIME] = "OffsetDateTime",
    [PHP_RT_RESPONSE] = "Response",
    [PHP_RT_STRUCT] = "Struct",
    [PHP_RT_VALIDATION_EXCEPTION] = "ValidationException",
    [PHP_RT_VARIANT] = "Variant",
    [PHP_RT_VIOLATION] = "Violation",
};

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void php_file_begin(php_file *f, php_gen *g, uint32_t package, const char *class_name,
                    const pc_decl *decl)
{
    memset(f, 0, sizeof *f);
    f->gen = g;
    f->package = package;
    f->ns = g->packages[package].ns;
    f->path = php_cat(g, g->packages[package].dir, class_name, ".php", NULL);
    f->source_name = decl && decl->file ? base_name(decl->file->source->path) : NULL;
    /* The body and the import list reuse the previous file's memory: thousands of files. */
    pc_writer_init(&f->body, "    ");
    f->body.buf = g->spare_body;
    f->body.buf.len = 0;
    if (f->body.buf.data)
        f->body.buf.data[0] = '\0';
    memset(&g->spare_body, 0, sizeof g->spare_body);
    f->imports = g->spare_imports;
    f->import_cap = g->spare_import_cap;
    g->spare_imports = NULL;
    g->spare_import_cap = 0;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_ignoring_case(const char *a, const char *b)
{
    while (*a && *b && lower(*a) == lower(*b)) {
        a++;
        b++;
    }
    return *a == *b;
}

static bool taken_in_namespace(php_gen *g, const char *ns, const char *name)
{
    char key[256];
    size_t length = strlen(name);
    if (length >= sizeof key)
        return true; /* no class name is that long; be safe */
    for (size_t i = 0; i < length; i++)
        key[i] = lower(name[i]);
    return pc_map_get(&g->classes, pc_str_from_cstr(ns), (pc_str){key, (uint32_t)length}) != NULL;
}

/* php_class_ref with the fully qualified name known (NULL: built here) and, when `taken` is 0
 * or 1, whether the short name is a class of the file's namespace (-1: looked up here). */
static const char *class_ref(php_file *f, const char *ns, const char *name, const char *fqcn,
                             int taken)
{
    php_gen *g = f->gen;
    if (ns == f->ns || strcmp(ns, f->ns) == 0)
        return name;
    /* References repeat within a file: answer from the list of earlier ones. */
    for (uint32_t i = 0; i < f->import_count; i++) {
        if (f->imports[i].ns == ns && f->imports[i].name == name)
            return f->imports[i].written;
    }
    if (!fqcn)
        fqcn = *ns ? php_cat(g, ns, "\\", name, NULL) : name;
    const char *written = name;
    const char *imported = fqcn;
    if (!*ns || (taken < 0 ? taken_in_namespace(g, f->ns, name) : taken == 1)) {
        written = php_cat(g, "\\", fqcn, NULL);
        imported = NULL;
    } else {
        for (uint32_t i = 0; i < f->import_count; i++) {
            if (f->imports[i].fqcn && same_ignoring_case(f->imports[i].written, name)) {
                /* Imported already (under another pointer), or the short name is taken. */
                if (strcmp(f->imports[i].fqcn, fqcn) != 0)
                    written = php_cat(g, "\\", fqcn, NULL);
                imported = NULL;
                break;
            }
        }
    }
    if (f->import_count == f->import_cap) {
        uint32_t cap = f->import_cap ? f->import_cap * 2 : 16;
        php_import *grown = realloc(f->imports, cap * sizeof *grown);
        if (!grown) {
            g->ctx->failed = true;
            return written;
        }
        f->imports = grown;
        f->import_cap = cap;
    }
    f->imports[f->import_count++] = (php_import){ns, name, imported, written};
    return written;
}

const char *php_class_ref(php_file *f, const char *ns, const char *name)
{
    return class_ref(f, ns, name, NULL, -1);
}

const char *php_runtime_class_name(php_rt_class which)
{
    return runtime_names[which];
}

const char *php_rt(php_file *f, php_rt_class which)
{
    if (f->rt_names[which])
        return f->rt_names[which];
    /* Every file asks for a few runtime classes: whether a package has a class of the same
     * short name is looked up once per package. */
    php_gen *g = f->gen;
    uint8_t *taken = &g->packages[f->package].rt_taken[which];
    if (*taken == 0)
        *taken = taken_in_namespace(g, f->ns, runtime_names[which]) ? 2 : 1;
    f->rt_names[which] =
        class_ref(f, g->runtime_ns, runtime_names[which], g->rt_fqcn[which], *taken == 2);
    return f->rt_names[which];
}

const char *php_decl_ref(php_file *f, const pc_decl *decl)
{
    const php_decl *info = &f->gen->decls[decl->index];
    return class_ref(f, f->gen->packages[info->package].ns, info->class_name, info->fqcn, -1);
}

const char *php_codec_ref(php_file *f, const pc_decl *decl)
{
    if (decl->kind != PC_DECL_UNION)
        return php_decl_ref(f, decl);
    const php_decl *info = &f->gen->decls[decl->index];
    return php_class_ref(f, f->gen->packages[info->package].ns, info->codec);
}

/* Imported names first, in order; those written fully qualified (fqcn NULL) after them. */
static bool import_before(const php_import *a, const php_import *b)
{
    if (!a->fqcn || !b->fqcn)
        return a->fqcn && !b->fqcn;
    return strcmp(a->fqcn, b->fqcn) < 0;
}

/* An insertion sort: a file imports a handful of classes, and qsort's setup cost more. */
static void sort_imports(php_import *imports, uint32_t count)
{
    for (uint32_t i = 1; i < count; i++) {
        php_import item = imports[i];
        uint32_t k = i;
        while (k > 0 && import_before(&item, &imports[k - 1])) {
            imports[k] = imports[k - 1];
            k--;
        }
        imports[k] = item;
    }
}

void php_file_end(php_file *f)
{
    php_gen *g = f->gen;
    pc_writer *w = pc_emit_file(g->ctx, f->path, "    ");
    if (w) {
        sort_imports(f->imports, f->import_count);
        /* One allocation of about the file's size (the header is a few short lines and the
         * imports): every file stays in memory until the commit, and pl_buf_reserve's powers of
         * two would leave each one's last pages partly used, so the 2,500 files of a large
         * schema would touch (and fault in) a third more pages. */
        size_t size = f->body.buf.len + strlen(f->path) + strlen(f->ns) + 160;
        for (uint32_t i = 0; i < f->import_count && f->imports[i].fqcn; i++)
            size += strlen(f->imports[i].fqcn) + 6;
        if (!w->buf.data && (w->buf.data = malloc(size)) != NULL) {
            w->buf.cap = size;
            w->buf.data[0] = '\0';
        } else if (!pl_buf_reserve(&w->buf, size)) {
            w->failed = true;
        }
        php_putl(w, "<?php");
        pc_blank(w);
        if (f->source_name)
            php_putsl(w, "// Generated by payloadc from ", f->source_name, ". Do not edit.");
        else
            php_putl(w, "// Generated by payloadc. Do not edit.");
        pc_blank(w);
        php_putl(w, "declare(strict_types=1);");
        if (*f->ns) {
            pc_blank(w);
            php_putsl(w, "namespace ", f->ns, ";");
        }
        if (f->import_count && f->imports[0].fqcn) {
            pc_blank(w);
            for (uint32_t i = 0; i < f->import_count && f->imports[i].fqcn; i++)
                php_putsl(w, "use ", f->imports[i].fqcn, ";");
        }
        pc_blank(w);
        if (f->body.failed)
            w->failed = true;
        pc_write_str(w,
                     (pc_str){f->body.buf.data ? f->body.buf.data : "", (uint32_t)f->body.buf.len});
    }
    /* Finished files go to gen's writer threads (pc_emit_checked) in batches: each hand-over
     * takes a lock and wakes them. */
    if (g->ctx->file_count % 16 == 0)
        pc_emit_files_complete(g->ctx);
    /* Kept for the next file. */
    pl_buf_free(&g->spare_body);
    g->spare_body = f->body.buf;
    memset(&f->body.buf, 0, sizeof f->body.buf);
    free(g->spare_imports);
    g->spare_imports = f->imports;
    g->spare_import_cap = f->import_cap;
    f->imports = NULL;
    /* What this file allocated is not needed any more; the memory serves the next one. */
    if (g->text_arena == g->file_arena) {
        pl_arena_reset(g->file_arena);
        g->text_next = NULL;
        g->text_left = 0;
        g->text_block_taken = false;
    }
}

const char *php_scratch_take(php_gen *g)
{
    pc_writer *s = &g->scratch;
    const char *text = php_strdup(g, s->buf.data ? s->buf.data : "", s->buf.len);
    s->buf.len = 0;
    s->depth = 0;
    s->at_line_start = true;
    s->blank_pending = false;
    s->after_open = true;
    return text;
}

/* One line of doc text with the comment terminator neutralised. */
static void doc_escape(pc_writer *w, const char *line, size_t length)
{
    /* Found by memchr: doc lines are plain prose, and a '*' is rare. */
    size_t start = 0;
    for (const char *star = memchr(line, '*', length); star;) {
        size_t i = (size_t)(star - line);
        if (i + 1 >= length)
            break;
        if (line[i + 1] == '/') {
            php_put_n(w, line + start, i - start);
            php_put(w, "*\\/");
            start = i + 2;
        }
        star = memchr(line + i + 1, '*', length - i - 1);
    }
    php_put_n(w, line + start, length - start);
}

/* Each line of text as " * line" (" *" for an empty one), comment terminators neutralised.
 * With `wrap` (text payloadc wrote, not the schema's doc comments), long lines are broken at
 * spaces so that doc blocks stay within about 100 columns. */
static void doc_lines(pc_writer *w, const char *text, bool wrap)
{
    enum { WIDTH = 88 };
    for (const char *line = text;;) {
        const char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        while (wrap && length > WIDTH) {
            size_t cut = WIDTH;
            while (cut > 0 && line[cut] != ' ')
                cut--;
            if (cut == 0)
                break;
            php_put(w, " * ");
            doc_escape(w, line, cut);
            pc_newline(w);
            line += cut + 1;
            length -= cut + 1;
        }
        if (length) {
            php_put(w, " * ");
            doc_escape(w, line, length);
            pc_newline(w);
        } else {
            php_putl(w, " *");
        }
        if (!end)
            return;
        line = end + 1;
    }
}

void php_write_docblock(pc_writer *w, const char *doc, const pc_meta *meta, const char *const *tags,
                        uint32_t tag_count)
{
    bool deprecated = meta && meta->deprecated;
    if (!doc && !deprecated && !tag_count)
        return;
    bool reason = deprecated && meta->deprecated_reason.len;
    /* A short doc comment alone fits on one line. */
    if (doc && !strchr(doc, '\n') && !deprecated && !tag_count && strlen(doc) < 90) {
        php_put(w, "/** ");
        doc_escape(w, doc, strlen(doc));
        php_putl(w, " */");
        return;
    }
    if (!doc && !deprecated && tag_count == 1 && !strchr(tags[0], '\n') && strlen(tags[0]) < 90) {
        php_putsl(w, "/** ", tags[0], " */");
        return;
    }
    if (!doc && deprecated && !tag_count) {
        php_put(w, "/** @deprecated");
        if (reason) {
            php_put(w, " ");
            doc_escape(w, meta->deprecated_reason.ptr, meta->deprecated_reason.len);
        }
        php_putl(w, " */");
        return;
    }
    php_putl(w, "/**");
    if (doc)
        doc_lines(w, doc, false);
    if (doc && (deprecated || tag_count))
        php_putl(w, " *");
    if (deprecated) {
        php_put(w, " * @deprecated");
        if (reason) {
            php_put(w, " ");
            doc_escape(w, meta->deprecated_reason.ptr, meta->deprecated_reason.len);
        }
        pc_newline(w);
    }
    for (uint32_t i = 0; i < tag_count; i++)
        doc_lines(w, tags[i], true);
    php_putl(w, " */");
}

/* The same steps as pc_open and pc_close (writer.c), for text without a format. */
void php_open(pc_writer *w, const char *text)
{
    php_putl(w, text);
    pc_indent(w);
    w->after_open = true;
}

void php_close(pc_writer *w, const char *text)
{
    if (!w->at_line_start)
        pc_newline(w);
    w->blank_pending = false;
    pc_dedent(w);
    php_putl(w, text);
}
