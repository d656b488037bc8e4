#include "histogram.h"

#include <math.h>
#include <string.h>

static unsigned bucket_of(uint64_t value) {
    if (value < HISTOGRAM_SUB) {
        return (unsigned) value;
    }
    /* value >> shift keeps the SUB_BITS + 1 leading bits, in [SUB, 2 * SUB). */
    unsigned exponent = 63u - (unsigned) __builtin_clzll(value);
    unsigned shift = exponent - HISTOGRAM_SUB_BITS;
    return shift * HISTOGRAM_SUB + (unsigned) (value >> shift);
}

/* The middle of the values bucket `index` counts. */
static uint64_t middle_of(unsigned index) {
    if (index < 2 * HISTOGRAM_SUB) {
        return index;
    }
    unsigned shift = index / HISTOGRAM_SUB - 1;
    uint64_t leading = index - shift * HISTOGRAM_SUB;
    return (leading << shift) + (((uint64_t) 1 << shift) >> 1);
}

void histogram_record(histogram *h, uint64_t value) {
    h->counts[bucket_of(value)]++;
    h->total++;
}

uint64_t histogram_percentile(const histogram *h, double percentile) {
    if (h->total == 0) {
        return 0;
    }
    uint64_t rank = (uint64_t) ceil(percentile / 100.0 * (double) h->total);
    if (rank < 1) {
        rank = 1;
    }
    uint64_t seen = 0;
    for (unsigned i = 0; i < HISTOGRAM_BUCKETS; i++) {
        seen += h->counts[i];
        if (seen >= rank) {
            return middle_of(i);
        }
    }
    return middle_of(HISTOGRAM_BUCKETS - 1);
}

void histogram_reset(histogram *h) {
    memset(h, 0, sizeof *h);
}
