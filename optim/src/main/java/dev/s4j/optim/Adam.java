package dev.s4j.optim;

import dev.s4j.autograd.Storage;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba) and AdamW (Loshchilov &amp; Hutter), as in PyTorch, at step t:
 * <pre>
 *   Adam:   g ← g + λ p                      AdamW:  p ← p (1 − η λ)       (weight decay λ)
 *   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²
 *   p ← p − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 * </pre>
 * A complex parameter's real and imaginary parts each have their own m and v.
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean decoupled;

    private Adam(List<ParamGroup> groups, double beta1, double beta2, double eps, boolean decoupled) {
        super(groups);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0)) {
            throw new IllegalArgumentException("adam: need β₁, β₂ in [0, 1) and ε > 0, got " + beta1 + ", " + beta2 + ", " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decoupled = decoupled;
    }

    /** Adam with weight decay as an L2 term; β = (0.9, 0.999), ε = 1e-8. */
    public static Adam adam(List<ParamGroup> groups) {
        return new Adam(groups, 0.9, 0.999, 1e-8, false);
    }

    /** AdamW (decoupled weight decay); β = (0.9, 0.999), ε = 1e-8. */
    public static Adam adamW(List<ParamGroup> groups) {
        return new Adam(groups, 0.9, 0.999, 1e-8, true);
    }

    /** AdamW or Adam with the given β₁, β₂, ε. */
    public static Adam of(List<ParamGroup> groups, double beta1, double beta2, double eps, boolean decoupled) {
        return new Adam(groups, beta1, beta2, eps, decoupled);
    }

    @Override
    protected void update(ParamGroup group, Storage param, Storage grad, Map<String, Storage> state) {
        Object[] p = planes(param);
        Object[] g = planes(grad);
        Object[] m = planes(buffer(state, "exp_avg", param));
        Object[] v = planes(buffer(state, "exp_avg_sq", param));
        long t = steps();
        double lr = group.lr();
        double wd = group.weightDecay();
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        double shrink = decoupled ? 1 - lr * wd : 1;
        double l2 = decoupled ? 0 : wd;
        for (int k = 0; k < p.length; k++) {
            if (p[k] instanceof float[] pf) {
                float[] gf = (float[]) g[k];
                float[] mf = (float[]) m[k];
                float[] vf = (float[]) v[k];
                for (int i = 0; i < pf.length; i++) {
                    double d = gf[i] + l2 * pf[i];
                    double mi = beta1 * mf[i] + (1 - beta1) * d;
                    double vi = beta2 * vf[i] + (1 - beta2) * d * d;
                    mf[i] = (float) mi;
                    vf[i] = (float) vi;
                    pf[i] = (float) (pf[i] * shrink - lr * (mi / c1) / (Math.sqrt(vi / c2) + eps));
                }
            } else {
                double[] pd = (double[]) p[k];
                double[] gd = (double[]) g[k];
                double[] md = (double[]) m[k];
                double[] vd = (double[]) v[k];
                for (int i = 0; i < pd.length; i++) {
                    double d = gd[i] + l2 * pd[i];
                    md[i] = beta1 * md[i] + (1 - beta1) * d;
                    vd[i] = beta2 * vd[i] + (1 - beta2) * d * d;
                    pd[i] = pd[i] * shrink - lr * (md[i] / c1) / (Math.sqrt(vd[i] / c2) + eps);
                }
            }
        }
    }
}
