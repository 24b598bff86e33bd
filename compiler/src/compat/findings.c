/* Findings: the rule table, the route chains that reach each finding, fingerprints, order, and
 * acknowledgements. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const pc_compat_rule_info rules[PC_COMPAT_RULE_COUNT] = {
#define PC_COMPAT_RULE(id, input, output, source, summary, note, hint_input, hint_output)          \
    {#id, input, output, source, summary, note, hint_input, hint_output},
#include "rules.def"
#undef PC_COMPAT_RULE
};

const pc_compat_rule_info *pc_compat_rule_info_of(pc_compat_rule rule)
{
    return &rules[rule < PC_COMPAT_RULE_COUNT ? rule : 0];
}

bool pc_compat_rule_from_id(const char *id, size_t length, pc_compat_rule *out)
{
    for (int i = 0; i < PC_COMPAT_RULE_COUNT; i++) {
        if (strlen(rules[i].id) == length && memcmp(rules[i].id, id, length) == 0) {
            *out = (pc_compat_rule)i;
            return true;
        }
    }
    return false;
}

const char *pc_compat_severity_name(pc_compat_severity severity)
{
    switch (severity) {
    case PC_COMPAT_BREAKING:
        return "BREAKING";
    case PC_COMPAT_WARNING:
        return "WARNING";
    case PC_COMPAT_INFO:
        return "INFO";
    }
    return "?";
}

uint32_t pc_compat_count_at_least(const pc_compat_report *report, pc_compat_severity severity)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < report->finding_count; i++) {
        const pc_compat_finding *finding = &report->findings[i];
        count += !finding->acknowledged && finding->severity >= severity;
    }
    return count;
}

/* ---- chains ---- */

/* Chains are listed shortest first, up to a limit. A type used everywhere is reached by very
 * many paths (each layer of a lattice doubles them), so they are enumerated best-first with the
 * exact distance of every node to its nearest root: each step taken leads to a chain, and the
 * work is bounded by the chains listed, not by the paths there are. */
enum { MAX_CHAINS = 64, MAX_STEPS = 20000 };

typedef struct chain_step {
    const compat_node *node;
    const compat_edge *via; /* the edge from this node toward the finding */
    const struct chain_step *toward;
    uint32_t hops; /* edges from the finding's node */
} chain_step;

typedef struct chain_list {
    compat_context *ctx;
    const char **items;
    uint32_t count;
    bool truncated;
    uint64_t hashes[MAX_CHAINS]; /* of items, to find duplicates quickly */
    pl_buf scratch;              /* where a chain is written before it is kept */
} chain_list;

