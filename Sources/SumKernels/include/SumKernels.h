#ifndef WORLDPOP_SUM_KERNELS_H
#define WORLDPOP_SUM_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// The sum of a run of Float32 cells (each widened to double first) and how many of them are
/// nodata or NaN, which add nothing.
typedef struct {
    double sum;
    int64_t missing;
} wp_span_sum;

/// Sums `count` cells, sixteen at a time in sixteen double lanes. The order of the additions is
/// fixed by the lanes, not by the instructions: the AVX2 version (chosen at run time where the
/// processor has it) and the baseline x86-64 one give the same bits.
wp_span_sum wp_sum_float32(const float *cells, ptrdiff_t count, float nodata);

/// `wp_sum_float32` on the baseline instruction set whatever the processor has (for the tests
/// that the two give the same bits).
wp_span_sum wp_sum_float32_baseline(const float *cells, ptrdiff_t count, float nodata);

/// `wp_sum_float32` of each of `blocks` consecutive runs of `block_cells` cells, into `sums` and
/// `missing`.
void wp_block_sums_float32(const float *cells, ptrdiff_t blocks, ptrdiff_t block_cells, float nodata, double *sums,
                           int32_t *missing);

#endif
