package dev.s4j.interop;

import dev.s4j.autograd.DType;
import dev.s4j.ssm.discretize.Discretization;
import dev.s4j.ssm.discretize.RealTransform;

/**
 * What an official S4 state dict does not say and the importer must be told: the options the
 * model was built with. Defaults: the official code's defaults (post-norm, Δ = exp(inv_dt),
 * Re λ = −exp(A_real), ZOH for diagonal kernels), float32 parameters.
 *
 * @param prenorm        example.py's {@code --prenorm} (LayerNorm before each layer)
 * @param dtype          the s4j model's precision: FLOAT32 as trained, or FLOAT64
 * @param dtTransform    the kernels' {@code dt_transform}: Δ = exp(inv_dt) or softplus(inv_dt)
 * @param realTransform  the kernels' {@code real_transform}: Re λ = −exp(A_real), −(relu(A_real) + 1e-4) or −A_real
 * @param discretization the {@code disc} of diagonal ('diag'/'s4d') kernels: ZOH or BILINEAR (DPLR kernels are bilinear)
 */
public record OfficialOptions(boolean prenorm, DType dtype, DtTransform dtTransform, RealTransform realTransform,
                              Discretization discretization) {

    /** How the official kernels get Δ from {@code inv_dt}. */
    public enum DtTransform {
        /** Δ = exp(inv_dt), the official default. */
        EXP,
        /** Δ = softplus(inv_dt). */
        SOFTPLUS
    }

    public OfficialOptions {
        if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("official import: dtype must be FLOAT32 or FLOAT64, got " + dtype);
        }
        if (dtTransform == null || realTransform == null) {
            throw new IllegalArgumentException("official import: dt and real transforms are required");
        }
        if (discretization != Discretization.ZOH && discretization != Discretization.BILINEAR) {
            throw new IllegalArgumentException("official import: a diagonal kernel's disc is zoh or bilinear, got " + discretization);
        }
    }

    /** The official defaults, float32. */
    public static OfficialOptions defaults() {
        return new OfficialOptions(false, DType.FLOAT32, DtTransform.EXP, RealTransform.EXP, Discretization.ZOH);
    }

    /** A copy with prenorm replaced. */
    public OfficialOptions withPrenorm(boolean v) {
        return new OfficialOptions(v, dtype, dtTransform, realTransform, discretization);
    }

    /** A copy with dtype replaced. */
    public OfficialOptions withDtype(DType v) {
        return new OfficialOptions(prenorm, v, dtTransform, realTransform, discretization);
    }

    /** A copy with dtTransform replaced. */
    public OfficialOptions withDtTransform(DtTransform v) {
        return new OfficialOptions(prenorm, dtype, v, realTransform, discretization);
    }

    /** A copy with realTransform replaced. */
    public OfficialOptions withRealTransform(RealTransform v) {
        return new OfficialOptions(prenorm, dtype, dtTransform, v, discretization);
    }

    /** A copy with discretization replaced. */
    public OfficialOptions withDiscretization(Discretization v) {
        return new OfficialOptions(prenorm, dtype, dtTransform, realTransform, v);
    }
}
