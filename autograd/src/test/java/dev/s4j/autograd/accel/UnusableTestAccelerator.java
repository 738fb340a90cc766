package dev.s4j.autograd.accel;

import dev.s4j.autograd.Storage;

/** A backend registered for the tests whose probe always fails, like a GPU library on a machine without a device. */
public final class UnusableTestAccelerator implements Accelerator {
    @Override
    public String name() {
        return "unusable-test";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String probe() {
        return "no device (test backend)";
    }

    @Override
    public boolean fft(FftJob job) {
        throw new AssertionError("an unusable backend must never receive jobs");
    }

    @Override
    public boolean cauchy(CauchyJob job, Storage out) {
        throw new AssertionError("an unusable backend must never receive jobs");
    }

    @Override
    public boolean cauchyBackward(CauchyJob job, Storage g, Storage gv, Storage gw, Storage gz) {
        throw new AssertionError("an unusable backend must never receive jobs");
    }
}
