// FUZZ_CHECK: an invariant of a fuzz target. On failure it prints the condition and aborts, so
// libFuzzer saves the input and the replay test fails.
#ifndef MINSHENG_FUZZ_FUZZ_CHECK_H_
#define MINSHENG_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

#endif  // MINSHENG_FUZZ_FUZZ_CHECK_H_
