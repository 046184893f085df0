package io.superlance.bench;

import java.util.Arrays;

/** Acknowledgement times of one run, in nanoseconds; quantiles by the nearest-rank method. */
final class Latencies {
    private final long[] nanos;
    private int count;
    private boolean sorted;

    Latencies(int capacity) {
        nanos = new long[capacity];
    }

    void add(long n) {
        nanos[count++] = n;
        sorted = false;
    }

    int count() {
        return count;
    }

    double ms(double quantile) {
        if (count == 0) {
            return Double.NaN;
        }
        if (!sorted) {
            Arrays.sort(nanos, 0, count);
            sorted = true;
        }
        int i = (int) Math.min(count - 1, Math.ceil(quantile * count) - 1);
        return nanos[Math.max(0, i)] / 1e6;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
