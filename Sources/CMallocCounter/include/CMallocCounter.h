#ifndef CMALLOCCOUNTER_H
#define CMALLOCCOUNTER_H
#include <stddef.h>
#include <stdint.h>

/// The number of allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) made
/// by this process since it started. Benchmarks only: this target replaces the allocator's entry points.
uint64_t malloc_counter_allocations(void);

/// The bytes of heap in use now (`mallinfo2()`: allocated chunks in every arena, and blocks mapped on their own).
uint64_t malloc_counter_heap_in_use(void);

/// The usable size of the heap block at `block` (`malloc_usable_size`).
size_t malloc_counter_block_size(const void *block);

#endif
