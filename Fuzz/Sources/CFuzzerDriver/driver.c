#include "CFuzzerDriver.h"

// Provided by libFuzzer (linked by -sanitize=fuzzer), LLVM 11 and later.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int supportmatch_fuzz_run_driver(int argc, char **argv, SupportMatchFuzzTest test) {
    return LLVMFuzzerRunDriver(&argc, &argv, test);
}
