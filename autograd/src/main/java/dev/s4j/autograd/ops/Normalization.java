package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;

/**
 * Layer normalization over one axis (fused forward and backward) and batch normalization over
 * the batch and length axes of {@code (B, C)} or {@code (B, C, L)} inputs.
 */
public final class Normalization {
    private Normalization() {
    }

    /**
     * Layer norm along {@code axis}: {@code y = (x − μ)/√(σ² + ε) · weight + bias}, with μ and the
     * biased σ² taken along that axis for every other index. For S4's {@code (B, H, L)} layout
     * use axis 1 (normalize the H channels of each position).
     *
     * <p>Backward, with x̂ the normalized input and ĝ = g·weight:
     * {@code grad_x = (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) / √(σ² + ε)}, {@code grad_weight = Σ g·x̂},
     * {@code grad_bias = Σ g}.
     *
     * @param weight (n) or null, n = x.size(axis)
     * @param bias   (n) or null
     */
    public static Tensor layerNorm(Tensor x, int axis, Tensor weight, Tensor bias, double eps) {
        Activations.requireReal("layerNorm", x);
        int ax = Shape.axis(axis, x.rank(), "layerNorm");
        int[] xs = x.shape();
        int n = xs[ax];
        checkAffine("layerNorm", weight, n, xs, ax);
        checkAffine("layerNorm", bias, n, xs, ax);
        int[] dims = Shape.split(xs, ax, ax);
        int outer = dims[0];
        int inner = dims[2];
        int cols = outer * inner;
        double[] mean = new double[cols];
        double[] rstd = new double[cols];
        Storage xsrc = x.storage();
        Storage xhat = Storage.allocate(x.dtype(), x.numel());
        int io = inner;
        Parallel.range(outer, Math.max(1, (1 << 15) / Math.max(1, n * inner)), (lo, hi) -> {
            for (int o = lo; o < hi; o++) {
                int base = o * n * io;
                int c0 = o * io;
                for (int k = 0; k < n; k++) {
                    for (int i = 0; i < io; i++) {
                        mean[c0 + i] += xsrc.re(base + k * io + i);
                    }
                }
                for (int i = 0; i < io; i++) {
                    mean[c0 + i] /= n;
                }
                for (int k = 0; k < n; k++) {
                    for (int i = 0; i < io; i++) {
                        double d = xsrc.re(base + k * io + i) - mean[c0 + i];
                        rstd[c0 + i] += d * d;
                    }
                }
                for (int i = 0; i < io; i++) {
                    rstd[c0 + i] = 1 / Math.sqrt(rstd[c0 + i] / n + eps);
                }
                for (int k = 0; k < n; k++) {
                    for (int i = 0; i < io; i++) {
                        int at = base + k * io + i;
                        xhat.setRe(at, (xsrc.re(at) - mean[c0 + i]) * rstd[c0 + i]);
                    }
                }
            }
        });
        Tensor normalized = new Tensor(xhat, xs);
        int[] affineShape = affineShape(xs, ax, n);
        Tensor wB = weight == null ? null : weight.reshape(affineShape);
        Tensor bB = bias == null ? null : bias.reshape(affineShape);
        Tensor y;
        try (var off = Grad.disabled()) {
            y = normalized;
            if (wB != null) {
                y = y.mul(wB);
            }
            if (bB != null) {
                y = y.add(bB);
            }
            if (y == normalized) {
                y = normalized.detach();
            }
        }
        Tensor[] inputs = weight == null && bias == null ? new Tensor[] {x}
                : weight == null ? new Tensor[] {x, bias}
                : bias == null ? new Tensor[] {x, weight}
                : new Tensor[] {x, weight, bias};
        int[] others = otherAxes(xs.length, ax);
        int arity = inputs.length;
        boolean hasWeight = weight != null;
        boolean hasBias = bias != null;
        return Autograd.record("layerNorm", y, g -> {
            Tensor[] grads = new Tensor[arity];
            Tensor gh = wB == null ? g : g.mul(wB);
            Tensor meanG = gh.mean(new int[] {ax}, true);
            Tensor meanGX = gh.mul(normalized).mean(new int[] {ax}, true);
            Tensor r = new Tensor(Storage.allocate(x.dtype(), cols), Shape.with(xs, ax, 1));
            for (int i = 0; i < cols; i++) {
                r.storage().setRe(i, rstd[i]);
            }
            grads[0] = gh.sub(meanG).sub(normalized.mul(meanGX)).mul(r);
            int k = 1;
            if (hasWeight) {
                Tensor gw = g.mul(normalized);
                grads[k++] = others.length == 0 ? gw : gw.sum(others, false);
            }
            if (hasBias) {
                grads[k] = others.length == 0 ? g : g.sum(others, false);
            }
            return grads;
        }, inputs);
    }

