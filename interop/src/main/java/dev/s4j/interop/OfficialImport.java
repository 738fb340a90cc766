package dev.s4j.interop;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Safetensors;
import dev.s4j.ssm.hippo.HippoMeasure;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.InitConvention;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.model.Norm;
import dev.s4j.ssm.model.Pooling;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The model of the official S4 code's {@code example.py} ({@code S4Model}: a linear encoder, n
 * layers of [S4 layer, dropout, residual, LayerNorm before or after], mean pooling, a linear
 * decoder) as an s4j {@link Backbone}, from a checkpoint of it. Layers:
 * <ul>
 * <li>the minimal S4D of {@code models/s4/s4d.py}: ZOH, Re λ = −exp(log_A_real), Im λ = A_imag,
 *     B folded into C, a Conv1d (2H, H, 1) and GLU as output map;</li>
 * <li>the full {@code S4Block} of {@code models/s4/s4.py} with its default DPLR kernel: bilinear,
 *     Δ = exp(inv_dt), Re λ = −exp(A_real), <b>Im λ = −A_imag</b>, P of rank r (Q = conj P), B, C
 *     stored as C̃ tied to {@code l_kernel} (s4j's {@code l_max}) or raw, a Linear (2H, H) and GLU as
 *     output map; {@code n_ssm} &lt; H repeats A, B and P over the channel groups.</li>
 * </ul>
 * Dropout (probability 0 here: a state dict does not say) takes the official places and kinds:
 * after each layer tied over positions ({@code Dropout1d}), inside an S4D layer tied
 * ({@code DropoutNd}), inside an S4Block per element.
 * d_in, H, N, r, the number of layers and d_out come from the tensors' shapes; what the state
 * dict cannot tell (pre- or post-norm) is an argument. The kernels follow the official conventions
 * ({@link InitConvention#OFFICIAL}): a raw C (a model that never ran a forward pass,
 * {@code l_kernel} = 0) stays raw until its first use, as in PyTorch. Anything else in
 * the checkpoint — other kernels, several output channels — is refused naming the key: never a
 * silently different model.
 */
public final class OfficialImport {
    private static final Set<String> S4D_KEYS = Set.of("D", "kernel.C", "kernel.log_dt", "kernel.log_A_real", "kernel.A_imag",
            "output_linear.0.weight", "output_linear.0.bias");
    private static final Set<String> S4_KEYS = Set.of("layer.D", "layer.kernel.inv_dt", "layer.kernel.C", "layer.kernel.B",
            "layer.kernel.A_real", "layer.kernel.A_imag", "layer.kernel.P", "layer.kernel.l_kernel", "output_linear.0.weight",
            "output_linear.0.bias");

    private OfficialImport() {
    }

    /**
     * The example.py model in {@code checkpoint}, recognized by content: a torch.save file (a state
     * dict, example.py's dict, or Lightning's) or a safetensors file of the state dict (complex
     * parameters as (…, 2) pairs, as the official code keeps them).
     */
    public static Backbone exampleModel(Path checkpoint, boolean prenorm) throws IOException {
        return exampleModel(checkpoint, prenorm, DType.FLOAT32);
    }

    /**
     * The example.py model in {@code checkpoint} with parameters of {@code dtype}: FLOAT32 as
     * trained, or FLOAT64 (the same values, computed exactly enough to compare with the official
     * code run in float64).
     */
    public static Backbone exampleModel(Path checkpoint, boolean prenorm, DType dtype) throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        if (isZip(checkpoint)) {
            TorchCheckpoint.Contents c = TorchCheckpoint.read(checkpoint);
            c.tensors().forEach((k, v) -> t.put(c.wrapper().equals("state_dict") && k.startsWith("model.") ? k.substring(6) : k, v));
        } else {
            Safetensors.Contents c;
            try {
                c = Safetensors.read(checkpoint);
            } catch (IOException e) {
                throw new IOException(checkpoint + ": neither a torch.save file (a zip archive) nor a readable safetensors file ("
                        + e.getMessage() + ")", e);
            }
            c.tensors().forEach((k, v) -> t.put(k.startsWith("model.") ? k.substring(6) : k, v));
        }
        try {
            return build(t, prenorm, dtype);
        } catch (IllegalArgumentException e) {
            throw new IOException(checkpoint + ": " + e.getMessage(), e);
        }
    }

    private static boolean isZip(Path file) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        }
    }

    private static Backbone build(Map<String, Tensor> t, boolean prenorm, DType dtype) {
        Tensor encoder = need(t, "encoder.weight");
        Tensor decoder = need(t, "decoder.weight");
        int width = encoder.size(0);
        int layers = 0;
        while (t.containsKey("s4_layers." + layers + ".D") || t.containsKey("s4_layers." + layers + ".layer.kernel.C")) {
            layers++;
        }
        if (layers == 0) {
            throw new IllegalArgumentException("no layers: neither s4_layers.0.D (S4D) nor s4_layers.0.layer.* (S4Block) is there");
        }
        boolean full = t.containsKey("s4_layers.0.layer.kernel.C");
        int modes = full ? need(t, "s4_layers.0.layer.kernel.C").size(2) : need(t, "s4_layers.0.kernel.C").size(1);
        int rank = full ? need(t, "s4_layers.0.layer.kernel.P").size(0) : 0;
        if (full && rank > 2) {
            throw new IllegalArgumentException("s4_layers.0.layer.kernel.P has rank " + rank + "; s4j's S4 kernels have rank 1 or 2");
        }
        var kernel = full ? NplrSpec.of(2 * modes).withMeasure(rank == 2 ? HippoMeasure.LEGT : HippoMeasure.LEGS).withDtype(dtype)
                .withInitConvention(InitConvention.OFFICIAL) : DiagonalSpec.of(2 * modes).withDtype(dtype)
                .withInitConvention(InitConvention.OFFICIAL);
        BackboneSpec spec = BackboneSpec.of(encoder.size(1), decoder.size(0)).withWidth(width).withLayers(layers)
                .withBlock(BlockSpec.of(kernel).withTiedDropout(!full)).withNorm(Norm.LAYER).withPrenorm(prenorm).withPooling(Pooling.MEAN)
                .withTiedDropout(true);                                   // example.py: Dropout1d; s4d.py: DropoutNd; S4Block: untied
        Set<String> used = new TreeSet<>();
        Map<String, Tensor> ours = new HashMap<>();
        for (String k : new String[] {"encoder.weight", "encoder.bias", "decoder.weight", "decoder.bias"}) {
            ours.put(k, need(t, k));
            used.add(k);
        }
        for (int i = 0; i < layers; i++) {
            String o = "s4_layers." + i + ".";
            String s = "block" + i + ".";
            for (String k : full ? S4_KEYS : S4D_KEYS) {
                used.add(o + k);
            }
            if (full) {
                s4Layer(t, o, s, width, modes, ours);
            } else {
                s4dLayer(t, o, s, width, ours);
            }
            for (String k : new String[] {"weight", "bias"}) {
                ours.put("norm" + i + "." + k, need(t, "norms." + i + "." + k));
                used.add("norms." + i + "." + k);
            }
        }
        for (String k : t.keySet()) {
            if (!used.contains(k)) {
                throw new IllegalArgumentException("unexpected tensor '" + k + "': not part of the example.py model with "
                        + (full ? "S4Block" : "S4D") + " layers that s4j reads (a different layer, or an option s4j does not represent)");
            }
        }
        Backbone model = new Backbone(spec, new Generator(0));
        model.loadStateDict(ours, true);                                  // a raw C (l_kernel = 0) stays raw, as in PyTorch
        return model;
    }

    /** The minimal S4D layer of s4d.py. */
    private static void s4dLayer(Map<String, Tensor> t, String o, String s, int width, Map<String, Tensor> ours) {
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
    }

    /** The full S4Block of s4.py: an FFTConv with its DPLR kernel, then Linear (2H, H) and GLU. */
    private static void s4Layer(Map<String, Tensor> t, String o, String s, int width, int modes, Map<String, Tensor> ours) {
        String k = o + "layer.kernel.";
        Tensor c = need(t, k + "C");                                          // (C, H, N/2, 2), C̃ tied to l_kernel
        if (c.size(0) != 1) {
            throw new IllegalArgumentException(k + "C has " + c.size(0) + " output channels; s4j imports one");
        }
        double lKernel = need(t, k + "l_kernel").toDoubleArray()[0];
        ours.put(s + "conv.kernel.C", complex(c));                           // C̃, or the raw C when l_kernel = 0 (converted below)
        ours.put(s + "conv.kernel.l_max", Tensor.of(new double[] {lKernel}, 1));
        ours.put(s + "conv.kernel.log_dt", need(t, k + "inv_dt").reshape(width));
        ours.put(s + "conv.kernel.lambda_re", groups(need(t, k + "A_real"), width, k + "A_real"));
        ours.put(s + "conv.kernel.lambda_im", groups(need(t, k + "A_imag"), width, k + "A_imag").neg());   // official Im λ = −A_imag
        Tensor b = complex(need(t, k + "B"));                                 // (1, n_ssm, N/2)
        if (b.rank() != 3 || b.size(0) != 1) {
            throw new IllegalArgumentException(k + "B must be (1, n_ssm, N/2, 2); s4j reads one input B per state space");
        }
        ours.put(s + "conv.kernel.B", groups(b.select(0, 0), width, k + "B"));
        Tensor p = complex(need(t, k + "P"));                                 // (r, n_ssm, N/2)
        Tensor[] rows = new Tensor[p.size(0)];
        for (int j = 0; j < rows.length; j++) {
            rows[j] = groups(p.select(0, j), width, k + "P");
        }
        ours.put(s + "conv.kernel.P", Tensor.stack(0, rows));
        ours.put(s + "conv.D", need(t, o + "layer.D"));
        ours.put(s + "output.weight", need(t, o + "output_linear.0.weight"));
        ours.put(s + "output.bias", need(t, o + "output_linear.0.bias"));
    }

    /** (..., 2) (re, im) pairs as a complex tensor (...). */
    private static Tensor complex(Tensor pairs) {
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

    private static Tensor need(Map<String, Tensor> t, String key) {
        Tensor v = t.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing tensor '" + key + "'");
        }
        return v;
    }
}
