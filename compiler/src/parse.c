#include "parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"
#define YYSTYPE PC_YYSTYPE
#define YYLTYPE PC_YYLTYPE
#include "lexer.h"

/* Nodes are 8-byte aligned at most (pointers, int64, double). A chunk is zeroed once, which
 * costs less than a memset per node and touches only pages the nodes fill anyway. */
enum { PARSER_CHUNK = 1984 };

void *pc_parser_alloc_slow(pc_parser *parser, size_t size)
{
    void *memory;
    if (size > PARSER_CHUNK / 4) {
        /* a large list or string: its own zeroed piece, so the chunk's rest is kept */
        memory = pl_arena_alloc(parser->arena, size);
    } else {
        char *chunk = pl_arena_alloc(parser->arena, PARSER_CHUNK); /* zeroed */
        if (chunk) {
            parser->chunk_next = chunk + size;
            parser->chunk_end = chunk + PARSER_CHUNK;
        }
        memory = chunk;
    }
    if (!memory)
        parser->out_of_memory = true;
    return memory;
}

/* Offsets of line starts, and how far the text is plain ASCII: one pass of memchr and one of
 * eight bytes at a time, instead of counting lines and columns at every character. */
static bool build_line_index(pc_parser *parser)
{
    const char *text = parser->source->text;
    uint32_t length = parser->source->len;
    uint32_t capacity = length / 32 + 16, count = 0;
    uint32_t *starts = malloc(capacity * sizeof *starts);
    if (!starts)
        return false;
    starts[count++] = 0;
    for (const char *at = text, *end = text + length;;) {
        const char *newline = memchr(at, '\n', (size_t)(end - at));
        if (!newline)
            break;
        if (count == capacity) {
            uint32_t *grown = realloc(starts, (size_t)capacity * 2 * sizeof *starts);
            if (!grown) {
                free(starts);
                return false;
            }
            starts = grown;
            capacity *= 2;
        }
        at = newline + 1;
        starts[count++] = (uint32_t)(at - text);
    }
    /* A sentinel line after the last, so that lookups need no bounds check. */
    if (count == capacity) {
        uint32_t *grown = realloc(starts, ((size_t)capacity + 1) * sizeof *starts);
        if (!grown) {
            free(starts);
            return false;
        }
        starts = grown;
    }
    starts[count] = UINT32_MAX;
    parser->line_starts = starts;
    parser->line_count = count;
    uint32_t ascii = 0;
    for (; length - ascii >= 32; ascii += 32) {
        uint64_t words[4];
        memcpy(words, text + ascii, sizeof words);
        if ((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ULL)
            break;
    }
    for (; length - ascii >= 8; ascii += 8) {
        uint64_t word;
        memcpy(&word, text + ascii, sizeof word);
        if (word & 0x8080808080808080ULL)
            break;
    }
    while (ascii < length && (unsigned char)text[ascii] < 0x80)
        ascii++;
    parser->ascii_end = ascii;
    return true;
}

bool pc_parser_init(pc_parser *parser, pl_arena *arena, pc_diag_sink *diags,
                    const pc_source *source)
{
    memset(parser, 0, sizeof *parser);
    parser->arena = arena;
    parser->diags = diags;
    parser->source = source;
    parser->file = pl_arena_alloc(arena, sizeof *parser->file);
    if (!parser->file)
        return false;
    parser->file->source = source;
    return build_line_index(parser);
}

void pc_parser_release(pc_parser *parser)
{
    free(parser->line_starts);
    parser->line_starts = NULL;
}

/* The last line in [low, high) that starts at or before the offset (starts[low] does). */
static uint32_t last_line_at(const uint32_t *starts, uint32_t low, uint32_t high, uint32_t offset)
{
    while (high - low > 1) {
        uint32_t middle = low + (high - low) / 2;
        if (starts[middle] <= offset)
            low = middle;
        else
            high = middle;
    }
    return low;
}

/* Inlined into the builders (a location per node); pc_parser_loc for the lexer. */
static inline pc_loc parser_loc(pc_parser *parser, const pc_location *location)
{
    uint32_t offset = location->offset;
    const uint32_t *starts = parser->line_starts;
    uint32_t line = parser->line_hint;
    if (starts[line] <= offset) {
        /* Nodes are built in source order, give or take a declaration: look a few lines on
         * before searching (the sentinel line starts past every offset). */
        uint32_t steps = 0;
        while (starts[line + 1] <= offset && steps++ < 8)
            line++;
        if (starts[line + 1] <= offset)
            line = last_line_at(starts, line, parser->line_count, offset);
    } else {
        line = last_line_at(starts, 0, line, offset);
    }
    parser->line_hint = line;
    uint32_t column = 1;
    if (offset <= parser->ascii_end) {
        column += offset - starts[line];
    } else {
        /* columns count code points: every byte but UTF-8 continuation bytes */
        const unsigned char *text = (const unsigned char *)parser->source->text;
        for (uint32_t i = starts[line]; i < offset; i++)
            column += (text[i] & 0xC0) != 0x80;
    }
    pc_loc loc = {parser->source, offset, location->end - offset, line + 1, column};
    return loc;
}

pc_loc pc_parser_loc(pc_parser *parser, const pc_location *location)
{
    return parser_loc(parser, location);
}

void pc_list_push(pc_parser *parser, pc_list *list, void *item)
{
    if (!item)
        return;
    /* Capacity doubles at each power of two, so it never needs storing. */
    uint32_t count = list->count;
    if (count == 0 || (count >= 4 && (count & (count - 1)) == 0)) {
        uint32_t capacity = count == 0 ? 4 : count * 2;
        void **items = pc_parser_alloc(parser, capacity * sizeof *items);
        if (!items)
            return;
        if (count)
            memcpy(items, list->items, count * sizeof *items);
        list->items = items;
    }
    list->items[list->count++] = item;
}

static pc_str location_text(const pc_parser *parser, const pc_location *location)
{
    pc_str text = {parser->source->text + location->offset, location->end - location->offset};
    return text;
}

pc_qtext pc_build_qname(pc_str name)
{
    pc_qtext qname = {name.ptr, name.len, 0};
    return qname;
}

pc_qtext pc_build_qname_append(pc_parser *parser, pc_qtext prefix, pc_str name)
{
    pc_qtext qname = prefix;
    qname.dots = prefix.dots + 1;
    /* Without spaces the dotted name is one run of the source; otherwise join a copy. */
    if (prefix.ptr + prefix.len + 1 == name.ptr && prefix.ptr[prefix.len] == '.') {
        qname.len = prefix.len + 1 + name.len;
        return qname;
    }
    char *joined = pc_parser_alloc(parser, prefix.len + 1 + name.len + 1);
    if (!joined)
        return qname;
    memcpy(joined, prefix.ptr, prefix.len);
    joined[prefix.len] = '.';
    memcpy(joined + prefix.len + 1, name.ptr, name.len);
    joined[prefix.len + 1 + name.len] = '\0';
    qname.ptr = joined;
    qname.len = prefix.len + 1 + name.len;
    return qname;
}

static pc_qname make_qname(pc_parser *parser, pc_qtext text, const pc_location *location)
{
    pc_qname qname = {{text.ptr, text.len}, parser_loc(parser, location), text.dots};
    return qname;
}

pc_value *pc_build_value(pc_parser *parser, pc_value_kind kind, pc_str text,
                         const pc_location *location)
{
    pc_value *value = pc_parser_alloc(parser, sizeof *value);
    if (!value)
        return NULL;
    value->kind = kind;
    value->loc = parser_loc(parser, location);
    value->raw = location_text(parser, location);
    switch (kind) {
    case PC_VALUE_STRING:
        value->as.string = text;
        break;
    case PC_VALUE_INT: {
        char buffer[32];
        if (text.len >= sizeof buffer) {
            value->as.integer.overflow = true;
            break;
        }
        memcpy(buffer, text.ptr, text.len);
        buffer[text.len] = '\0';
        errno = 0;
        char *end;
        long long parsed = strtoll(buffer, &end, 10);
        value->as.integer.value = parsed;
        value->as.integer.overflow = errno == ERANGE || *end != '\0';
        break;
    }
    case PC_VALUE_FLOAT: {
        char buffer[64];
        size_t length = text.len < sizeof buffer - 1 ? text.len : sizeof buffer - 1;
        memcpy(buffer, text.ptr, length);
        buffer[length] = '\0';
        value->as.number = strtod(buffer, NULL);
        break;
    }
    default:
        break;
    }
    return value;
}

pc_value *pc_build_name_value(pc_parser *parser, pc_qtext name, const pc_location *location)
{
    pc_str text = {name.ptr, name.len};
    pc_value *value = pc_build_value(parser, PC_VALUE_NAME, text, location);
    if (value) {
        pc_qname qname = {text, value->loc, name.dots};
        value->as.name = qname;
    }
    return value;
}

pc_annotation *pc_build_annotation(pc_parser *parser, pc_str name, pc_list args,
                                   const pc_location *location)
{
    pc_annotation *annotation = pc_parser_alloc(parser, sizeof *annotation);
    if (!annotation)
        return NULL;
    annotation->name = name;
    annotation->loc = parser_loc(parser, location);
    annotation->args = (pc_value **)args.items;
    annotation->arg_count = args.count;
    return annotation;
}

pc_type *pc_build_named_type(pc_parser *parser, pc_qtext name, const pc_location *name_location,
                             pc_list args, const pc_location *location)
{
    pc_type *type = pc_parser_alloc(parser, sizeof *type);
    if (!type)
        return NULL;
    type->kind = PC_TYPE_UNRESOLVED;
    type->written = make_qname(parser, name, name_location);
    type->loc = type->written.loc;
    if (location->end != name_location->end) /* qname<args> */
        type->loc = parser_loc(parser, location);
    type->args = (pc_type **)args.items;
    type->arg_count = args.count;
    return type;
}

pc_type *pc_build_nullable_type(pc_parser *parser, pc_type *inner, const pc_location *location)
{
    if (!inner)
        return NULL;
    pc_type *type = pc_parser_alloc(parser, sizeof *type);
    if (!type)
        return NULL;
    type->kind = PC_TYPE_NULLABLE;
    type->loc = parser_loc(parser, location);
    type->as.element = inner;
    return type;
}

static pc_meta build_meta(pc_list annotations, const pc_location *location)
{
    pc_meta meta = {
        location->doc, (pc_annotation **)annotations.items, annotations.count, false, {NULL, 0}};
    return meta;
}

pc_field *pc_build_field(pc_parser *parser, pc_list annotations, pc_str name,
                         const pc_location *name_location, bool optional, pc_type *type,
                         pc_value *default_value, const pc_location *location)
{
    pc_field *field = pc_parser_alloc(parser, sizeof *field);
    if (!field || !type)
        return NULL;
    field->meta = build_meta(annotations, location);
    field->name = name;
    field->loc = parser_loc(parser, name_location);
    field->optional = optional;
    field->type = type;
    field->default_value = default_value;
    field->wire = name;
    return field;
}

pc_member *pc_build_member(pc_parser *parser, pc_list annotations, pc_str name,
                           const pc_location *name_location, const pc_location *location)
{
    pc_member *member = pc_parser_alloc(parser, sizeof *member);
    if (!member)
        return NULL;
    member->meta = build_meta(annotations, location);
    member->name = name;
    member->loc = parser_loc(parser, name_location);
    member->wire = name;
    return member;
}

pc_variant *pc_build_variant(pc_parser *parser, pc_list annotations, pc_str name,
                             const pc_location *name_location, pc_type *target,
                             const pc_location *location)
{
    pc_variant *variant = pc_parser_alloc(parser, sizeof *variant);
    if (!variant || !target)
        return NULL;
    variant->meta = build_meta(annotations, location);
    variant->name = name;
    variant->loc = parser_loc(parser, name_location);
    variant->target = target;
    variant->wire = name;
    return variant;
}

pc_route *pc_build_route(pc_parser *parser, pc_list annotations, pc_str name,
                         const pc_location *name_location, pc_str method,
                         const pc_location *method_location, pc_str path,
                         const pc_location *path_location, pc_list params, pc_type *response,
                         pc_list throws, const pc_location *location)
{
    pc_route *route = pc_parser_alloc(parser, sizeof *route);
    if (!route)
        return NULL;
    route->meta = build_meta(annotations, location);
    route->name = name;
    route->loc = parser_loc(parser, name_location);
    route->method_text = method;
    route->method_loc = parser_loc(parser, method_location);
    route->path = path;
    route->path_loc = parser_loc(parser, path_location);
    route->params = (pc_field **)params.items;
    route->param_count = params.count;
    route->response = response;
    route->throws = (pc_type **)throws.items;
    route->throw_count = throws.count;
    return route;
}

pc_decl *pc_build_decl(pc_parser *parser, pc_decl_kind kind, pc_str name,
                       const pc_location *name_location)
{
    pc_decl *decl = pc_parser_alloc(parser, sizeof *decl);
    if (!decl)
        return NULL;
    decl->kind = kind;
    decl->name = name;
    decl->loc = parser_loc(parser, name_location);
    decl->file = parser->file;
    return decl;
}

pc_decl *pc_build_struct(pc_parser *parser, pc_str name, const pc_location *name_location,
                         pc_list fields)
{
    pc_decl *decl = pc_build_decl(parser, PC_DECL_STRUCT, name, name_location);
    if (!decl)
        return NULL;
    decl->as.struct_.fields = (pc_field **)fields.items;
    decl->as.struct_.field_count = fields.count;
    for (uint32_t i = 0; i < fields.count; i++)
        decl->as.struct_.fields[i]->owner = decl;
    return decl;
}

pc_decl *pc_build_enum(pc_parser *parser, bool open, pc_str name, const pc_location *name_location,
                       pc_list members)
{
    pc_decl *decl = pc_build_decl(parser, PC_DECL_ENUM, name, name_location);
    if (!decl)
        return NULL;
    decl->as.enum_.open = open;
    decl->as.enum_.members = (pc_member **)members.items;
    decl->as.enum_.member_count = members.count;
    return decl;
}

pc_decl *pc_build_union(pc_parser *parser, bool open, pc_str name, const pc_location *name_location,
                        const pc_str *discriminator, const pc_location *discriminator_location,
                        pc_list variants)
{
    pc_decl *decl = pc_build_decl(parser, PC_DECL_UNION, name, name_location);
    if (!decl)
        return NULL;
    decl->as.union_.open = open;
    if (discriminator) {
        decl->as.union_.discriminator = *discriminator;
        decl->as.union_.discriminator_loc = parser_loc(parser, discriminator_location);
    } else {
        decl->as.union_.discriminator = pc_str_from_cstr("type");
        decl->as.union_.discriminator_loc = decl->loc;
    }
    decl->as.union_.variants = (pc_variant **)variants.items;
    decl->as.union_.variant_count = variants.count;
    return decl;
}

pc_decl *pc_build_alias(pc_parser *parser, pc_str name, const pc_location *name_location,
                        pc_type *target)
{
    if (!target)
        return NULL;
    pc_decl *decl = pc_build_decl(parser, PC_DECL_ALIAS, name, name_location);
    if (!decl)
        return NULL;
    decl->as.alias.target = target;
    return decl;
}

pc_decl *pc_build_service(pc_parser *parser, pc_str name, const pc_location *name_location,
                          pc_list routes)
{
    pc_decl *decl = pc_build_decl(parser, PC_DECL_SERVICE, name, name_location);
    if (!decl)
        return NULL;
    decl->as.service.routes = (pc_route **)routes.items;
    decl->as.service.route_count = routes.count;
    for (uint32_t i = 0; i < routes.count; i++) {
        pc_route *route = decl->as.service.routes[i];
        route->service = decl;
        for (uint32_t j = 0; j < route->param_count; j++)
            route->params[j]->owner = decl;
    }
    return decl;
}

void pc_finish_decl(pc_parser *parser, pc_decl *decl, pc_list annotations,
                    const pc_location *location)
{
    if (!decl)
        return;
    decl->meta = build_meta(annotations, location);
    pc_list decls = {(void **)parser->file->decls, parser->file->decl_count};
    pc_list_push(parser, &decls, decl);
    parser->file->decls = (pc_decl **)decls.items;
    parser->file->decl_count = decls.count;
}

void pc_set_package(pc_parser *parser, pc_qtext name, const pc_location *location)
{
    parser->file->package_name = make_qname(parser, name, location);
}

void pc_add_import(pc_parser *parser, pc_str path, const pc_location *location)
{
    pc_import *import = pc_parser_alloc(parser, sizeof *import);
    if (!import)
        return;
    import->path = path;
    import->loc = parser_loc(parser, location);
    pc_list imports = {(void **)parser->file->imports, parser->file->import_count};
    pc_list_push(parser, &imports, import);
    parser->file->imports = (pc_import **)imports.items;
    parser->file->import_count = imports.count;
}

void pc_syntax_error(pc_parser *parser, const pc_location *location, const char *message)
{
    parser->file->has_syntax_errors = true;
    /* Bison says "syntax error, unexpected name, expecting ';'"; name the token's text too. */
    const char *prefix = "syntax error, ";
    if (strncmp(message, prefix, strlen(prefix)) == 0)
        message += strlen(prefix);
    const char *unexpected = "unexpected ";
    uint32_t length = location->end - location->offset;
    bool at_end = strncmp(message, "unexpected end of file", 22) == 0;
    bool quote_text = !at_end && strncmp(message, unexpected, strlen(unexpected)) == 0 &&
                      length > 0 && strncmp(message + strlen(unexpected), "'", 1) != 0;
    pc_loc loc;
    if (at_end) {
        /* The end of file has no text of its own: point just past the last token. */
        pc_location past_last = {parser->token_end, parser->token_end, NULL};
        loc = parser_loc(parser, &past_last);
    } else {
        loc = parser_loc(parser, location);
    }
    if (!quote_text) {
        pc_diag_report(parser->diags, PC_DIAG_SYNTAX, loc, "%s", message);
        return;
    }
    const char *rest = strchr(message, ',');
    int kind_length = rest ? (int)(rest - message) : (int)strlen(message);
    int shown = length > 40 ? 40 : (int)length;
    pc_diag_report(parser->diags, PC_DIAG_SYNTAX, loc, "%.*s '%.*s'%s%s", kind_length, message,
                   shown, parser->source->text + location->offset, length > 40 ? "..." : "",
                   rest ? rest : "");
}

pc_file *pc_parse_source_in(pl_arena *arena, pc_diag_sink *diags, const pc_source *source,
                            char *scan_buffer)
{
    pc_parser parser;
    if (!pc_parser_init(&parser, arena, diags, source)) {
        pc_parser_release(&parser);
        return NULL;
    }
    /* flex scans a buffer ending in two NULs, writing into it as it goes; tokens point into
     * the schema's own text at the same offsets. */
    scan_buffer[source->len] = '\0';
    scan_buffer[source->len + 1] = '\0';
    yyscan_t scanner;
    if (pc_yylex_init_extra(&parser, &scanner) != 0) {
        pc_parser_release(&parser);
        return NULL;
    }
    parser.scanner = scanner;
    YY_BUFFER_STATE buffer = pc_yy_scan_buffer(scan_buffer, (yy_size_t)source->len + 2, scanner);
    int result = buffer ? pc_yyparse(scanner, &parser) : 2;
    if (buffer)
        pc_yy_delete_buffer(buffer, scanner);
    pc_yylex_destroy(scanner);
    pc_parser_release(&parser);
    if (result == 2 || parser.out_of_memory)
        return NULL;
    if (result != 0)
        parser.file->has_syntax_errors = true;
    return parser.file;
}

pc_file *pc_parse_source(pl_arena *arena, pc_diag_sink *diags, const pc_source *source)
{
    char *scan_copy = malloc((size_t)source->len + 2);
    if (!scan_copy)
        return NULL;
    memcpy(scan_copy, source->text, source->len);
    pc_file *file = pc_parse_source_in(arena, diags, source, scan_copy);
    free(scan_copy);
    return file;
}
