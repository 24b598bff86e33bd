/* PHP names: namespaces from packages (or --option php.namespace), class names, members, and
 * the escapes PHP needs. PHP class names are case-insensitive and many words are reserved as
 * class names (List, Match, Enum, Readonly, Fn, String...), so every class name is checked
 * against the reserved list and against the other classes of its namespace ignoring case.
 * An escaped name gets a trailing underscore: the camel-case conversion never produces one, so
 * the escape cannot collide with another schema name. */
#include "php.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keywords and reserved type names, which PHP refuses as class names (compared ignoring case),
 * in strcmp order for a binary search. */
static const char *const reserved_words[] = {
    "__halt_compiler",
    "abstract",
    "and",
    "array",
    "as",
    "bool",
    "break",
    "callable",
    "case",
    "catch",
    "class",
    "clone",
    "const",
    "continue",
    "declare",
    "default",
    "die",
    "do",
    "echo",
    "else",
    "elseif",
    "empty",
    "enddeclare",
    "endfor",
    "endforeach",
    "endif",
    "endswitch",
    "endwhile",
    "enum",
    "eval",
    "exit",
    "extends",
    "false",
    "final",
    "finally",
    "float",
    "fn",
    "for",
    "foreach",
    "function",
    "global",
    "goto",
    "if",
    "implements",
    "include",
    "include_once",
    "instanceof",
    "insteadof",
    "int",
    "interface",
    "isset",
    "iterable",
    "list",
    "match",
    "mixed",
    "namespace",
    "never",
    "new",
    "null",
    "numeric",
    "object",
    "or",
    "parent",
    "print",
    "private",
    "protected",
    "public",
    "readonly",
    "require",
    "require_once",
    "resource",
    "return",
    "self",
    "static",
    "string",
    "switch",
    "throw",
    "trait",
    "true",
    "try",
    "unset",
    "use",
    "var",
    "void",
    "while",
    "xor",
    "yield",
};

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

bool php_is_reserved_class_name(const char *name, size_t length)
{
    if (length < 2 || length > 15)
        return false; /* "as" to "__halt_compiler" */
    char key[16];
    for (size_t i = 0; i < length; i++)
        key[i] = lower(name[i]);
    key[length] = '\0';
    /* Binary search of the sorted list. */
    size_t low = 0, high = sizeof reserved_words / sizeof reserved_words[0];
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int order = strcmp(key, reserved_words[mid]);
        if (order == 0)
            return true;
        if (order < 0)
            high = mid;
        else
            low = mid + 1;
    }
    return false;
}

char *php_text_alloc(php_gen *g, size_t size)
{
    /* Text needs no alignment and no zeroing (pl_arena_alloc does both). A file's text comes
     * from one block of TEXT_BLOCK bytes, malloc'd once and reused by every file (g->text_block);
     * text beyond it, and the generator's own, from 4 KiB pieces of the arena. */
    enum { PIECE = 4096 };
    if (g->text_left < size) {
        char *fresh = NULL;
        size_t piece = size > PIECE ? size : PIECE;
        if (g->text_arena == g->file_arena && !g->text_block_taken && size <= PHP_TEXT_BLOCK) {
            if (!g->text_block)
                g->text_block = malloc(PHP_TEXT_BLOCK);
            fresh = g->text_block;
            piece = PHP_TEXT_BLOCK;
            g->text_block_taken = true;
        }
        if (!fresh)
            fresh = pl_arena_alloc(g->text_arena, piece);
        if (!fresh)
            return NULL;
        g->text_next = fresh;
        g->text_left = piece;
    }
    char *text = g->text_next;
    g->text_next += size;
    g->text_left -= size;
    return text;
}

const char *php_strdup(php_gen *g, const char *text, size_t length)
{
    char *copy = php_text_alloc(g, length + 1);
    if (!copy) {
        g->ctx->failed = true;
        return "";
    }
    memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}

const char *php_cat(php_gen *g, ...)
{
    /* Each piece is measured once: up to 8 lengths are kept, later ones measured again. */
    enum { KEPT = 8 };
    size_t lengths[KEPT];
    va_list args;
    va_start(args, g);
    size_t length = 0;
    uint32_t count = 0;
    for (const char *piece = va_arg(args, const char *); piece;
         piece = va_arg(args, const char *)) {
        size_t n = strlen(piece);
        if (count < KEPT)
            lengths[count] = n;
        count++;
        length += n;
    }
    va_end(args);
    char *out = php_text_alloc(g, length + 1);
    if (!out) {
        g->ctx->failed = true;
        return "";
    }
    size_t at = 0;
    uint32_t i = 0;
    va_start(args, g);
    for (const char *piece = va_arg(args, const char *); piece;
         piece = va_arg(args, const char *), i++) {
        size_t n = i < KEPT ? lengths[i] : strlen(piece);
        memcpy(out + at, piece, n);
        at += n;
    }
    va_end(args);
    out[at] = '\0';
    return out;
}

