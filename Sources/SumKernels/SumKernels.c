// The inner loop of the zonal sums in C: Swift's SIMD types compile to the baseline x86-64
// instruction set only, and a shipped binary cannot assume more, so the kernel is built twice
// (baseline and AVX2) from one body and picked by what the processor says at run time.
#include "SumKernels.h"

#include <string.h>

typedef float f8 __attribute__((vector_size(32)));
typedef int32_t i8 __attribute__((vector_size(32)));
typedef double d8 __attribute__((vector_size(64)));

// Through a pointer, not a return value: a 32-byte vector returned by a function built for the
// baseline changes the ABI (clang's -Wpsabi), even from a function that is always inlined.
static inline __attribute__((always_inline)) void load8(f8 *x, const float *p) {
    memcpy(x, p, sizeof *x);  // unaligned
}

static inline __attribute__((always_inline)) wp_span_sum sum_body(const float *cells, ptrdiff_t count, float nodata) {
    const f8 nd = (f8){0} + nodata;
    d8 a0 = {0};
    d8 a1 = {0};
    i8 lanes_missing = {0};
    ptrdiff_t j = 0;
    for (; j + 16 <= count; j += 16) {
        f8 x;
        f8 y;
        load8(&x, cells + j);
        load8(&y, cells + j + 8);
        // A true lane of a comparison is all ones (−1): nodata or NaN (a NaN differs from itself).
        i8 mx = (x == nd) | (x != x);
        i8 my = (y == nd) | (y != y);
        x = (f8)((i8)x & ~mx);
        y = (f8)((i8)y & ~my);
        a0 += __builtin_convertvector(x, d8);
        a1 += __builtin_convertvector(y, d8);
        lanes_missing -= mx + my;
    }
    const d8 lanes = a0 + a1;
    wp_span_sum out = {0, 0};
    for (int k = 0; k < 8; k++) {
        out.sum += lanes[k];
        out.missing += lanes_missing[k];
    }
    for (; j < count; j++) {
        const float v = cells[j];
        if (v == nodata || v != v) {
            out.missing += 1;
        } else {
            out.sum += (double)v;
        }
    }
    return out;
}

static inline __attribute__((always_inline)) void blocks_body(const float *cells, ptrdiff_t blocks, ptrdiff_t block_cells,
                                                              float nodata, double *sums, int32_t *missing) {
    for (ptrdiff_t b = 0; b < blocks; b++) {
        const wp_span_sum s = sum_body(cells + b * block_cells, block_cells, nodata);
        sums[b] = s.sum;
        missing[b] = (int32_t)s.missing;
    }
}

#if defined(__x86_64__) && defined(__clang__)
__attribute__((target("avx2"))) static wp_span_sum sum_avx2(const float *cells, ptrdiff_t count, float nodata) {
    return sum_body(cells, count, nodata);
}

__attribute__((target("avx2"))) static void blocks_avx2(const float *cells, ptrdiff_t blocks, ptrdiff_t block_cells,
                                                        float nodata, double *sums, int32_t *missing) {
    blocks_body(cells, blocks, block_cells, nodata, sums, missing);
}

static int has_avx2(void) { return __builtin_cpu_supports("avx2"); }
#endif

static wp_span_sum sum_baseline(const float *cells, ptrdiff_t count, float nodata) {
    return sum_body(cells, count, nodata);
}

static void blocks_baseline(const float *cells, ptrdiff_t blocks, ptrdiff_t block_cells, float nodata, double *sums,
                            int32_t *missing) {
    blocks_body(cells, blocks, block_cells, nodata, sums, missing);
}

wp_span_sum wp_sum_float32_baseline(const float *cells, ptrdiff_t count, float nodata) {
    return sum_baseline(cells, count, nodata);
}

wp_span_sum wp_sum_float32(const float *cells, ptrdiff_t count, float nodata) {
#if defined(__x86_64__) && defined(__clang__)
    if (has_avx2()) return sum_avx2(cells, count, nodata);
#endif
    return sum_baseline(cells, count, nodata);
}

void wp_block_sums_float32(const float *cells, ptrdiff_t blocks, ptrdiff_t block_cells, float nodata, double *sums,
                           int32_t *missing) {
#if defined(__x86_64__) && defined(__clang__)
    if (has_avx2()) {
        blocks_avx2(cells, blocks, block_cells, nodata, sums, missing);
        return;
    }
#endif
    blocks_baseline(cells, blocks, block_cells, nodata, sums, missing);
}
