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
 * token, so empty symbols (no annotations) pass the doc on to the next one. */
#define YYLLOC_DEFAULT(current, rhs, count)                                                    \
    do {                                                                                       \
        if (count) {                                                                           \
            (current).offset = YYRHSLOC(rhs, 1).offset;                                        \
            (current).end = YYRHSLOC(rhs, count).end;                                          \
            (current).doc = NULL;                                                              \
            for (int doc_index = 1; doc_index <= (count); doc_index++) {                       \
                if (YYRHSLOC(rhs, doc_index).end > YYRHSLOC(rhs, doc_index).offset) {          \
                    (current).doc = YYRHSLOC(rhs, doc_index).doc;                              \
                    break;                                                                     \
                }                                                                              \
            }                                                                                  \
        } else {                                                                               \
            (current).offset = (current).end = YYRHSLOC(rhs, 0).end;                           \
            (current).doc = NULL;                                                              \
        }                                                                                      \
    } while (0)
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

%type <str> ident keyword_name
%type <qname> qname
%type <value> value opt_default
%type <type> type base opt_response
%type <annotation> annotation
%type <field> field param
%type <member> member
%type <variant> variant
%type <route> route
%type <decl> decl_body
%type <list> annotations opt_args values fields members variants routes
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

fields
    : %empty                        { $$ = (pc_list){0}; }
    | fields field                  { $$ = $1; pc_list_push(parser, &$$, $2); }
    | fields error ';'              { $$ = $1; }
    ;

field
    : annotations ident opt_question ':' type opt_default ';'
                                    { $$ = pc_build_field(parser, $1, $2, &@2, $3, $5, $6, &@$); }
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

type
    : base
    | base '?'                      { $$ = pc_build_nullable_type(parser, $1, &@$); }
    ;

base
    : qname                         { $$ = pc_build_named_type(parser, $1, &@1, (pc_list){0}, &@$); }
    | qname '<' types '>'           { $$ = pc_build_named_type(parser, $1, &@1, $3, &@$); }
    ;

types
    : type                          { $$ = (pc_list){0}; pc_list_push(parser, &$$, $1); }
    | types ',' type                { $$ = $1; pc_list_push(parser, &$$, $3); }
    ;

annotations
    : %empty                        { $$ = (pc_list){0}; }
    | annotations annotation        { $$ = $1; pc_list_push(parser, &$$, $2); }
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
    : NAME | PACKAGE | IMPORT | STRUCT | ENUM | UNION | OPEN | TYPE | SERVICE
    | DISCRIMINATOR | THROWS | TRUE | FALSE | NULL_
    ;

%%

static void pc_yyerror(PC_YYLTYPE *location, void *scanner, pc_parser *parser,
                       const char *message)
{
    (void)scanner;
    pc_syntax_error(parser, location, message);
}
