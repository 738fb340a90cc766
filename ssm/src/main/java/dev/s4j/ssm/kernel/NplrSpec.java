package dev.s4j.ssm.kernel;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.ssm.discretize.RealTransform;
import dev.s4j.ssm.hippo.HippoMeasure;

/**
 * S4: a normal-plus-low-rank state matrix A = Λ − P P* (arXiv 2111.00396), discretized with the
 * bilinear transform. Defaults: HiPPO-LegS, Re λ = −e^a, Δ in [0.001, 0.1], SSM learning rate
 * 0.001 (no weight decay), float32. The rank of P follows the measure (2 for LegT, else 1).
 * LegT and FouT start with nearly undamped modes (Re λ = −1e-4), whose kernels float32 resolves
 * only to about 1e-4 relative; use FLOAT64 where that matters.
 *
 * @param stateSize       N (even; N/2 conjugate pairs are stored)
 * @param measure         HiPPO operator whose NPLR form initializes Λ, P and B
 * @param realTransform   how Re λ is parameterized
 * @param dtMin           smallest initial Δ
 * @param dtMax           largest initial Δ
 * @param ssmLearningRate learning rate of Λ, P, B and log Δ
 * @param dtype           FLOAT32 or FLOAT64
 * @param initConvention  s4j's exact initialization or the official code's (null: EXACT); under
 *                        OFFICIAL a kernel never used holds the raw C, not C̃
 */
public record NplrSpec(int stateSize, HippoMeasure measure, RealTransform realTransform, double dtMin, double dtMax,
                       double ssmLearningRate, DType dtype, InitConvention initConvention) implements KernelSpec {

    public NplrSpec {
        Specs.checkState("NplrSpec", stateSize, dtMin, dtMax, dtype);
        initConvention = initConvention == null ? InitConvention.EXACT : initConvention;
    }

    /** The defaults with state size N. */
    public static NplrSpec of(int stateSize) {
        return new NplrSpec(stateSize, HippoMeasure.LEGS, RealTransform.EXP, 0.001, 0.1, 0.001, DType.FLOAT32, InitConvention.EXACT);
    }

    /** A copy with measure replaced. */
    public NplrSpec withMeasure(HippoMeasure v) {
        return new NplrSpec(stateSize, v, realTransform, dtMin, dtMax, ssmLearningRate, dtype, initConvention);
    }

    /** A copy with realTransform replaced. */
    public NplrSpec withRealTransform(RealTransform v) {
        return new NplrSpec(stateSize, measure, v, dtMin, dtMax, ssmLearningRate, dtype, initConvention);
    }

    /** A copy with the initial range [dtMin, dtMax] of Δ replaced. */
    public NplrSpec withDt(double min, double max) {
        return new NplrSpec(stateSize, measure, realTransform, min, max, ssmLearningRate, dtype, initConvention);
    }

    /** A copy with ssmLearningRate replaced. */
    public NplrSpec withSsmLearningRate(double v) {
        return new NplrSpec(stateSize, measure, realTransform, dtMin, dtMax, v, dtype, initConvention);
    }

    /** A copy with dtype replaced. */
    public NplrSpec withDtype(DType v) {
        return new NplrSpec(stateSize, measure, realTransform, dtMin, dtMax, ssmLearningRate, v, initConvention);
    }

    /** A copy with initConvention replaced. */
    public NplrSpec withInitConvention(InitConvention v) {
        return new NplrSpec(stateSize, measure, realTransform, dtMin, dtMax, ssmLearningRate, dtype, v);
    }

    @Override
    public SsmKernel build(int width, int channels, Generator gen) {
        return new NplrKernel(this, width, channels, gen);
    }
}
