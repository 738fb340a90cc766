package dev.s4j.ssm.kernel;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.ssm.discretize.Discretization;
import dev.s4j.ssm.discretize.RealTransform;

/**
 * S4D: a diagonal state matrix (arXiv 2206.11893). Defaults: S4D-LegS init, ZOH, Re λ = −e^a,
 * Δ in [0.001, 0.1], SSM learning rate 0.001 (no weight decay), float32.
 *
 * @param stateSize       N (even; N/2 conjugate pairs are stored)
 * @param init            initial eigenvalues
 * @param discretization  ZOH or a GBT method
 * @param realTransform   how Re λ is parameterized
 * @param dtMin           smallest initial Δ
 * @param dtMax           largest initial Δ
 * @param ssmLearningRate learning rate of λ, B and log Δ
 * @param dtype           FLOAT32 or FLOAT64
 * @param initConvention  s4j's exact initialization or the official code's (null: EXACT)
 */
public record DiagonalSpec(int stateSize, DiagonalInit init, Discretization discretization, RealTransform realTransform,
                           double dtMin, double dtMax, double ssmLearningRate, DType dtype, InitConvention initConvention)
        implements KernelSpec {

    public DiagonalSpec {
        Specs.checkState("DiagonalSpec", stateSize, dtMin, dtMax, dtype);
        initConvention = initConvention == null ? InitConvention.EXACT : initConvention;
    }

    /** The defaults with state size N. */
    public static DiagonalSpec of(int stateSize) {
        return new DiagonalSpec(stateSize, DiagonalInit.LEGS, Discretization.ZOH, RealTransform.EXP, 0.001, 0.1, 0.001,
                DType.FLOAT32, InitConvention.EXACT);
    }

    /** A copy with init replaced. */
    public DiagonalSpec withInit(DiagonalInit v) {
        return new DiagonalSpec(stateSize, v, discretization, realTransform, dtMin, dtMax, ssmLearningRate, dtype, initConvention);
    }

    /** A copy with discretization replaced. */
    public DiagonalSpec withDiscretization(Discretization v) {
        return new DiagonalSpec(stateSize, init, v, realTransform, dtMin, dtMax, ssmLearningRate, dtype, initConvention);
    }

    /** A copy with realTransform replaced. */
    public DiagonalSpec withRealTransform(RealTransform v) {
        return new DiagonalSpec(stateSize, init, discretization, v, dtMin, dtMax, ssmLearningRate, dtype, initConvention);
    }

    /** A copy with the initial range [dtMin, dtMax] of Δ replaced. */
    public DiagonalSpec withDt(double min, double max) {
        return new DiagonalSpec(stateSize, init, discretization, realTransform, min, max, ssmLearningRate, dtype, initConvention);
    }

    /** A copy with ssmLearningRate replaced. */
    public DiagonalSpec withSsmLearningRate(double v) {
        return new DiagonalSpec(stateSize, init, discretization, realTransform, dtMin, dtMax, v, dtype, initConvention);
    }

    /** A copy with dtype replaced. */
    public DiagonalSpec withDtype(DType v) {
        return new DiagonalSpec(stateSize, init, discretization, realTransform, dtMin, dtMax, ssmLearningRate, v, initConvention);
    }

    /** A copy with initConvention replaced. */
    public DiagonalSpec withInitConvention(InitConvention v) {
        return new DiagonalSpec(stateSize, init, discretization, realTransform, dtMin, dtMax, ssmLearningRate, dtype, v);
    }

    @Override
    public SsmKernel build(int width, int channels, Generator gen) {
        return new DiagonalKernel(this, width, channels, gen);
    }
}
