/* The compatibility checker (design: compat.md). pc_compat_compare compares two resolved
 * schemas and returns findings: what changed, the rule, how bad it is in the direction the
 * change is used, which route chains reach it, and how to do it safely. Acknowledgements and
 * the output formats work on the report; the command (payloadc compat) glues them together.
 * Nothing here prints or exits except pc_command_compat. */
#ifndef PAYLOADC_COMPAT_H
#define PAYLOADC_COMPAT_H

#include <stdio.h>

#include "schema.h"

typedef enum pc_compat_rule {
#define PC_COMPAT_RULE(id, input, output, source, summary, note, hint_input, hint_output)          \
    PC_COMPAT_##id,
#include "rules.def"
#undef PC_COMPAT_RULE
    PC_COMPAT_RULE_COUNT
} pc_compat_rule;

typedef struct pc_compat_rule_info {
    const char *id;    /* "FIELD_REMOVED" */
    const char *input; /* documented verdicts: "B", "W", "S", "-", "B|W"... */
    const char *output;
    bool source; /* BREAKING under --level source */
    const char *summary;
    const char *note; /* what decides a conditional verdict; NULL when none */
    const char *hint_input, *hint_output;
} pc_compat_rule_info;

const pc_compat_rule_info *pc_compat_rule_info_of(pc_compat_rule rule);
bool pc_compat_rule_from_id(const char *id, size_t length, pc_compat_rule *out);

/* Ordered: a comparison of severities is a comparison of these values. */
typedef enum pc_compat_severity {
    PC_COMPAT_INFO,
    PC_COMPAT_WARNING,
    PC_COMPAT_BREAKING
} pc_compat_severity;

const char *pc_compat_severity_name(pc_compat_severity severity); /* "BREAKING" */

typedef enum pc_compat_level { PC_COMPAT_LEVEL_WIRE, PC_COMPAT_LEVEL_SOURCE } pc_compat_level;

typedef struct pc_compat_options {
    pc_compat_level level;
} pc_compat_options;

typedef struct pc_compat_finding {
    pc_compat_rule rule;
    pc_compat_severity severity;
    /* Which way the element is used where it is judged this severe: PC_DIR_IN, PC_DIR_OUT,
     * PC_DIR_BOTH (also: no route reaches it), PC_DIR_NONE for ACK_STALE. */
    pc_direction direction;
    bool raised_by_source_level; /* BREAKING only because of --level source */
    bool deprecated;             /* a removal downgraded because the old schema deprecated it */
    const char *element;         /* stable id: "mycoach.events.Match.location" */
    const char *display;         /* for people: "Match.location" */
    const char *message;
    const char *hint;    /* NULL when none */
    pc_loc old_loc;      /* in the old schema; source NULL when the element is new */
    pc_loc new_loc;      /* in the new schema; source NULL when the element was removed */
    pc_loc anchor_loc;   /* in the new schema: the element, else what contained it; may be NULL */
    const char **chains; /* "GET /events/{} -> 200 -> Event -> Match.location", shortest first */
    uint32_t chain_count;
    bool chains_truncated;
    bool unreached;       /* no route present in both versions reaches it: judged both ways */
    char fingerprint[17]; /* hex of a 64-bit hash of rule, element and direction */
    bool acknowledged;
    const char *ack_reason; /* the acknowledgement's "# why", NULL when none */
} pc_compat_finding;

typedef struct pc_compat_report {
    pl_arena *arena;             /* owns everything in the report */
    pc_compat_finding *findings; /* most severe first, then by location */
    uint32_t finding_count;
    bool out_of_memory;
} pc_compat_report;

/* Compares two schemas that resolved without errors. NULL only when memory ran out. The report
 * points into both schemas (names, locations): free it before them. */
pc_compat_report *pc_compat_compare(const pc_schema *old_schema, const pc_schema *new_schema,
                                    const pc_compat_options *options);
void pc_compat_report_free(pc_compat_report *report);

/* How many findings not acknowledged have at least this severity. */
uint32_t pc_compat_count_at_least(const pc_compat_report *report, pc_compat_severity severity);

/* ---- acknowledgements (--ack FILE): "RULE element fingerprint  # why" per line ---- */

typedef struct pc_compat_ack {
    pc_compat_rule rule;
    const char *element;
    const char *fingerprint;
    const char *reason; /* NULL when the line has no comment */
    pc_loc loc;         /* the line in the acknowledgement file */
    bool matched;
} pc_compat_ack;

typedef struct pc_compat_acks {
    pc_compat_ack *items;
    uint32_t count;
} pc_compat_acks;

/* Parses an acknowledgement file (kept alive by the report's arena). On a malformed line,
 * returns false with "path:line: what is wrong" in error. */
bool pc_compat_parse_acks(pc_compat_report *report, const char *path, const char *text,
                          size_t length, pc_compat_acks *acks, char *error, size_t error_size);
/* Marks the findings that an acknowledgement matches exactly (rule, element and fingerprint)
 * and adds an ACK_STALE warning for each acknowledgement that matches none. */
bool pc_compat_apply_acks(pc_compat_report *report, pc_compat_acks *acks);

/* ---- output ---- */

typedef enum pc_compat_format {
    PC_COMPAT_FORMAT_TEXT,
    PC_COMPAT_FORMAT_JSON,
    PC_COMPAT_FORMAT_GITHUB,
    PC_COMPAT_FORMAT_MARKDOWN
} pc_compat_format;

typedef struct pc_compat_render_options {
    pc_compat_format format;
    bool verbose;           /* INFO and acknowledged findings in text and github, every chain */
    const char *old_prefix; /* put before old files' paths ("HEAD~1:" for git:HEAD~1), or NULL */
    const char *baseline;   /* what --against named, for summaries; may be NULL */
} pc_compat_render_options;

bool pc_compat_render(const pc_compat_report *report, const pc_compat_render_options *options,
                      pl_buf *out);
/* The rule table (--list-rules), as text or JSON. */
bool pc_compat_render_rules(pc_compat_format format, pl_buf *out);

/* payloadc compat */
int pc_command_compat(int argc, char **argv, FILE *out, FILE *err);

#endif
