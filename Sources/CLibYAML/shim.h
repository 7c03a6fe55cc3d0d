#ifndef GITSPACES_CLIBYAML_SHIM_H
#define GITSPACES_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