const char *php_printf(php_gen *g, const char *format, ...)
{
    char small[256];
    va_list args;
    va_start(args, format);
    int needed = vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (needed < 0)
        return "";
    if ((size_t)needed < sizeof small)
        return php_strdup(g, small, (size_t)needed);
    char *big = php_text_alloc(g, (size_t)needed + 1);
    if (!big) {
        g->ctx->failed = true;
        return "";
    }
    va_start(args, format);
    vsnprintf(big, (size_t)needed + 1, format, args);
    va_end(args);
    return big;
}

const char *php_uint(char out[24], uint64_t value)
{
    char *at = out + 23;
    *at = '\0';
    do {
        *--at = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    return at;
}

const char *php_int(char out[24], int64_t value)
{
    if (value >= 0)
        return php_uint(out, (uint64_t)value);
    /* The magnitude in unsigned arithmetic, so that INT64_MIN does not overflow. */
    char *at = (char *)php_uint(out, 0 - (uint64_t)value);
    *--at = '-';
    return at;
}

static const char *camel(php_gen *g, pc_str name, bool upper)
{
    char *out = php_text_alloc(g, (size_t)name.len + 3);
    if (!out) {
        g->ctx->failed = true;
        return "";
    }
    /* Leading underscores are dropped, so `_1` would start with a digit and `_` would be empty:
     * such names get a leading underscore back, which no converted name otherwise has. */
    size_t length = upper ? pc_upper_camel(name, out + 1, (size_t)name.len + 1)
                          : pc_lower_camel(name, out + 1, (size_t)name.len + 1);
    out[length + 1] = '\0';
    if (length == 0 || (out[1] >= '0' && out[1] <= '9')) {
        out[0] = '_';
        return out;
    }
    return out + 1;
}

/* UpperCamel, with a trailing underscore when PHP reserves the word. */
static const char *class_word(php_gen *g, pc_str name)
{
    const char *word = camel(g, name, true);
    size_t length = strlen(word);
    if (php_is_reserved_class_name(word, length))
        return php_cat(g, word, "_", NULL);
    return word;
}

const char *php_member_name(php_gen *g, pc_str name)
{
    const char *word = camel(g, name, false);
    /* $this cannot be a parameter; every other identifier can be a property or a method. */
    if (strcmp(word, "this") == 0)
        return "this_";
    return word;
}

const char *php_case_name(php_gen *g, pc_str name)
{
    const char *word = camel(g, name, true);
    /* Enum cases are class constants, and Foo::class is reserved (ignoring case). */
    if (same_ignoring_case(word, "class"))
        return php_cat(g, word, "_", NULL);
    return word;
}

uint32_t php_package_of(const php_gen *g, const pc_decl *decl)
{
    for (uint32_t i = 0; i < g->schema->package_count; i++) {
        if (g->schema->packages[i] == decl->file->package)
            return i;
    }
    return 0;
}

static pc_str lower_key(php_gen *g, const char *name)
{
    size_t length = strlen(name);
    char *key = php_text_alloc(g, length + 1);
    if (!key) {
        g->ctx->failed = true;
        return (pc_str){"", 0};
    }
    for (size_t i = 0; i < length; i++)
        key[i] = lower(name[i]);
    key[length] = '\0';
    return (pc_str){key, (uint32_t)length};
}

/* Takes a class name in a namespace; returns the declaration already holding it, or NULL. */
static const void *claim(php_gen *g, const char *ns, const char *name, const void *owner)
{
    pc_str first = pc_str_from_cstr(ns);
    return pc_map_put(&g->classes, first, lower_key(g, name), (void *)owner);
}

/* A generated (not declared) class name: the wanted one, or with underscores until free. */
static const char *claim_free(php_gen *g, const char *ns, const char *wanted, const void *owner)
{
    const char *name = wanted;
    if (php_is_reserved_class_name(name, strlen(name)))
        name = php_cat(g, name, "_", NULL);
    while (claim(g, ns, name, owner))
        name = php_cat(g, name, "_", NULL);
    return name;
}

/* Splits a dotted package into UpperCamel namespace segments. */
static uint32_t package_segments(pc_str package, pc_str *segments, uint32_t max)
{
    uint32_t count = 0;
    uint32_t start = 0;
    for (uint32_t i = 0; i <= package.len && count < max; i++) {
        if (i == package.len || package.ptr[i] == '.') {
            segments[count++] = (pc_str){package.ptr + start, i - start};
            start = i + 1;
        }
    }
    return count;
}

static bool valid_identifier(const char *text, size_t length)
{
    if (length == 0)
        return false;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
                  (i > 0 && c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
        if (!ok)
            return false;
    }
    return true;
}

/* Appends "\\Segment" (escaped) for each schema segment. */
static void append_segments(php_gen *g, pl_buf *ns, const pc_str *segments, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        const char *word = class_word(g, segments[i]);
        if (ns->len)
            pl_buf_append_char(ns, '\\');
        pl_buf_append(ns, word, strlen(word));
    }
}

