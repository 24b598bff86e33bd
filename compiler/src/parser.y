/* The grammar of .payload files (language.md §3). Actions only build nodes. */
%require "3.8"
%define api.pure full
%define api.prefix {pc_yy}
%define parse.error detailed
%define parse.trace false
%locations
%expect 0
%param {void *scanner}
%parse-param {pc_parser *parser}

%code requires {
#include "parse.h"
#define PC_YYLTYPE pc_location
#define PC_YYLTYPE_IS_DECLARED 1
}

%code provides {
int pc_yylex(PC_YYSTYPE *value, PC_YYLTYPE *location, void *scanner);
}

%code {
static void pc_yyerror(PC_YYLTYPE *location, void *scanner, pc_parser *parser,
                       const char *message);

/* A construct's location spans its symbols; its doc comment is the one before its first
 * token, so empty symbols (no annotations) pass the doc on to the next one. An empty location
 * never has a doc, so the search runs only when the first symbol is empty. */
#define YYLLOC_DEFAULT(current, rhs, count)                                                    \
    do {                                                                                       \
        if (count) {                                                                           \
            (current).offset = YYRHSLOC(rhs, 1).offset;                                        \
            (current).end = YYRHSLOC(rhs, count).end;                                          \
            (current).doc = YYRHSLOC(rhs, 1).doc;                                              \
            if (YYRHSLOC(rhs, 1).end == YYRHSLOC(rhs, 1).offset) {                             \
                for (int doc_index = 2; doc_index <= (count); doc_index++) {                   \
                    if (YYRHSLOC(rhs, doc_index).end > YYRHSLOC(rhs, doc_index).offset) {      \
                        (current).doc = YYRHSLOC(rhs, doc_index).doc;                          \
                        break;                                                                 \
                    }                                                                          \
                }                                                                              \
            }                                                                                  \
        } else {                                                                               \
            (current).offset = (current).end = YYRHSLOC(rhs, 0).end;                           \
            (current).doc = NULL;                                                              \
        }                                                                                      \
    } while (0)
}

%code {
/* A named type, generic when args is not NULL (closed by the '>' at close), nullable when
 * question (its '?') is not NULL: the nodes and locations of the plain rules `base: qname`,
 * `base: qname '<' types '>'` and `type: base '?'`. */
static pc_type *type_of(pc_parser *parser, pc_qtext name, const pc_location *name_location,
                        const pc_list *args, const pc_location *close, const pc_location *question)
{
    pc_location generic = *name_location;
    if (args)
        generic.end = close->end;
    pc_type *type = pc_build_named_type(parser, name, name_location,
                                        args ? *args : (pc_list){0}, &generic);
    if (!question)
        return type;
    pc_location nullable = {name_location->offset, question->end, NULL};
    return pc_build_nullable_type(parser, type, &nullable);
}

/* type_of for a one-word name. */
static pc_type *word_type(pc_parser *parser, pc_str word, const pc_location *location,
                          const pc_list *args, const pc_location *close,
                          const pc_location *question)
{
    return type_of(parser, pc_build_qname(word), location, args, close, question);
}
}

%union {
    pc_str str;
    pc_qtext qname;
    pc_value *value;
    pc_type *type;
    pc_annotation *annotation;
    pc_field *field;
    pc_member *member;
    pc_variant *variant;
    pc_route *route;
    pc_decl *decl;
    pc_list list;
    bool flag;
}

%token <str> NAME "name" STRING "string literal" INT "integer" FLOAT "number"
%token <str> PACKAGE "'package'" IMPORT "'import'" STRUCT "'struct'" ENUM "'enum'"
%token <str> UNION "'union'" OPEN "'open'" TYPE "'type'" SERVICE "'service'"
%token <str> DISCRIMINATOR "'discriminator'" THROWS "'throws'"
%token <str> TRUE "'true'" FALSE "'false'" NULL_ "'null'"
%token <str> ARROW "'->'"
%token <str> ';' '{' '}' '(' ')' '<' '>' ',' ':' '?' '=' '.' '@' '[' ']'

%type <str> ident keyword keyword_name
%type <qname> qname
%type <value> value opt_default
%type <type> type opt_response
%type <annotation> annotation
%type <field> param
%type <member> member
%type <variant> variant
%type <route> route
%type <decl> decl_body
%type <list> annotations annotation_list opt_args values fields members variants routes
%type <list> opt_params params types opt_throws
%type <flag> opt_question opt_open

%%

file
    : opt_package imports declarations
    ;

opt_package
    : %empty
    | PACKAGE qname ';'             { pc_set_package(parser, $2, &@2); }
    | PACKAGE error ';'
    ;

imports
    : %empty
    | imports import
    ;

import
    : IMPORT STRING ';'             { pc_add_import(parser, $2, &@2); }
    | IMPORT error ';'
    ;

declarations
    : %empty
    | declarations declaration
    ;

