package dev.s4j.interop;

import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.discretize.RealTransform;
import dev.s4j.ssm.hippo.HippoMeasure;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.InitConvention;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * One official S4 layer in a state dict, under a key prefix, as an s4j block: its spec and its
 * tensors under s4j's names (an S4Block's inner {@code FFTConv} alone as s4j's {@code FftConv}).
 * Three kinds, told apart by their keys:
 * <ul>
 * <li>the minimal S4D of {@code models/s4/s4d.py} ({@code kernel.log_A_real}): ZOH, Re λ =
 *     −exp(log_A_real), Im λ = A_imag, B folded into C (s4j's B = 1), a Conv1d (2H, H, 1) and GLU
 *     as output map, dropout tied over positions ({@code DropoutNd});</li>
 * <li>the full {@code S4Block} of {@code models/s4/s4.py} with a DPLR kernel ({@code layer.kernel.P}):
 *     bilinear, <b>Im λ = −A_imag</b>, P of rank r (Q = conj P), C stored as C̃ tied to
 *     {@code l_kernel} or raw (l_kernel = 0), a Linear (2H, C·H) and GLU;</li>
 * <li>the full S4Block with a diagonal kernel (mode 'diag'/'s4d': {@code layer.kernel.A_real}, no P):
 *     ZOH or bilinear ({@link OfficialOptions#discretization()}), Im λ = −A_imag, raw C.</li>
 * </ul>
 * In an S4Block, C has C (or 2C when bidirectional) rows while D has C: both follow from the shapes,
 * as does {@code n_ssm} &lt; H (rows of A, B and P repeated over the channel groups). The dt and real
 * transforms, which the state dict cannot tell, come from {@link OfficialOptions} and are turned
 * into s4j's parameterization exactly (Δ = exp(log_dt); relu: a = relu(A_real) + 1e-4; none:
 * a = −A_real).
 */
final class OfficialLayer {
    private static final double RELU_FLOOR = 1e-4;                            // the official relu transform's offset

    private OfficialLayer() {
    }

    /** Whether the layer under {@code o} is the minimal S4D of s4d.py. */
    static boolean isMinimalS4d(Map<String, Tensor> t, String o) {
        return t.containsKey(o + "kernel.log_A_real");
    }

    /** Whether a layer (of either kind) is stored under {@code o}. */
    static boolean isLayer(Map<String, Tensor> t, String o) {
        return isMinimalS4d(t, o) || t.containsKey(o + "layer.kernel.C");
    }

    /** The s4j spec of the layer under {@code o}. */
    static BlockSpec spec(Map<String, Tensor> t, String o, OfficialOptions opt) {
        if (isMinimalS4d(t, o)) {
            int modes = need(t, o + "kernel.C").size(1);
            return BlockSpec.of(DiagonalSpec.of(2 * modes).withDtype(opt.dtype()).withInitConvention(InitConvention.OFFICIAL))
                    .withTiedDropout(true);
        }
        return convSpec(t, o + "layer.", opt);
    }

    /** Whether an official FFTConv (no output map) is stored under {@code c}. */
    static boolean isConv(Map<String, Tensor> t, String c) {
        return t.containsKey(c + "kernel.C") && t.containsKey(c + "D") && t.containsKey(c + "kernel.A_real");
    }

    /** The s4j spec of the official FFTConv under {@code c} (its output map aside: the block's default). */
    static BlockSpec convSpec(Map<String, Tensor> t, String o, OfficialOptions opt) {
        String k = o + "kernel.";
        Tensor c = need(t, k + "C");
        Tensor d = need(t, o + "D");
        int modes = c.size(2);
        int channels = d.size(0);
        boolean bidirectional = c.size(0) == 2 * channels;
        if (!bidirectional && c.size(0) != channels) {
            throw new IllegalArgumentException(k + "C has " + c.size(0) + " rows but " + o + "D has " + channels
                    + " channels: neither C (causal) nor 2C (bidirectional)");
        }
        KernelSpec kernel;
        if (t.containsKey(k + "P")) {
            int rank = need(t, k + "P").size(0);
            if (rank > 2) {
                throw new IllegalArgumentException(k + "P has rank " + rank + "; s4j's S4 kernels have rank 1 or 2");
            }
            kernel = NplrSpec.of(2 * modes).withMeasure(rank == 2 ? HippoMeasure.LEGT : HippoMeasure.LEGS)
                    .withRealTransform(opt.realTransform()).withDtype(opt.dtype()).withInitConvention(InitConvention.OFFICIAL);
        } else {
            kernel = DiagonalSpec.of(2 * modes).withDiscretization(opt.discretization()).withRealTransform(opt.realTransform())
                    .withDtype(opt.dtype()).withInitConvention(InitConvention.OFFICIAL);
        }
        return BlockSpec.of(kernel).withChannels(channels).withBidirectional(bidirectional);
    }

    /**
     * The layer's tensors under s4j's names (prefix {@code s}, e.g. "block0." or ""), put into
     * {@code ours}; the official keys read are added to {@code used}.
     */
    static void state(Map<String, Tensor> t, String o, String s, int width, OfficialOptions opt, Map<String, Tensor> ours,
                      Set<String> used) {
        if (isMinimalS4d(t, o)) {
            minimalS4d(t, o, s, width, ours, used);
            return;
        }
        convState(t, o + "layer.", s + "conv.", width, opt, ours, used);
        ours.put(s + "output.weight", need(t, o + "output_linear.0.weight"));
        ours.put(s + "output.bias", need(t, o + "output_linear.0.bias"));
        used.add(o + "output_linear.0.weight");
        used.add(o + "output_linear.0.bias");
    }

    /** The tensors of the official FFTConv under {@code o} as those of s4j's FftConv under {@code s}. */
    static void convState(Map<String, Tensor> t, String o, String s, int width, OfficialOptions opt, Map<String, Tensor> ours,
                          Set<String> used) {
        String k = o + "kernel.";
        ours.put(s + "kernel.C", complex(need(t, k + "C")));                 // C̃ tied to l_kernel, or raw C
        ours.put(s + "kernel.log_dt", map(need(t, k + "inv_dt").reshape(width),
                opt.dtTransform() == OfficialOptions.DtTransform.EXP ? x -> x : x -> Math.log(softplus(x))));
        ours.put(s + "kernel.lambda_re", map(groups(need(t, k + "A_real"), width, k + "A_real"), realParameter(opt.realTransform())));
        ours.put(s + "kernel.lambda_im", groups(need(t, k + "A_imag"), width, k + "A_imag").neg());   // official Im λ = −A_imag
        Tensor b = complex(need(t, k + "B"));                                 // (1, n_ssm, N/2)
        if (b.rank() != 3 || b.size(0) != 1) {
            throw new IllegalArgumentException(k + "B must be (1, n_ssm, N/2, 2); s4j reads one input B per state space");
        }
        ours.put(s + "kernel.B", groups(b.select(0, 0), width, k + "B"));
        if (t.containsKey(k + "P")) {
            Tensor p = complex(need(t, k + "P"));                             // (r, n_ssm, N/2)
            Tensor[] rows = new Tensor[p.size(0)];
            for (int j = 0; j < rows.length; j++) {
                rows[j] = groups(p.select(0, j), width, k + "P");
            }
            ours.put(s + "kernel.P", Tensor.stack(0, rows));
            ours.put(s + "kernel.l_max", Tensor.of(new double[] {need(t, k + "l_kernel").toDoubleArray()[0]}, 1));
            used.add(k + "P");
            used.add(k + "l_kernel");
        }
        ours.put(s + "D", need(t, o + "D"));
        for (String key : new String[] {"inv_dt", "C", "B", "A_real", "A_imag"}) {
            used.add(k + key);
        }
        used.add(o + "D");
    }

    /** The minimal S4D layer of s4d.py. */
    private static void minimalS4d(Map<String, Tensor> t, String o, String s, int width, Map<String, Tensor> ours, Set<String> used) {
        Tensor cPairs = need(t, o + "kernel.C");                              // (H, N/2, 2): (re, im)
        if (cPairs.rank() != 3 || cPairs.size(2) != 2) {
            throw new IllegalArgumentException(o + "kernel.C must be (H, N/2, 2), a complex tensor as (re, im) pairs");
        }
        ours.put(s + "conv.kernel.C", complex(cPairs).unsqueeze(0));
        Tensor lambdaRe = need(t, o + "kernel.log_A_real");
        ours.put(s + "conv.kernel.lambda_re", lambdaRe);
        ours.put(s + "conv.kernel.lambda_im", need(t, o + "kernel.A_imag"));
        ours.put(s + "conv.kernel.log_dt", need(t, o + "kernel.log_dt").reshape(width));
        ours.put(s + "conv.kernel.B", Tensor.complex(Tensor.ones(lambdaRe.dtype(), lambdaRe.shape()),
                Tensor.zeros(lambdaRe.dtype(), lambdaRe.shape())));           // B = 1: folded into C in s4d.py
        ours.put(s + "conv.D", need(t, o + "D").reshape(1, width));
        Tensor w = need(t, o + "output_linear.0.weight");                     // Conv1d (2H, H, 1)
        ours.put(s + "output.weight", w.reshape(w.size(0), w.size(1)));
        ours.put(s + "output.bias", need(t, o + "output_linear.0.bias"));
        for (String key : new String[] {"D", "kernel.C", "kernel.log_dt", "kernel.log_A_real", "kernel.A_imag", "output_linear.0.weight",
            "output_linear.0.bias"}) {
            used.add(o + key);
        }
    }

    /** s4j's Re λ parameter from the official A_real under {@code transform}. */
    private static DoubleUnaryOperator realParameter(RealTransform transform) {
        return switch (transform) {
            case EXP -> x -> x;                                               // both: Re λ = −exp(a)
            case RELU -> x -> Math.max(x, 0) + RELU_FLOOR;                    // official −(relu(x) + 1e-4); s4j −max(a, 0)
            case NONE -> x -> -x;                                             // official −x; s4j a
        };
    }

    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** {@code f} applied to every value (in float64; loading converts to the model's precision). */
    private static Tensor map(Tensor x, DoubleUnaryOperator f) {
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(v[i]);
        }
        return Tensor.of(v, x.shape());
    }

    /** (..., 2) (re, im) pairs as a complex tensor (...). */
    static Tensor complex(Tensor pairs) {
        int last = pairs.rank() - 1;
        if (pairs.size(last) != 2) {
            throw new IllegalArgumentException("a complex tensor must be stored as (…, 2) (re, im) pairs");
        }
        return Tensor.complex(pairs.select(last, 0), pairs.select(last, 1));
    }

    /** (n_ssm, N/2) rows for H state spaces: state space h uses row h mod n_ssm. */
    private static Tensor groups(Tensor rows, int width, String key) {
        int n = rows.size(0);
        if (width % n != 0) {
            throw new IllegalArgumentException(key + " has " + n + " rows, which do not divide H = " + width);
        }
        int[] index = new int[width];
        for (int h = 0; h < width; h++) {
            index[h] = h % n;
        }
        return rows.indexSelect(0, index);
    }

    static Tensor need(Map<String, Tensor> t, String key) {
        Tensor v = t.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing tensor '" + key + "'");
        }
        return v;
    }
}
