/* Every emitter, one declaration each; the table itself is in registry.c. */
#ifndef PAYLOADC_EMIT_REGISTRY_H
#define PAYLOADC_EMIT_REGISTRY_H

#include "emit.h"

extern const pc_emitter pc_emitter_swift;
extern const pc_emitter pc_emitter_scala;
extern const pc_emitter pc_emitter_php;
extern const pc_emitter pc_emitter_ts;
extern const pc_emitter pc_emitter_c;

#endif
