package dev.s4j.ssm.kernel;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.OptimHints;
import dev.s4j.autograd.nn.Parameter;
import dev.s4j.autograd.ops.Vandermonde;
import dev.s4j.ssm.discretize.DiagonalDiscretizer;
import dev.s4j.ssm.discretize.Timescale;

/**
 * The S4D kernel (arXiv 2206.11893, §3): a diagonal A = diag(λ), whose N/2 stored modes stand for
 * conjugate pairs, so that
 * <pre>
 *   K̄_ℓ = 2 Re Σ_{n &lt; N/2} C_n B̄_n Ā_n^ℓ            (a Vandermonde product, O(N + L) memory)
 * </pre>
 * with Ā, B̄ from {@link DiagonalDiscretizer}. Parameters: {@code log_dt (H)},
 * {@code lambda_re (H, N/2)} (Re λ through the {@link dev.s4j.ssm.discretize.RealTransform}),
 * {@code lambda_im (H, N/2)}, {@code B (H, N/2)} and {@code C (C, H, N/2)} complex.
 */
public final class DiagonalKernel extends KernelModule {
    private final DiagonalSpec spec;
    private final Parameter logDt;
    private final Parameter lambdaRe;
    private final Parameter lambdaIm;
    private final Parameter b;
    private final Parameter c;

    DiagonalKernel(DiagonalSpec spec, int width, int channels, Generator gen) {
        super("DiagonalKernel", width, channels);
        this.spec = spec;
        int modes = spec.stateSize() / 2;
        double[][] init = spec.init().values(spec.stateSize(), spec.initConvention());
        OptimHints ssm = new OptimHints(spec.ssmLearningRate(), 0.0);
        var real = spec.dtype();
        this.logDt = logDtParameter(gen, spec.dtMin(), spec.dtMax(), real, ssm);
        Tensor re = Tensor.zeros(real, width, modes);
        Tensor im = Tensor.zeros(real, width, modes);
        Tensor bInit = Tensor.zeros(real.toComplex(), width, modes);
        for (int h = 0; h < width; h++) {
            for (int k = 0; k < modes; k++) {
                re.storage().setRe(h * modes + k, spec.realTransform().inverse(RealTransformInit.damped(init[0][k], spec.realTransform())));
                im.storage().setRe(h * modes + k, init[1][k]);
                bInit.storage().setRe(h * modes + k, init[2][k]);
                bInit.storage().setIm(h * modes + k, init[3][k]);
            }
        }
        this.lambdaRe = parameter("lambda_re", re).optimHints(ssm);
        this.lambdaIm = parameter("lambda_im", im).optimHints(ssm);
        this.b = parameter("B", bInit).optimHints(ssm);
        this.c = parameter("C", Tensor.randn(gen, real.toComplex(), channels, width, modes));
    }

    /** λ (H, N/2) complex, with Re λ from the real-part transform. */
    public Tensor lambda() {
        return Tensor.complex(spec.realTransform().apply(lambdaRe), lambdaIm);
    }

    /**
     * Ā and B̄ (H, N/2) at the given rate, computed in float64 whatever the parameters' precision:
     * the kernel raises Ā to powers up to L − 1, which would magnify a float32 rounding of Ā ℓ-fold.
     */
    DiagonalDiscretizer.Discrete discrete(double rate) {
        Tensor lambda = lambda().to(DType.COMPLEX128);
        Tensor dt = Timescale.dt(logDt.to(DType.FLOAT64), rate);
        return DiagonalDiscretizer.discretize(lambda, b.to(DType.COMPLEX128), dt, spec.discretization());
    }

    @Override
    Tensor kernelOfLength(int length, double rate) {
        DiagonalDiscretizer.Discrete d = discrete(rate);
        Tensor coefficients = c.mul(d.bBar()).to(c.dtype());          // C ⊙ B̄ (C, H, N/2)
        return Vandermonde.apply(coefficients, d.aBar(), length);      // (C, H, L), Ā kept in float64
    }

    @Override
    public Recurrence recurrence(double rate) {
        try (var off = Grad.disabled()) {
            DiagonalDiscretizer.Discrete d = discrete(rate);
            return new DiagonalRecurrence(d.aBar(), d.bBar(), c.detach());
        }
    }
}
