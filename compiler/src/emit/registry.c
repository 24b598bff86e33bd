/* The static registry of emitters, in the order `--lang all` runs them. An emitter lives in
 * its own folder (emit/<lang>/) and adds one declaration (registry.h) and one table entry
 * here, replacing its placeholder comment. */
#include "registry.h"

static const pc_emitter *const emitters[] = {
    &pc_emitter_swift,
    &pc_emitter_scala,
    &pc_emitter_php,
    &pc_emitter_ts,
    &pc_emitter_c,
    NULL,
};

const pc_emitter *const *pc_emitters(void)
{
    return emitters;
}
