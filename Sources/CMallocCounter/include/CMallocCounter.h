#ifndef CMALLOCCOUNTER_H
#define CMALLOCCOUNTER_H
#include <stdint.h>

/// The number of allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) made
/// by this process since it started. Benchmarks only: this target replaces the allocator's entry points.
uint64_t malloc_counter_allocations(void);

#endif
