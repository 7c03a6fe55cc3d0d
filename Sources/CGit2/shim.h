#ifndef GITSPACES_CGIT2_SHIM_H
#define GITSPACES_CGIT2_SHIM_H
#include <git2.h>
#endif
