/* Internal to the checker's comparison (compare.c, structure.c, findings.c). */
#ifndef PAYLOADC_COMPAT_INTERNAL_H
#define PAYLOADC_COMPAT_INTERNAL_H

#include "../resolve.h"
#include "compat.h"

typedef struct compat_context compat_context;

/* Where a walk starts: a route's parameter, response or error, or a type no route reaches. Its
 * label starts every chain through it: "GET /events/{} -> 200 -> Event", "(no route) Audit";
 * it is built when a chain is printed. */
typedef struct compat_root {
    const char *label;     /* NULL until built */
    const char *route_key; /* "GET /events/{}"; NULL for a type no route reaches */
    const char *role;      /* "200", "body", "path", "query"; NULL for an error (status) */
    pc_str param;          /* path and query: the parameter */
    int status;            /* an error's */
    const pc_type *type;   /* shown last */
    const pc_decl *decl;   /* no route: the type */
    bool unreached;
} compat_root;

const char *compat_root_label(compat_context *ctx, compat_root *root);

/* The part of a route a route-level site names. */
typedef enum compat_route_part {
    ROUTE_PART_NONE,
    ROUTE_PART_ROUTE,    /* "GET /events/{}" */
    ROUTE_PART_PATH,     /* "GET /events/{} path 1" */
    ROUTE_PART_QUERY,    /* "GET /events?limit" */
    ROUTE_PART_BODY,     /* "POST /events body" */
    ROUTE_PART_RESPONSE, /* "GET /events/{} response" */
    ROUTE_PART_THROWS    /* "GET /events/{} throws mycoach.errors.NotFound" */
} compat_route_part;

typedef struct compat_node compat_node;

/* How a pair was reached: from a route (root) or from a field of another pair (parent). */
typedef struct compat_edge {
    compat_node *parent; /* NULL when root is set */
    compat_root *root;
    /* The hop, printed "Match.location"; hop_decl NULL for hops that chains leave out (union
     * variants, alias targets) and for roots. */
    const pc_decl *hop_decl;
    pc_str hop_member;
} compat_edge;

/* One comparison of an old declaration with a new one in one direction, done once however
 * many paths reach it: the memo that makes recursive types terminate. */
struct compat_node {
    const pc_decl *old_decl, *new_decl;
    pc_direction direction; /* PC_DIR_IN, PC_DIR_OUT, or PC_DIR_BOTH where no route reaches */
    compat_edge **edges;
    uint32_t edge_count;
    uint32_t index; /* in compat_context.all_nodes */
};

/* One way a finding was reached: a node (its chains, then final) or a route-level root. */
typedef struct compat_source {
    compat_node *node;
    compat_root *root;
    const char *final; /* the element, appended to the node's chains; NULL: nothing */
} compat_source;

/* A finding while the comparison runs; chains are enumerated at the end. */
typedef struct compat_pending {
    pc_compat_finding finding;
    compat_source **sources;
    uint32_t source_count;
} compat_pending;

struct compat_context {
    pl_arena *arena; /* the report's */
    const pc_schema *old_schema, *new_schema;
    pc_compat_options options;
    /* The memo: (old declaration, new declaration, direction) -> node, open addressing. */
    compat_node **node_slots;
    uint32_t node_capacity;
    compat_node **all_nodes;
    uint32_t node_count;
    uint32_t next_node;    /* the queue: all_nodes[next_node..] are still to compare */
    pc_map pending_by_key; /* (rule id, element) -> compat_pending */
    compat_pending **pending;
    uint32_t pending_count;
    bool out_of_memory;
};

/* What is being compared right now, and how findings about it are named. The strings are
 * built on first use: most comparisons find nothing. */
typedef struct compat_site {
    compat_node *node; /* the pair the element belongs to; NULL at a route */
    compat_root *root; /* at a route: where chains start */
    pc_direction direction;
    /* The element: a member of container (field, enum member, variant) or the container. */
    const pc_decl *container;
    pc_str member;      /* empty for the container itself */
    pc_str member_wire; /* identifies the member in the element id */
    /* Or nested in another site (list elements, map values): its names plus suffix. */
    struct compat_site *outer;
    const char *suffix;
    /* Or a part of a route: the route's key, the part, the parameter or error named. */
    const char *route_key;
    compat_route_part route_part;
    pc_str part_name;
    const char *part_qualified; /* an error's qualified name */
    uint32_t position;          /* path parameters, from 1 */
    /* Or given whole; otherwise built on first use and kept. */
    const char *element, *display;
    bool elide_hop; /* union variants and alias targets: chains leave the hop out */
    pc_loc old_loc, new_loc, anchor_loc;
    /* Path parameters report type changes under this rule (PC_COMPAT_RULE_COUNT: none). */
    pc_compat_rule type_rule;
} compat_site;

typedef enum compat_verdict {
    VERDICT_NONE, /* the rule does not apply in this direction */
    VERDICT_SAFE,
    VERDICT_WARNING,
    VERDICT_BREAKING
} compat_verdict;

/* A change found at a site, with its verdict per direction and the consequence per direction
 * (appended to the message in the direction that decided the severity). */
typedef struct compat_change {
    pc_compat_rule rule;
    compat_verdict input, output;
    const char *why_input, *why_output;
    const char *hint;        /* replaces the rule's hint, shown whatever the severity */
    bool deprecated_removal; /* the old schema deprecated what was removed */
} compat_change;

void compat_report(compat_context *ctx, compat_site *site, const compat_change *change,
                   const char *format, ...) PC_PRINTF(4, 5);

const char *compat_site_element(compat_context *ctx, compat_site *site);
const char *compat_site_display(compat_context *ctx, compat_site *site);

/* Compares two uses of types at a site: the field's own constraints are given, aliases add
 * theirs; named pairs are queued as nodes reached from the site. */
void compat_compare_types(compat_context *ctx, compat_site *site, const pc_type *old_type,
                          const pc_type *new_type, const pc_constraints *old_constraints,
                          const pc_constraints *new_constraints);
/* Presence (required, optional, defaulted) and defaults of a field or query parameter. */
void compat_compare_presence(compat_context *ctx, compat_site *site, const pc_field *old_field,
                             const pc_field *new_field, bool query);
/* Compares one queued pair (structure.c). */
void compat_compare_node(compat_context *ctx, compat_node *node);
/* Is the type the same shape on both sides, for rename hints (names compared, not walked)? */
bool compat_same_type(const pc_type *old_type, const pc_type *new_type);

/* "list<Event>", "map<string, Team>", "Title?" with simple names. */
const char *compat_type_text(compat_context *ctx, const pc_type *type);
const char *compat_printf(compat_context *ctx, const char *format, ...) PC_PRINTF(2, 3);
const char *compat_strdup(compat_context *ctx, pc_str text);
bool compat_push(compat_context *ctx, void ***items, uint32_t *count, void *item);

/* Turns the pending findings into the report's array (chains, fingerprints, order). */
bool compat_finish(compat_context *ctx, pc_compat_report *report);

/* A decl's simple name as a C string (arena); its qualified name is decl->qualified_name. */
const char *compat_decl_name(compat_context *ctx, const pc_decl *decl);

#endif
