#ifndef GITSPACES_CGIT2_SHIM_H
#define GITSPACES_CGIT2_SHIM_H

#include <git2.h>

/* Compile-time gate: GitKit relies on the libgit2 1.5 API (git_fetch_options.update_fetchhead,
 * git_error_last() that may return NULL, GIT_OPT_SET_SSL_CERT_LOCATIONS). */
#if LIBGIT2_VER_MAJOR < 1 || (LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR < 5)
#error "GitKit needs libgit2 1.5 or newer"
#endif

/* git_libgit2_opts is variadic, which Swift cannot call: one wrapper per option we use. */

/** Trust the certificate authorities in `file` (PEM bundle) and/or the hashed directory `path`. */
static inline int gitspaces_git_set_ssl_cert_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}

/** Whether opening a repository owned by another user is refused (git's safe.directory check). */
static inline int gitspaces_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

/** The folders libgit2 searches for `level`'s files (GIT_CONFIG_LEVEL_XDG, _SYSTEM), `:`-separated, in `out`. */
static inline int gitspaces_git_get_search_path(int level, git_buf *out) {
    return git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, out);
}

#endif
