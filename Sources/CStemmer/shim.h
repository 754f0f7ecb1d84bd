#ifndef SUPPORTMATCH_CSTEMMER_SHIM_H
#define SUPPORTMATCH_CSTEMMER_SHIM_H
// Snowball's C stemmers (Debian libstemmer-dev).
#include <libstemmer.h>
#endif
