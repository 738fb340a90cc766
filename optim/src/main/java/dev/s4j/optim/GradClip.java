package dev.s4j.optim;

import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Parameter;
import java.util.Collection;

/** Gradient clipping by the global norm (Pascanu et al.), as PyTorch's {@code clip_grad_norm_}. */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales every gradient by min(1, maxNorm / ‖g‖), ‖g‖ the L2 norm over all gradients (real and
     * imaginary parts included). Returns ‖g‖ before clipping.
     */
    public static double byGlobalNorm(Collection<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clip: max norm must be positive, got " + maxNorm);
        }
        double sq = 0;
        for (Parameter p : parameters) {
            Tensor g = p.grad();
            if (g != null) {
                Storage s = g.storage();
                for (int i = 0; i < s.length(); i++) {
                    sq += s.re(i) * s.re(i) + s.im(i) * s.im(i);
                }
            }
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-12);
            for (Parameter p : parameters) {
                Tensor g = p.grad();
                if (g != null) {
                    Storage s = g.storage();
                    for (int i = 0; i < s.length(); i++) {
                        s.setRe(i, s.re(i) * scale);
                        if (s.isComplex()) {
                            s.setIm(i, s.im(i) * scale);
                        }
                    }
                }
            }
        }
        return norm;
    }
}
