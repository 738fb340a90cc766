package dev.s4j.examples.bench;

import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Module;
import dev.s4j.ssm.kernel.Recurrence;
import dev.s4j.ssm.kernel.SsmKernel;

/** A kernel computed once from another kernel at a fixed length; shorter kernels are its prefixes. */
final class CachedKernel extends Module implements SsmKernel {
    private final SsmKernel source;
    private final Tensor k;

    CachedKernel(SsmKernel source, int length) {
        this.source = source;
        try (var off = Grad.disabled()) {
            this.k = source.kernel(length);
        }
    }

    @Override
    public int width() {
        return source.width();
    }

    @Override
    public int channels() {
        return source.channels();
    }

    @Override
    public Tensor kernel(int length, double rate) {
        if (rate != 1 || length > k.size(2)) {
            throw new IllegalArgumentException("cached kernel: only rate 1 and L ≤ " + k.size(2) + ", asked L = " + length + ", rate " + rate);
        }
        return length == k.size(2) ? k : k.slice(2, 0, length);
    }

    @Override
    public Recurrence recurrence(double rate) {
        return source.recurrence(rate);
    }

    @Override
    public long version() {
        return 0;
    }
}
