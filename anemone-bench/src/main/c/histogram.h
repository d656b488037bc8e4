/*
 * A log-linear latency histogram: values below 2^SUB_BITS are counted exactly, larger ones in
 * 2^SUB_BITS linear buckets per power of two, so any value is off by less than 1/128 (0.8 %) of
 * itself. Fixed size (about 58 KiB), no allocation, recording is a few instructions: it sits in
 * the receive path of every echo.
 */
#ifndef ANEMONE_LOAD_HISTOGRAM_H
#define ANEMONE_LOAD_HISTOGRAM_H

#include <stdint.h>

#define HISTOGRAM_SUB_BITS 7
#define HISTOGRAM_SUB (1u << HISTOGRAM_SUB_BITS)
/* Exponents SUB_BITS..63 each get SUB buckets, after 2 * SUB exact ones for the small values. */
#define HISTOGRAM_BUCKETS ((64 - HISTOGRAM_SUB_BITS) * HISTOGRAM_SUB + HISTOGRAM_SUB)

typedef struct {
    uint64_t counts[HISTOGRAM_BUCKETS];
    uint64_t total;
} histogram;

/* Counts one value (any unit; the load generator records nanoseconds). */
void histogram_record(histogram *h, uint64_t value);

/* The value at `percentile` (0 to 100), the middle of its bucket; 0 when nothing was recorded. */
uint64_t histogram_percentile(const histogram *h, double percentile);

/* Forgets every value. */
void histogram_reset(histogram *h);

#endif
