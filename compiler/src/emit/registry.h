/* Every emitter, one line each; the table itself is in registry.c. */
#ifndef PAYLOADC_EMIT_REGISTRY_H
#define PAYLOADC_EMIT_REGISTRY_H

#include "emit.h"

#endif