static const char *take_buf(php_gen *g, pl_buf *buf)
{
    const char *text = php_strdup(g, buf->data ? buf->data : "", buf->len);
    buf->len = 0;
    return text;
}

/* Folder of a namespace under --out: the namespace minus the root, '/'-separated. */
static const char *ns_dir(php_gen *g, const char *ns)
{
    size_t root = strlen(g->root_ns);
    const char *rest = ns + root;
    if (root && *rest == '\\')
        rest++;
    if (!*rest)
        return "";
    char *dir = (char *)php_printf(g, "%s/", rest);
    for (char *c = dir; *c; c++) {
        if (*c == '\\')
            *c = '/';
    }
    return dir;
}

/* Whether ns is `prefix` or inside it, ignoring case as PHP does. */
static bool ns_within(const char *ns, const char *prefix)
{
    size_t n = strlen(prefix);
    size_t i = 0;
    while (i < n && ns[i] && lower(ns[i]) == lower(prefix[i]))
        i++;
    return i == n && (ns[n] == '\0' || ns[n] == '\\');
}

static bool namespaces(php_gen *g)
{
    const pc_schema *schema = g->schema;
    enum { MAX_SEGMENTS = 64 };
    pc_str first[MAX_SEGMENTS];
    uint32_t common = 0;
    for (uint32_t p = 0; p < schema->package_count; p++) {
        pc_str segments[MAX_SEGMENTS];
        uint32_t count = package_segments(schema->packages[p]->name, segments, MAX_SEGMENTS);
        if (p == 0) {
            memcpy(first, segments, count * sizeof *segments);
            common = count;
            continue;
        }
        uint32_t same = 0;
        while (same < common && same < count && pc_str_eq(first[same], segments[same]))
            same++;
        common = same;
    }

    pl_buf ns;
    pl_buf_init(&ns);
    const char *option = pc_emit_option_get(g->ctx, "php.namespace");
    if (option) {
        /* Acme\Api, \Acme\Api\ and Acme\\Api (a doubled backslash from a shell) all mean the
         * same namespace. */
        const char *at = option;
        while (*at) {
            while (*at == '\\')
                at++;
            size_t length = strcspn(at, "\\");
            if (!length)
                break;
            if (!valid_identifier(at, length) || php_is_reserved_class_name(at, length)) {
                pc_emit_error(g->ctx,
                              "--option php.namespace=%s: '%.*s' is not a usable PHP namespace "
                              "segment",
                              option, (int)length, at);
                pl_buf_free(&ns);
                return false;
            }
            if (ns.len)
                pl_buf_append_char(&ns, '\\');
            pl_buf_append(&ns, at, length);
            at += length;
        }
    } else {
        append_segments(g, &ns, first, common);
    }
    g->root_ns = take_buf(g, &ns);

    g->packages = pl_arena_alloc(g->arena, (schema->package_count + 1) * sizeof *g->packages);
    if (!g->packages) {
        pl_buf_free(&ns);
        return false;
    }
    for (uint32_t p = 0; p < schema->package_count; p++) {
        pc_str segments[MAX_SEGMENTS];
        uint32_t count = package_segments(schema->packages[p]->name, segments, MAX_SEGMENTS);
        pl_buf_append(&ns, g->root_ns, strlen(g->root_ns));
        append_segments(g, &ns, segments + common, count - common);
        g->packages[p].ns = take_buf(g, &ns);
        g->packages[p].dir = ns_dir(g, g->packages[p].ns);
    }
    pl_buf_free(&ns);

    /* The runtime's namespace: Root\Runtime unless a package already lives there. */
    const char *base = *g->root_ns ? "Runtime" : "PayloadRuntime";
    for (int attempt = 0;; attempt++) {
        const char *name = attempt == 0 ? base : php_printf(g, "PayloadRuntime%d", attempt);
        const char *candidate = *g->root_ns ? php_printf(g, "%s\\%s", g->root_ns, name)
                                            : php_strdup(g, name, strlen(name));
        bool taken = false;
        for (uint32_t p = 0; p < schema->package_count && !taken; p++)
            taken = ns_within(g->packages[p].ns, candidate);
        if (!taken) {
            g->runtime_ns = candidate;
            g->runtime_dir = ns_dir(g, candidate);
            break;
        }
    }
    for (uint32_t i = 0; i < PHP_RT_COUNT; i++) {
        const char *name = php_runtime_class_name((php_rt_class)i);
        g->rt_fqcn[i] = *g->runtime_ns ? php_cat(g, g->runtime_ns, "\\", name, NULL) : name;
    }
    return true;
}