static uint64_t fnv1a(uint64_t hash, const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        hash ^= (unsigned char)text[i];
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

/* Graph facts computed once for all findings. */
typedef struct chain_graph {
    uint32_t *distance; /* edges from the node to its nearest root */
    bool *by_route;     /* reached from a route, not only from an unreached type */
    chain_step *steps;  /* the pool of one enumeration */
    uint32_t *heap;     /* indices into steps, by hops + distance */
} chain_graph;

static bool ends_with_hop(const char *chain, const char *hop)
{
    size_t chain_length = strlen(chain), hop_length = strlen(hop);
    if (chain_length == hop_length)
        return strcmp(chain, hop) == 0;
    return chain_length > hop_length + 4 && strcmp(chain + chain_length - hop_length, hop) == 0 &&
           memcmp(chain + chain_length - hop_length - 4, " -> ", 4) == 0;
}

static void add_chain(chain_list *list, const char *chain, size_t length)
{
    uint64_t hash = fnv1a(0xcbf29ce484222325ULL, chain, length);
    for (uint32_t i = 0; i < list->count; i++) {
        if (list->hashes[i] == hash && strcmp(list->items[i], chain) == 0)
            return;
    }
    if (list->count >= MAX_CHAINS) {
        list->truncated = true;
        return;
    }
    pc_str text = {chain, (uint32_t)length};
    const char *copy = compat_strdup(list->ctx, text);
    list->hashes[list->count] = hash;
    compat_push(list->ctx, (void ***)&list->items, &list->count, (void *)copy);
}

static bool append(pl_buf *text, const char *bytes, size_t length)
{
    return pl_buf_append(text, bytes, length);
}

static void emit_chain(chain_list *list, compat_root *root, const chain_step *step,
                       const char *final)
{
    pl_buf text = list->scratch; /* reused: one allocation for all chains */
    text.len = 0;
    const char *label = compat_root_label(list->ctx, root);
    bool ok = append(&text, label, strlen(label));
    for (const chain_step *hop = step; hop && ok; hop = hop->toward) {
        const compat_edge *edge = hop->via;
        if (edge && edge->hop_decl)
            ok = append(&text, " -> ", 4) &&
                 append(&text, edge->hop_decl->name.ptr, edge->hop_decl->name.len) &&
                 append(&text, ".", 1) && append(&text, edge->hop_member.ptr, edge->hop_member.len);
    }
    ok = ok && pl_buf_append_char(&text, '\0');
    if (ok && final && !ends_with_hop(text.data, final)) {
        text.len--;
        ok = append(&text, " -> ", 4) && append(&text, final, strlen(final)) &&
             pl_buf_append_char(&text, '\0');
    }
    if (ok)
        add_chain(list, text.data, text.len - 1);
    else
        list->ctx->out_of_memory = true;
    list->scratch = text;
}

static bool on_path(const chain_step *step, const compat_node *node)
{
    for (; step; step = step->toward) {
        if (step->node == node)
            return true;
    }
    return false;
}

/* ---- a binary heap of steps ordered by the length of the chain they lead to ---- */

static uint32_t step_cost(const chain_graph *graph, uint32_t index)
{
    const chain_step *step = &graph->steps[index];
    return step->hops + graph->distance[step->node->index];
}

static bool heap_before(const chain_graph *graph, uint32_t a, uint32_t b)
{
    uint32_t cost_a = step_cost(graph, a), cost_b = step_cost(graph, b);
    if (cost_a != cost_b)
        return cost_a < cost_b;
    /* Among chains of one length, finish the one nearest its root first (depth first), else
     * the many paths of a lattice would all be grown side by side. Then first pushed first. */
    uint32_t hops_a = graph->steps[a].hops, hops_b = graph->steps[b].hops;
    return hops_a != hops_b ? hops_a > hops_b : a < b;
}

static void heap_push(chain_graph *graph, uint32_t *count, uint32_t index)
{
    uint32_t at = (*count)++;
    graph->heap[at] = index;
    while (at > 0 && heap_before(graph, graph->heap[at], graph->heap[(at - 1) / 2])) {
        uint32_t parent = (at - 1) / 2, swap = graph->heap[at];
        graph->heap[at] = graph->heap[parent];
        graph->heap[parent] = swap;
        at = parent;
    }
}

static uint32_t heap_pop(chain_graph *graph, uint32_t *count)
{
    uint32_t top = graph->heap[0];
    graph->heap[0] = graph->heap[--*count];
    for (uint32_t at = 0;;) {
        uint32_t left = 2 * at + 1, right = left + 1, best = at;
        if (left < *count && heap_before(graph, graph->heap[left], graph->heap[best]))
            best = left;
        if (right < *count && heap_before(graph, graph->heap[right], graph->heap[best]))
            best = right;
        if (best == at)
            break;
        uint32_t swap = graph->heap[at];
        graph->heap[at] = graph->heap[best];
        graph->heap[best] = swap;
        at = best;
    }
    return top;
}

/* Every chain from a root to start, shortest first; a path never goes through the same node
 * twice (recursive types). */
static void node_chains(chain_list *list, chain_graph *graph, const compat_node *start,
                        const char *final)
{
    uint32_t step_count = 0, heap_count = 0;
    graph->steps[step_count] = (chain_step){start, NULL, NULL, 0};
    heap_push(graph, &heap_count, step_count++);
    while (heap_count && list->count < MAX_CHAINS) {
        const chain_step *step = &graph->steps[heap_pop(graph, &heap_count)];
        for (uint32_t i = 0; i < step->node->edge_count; i++) {
            const compat_edge *edge = step->node->edges[i];
            if (edge->root) {
                emit_chain(list, edge->root, step, final);
                continue;
            }
            if (!edge->parent || graph->distance[edge->parent->index] == UINT32_MAX ||
                on_path(step, edge->parent))
                continue;
            if (step_count == MAX_STEPS) {
                list->truncated = true;
                return;
            }
            graph->steps[step_count] = (chain_step){edge->parent, edge, step, step->hops + 1};
            heap_push(graph, &heap_count, step_count++);
        }
    }
    if (heap_count)
        list->truncated = true;
}

/* Distances to the nearest root and reachability from routes: breadth first from the roots
 * along edges turned around. */
static bool measure_graph(compat_context *ctx, chain_graph *graph)
{
    uint32_t count = ctx->node_count;
    uint32_t *first_child = calloc(count + 1, sizeof *first_child);
    uint32_t *queue = malloc((count + 1) * sizeof *queue);
    uint32_t edge_total = 0;
    for (uint32_t n = 0; n < count; n++)
        edge_total += ctx->all_nodes[n]->edge_count;
    uint32_t *children = malloc((edge_total + 1) * sizeof *children);
    if (!first_child || !queue || !children) {
        free(first_child);
        free(queue);
        free(children);
        return false;
    }
    /* Children of each node, grouped by parent (counting sort). */
    for (uint32_t n = 0; n < count; n++) {
        const compat_node *node = ctx->all_nodes[n];
        for (uint32_t e = 0; e < node->edge_count; e++) {
            if (node->edges[e]->parent)
                first_child[node->edges[e]->parent->index + 1]++;
        }
    }
    for (uint32_t n = 0; n < count; n++)
        first_child[n + 1] += first_child[n];
    uint32_t *fill = malloc((count + 1) * sizeof *fill);
    if (!fill) {
        free(first_child);
        free(queue);
        free(children);
        return false;
    }
    memcpy(fill, first_child, (count + 1) * sizeof *fill);
    for (uint32_t n = 0; n < count; n++) {
        const compat_node *node = ctx->all_nodes[n];
        for (uint32_t e = 0; e < node->edge_count; e++) {
            if (node->edges[e]->parent)
                children[fill[node->edges[e]->parent->index]++] = n;
        }
    }
    free(fill);

    for (int pass = 0; pass < 2; pass++) {
        /* Pass 0: distances from any root. Pass 1: which nodes a route reaches. */
        uint32_t head = 0, tail = 0;
        for (uint32_t n = 0; n < count; n++) {
            const compat_node *node = ctx->all_nodes[n];
            bool start = false;
            for (uint32_t e = 0; e < node->edge_count && !start; e++) {
                const compat_root *root = node->edges[e]->root;
                start = root && (pass == 0 || !root->unreached);
            }
            if (pass == 0)
                graph->distance[n] = start ? 0 : UINT32_MAX;
            else
                graph->by_route[n] = start;
            if (start)
                queue[tail++] = n;
        }
        while (head < tail) {
            uint32_t n = queue[head++];
            for (uint32_t c = first_child[n]; c < first_child[n + 1]; c++) {
                uint32_t child = children[c];
                if (pass == 0 && graph->distance[child] == UINT32_MAX) {
                    graph->distance[child] = graph->distance[n] + 1;
                    queue[tail++] = child;
                } else if (pass == 1 && !graph->by_route[child]) {
                    graph->by_route[child] = true;
                    queue[tail++] = child;
                }
            }
        }
    }
    free(first_child);
    free(queue);
    free(children);
    return true;
}

/* ---- fingerprints and order ---- */

static void fingerprint(pc_compat_finding *finding)
{
    const char *rule = pc_compat_rule_info_of(finding->rule)->id;
    const char *direction = pc_direction_name(finding->direction);
    uint64_t hash = 0xcbf29ce484222325ULL;
    hash = fnv1a(hash, rule, strlen(rule) + 1);
    hash = fnv1a(hash, finding->element, strlen(finding->element) + 1);
    hash = fnv1a(hash, direction, strlen(direction));
    snprintf(finding->fingerprint, sizeof finding->fingerprint, "%016llx",
             (unsigned long long)hash);
}

static const pc_loc *primary_loc(const pc_compat_finding *finding)
{
    return finding->new_loc.source ? &finding->new_loc : &finding->old_loc;
}

static int compare_findings(const void *a, const void *b)
{
    const pc_compat_finding *x = a, *y = b;
    if (x->severity != y->severity)
        return x->severity > y->severity ? -1 : 1;
    const pc_loc *lx = primary_loc(x), *ly = primary_loc(y);
    if (!lx->source != !ly->source)
        return lx->source ? -1 : 1;
    if (lx->source && ly->source) {
        /* New files before old ones (removals), then by path and position. */
        int by_side = (x->new_loc.source == NULL) - (y->new_loc.source == NULL);
        if (by_side)
            return by_side;
        int by_path = strcmp(lx->source->path, ly->source->path);
        if (by_path)
            return by_path;
        if (lx->offset != ly->offset)
            return lx->offset < ly->offset ? -1 : 1;
    }
    int by_rule = strcmp(pc_compat_rule_info_of(x->rule)->id, pc_compat_rule_info_of(y->rule)->id);
    if (by_rule)
        return by_rule;
    return strcmp(x->element, y->element);
}

bool compat_finish(compat_context *ctx, pc_compat_report *report)
{
    chain_graph graph;
    graph.distance = malloc((ctx->node_count + 1) * sizeof *graph.distance);
    graph.by_route = calloc(ctx->node_count + 1, sizeof *graph.by_route);
    graph.steps = malloc(MAX_STEPS * sizeof *graph.steps);
    graph.heap = malloc(MAX_STEPS * sizeof *graph.heap);
    report->findings =
        pl_arena_alloc(ctx->arena, (ctx->pending_count + 1) * sizeof *report->findings);
    bool ok = graph.distance && graph.by_route && graph.steps && graph.heap && report->findings &&
              measure_graph(ctx, &graph);
    pl_buf scratch;
    pl_buf_init(&scratch);
    for (uint32_t p = 0; p < ctx->pending_count && ok; p++) {
        compat_pending *pending = ctx->pending[p];
        pc_compat_finding *finding = &pending->finding;
        chain_list list;
        list.ctx = ctx;
        list.items = NULL;
        list.count = 0;
        list.truncated = false;
        list.scratch = scratch;
        bool by_route = false;
        for (uint32_t s = 0; s < pending->source_count; s++) {
            const compat_source *source = pending->sources[s];
            if (source->node) {
                node_chains(&list, &graph, source->node, source->final);
                by_route = by_route || graph.by_route[source->node->index];
            } else {
                emit_chain(&list, source->root, NULL, NULL);
                by_route = by_route || !source->root->unreached;
            }
        }
        scratch = list.scratch;
        finding->chains = list.items;
        finding->chain_count = list.count;
        finding->chains_truncated = list.truncated;
        finding->unreached = pending->source_count > 0 && !by_route;
        fingerprint(finding);
        report->findings[report->finding_count++] = *finding;
    }
    pl_buf_free(&scratch);
    free(graph.distance);
    free(graph.by_route);
    free(graph.steps);
    free(graph.heap);
    if (!ok)
        return false;
    qsort(report->findings, report->finding_count, sizeof *report->findings, compare_findings);
    return !ctx->out_of_memory;
}

/* ---- acknowledgements ---- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static bool is_fingerprint(const char *text, size_t length)
{
    if (length != 16)
        return false;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

bool pc_compat_parse_acks(pc_compat_report *report, const char *path, const char *text,
                          size_t length, pc_compat_acks *acks, char *error, size_t error_size)
{
    memset(acks, 0, sizeof *acks);
    pl_arena *arena = report->arena;
    pc_source *source = pl_arena_alloc(arena, sizeof *source);
    char *copy = pl_arena_strdup(arena, text, length);
    char *path_copy = pl_arena_strdup(arena, path, strlen(path));
    if (!source || !copy || !path_copy) {
        snprintf(error, error_size, "out of memory");
        return false;
    }
    source->path = path_copy;
    source->text = copy;
    source->len = (uint32_t)length;
    uint32_t capacity = 0, line = 0;
    for (size_t start = 0; start < length;) {
        size_t end = start;
        while (end < length && copy[end] != '\n')
            end++;
        line++;
        size_t line_start = start;
        start = end + 1;
        /* "# why" starts at a '#' at the start of the line or after a space. */
        size_t content_end = line_start;
        while (content_end < end &&
               !(copy[content_end] == '#' &&
                 (content_end == line_start || is_space(copy[content_end - 1]))))
            content_end++;
        const char *reason = NULL;
        if (content_end < end) {
            size_t r = content_end + 1, r_end = end;
            while (r < r_end && is_space(copy[r]))
                r++;
            while (r_end > r && is_space(copy[r_end - 1]))
                r_end--;
            if (r_end > r)
                reason = pl_arena_strdup(arena, copy + r, r_end - r);
        }
        size_t first = line_start, last = content_end;
        while (first < last && is_space(copy[first]))
            first++;
        while (last > first && is_space(copy[last - 1]))
            last--;
        if (first == last)
            continue; /* blank or comment only */
        /* RULE, then the element (which may contain spaces: "GET /events/{}"), then the
         * fingerprint. */
        size_t rule_end = first;
        while (rule_end < last && !is_space(copy[rule_end]))
            rule_end++;
        size_t print_start = last;
        while (print_start > rule_end && !is_space(copy[print_start - 1]))
            print_start--;
        size_t element_start = rule_end, element_end = print_start;
        while (element_start < element_end && is_space(copy[element_start]))
            element_start++;
        while (element_end > element_start && is_space(copy[element_end - 1]))
            element_end--;
        pc_compat_rule rule;
        if (!pc_compat_rule_from_id(copy + first, rule_end - first, &rule)) {
            snprintf(error, error_size, "%s:%u: unknown rule '%.*s' (payloadc compat --list-rules)",
                     path, line, (int)(rule_end - first), copy + first);
            return false;
        }
        if (element_start == element_end ||
            !is_fingerprint(copy + print_start, last - print_start)) {
            snprintf(error, error_size,
                     "%s:%u: expected 'RULE element fingerprint  # why' (the fingerprint is 16 "
                     "hex digits, as printed by payloadc compat)",
                     path, line);
            return false;
        }
        if (acks->count == capacity) {
            uint32_t grown = capacity ? capacity * 2 : 8;
            pc_compat_ack *items = pl_arena_alloc(arena, grown * sizeof *items);
            if (!items) {
                snprintf(error, error_size, "out of memory");
                return false;
            }
            if (acks->count)
                memcpy(items, acks->items, acks->count * sizeof *items);
            acks->items = items;
            capacity = grown;
        }
        pc_compat_ack *ack = &acks->items[acks->count++];
        memset(ack, 0, sizeof *ack);
        ack->rule = rule;
        ack->element = pl_arena_strdup(arena, copy + element_start, element_end - element_start);
        ack->fingerprint = pl_arena_strdup(arena, copy + print_start, last - print_start);
        ack->reason = reason;
        ack->loc = (pc_loc){source, (uint32_t)line_start, (uint32_t)(end - line_start), line, 1};
        if (!ack->element || !ack->fingerprint) {
            snprintf(error, error_size, "out of memory");
            return false;
        }
    }
    return true;
}

