package dev.s4j.optim;

import dev.s4j.autograd.Storage;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum and Nesterov momentum, as in PyTorch:
 * <pre>
 *   g ← g + λ p                   (weight decay λ, as an L2 term)
 *   b ← μ b + g                   (momentum buffer; b = g on the first step)
 *   p ← p − η (g + μ b)           Nesterov,   p ← p − η b   otherwise
 * </pre>
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final boolean nesterov;

    /** Plain SGD. */
    public Sgd(List<ParamGroup> groups) {
        this(groups, 0, false);
    }

    /** SGD with momentum μ ∈ [0, 1), Nesterov if asked (which needs μ &gt; 0). */
    public Sgd(List<ParamGroup> groups, double momentum, boolean nesterov) {
        super(groups);
        if (!(momentum >= 0 && momentum < 1) || (nesterov && momentum == 0)) {
            throw new IllegalArgumentException("sgd: momentum must be in [0, 1) (and > 0 for Nesterov), got " + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected void update(ParamGroup group, Storage param, Storage grad, Map<String, Storage> state) {
        boolean first = !state.containsKey("momentum");
        Object[] p = planes(param);
        Object[] g = planes(grad);
        Object[] b = momentum > 0 ? planes(buffer(state, "momentum", param)) : null;
        double lr = group.lr();
        double wd = group.weightDecay();
        for (int k = 0; k < p.length; k++) {
            if (p[k] instanceof float[] pf) {
                float[] gf = (float[]) g[k];
                float[] bf = b == null ? null : (float[]) b[k];
                for (int i = 0; i < pf.length; i++) {
                    double d = gf[i] + wd * pf[i];
                    if (bf != null) {
                        double buf = first ? d : momentum * bf[i] + d;
                        bf[i] = (float) buf;
                        d = nesterov ? d + momentum * buf : buf;
                    }
                    pf[i] = (float) (pf[i] - lr * d);
                }
            } else {
                double[] pd = (double[]) p[k];
                double[] gd = (double[]) g[k];
                double[] bd = b == null ? null : (double[]) b[k];
                for (int i = 0; i < pd.length; i++) {
                    double d = gd[i] + wd * pd[i];
                    if (bd != null) {
                        double buf = first ? d : momentum * bd[i] + d;
                        bd[i] = buf;
                        d = nesterov ? d + momentum * buf : buf;
                    }
                    pd[i] -= lr * d;
                }
            }
        }
    }
}
