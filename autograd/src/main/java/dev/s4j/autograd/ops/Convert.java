package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.DType;
import dev.s4j.autograd.Tensor;

/**
 * Dtype conversion. Real → complex sets the imaginary part to 0; complex → real keeps the real
 * part (like {@code .real()}). Backward converts the gradient back (the engine keeps the real
 * part for a real input and rounds to the input's precision).
 */
public final class Convert {
    private Convert() {
    }

    /** {@code x} as {@code target}; returns {@code x} itself when the dtype already matches. */
    public static Tensor to(Tensor x, DType target) {
        if (x.dtype() == target) {
            return x;
        }
        Tensor out = new Tensor(x.storage().convert(target), x.shape());
        return Autograd.record("to(" + target + ")", out, g -> new Tensor[] {g}, x);
    }
}