bool pc_compat_apply_acks(pc_compat_report *report, pc_compat_acks *acks)
{
    uint32_t stale = 0;
    for (uint32_t a = 0; a < acks->count; a++) {
        pc_compat_ack *ack = &acks->items[a];
        for (uint32_t i = 0; i < report->finding_count && !ack->matched; i++) {
            pc_compat_finding *finding = &report->findings[i];
            if (finding->rule == ack->rule && strcmp(finding->element, ack->element) == 0 &&
                strcmp(finding->fingerprint, ack->fingerprint) == 0) {
                finding->acknowledged = true;
                finding->ack_reason = ack->reason;
                ack->matched = true;
            }
        }
        stale += !ack->matched;
    }
    if (!stale)
        return true;
    pc_compat_finding *grown =
        pl_arena_alloc(report->arena, (report->finding_count + stale) * sizeof *report->findings);
    if (!grown)
        return false;
    memcpy(grown, report->findings, report->finding_count * sizeof *report->findings);
    report->findings = grown;
    for (uint32_t a = 0; a < acks->count; a++) {
        const pc_compat_ack *ack = &acks->items[a];
        if (ack->matched)
            continue;
        const char *rule = pc_compat_rule_info_of(ack->rule)->id;
        /* Same rule and element with another fingerprint: the direction changed. */
        const pc_compat_finding *near = NULL;
        for (uint32_t i = 0; i < report->finding_count; i++) {
            if (report->findings[i].rule == ack->rule &&
                strcmp(report->findings[i].element, ack->element) == 0)
                near = &report->findings[i];
        }
        size_t element_size = strlen(rule) + strlen(ack->element) + 2;
        char *element = pl_arena_alloc(report->arena, element_size);
        char message[1024];
        if (near)
            snprintf(message, sizeof message,
                     "the acknowledgement of %s %s has fingerprint %s, but the finding's is now "
                     "%s (its direction changed, or the line has a typo): it silences nothing",
                     rule, ack->element, ack->fingerprint, near->fingerprint);
        else
            snprintf(message, sizeof message,
                     "the acknowledgement of %s %s matches no finding: the change it excused is "
                     "gone",
                     rule, ack->element);
        char *message_copy = pl_arena_strdup(report->arena, message, strlen(message));
        if (!element || !message_copy)
            return false;
        snprintf(element, element_size, "%s %s", rule, ack->element);
        pc_compat_finding *finding = &report->findings[report->finding_count++];
        memset(finding, 0, sizeof *finding);
        finding->rule = PC_COMPAT_ACK_STALE;
        finding->severity = PC_COMPAT_WARNING;
        finding->direction = PC_DIR_NONE;
        finding->element = element;
        finding->display = element;
        finding->message = message_copy;
        finding->hint = pc_compat_rule_info_of(PC_COMPAT_ACK_STALE)->hint_input;
        finding->new_loc = ack->loc;
        finding->anchor_loc = ack->loc;
        fingerprint(finding);
    }
    qsort(report->findings, report->finding_count, sizeof *report->findings, compare_findings);
    return true;
}
