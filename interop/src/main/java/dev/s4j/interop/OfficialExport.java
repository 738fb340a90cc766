package dev.s4j.interop;

import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Safetensors;
import dev.s4j.autograd.nn.Activation;
import dev.s4j.ssm.discretize.Discretization;
import dev.s4j.ssm.discretize.RealTransform;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.InitConvention;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrKernel;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.model.Norm;
import dev.s4j.ssm.model.Pooling;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An s4j model as a state dict of the official S4 code's {@code example.py} model
 * ({@code S4Model}), the inverse of {@link OfficialImport}: a safetensors file that
 * {@code model.load_state_dict(safetensors.torch.load_file(path))} accepts, complex parameters as
 * (…, 2) pairs as the official code keeps them. S4 layers become full {@code S4Block}s (n_ssm = H,
 * C̃ tied to s4j's {@code l_max} as {@code l_kernel}; a kernel never used holds the raw C under the
 * official convention ({@code l_kernel} = 0), else a C̃ tied to {@value NplrKernel#DEFAULT_LENGTH}
 * as s4j's step mode ties it; official A_imag = −Im λ); S4D layers become
 * the minimal S4D of {@code s4d.py}, which has no B: its C is s4j's C ⊙ B (the kernel
 * 2 Re Σ C B̄ Āˡ depends on the product only). The official model must be built with the same
 * d_model, d_state, n_layers and {@code --prenorm} as the s4j one. A model the example cannot
 * express (another norm or pooling, several channels, bidirectional, no GLU, another activation,
 * real transform or discretization, the dense LSSL kernel) is refused, naming what differs.
 */
public final class OfficialExport {
    private OfficialExport() {
    }

    /**
     * Writes the state dict of the example.py model equal to the s4j model of {@code spec} with
     * parameters {@code state} (s4j names, as {@code Backbone.stateDict()} or
     * {@code Predictor.stateDict()} give them) to {@code out}, atomically.
     *
     * @throws IllegalArgumentException when the example.py model cannot express the s4j one
     */
    public static void exampleModel(BackboneSpec spec, Map<String, Tensor> state, Path out) throws IOException {
        Safetensors.write(out, exampleStateDict(spec, state), Map.of("format", "pt"));
    }

    /** The state dict of {@link #exampleModel}, by official name, complex parameters as (…, 2) (re, im) pairs. */
    public static Map<String, Tensor> exampleStateDict(BackboneSpec spec, Map<String, Tensor> state) {
        check(spec);
        boolean full = spec.block().kernel() instanceof NplrSpec;
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("encoder.weight", need(state, "encoder.weight"));
        t.put("encoder.bias", need(state, "encoder.bias"));
        for (int i = 0; i < spec.layers(); i++) {
            String o = "s4_layers." + i + ".";
            String s = "block" + i + ".";
            if (full) {
                s4Layer(state, o, s, ((NplrSpec) spec.block().kernel()).initConvention(), t);
            } else {
                s4dLayer(state, o, s, spec.width(), t);
            }
        }
        for (int i = 0; i < spec.layers(); i++) {
            t.put("norms." + i + ".weight", need(state, "norm" + i + ".weight"));
            t.put("norms." + i + ".bias", need(state, "norm" + i + ".bias"));
        }
        t.put("decoder.weight", need(state, "decoder.weight"));
        t.put("decoder.bias", need(state, "decoder.bias"));
        t.replaceAll((k, v) -> v.isComplex() ? Tensor.stack(v.rank(), v.real(), v.imag()) : v);   // (…, 2) pairs
        return t;
    }

    private static void check(BackboneSpec spec) {
        BlockSpec b = spec.block();
        KernelSpec k = b.kernel();
        String why = spec.norm() != Norm.LAYER ? "its norm is " + spec.norm() + " (example.py: LayerNorm)"
                : spec.pooling() != Pooling.MEAN ? "its pooling is " + spec.pooling() + " (example.py: mean)"
                : b.channels() != 1 ? "its blocks have " + b.channels() + " channels (example.py: 1)"
                : b.bidirectional() ? "its blocks are bidirectional (example.py: causal)"
                : !b.glu() ? "its blocks have no GLU output map (example.py: GLU)"
                : b.activation() != Activation.Kind.GELU ? "its activation is " + b.activation() + " (example.py: GELU)"
                : k instanceof NplrSpec n && n.realTransform() != RealTransform.EXP
                    ? "its real transform is " + n.realTransform() + " (example.py's S4Block: exp)"
                : k instanceof DiagonalSpec d && d.realTransform() != RealTransform.EXP
                    ? "its real transform is " + d.realTransform() + " (s4d.py: exp)"
                : k instanceof DiagonalSpec d && d.discretization() != Discretization.ZOH
                    ? "its discretization is " + d.discretization() + " (s4d.py: ZOH)"
                : !(k instanceof NplrSpec) && !(k instanceof DiagonalSpec) ? "its kernel is " + k.getClass().getSimpleName()
                    + " (example.py: S4 or S4D)"
                : null;
        if (why != null) {
            throw new IllegalArgumentException("the official example.py model cannot express this model: " + why);
        }
    }

    /** The minimal S4D layer of s4d.py: C ⊙ B as C, Conv1d (2H, H, 1) output map. */
    private static void s4dLayer(Map<String, Tensor> state, String o, String s, int width, Map<String, Tensor> t) {
        String k = s + "conv.kernel.";
        t.put(o + "D", need(state, s + "conv.D").reshape(width));
        t.put(o + "kernel.C", need(state, k + "C").select(0, 0).mul(need(state, k + "B")));
        t.put(o + "kernel.log_dt", need(state, k + "log_dt"));
        t.put(o + "kernel.log_A_real", need(state, k + "lambda_re"));
        t.put(o + "kernel.A_imag", need(state, k + "lambda_im"));
        Tensor w = need(state, s + "output.weight");
        t.put(o + "output_linear.0.weight", w.reshape(w.size(0), w.size(1), 1));
        t.put(o + "output_linear.0.bias", need(state, s + "output.bias"));
    }

    /** The full S4Block of s4.py with its DPLR kernel, n_ssm = H. */
    private static void s4Layer(Map<String, Tensor> state, String o, String s, InitConvention convention, Map<String, Tensor> t) {
        String k = s + "conv.kernel.";
        String ok = o + "layer.kernel.";
        t.put(o + "layer.D", need(state, s + "conv.D"));
        Tensor logDt = need(state, k + "log_dt");
        t.put(ok + "inv_dt", logDt.reshape(logDt.size(0), 1));
        t.put(ok + "C", need(state, k + "C"));                              // (1, H, N/2): C̃ tied to l_max
        t.put(ok + "B", need(state, k + "B").unsqueeze(0));                 // (1, H, N/2)
        t.put(ok + "A_real", need(state, k + "lambda_re"));
        t.put(ok + "A_imag", need(state, k + "lambda_im").neg());           // official Im λ = −A_imag
        t.put(ok + "P", need(state, k + "P"));                              // (r, H, N/2)
        double lMax = need(state, k + "l_max").toDoubleArray()[0];         // 0: never used: a raw C (official), or a C̃
        boolean raw = lMax == 0 && convention == InitConvention.OFFICIAL;   // s4j ties as step mode does
        t.put(ok + "l_kernel", Tensor.of(new double[] {lMax > 0 || raw ? lMax : NplrKernel.DEFAULT_LENGTH}).reshape());
        t.put(o + "output_linear.0.weight", need(state, s + "output.weight"));
        t.put(o + "output_linear.0.bias", need(state, s + "output.bias"));
    }

    private static Tensor need(Map<String, Tensor> state, String key) {
        Tensor v = state.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the model has no tensor '" + key + "'");
        }
        return v;
    }
}
