package dev.s4j.ssm.kernel;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.ssm.discretize.Discretization;
import dev.s4j.ssm.hippo.HippoMeasure;

/**
 * LSSL: a dense state matrix A (arXiv 2110.13985), shared by the H channels, each with its own Δ
 * and C. Defaults: HiPPO-LegS, bilinear, A trained, Δ in [0.001, 0.1], SSM learning rate 0.001
 * (no weight decay), float32.
 *
 * @param stateSize       N
 * @param measure         HiPPO matrix A and vector B to start from
 * @param discretization  ZOH or a GBT method
 * @param trainA          whether A is a parameter (otherwise a fixed buffer)
 * @param dtMin           smallest initial Δ
 * @param dtMax           largest initial Δ
 * @param ssmLearningRate learning rate of A, B and log Δ
 * @param dtype           FLOAT32 or FLOAT64
 */
public record DenseSpec(int stateSize, HippoMeasure measure, Discretization discretization, boolean trainA, double dtMin,
                        double dtMax, double ssmLearningRate, DType dtype) implements KernelSpec {

    public DenseSpec {
        if (stateSize < 1) {
            throw new IllegalArgumentException("DenseSpec: state size must be positive, got " + stateSize);
        }
        Specs.checkStep("DenseSpec", dtMin, dtMax, dtype);
    }

    /** The defaults with state size N. */
    public static DenseSpec of(int stateSize) {
        return new DenseSpec(stateSize, HippoMeasure.LEGS, Discretization.BILINEAR, true, 0.001, 0.1, 0.001, DType.FLOAT32);
    }

    /** A copy with measure replaced. */
    public DenseSpec withMeasure(HippoMeasure v) {
        return new DenseSpec(stateSize, v, discretization, trainA, dtMin, dtMax, ssmLearningRate, dtype);
    }

    /** A copy with discretization replaced. */
    public DenseSpec withDiscretization(Discretization v) {
        return new DenseSpec(stateSize, measure, v, trainA, dtMin, dtMax, ssmLearningRate, dtype);
    }

    /** A copy with trainA replaced. */
    public DenseSpec withTrainA(boolean v) {
        return new DenseSpec(stateSize, measure, discretization, v, dtMin, dtMax, ssmLearningRate, dtype);
    }

    /** A copy with the initial range [dtMin, dtMax] of Δ replaced. */
    public DenseSpec withDt(double min, double max) {
        return new DenseSpec(stateSize, measure, discretization, trainA, min, max, ssmLearningRate, dtype);
    }

    /** A copy with ssmLearningRate replaced. */
    public DenseSpec withSsmLearningRate(double v) {
        return new DenseSpec(stateSize, measure, discretization, trainA, dtMin, dtMax, v, dtype);
    }

    /** A copy with dtype replaced. */
    public DenseSpec withDtype(DType v) {
        return new DenseSpec(stateSize, measure, discretization, trainA, dtMin, dtMax, ssmLearningRate, v);
    }

    @Override
    public SsmKernel build(int width, int channels, Generator gen) {
        return new DenseKernel(this, width, channels, gen);
    }
}
