package dev.s4j.interop;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.kernel.DiagonalSpec;
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
 * decoder) as an s4j {@link Backbone}, from a checkpoint of it. Layers: the minimal S4D of
 * {@code models/s4/s4d.py} (ZOH, Re λ = −exp(log_A_real), Im λ = A_imag, B folded into C, a
 * Conv1d (2H, H, 1) and GLU as output map). d_in, H, N, the number of layers and d_out come from
 * the tensors' shapes; what the state dict cannot tell (pre- or post-norm) is an argument.
 * Anything else in the checkpoint is refused naming the key: never a silently different model.
 */
public final class OfficialImport {
    private static final Set<String> S4D_KEYS = Set.of("D", "kernel.C", "kernel.log_dt", "kernel.log_A_real", "kernel.A_imag",
            "output_linear.0.weight", "output_linear.0.bias");

    private OfficialImport() {
    }

    /** The example.py model in {@code checkpoint} (torch.save: a state dict, example.py's dict, or Lightning's). */
    public static Backbone exampleModel(Path checkpoint, boolean prenorm) throws IOException {
        TorchCheckpoint.Contents c = TorchCheckpoint.read(checkpoint);
        Map<String, Tensor> t = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> t.put(c.wrapper().equals("state_dict") && k.startsWith("model.") ? k.substring(6) : k, v));
        try {
            return build(t, prenorm);
        } catch (IllegalArgumentException e) {
            throw new IOException(checkpoint + ": " + e.getMessage(), e);
        }
    }

    private static Backbone build(Map<String, Tensor> t, boolean prenorm) {
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
        if (t.containsKey("s4_layers.0.layer.kernel.C")) {
            throw new IllegalArgumentException("s4_layers.0.layer.*: layers of the full S4Block (models/s4/s4.py) are not imported yet; "
                    + "the minimal S4D layer (models/s4/s4d.py) is");
        }
        int modes = need(t, "s4_layers.0.kernel.C").size(1);
        BackboneSpec spec = BackboneSpec.of(encoder.size(1), decoder.size(0)).withWidth(width).withLayers(layers)
                .withBlock(BlockSpec.of(DiagonalSpec.of(2 * modes))).withNorm(Norm.LAYER).withPrenorm(prenorm)
                .withPooling(Pooling.MEAN);
        Set<String> used = new TreeSet<>();
        Map<String, Tensor> ours = new HashMap<>();
        for (String k : new String[] {"encoder.weight", "encoder.bias", "decoder.weight", "decoder.bias"}) {
            ours.put(k, need(t, k));
            used.add(k);
        }
        for (int i = 0; i < layers; i++) {
            String o = "s4_layers." + i + ".";
            String s = "block" + i + ".";
            for (String k : S4D_KEYS) {
                used.add(o + k);
            }
            Tensor cPairs = need(t, o + "kernel.C");                          // (H, N/2, 2): (re, im)
            if (cPairs.rank() != 3 || cPairs.size(2) != 2) {
                throw new IllegalArgumentException(o + "kernel.C must be (H, N/2, 2), a complex tensor as (re, im) pairs");
            }
            Tensor cComplex = Tensor.complex(cPairs.select(2, 0), cPairs.select(2, 1)).unsqueeze(0);
            ours.put(s + "conv.kernel.C", cComplex);
            Tensor lambdaRe = need(t, o + "kernel.log_A_real");
            ours.put(s + "conv.kernel.lambda_re", lambdaRe);
            ours.put(s + "conv.kernel.lambda_im", need(t, o + "kernel.A_imag"));
            ours.put(s + "conv.kernel.log_dt", need(t, o + "kernel.log_dt").reshape(width));
            ours.put(s + "conv.kernel.B", Tensor.complex(Tensor.ones(lambdaRe.dtype(), lambdaRe.shape()),
                    Tensor.zeros(lambdaRe.dtype(), lambdaRe.shape())));       // B = 1: folded into C in s4d.py
            ours.put(s + "conv.D", need(t, o + "D").reshape(1, width));
            Tensor w = need(t, o + "output_linear.0.weight");                 // Conv1d (2H, H, 1)
            ours.put(s + "output.weight", w.reshape(w.size(0), w.size(1)));
            ours.put(s + "output.bias", need(t, o + "output_linear.0.bias"));
            for (String k : new String[] {"weight", "bias"}) {
                ours.put("norm" + i + "." + k, need(t, "norms." + i + "." + k));
                used.add("norms." + i + "." + k);
            }
        }
        for (String k : t.keySet()) {
            if (!used.contains(k)) {
                throw new IllegalArgumentException("unexpected tensor '" + k + "': not part of the example.py model with S4D layers "
                        + "that s4j reads (a different layer, or an option s4j does not represent)");
            }
        }
        Backbone model = new Backbone(spec, new Generator(0));
        model.loadStateDict(ours, true);
        return model;
    }

    private static Tensor need(Map<String, Tensor> t, String key) {
        Tensor v = t.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing tensor '" + key + "'");
        }
        return v;
    }
}