static void collision(php_gen *g, const pc_decl *decl, const pc_decl *other, const char *name)
{
    pc_emit_error(g->ctx,
                  "'%s' and '%s' both become the PHP class %s\\%s (PHP class names ignore case); "
                  "rename one of them",
                  decl->qualified_name, other->qualified_name,
                  g->packages[g->decls[decl->index].package].ns, name);
}

bool php_naming(php_gen *g)
{
    const pc_schema *schema = g->schema;
    pc_map_init(&g->classes, g->arena);
    if (!namespaces(g))
        return false;
    g->decls = pl_arena_alloc(g->arena, (schema->decl_count + 1) * sizeof *g->decls);
    if (!g->decls)
        return false;

    /* Declared names first, so that generated ones (variants, codecs, clients) give way. */
    bool ok = true;
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        const pc_decl *decl = schema->decls[i];
        php_decl *info = &g->decls[decl->index];
        info->package = php_package_of(g, decl);
        if (decl->kind == PC_DECL_SERVICE)
            continue;
        info->class_name = class_word(g, decl->name);
        const pc_decl *other = claim(g, g->packages[info->package].ns, info->class_name, decl);
        if (other) {
            collision(g, decl, other, info->class_name);
            ok = false;
        }
    }
    if (!ok)
        return false;
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        const pc_decl *decl = schema->decls[i];
        php_decl *info = &g->decls[decl->index];
        const char *ns = g->packages[info->package].ns;
        if (decl->kind == PC_DECL_UNION) {
            uint32_t count = decl->as.union_.variant_count;
            info->variants = pl_arena_alloc(g->arena, (count + 1) * sizeof *info->variants);
            if (!info->variants)
                return false;
            /* Prefixed with the union's name before any escape: List + Item, not List_Item. */
            const char *prefix = camel(g, decl->name, true);
            for (uint32_t v = 0; v < count; v++) {
                const char *variant = camel(g, decl->as.union_.variants[v]->name, true);
                info->variants[v] = claim_free(g, ns, php_cat(g, prefix, variant, NULL), decl);
            }
            info->codec = claim_free(g, ns, php_cat(g, prefix, "Codec", NULL), decl);
            if (decl->as.union_.open)
                info->unknown = claim_free(g, ns, php_cat(g, prefix, "Unknown", NULL), decl);
        } else if (decl->kind == PC_DECL_SERVICE) {
            const char *name = camel(g, decl->name, true);
            info->class_name = claim_free(g, ns, php_cat(g, name, "Client", NULL), decl);
        }
    }

    /* Full names, which every file that imports a class needs. */
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        php_decl *info = &g->decls[schema->decls[i]->index];
        const char *ns = g->packages[info->package].ns;
        info->fqcn = *ns ? php_cat(g, ns, "\\", info->class_name, NULL) : info->class_name;
    }

    /* Client methods: PHP method names ignore case too. */
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        const pc_decl *decl = schema->decls[i];
        if (decl->kind != PC_DECL_SERVICE)
            continue;
        for (uint32_t a = 0; a < decl->as.service.route_count; a++) {
            const char *name_a = php_member_name(g, decl->as.service.routes[a]->name);
            for (uint32_t b = 0; b < a; b++) {
                const char *name_b = php_member_name(g, decl->as.service.routes[b]->name);
                if (same_ignoring_case(name_a, name_b)) {
                    pc_emit_error(g->ctx,
                                  "routes '%.*s' and '%.*s' of service '%s' both become the PHP "
                                  "method %s (PHP method names ignore case); rename one of them",
                                  (int)decl->as.service.routes[b]->name.len,
                                  decl->as.service.routes[b]->name.ptr,
                                  (int)decl->as.service.routes[a]->name.len,
                                  decl->as.service.routes[a]->name.ptr, decl->qualified_name,
                                  name_a);
                    ok = false;
                }
            }
        }
    }
    return ok;
}
