/* The parser's state and the node builders its grammar actions call. Actions only build
 * nodes; every check lives in the resolver. */
#ifndef PAYLOADC_PARSE_H
#define PAYLOADC_PARSE_H

#include "ast.h"
#include "diag.h"

/* A bison location: the byte range of a token or construct, and the doc comment before its
 * first token. Lines and columns are not tracked while scanning: pc_parser_loc works them out
 * from the offset (a small location keeps bison's stack copies cheap). */
typedef struct pc_location {
    uint32_t offset, end;
    const char *doc;
} pc_location;

/* A growable array of node pointers; its capacity is implied by its count. */
typedef struct pc_list {
    void **items;
    uint32_t count;
} pc_list;

/* A dotted name while it is parsed: its text (contiguous, as in pc_qname) and how many dots.
 * Its location is the grammar symbol's, so the semantic value stays two words. */
typedef struct pc_qtext {
    const char *ptr;
    uint32_t len;
    uint32_t dots;
} pc_qtext;

typedef struct pc_parser {
    pl_arena *arena;
    pc_diag_sink *diags;
    const pc_source *source;
    pc_file *file;
    void *scanner;
    /* where the last token ended (for errors at the end of the file) */
    uint32_t token_end;
    /* the offset of each line's first byte, for pc_parser_loc; line_hint is the line of the
     * last lookup (nodes are built close to one another) */
    uint32_t *line_starts;
    uint32_t line_count, line_hint;
    uint32_t ascii_end; /* bytes before this offset are all ASCII: columns are byte counts */
    /* `///` lines waiting for the next token */
    pc_str *doc_lines;
    uint32_t doc_count, doc_capacity;
    pc_location comment_start;
    /* nodes are carved from zeroed chunks of the arena: a bump of a pointer per node instead
     * of an arena call and a memset each (most nodes are a few dozen bytes) */
    char *chunk_next, *chunk_end;
    bool out_of_memory;
} pc_parser;

/* Parses one source into a file node; syntax errors go to the sink. NULL only without memory. */
pc_file *pc_parse_source(pl_arena *arena, pc_diag_sink *diags, const pc_source *source);
/* The same, scanning scan_buffer: a copy of the source's text with room for two more bytes,
 * which the scanner overwrites (it saves a copy when the caller has one already). */
pc_file *pc_parse_source_in(pl_arena *arena, pc_diag_sink *diags, const pc_source *source,
                            char *scan_buffer);

/* ---- used by the lexer and the grammar ---- */

/* Sets a parser up over a source (a new file node, the line index). False without memory;
 * pc_parser_release frees what it holds either way. */
bool pc_parser_init(pc_parser *parser, pl_arena *arena, pc_diag_sink *diags,
                    const pc_source *source);
void pc_parser_release(pc_parser *parser);

/* Zeroed memory from the parser's arena, aligned for any node; size > 0. */
void *pc_parser_alloc_slow(pc_parser *parser, size_t size);
static inline void *pc_parser_alloc(pc_parser *parser, size_t size)
{
    size = (size + 7) & ~(size_t)7;
    if (size <= (size_t)(parser->chunk_end - parser->chunk_next)) {
        void *memory = parser->chunk_next;
        parser->chunk_next += size;
        return memory;
    }
    return pc_parser_alloc_slow(parser, size);
}
/* The location as the AST keeps it, with the line and the column (in code points). */
pc_loc pc_parser_loc(pc_parser *parser, const pc_location *location);
void pc_list_push(pc_parser *parser, pc_list *list, void *item);

pc_qtext pc_build_qname(pc_str name);
pc_qtext pc_build_qname_append(pc_parser *parser, pc_qtext prefix, pc_str name);
pc_value *pc_build_value(pc_parser *parser, pc_value_kind kind, pc_str text,
                         const pc_location *location);
pc_value *pc_build_name_value(pc_parser *parser, pc_qtext name, const pc_location *location);
pc_annotation *pc_build_annotation(pc_parser *parser, pc_str name, pc_list args,
                                   const pc_location *location);
pc_type *pc_build_named_type(pc_parser *parser, pc_qtext name, const pc_location *name_location,
                             pc_list args, const pc_location *location);
pc_type *pc_build_nullable_type(pc_parser *parser, pc_type *inner, const pc_location *location);
pc_field *pc_build_field(pc_parser *parser, pc_list annotations, pc_str name,
                         const pc_location *name_location, bool optional, pc_type *type,
                         pc_value *default_value, const pc_location *location);
pc_member *pc_build_member(pc_parser *parser, pc_list annotations, pc_str name,
                           const pc_location *name_location, const pc_location *location);
pc_variant *pc_build_variant(pc_parser *parser, pc_list annotations, pc_str name,
                             const pc_location *name_location, pc_type *target,
                             const pc_location *location);
pc_route *pc_build_route(pc_parser *parser, pc_list annotations, pc_str name,
                         const pc_location *name_location, pc_str method,
                         const pc_location *method_location, pc_str path,
                         const pc_location *path_location, pc_list params, pc_type *response,
                         pc_list throws, const pc_location *location);
pc_decl *pc_build_decl(pc_parser *parser, pc_decl_kind kind, pc_str name,
                       const pc_location *name_location);
pc_decl *pc_build_struct(pc_parser *parser, pc_str name, const pc_location *name_location,
                         pc_list fields);
pc_decl *pc_build_enum(pc_parser *parser, bool open, pc_str name, const pc_location *name_location,
                       pc_list members);
pc_decl *pc_build_union(pc_parser *parser, bool open, pc_str name, const pc_location *name_location,
                        const pc_str *discriminator, const pc_location *discriminator_location,
                        pc_list variants);
pc_decl *pc_build_alias(pc_parser *parser, pc_str name, const pc_location *name_location,
                        pc_type *target);
pc_decl *pc_build_service(pc_parser *parser, pc_str name, const pc_location *name_location,
                          pc_list routes);
void pc_finish_decl(pc_parser *parser, pc_decl *decl, pc_list annotations,
                    const pc_location *location);
void pc_set_package(pc_parser *parser, pc_qtext name, const pc_location *location);
void pc_add_import(pc_parser *parser, pc_str path, const pc_location *location);
void pc_syntax_error(pc_parser *parser, const pc_location *location, const char *message);

#endif