    /**
     * Batch normalization of channels (axis 1) for {@code x (B, C)} or {@code (B, C, L)}. In
     * training, normalizes with the batch statistics (biased variance) and updates the running
     * buffers in place: {@code running = (1 − momentum)·running + momentum·batch} (unbiased
     * variance); in evaluation, normalizes with the running buffers.
     *
     * @param runningMean (C) buffer, updated in training (may be null: then no update, and evaluation is not possible)
     * @param runningVar  (C) buffer, updated in training
     * @param weight      (C) or null
     * @param bias        (C) or null
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        Activations.requireReal("batchNorm", x);
        if (x.rank() != 2 && x.rank() != 3) {
            throw new IllegalArgumentException("batchNorm: input must be (B, C) or (B, C, L), got " + Shape.format(x.shape()));
        }
        int c = x.size(1);
        int[] xs = x.shape();
        checkAffine("batchNorm", weight, c, xs, 1);
        checkAffine("batchNorm", bias, c, xs, 1);
        checkAffine("batchNorm", runningMean, c, xs, 1);
        checkAffine("batchNorm", runningVar, c, xs, 1);
        int[] axes = x.rank() == 2 ? new int[] {0} : new int[] {0, 2};
        int[] bshape = affineShape(xs, 1, c);
        Tensor mean;
        Tensor var;
        if (training) {
            long count = x.numel() / c;
            if (count < 2) {
                throw new IllegalArgumentException("batchNorm: training needs more than one value per channel, got input "
                        + Shape.format(xs));
            }
            mean = x.mean(axes, true);
            var = x.var(axes, true, 0);
            if (runningMean != null && runningVar != null) {
                try (var off = Grad.disabled()) {
                    update(runningMean, mean.reshape(c), momentum);
                    update(runningVar, var.reshape(c).mul(count / (double) (count - 1)), momentum);
                }
            }
        } else {
            if (runningMean == null || runningVar == null) {
                throw new IllegalStateException("batchNorm: evaluation needs running statistics");
            }
            mean = runningMean.detach().reshape(bshape);
            var = runningVar.detach().reshape(bshape);
        }
        Tensor y = x.sub(mean).div(var.add(eps).sqrt());
        if (weight != null) {
            y = y.mul(weight.reshape(bshape));
        }
        if (bias != null) {
            y = y.add(bias.reshape(bshape));
        }
        return y;
    }

    private static void update(Tensor running, Tensor batch, double momentum) {
        Storage s = running.storage();
        for (int i = 0; i < s.length(); i++) {
            s.setRe(i, (1 - momentum) * s.re(i) + momentum * batch.storage().re(i));
        }
        s.markModified();
    }

    private static void checkAffine(String op, Tensor t, int n, int[] xs, int ax) {
        if (t != null && (t.rank() != 1 || t.size(0) != n)) {
            throw new IllegalArgumentException(op + ": parameter of shape " + Shape.format(t.shape()) + " does not match "
                    + n + " features (axis " + ax + " of input " + Shape.format(xs) + ")");
        }
    }

    private static int[] affineShape(int[] xs, int ax, int n) {
        int[] s = new int[xs.length];
        java.util.Arrays.fill(s, 1);
        s[ax] = n;
        return s;
    }

    private static int[] otherAxes(int rank, int ax) {
        int[] o = new int[rank - 1];
        for (int i = 0, j = 0; i < rank; i++) {
            if (i != ax) {
                o[j++] = i;
            }
        }
        return o;
    }
}
