#ifndef GITSPACES_CZLIB_SHIM_H
#define GITSPACES_CZLIB_SHIM_H

#include <zlib.h>

/* inflateInit2 is a macro, which Swift cannot call. windowBits 15 + 32: a zlib or gzip stream, detected
 * from its header. */
static inline int gitspaces_inflate_init_auto(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}

#endif
