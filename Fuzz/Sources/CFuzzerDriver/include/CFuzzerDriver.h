#ifndef SUPPORTMATCH_CFUZZERDRIVER_H
#define SUPPORTMATCH_CFUZZERDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's per-input callback.
typedef int (*SupportMatchFuzzTest)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver (argument parsing, corpus, mutation loop) with `test`.
///
/// SwiftPM links every executable with `main` aliased to the module's own entry point, so
/// libFuzzer's `main` is never used; the fuzz targets' top-level code calls this instead.
int supportmatch_fuzz_run_driver(int argc, char **argv, SupportMatchFuzzTest test);
#endif