declaration
    : annotations decl_body         { pc_finish_decl(parser, $2, $1, &@$); }
    | error '}'
    | error ';'
    ;

decl_body
    : STRUCT ident '{' fields close { $$ = pc_build_struct(parser, $2, &@2, $4); }
    | opt_open ENUM ident '{' members close
                                    { $$ = pc_build_enum(parser, $1, $3, &@3, $5); }
    | opt_open UNION ident '{' variants close
                                    { $$ = pc_build_union(parser, $1, $3, &@3, NULL, NULL, $5); }
    | opt_open UNION ident DISCRIMINATOR STRING '{' variants close
                                    { $$ = pc_build_union(parser, $1, $3, &@3, &$5, &@5, $7); }
    | TYPE ident '=' type ';'       { $$ = pc_build_alias(parser, $2, &@2, $4); }
    | SERVICE ident '{' routes close
                                    { $$ = pc_build_service(parser, $2, &@2, $4); }
    ;

/* A block's '}', also after an error in its last member ("x: int32 }"), so that recovery
 * stops at the block's end instead of swallowing the next declaration. */
close
    : '}'
    | error '}'
    ;

opt_open
    : %empty                        { $$ = false; }
    | OPEN                          { $$ = true; }
    ;

/* Fields are most of a schema, so their rules are written out to spare reductions (each one a
 * trip through bison's tables): no empty `annotations` before a field without any, no `ident`
 * for a plain name, no `field` between a field and the list. The states where an error is found,
 * and so the messages, are the same as with the plain rules. A field's doc is its first token's,
 * and only the doc is taken from the location passed for the field as a whole. */
fields
    : %empty                        { $$ = (pc_list){0}; }
    | fields NAME opt_question ':' type opt_default ';'
                                    {
                                        $$ = $1;
                                        pc_list_push(parser, &$$,
                                                     pc_build_field(parser, (pc_list){0}, $2, &@2,
                                                                    $3, $5, $6, &@2));
                                    }
    | fields keyword opt_question ':' type opt_default ';'
                                    {
                                        $$ = $1;
                                        pc_list_push(parser, &$$,
                                                     pc_build_field(parser, (pc_list){0}, $2, &@2,
                                                                    $3, $5, $6, &@2));
                                    }
    | fields annotation_list ident opt_question ':' type opt_default ';'
                                    {
                                        $$ = $1;
                                        pc_list_push(parser, &$$,
                                                     pc_build_field(parser, $2, $3, &@3, $4, $6, $7,
                                                                    &@2));
                                    }
    | fields error ';'              { $$ = $1; }
    ;

members
    : %empty                        { $$ = (pc_list){0}; }
    | members member                { $$ = $1; pc_list_push(parser, &$$, $2); }
    | members error ';'             { $$ = $1; }
    ;

member
    : annotations ident ';'         { $$ = pc_build_member(parser, $1, $2, &@2, &@$); }
    ;

variants
    : %empty                        { $$ = (pc_list){0}; }
    | variants variant              { $$ = $1; pc_list_push(parser, &$$, $2); }
    | variants error ';'            { $$ = $1; }
    ;

variant
    : annotations ident ':' qname ';'
                                    {
                                        pc_type *target = pc_build_named_type(parser, $4, &@4,
                                                                              (pc_list){0}, &@4);
                                        $$ = pc_build_variant(parser, $1, $2, &@2, target, &@$);
                                    }
    ;

routes
    : %empty                        { $$ = (pc_list){0}; }
    | routes route                  { $$ = $1; pc_list_push(parser, &$$, $2); }
    | routes error ';'              { $$ = $1; }
    ;

route
    : annotations ident NAME STRING '(' opt_params ')' opt_response opt_throws ';'
                                    {
                                        $$ = pc_build_route(parser, $1, $2, &@2, $3, &@3, $4,
                                                            &@4, $6, $8, $9, &@$);
                                    }
    ;

opt_params
    : %empty                        { $$ = (pc_list){0}; }
    | params
    ;

params
    : param                         { $$ = (pc_list){0}; pc_list_push(parser, &$$, $1); }
    | params ',' param              { $$ = $1; pc_list_push(parser, &$$, $3); }
    ;

param
    : annotations ident opt_question ':' type opt_default
                                    { $$ = pc_build_field(parser, $1, $2, &@2, $3, $5, $6, &@$); }
    ;

opt_response
    : %empty                        { $$ = NULL; }
    | ARROW type                    { $$ = $2; }
    ;

opt_throws
    : %empty                        { $$ = (pc_list){0}; }
    | THROWS types                  { $$ = $2; }
    ;

opt_question
    : %empty                        { $$ = false; }
    | '?'                           { $$ = true; }
    ;

opt_default
    : %empty                        { $$ = NULL; }
    | '=' value                     { $$ = $2; }
    ;

/* Written out to spare reductions: a one-word type is a single one (no `qname: NAME`, no
 * `base: qname`), and a dotted one ends in the type's own rule. After a name, '.' continues the
 * dotted name and anything else ends the type, so errors are found in the same states. */
type
    : NAME                          { $$ = word_type(parser, $1, &@1, NULL, NULL, NULL); }
    | NAME '?'                      { $$ = word_type(parser, $1, &@1, NULL, NULL, &@2); }
    | NAME '<' types '>'            { $$ = word_type(parser, $1, &@1, &$3, &@4, NULL); }
    | NAME '<' types '>' '?'        { $$ = word_type(parser, $1, &@1, &$3, &@4, &@5); }
    | qname '.' NAME                {
                                        pc_location name = {@1.offset, @3.end, NULL};
                                        $$ = type_of(parser, pc_build_qname_append(parser, $1, $3),
                                                     &name, NULL, NULL, NULL);
                                    }
    | qname '.' NAME '?'            {
                                        pc_location name = {@1.offset, @3.end, NULL};
                                        $$ = type_of(parser, pc_build_qname_append(parser, $1, $3),
                                                     &name, NULL, NULL, &@4);
                                    }
    | qname '.' NAME '<' types '>'  {
                                        pc_location name = {@1.offset, @3.end, NULL};
                                        $$ = type_of(parser, pc_build_qname_append(parser, $1, $3),
                                                     &name, &$5, &@6, NULL);
                                    }
    | qname '.' NAME '<' types '>' '?'
                                    {
                                        pc_location name = {@1.offset, @3.end, NULL};
                                        $$ = type_of(parser, pc_build_qname_append(parser, $1, $3),
                                                     &name, &$5, &@6, &@7);
                                    }
    ;

types
    : type                          { $$ = (pc_list){0}; pc_list_push(parser, &$$, $1); }
    | types ',' type                { $$ = $1; pc_list_push(parser, &$$, $3); }
    ;

annotations
    : %empty                        { $$ = (pc_list){0}; }
    | annotations annotation        { $$ = $1; pc_list_push(parser, &$$, $2); }
    ;

/* One or more, for the fields' rules. */
annotation_list
    : annotation                    { $$ = (pc_list){0}; pc_list_push(parser, &$$, $1); }
    | annotation_list annotation    { $$ = $1; pc_list_push(parser, &$$, $2); }
    ;

annotation
    : '@' ident opt_args            { $$ = pc_build_annotation(parser, $2, $3, &@$); }
    ;

opt_args
    : %empty                        { $$ = (pc_list){0}; }
    | '(' ')'                       { $$ = (pc_list){0}; }
    | '(' values ')'                { $$ = $2; }
    ;

values
    : value                         { $$ = (pc_list){0}; pc_list_push(parser, &$$, $1); }
    | values ',' value              { $$ = $1; pc_list_push(parser, &$$, $3); }
    ;

value
    : STRING                        { $$ = pc_build_value(parser, PC_VALUE_STRING, $1, &@$); }
    | INT                           { $$ = pc_build_value(parser, PC_VALUE_INT, $1, &@$); }
    | FLOAT                         { $$ = pc_build_value(parser, PC_VALUE_FLOAT, $1, &@$); }
    | TRUE                          { $$ = pc_build_value(parser, PC_VALUE_TRUE, $1, &@$); }
    | FALSE                         { $$ = pc_build_value(parser, PC_VALUE_FALSE, $1, &@$); }
    | NULL_                         { $$ = pc_build_value(parser, PC_VALUE_NULL, $1, &@$); }
    | '[' ']'                       { $$ = pc_build_value(parser, PC_VALUE_EMPTY_LIST, $1, &@$); }
    | '{' '}'                       { $$ = pc_build_value(parser, PC_VALUE_EMPTY_MAP, $1, &@$); }
    | qname                         { $$ = pc_build_name_value(parser, $1, &@$); }
    | keyword_name                  { $$ = pc_build_name_value(parser, pc_build_qname($1), &@$); }
    ;

/* Keywords that may name an enum member, and so stand for it as a default. */
keyword_name
    : PACKAGE | IMPORT | STRUCT | ENUM | UNION | OPEN | TYPE | SERVICE | DISCRIMINATOR | THROWS
    ;

qname
    : NAME                          { $$ = pc_build_qname($1); }
    | qname '.' NAME                { $$ = pc_build_qname_append(parser, $1, $3); }
    ;

ident
    : NAME | keyword
    ;

keyword
    : PACKAGE | IMPORT | STRUCT | ENUM | UNION | OPEN | TYPE | SERVICE | DISCRIMINATOR | THROWS
    | TRUE | FALSE | NULL_
    ;

%%

static void pc_yyerror(PC_YYLTYPE *location, void *scanner, pc_parser *parser,
                       const char *message)
{
    (void)scanner;
    pc_syntax_error(parser, location, message);
}
