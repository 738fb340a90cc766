package dev.s4j.interop;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Safetensors;
import dev.s4j.autograd.nn.Module;
import dev.s4j.ssm.kernel.InitConvention;
import dev.s4j.ssm.kernel.NplrKernel;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.layer.FftConv;
import dev.s4j.ssm.layer.S4Block;
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
 * Checkpoints of the official S4 code (state-spaces/s4) as s4j models: the model of its
 * {@code example.py} ({@code S4Model}: a linear encoder, n layers of [S4 layer, dropout, residual,
 * LayerNorm before or after], mean pooling, a linear decoder) as a {@link Backbone}, and a
 * standalone layer's state dict as an {@link S4Block} (an FFTConv's as an {@link FftConv}). The layers it reads — the minimal S4D of
 * {@code s4d.py}, the full {@code S4Block} with a DPLR or a diagonal kernel, with several channels,
 * bidirectional, {@code n_ssm} &lt; H — are described in {@link OfficialLayer}; d_in, H, N, r, the
 * number of layers and d_out come from the tensors' shapes, and what the state dict cannot tell
 * comes from {@link OfficialOptions}. The kernels follow the official conventions
 * ({@link InitConvention#OFFICIAL}); a raw C (a model that never ran a forward pass,
 * {@code l_kernel} = 0) is stored as C̃ tied to {@link NplrKernel#DEFAULT_LENGTH}, the same model
 * (its kernels at any length are those of the raw C), so that no file s4j writes from it holds a
 * raw C. Dropout (probability 0 here:
 * a state dict does not say) takes the official places and kinds: after each layer tied over
 * positions ({@code Dropout1d}), inside an S4D layer tied ({@code DropoutNd}), inside an S4Block
 * per element. Anything else in the checkpoint is refused naming the key: never a silently
 * different model.
 */
public final class OfficialImport {
    private OfficialImport() {
    }

    /** The example.py model in {@code checkpoint} with the official defaults, float32. */
    public static Backbone exampleModel(Path checkpoint, boolean prenorm) throws IOException {
        return exampleModel(checkpoint, OfficialOptions.defaults().withPrenorm(prenorm));
    }

    /**
     * The example.py model in {@code checkpoint}, recognized by content: a torch.save file (a state
     * dict, example.py's dict, or Lightning's) or a safetensors file of the state dict (complex
     * parameters as (…, 2) pairs, as the official code keeps them).
     */
    public static Backbone exampleModel(Path checkpoint, OfficialOptions options) throws IOException {
        Map<String, Tensor> t = stateDict(checkpoint);
        try {
            return build(t, options);
        } catch (IllegalArgumentException e) {
            throw new IOException(checkpoint + ": " + e.getMessage(), e);
        }
    }

    /**
     * A standalone official layer's state dict (an {@code S4Block} of s4.py, or the S4D of s4d.py;
     * {@code options.prenorm()} does not apply) as an s4j block, which maps (B, H, L) to (B, H, L)
     * as the official layer does in evaluation.
     */
    public static S4Block block(Path checkpoint, OfficialOptions options) throws IOException {
        Map<String, Tensor> t = stateDict(checkpoint);
        try {
            if (!OfficialLayer.isLayer(t, "")) {
                throw new IllegalArgumentException("not an S4Block or S4D layer: neither layer.kernel.C nor kernel.log_A_real is there");
            }
            BlockSpec spec = OfficialLayer.spec(t, "", options);
            int width = OfficialLayer.isMinimalS4d(t, "") ? OfficialLayer.need(t, "D").size(0) : OfficialLayer.need(t, "layer.D").size(1);
            Map<String, Tensor> ours = new HashMap<>();
            Set<String> used = new TreeSet<>();
            OfficialLayer.state(t, "", "", width, options, ours, used);
            refuseUnused(t, used, "S4 layer");
            S4Block block = new S4Block(width, spec, new Generator(0));
            block.loadStateDict(ours, true);
            tieRawOutputs(block);
            return block;
        } catch (IllegalArgumentException e) {
            throw new IOException(checkpoint + ": " + e.getMessage(), e);
        }
    }

    /**
     * A standalone official {@code FFTConv}'s state dict (an S4Block's inner convolution) as s4j's
     * {@link FftConv}: (B, H, L) → (B, C·H, L), y = K̄ ∗ u + D u. The official FFTConv then applies
     * its activation (GELU unless it was built with another), which the caller applies here.
     */
    public static FftConv fftConv(Path checkpoint, OfficialOptions options) throws IOException {
        Map<String, Tensor> t = stateDict(checkpoint);
        try {
            if (!OfficialLayer.isConv(t, "")) {
                throw new IllegalArgumentException("not an FFTConv: kernel.C, kernel.A_real and D are not all there");
            }
            BlockSpec spec = OfficialLayer.convSpec(t, "", options);
            int width = OfficialLayer.need(t, "D").size(1);
            Map<String, Tensor> ours = new HashMap<>();
            Set<String> used = new TreeSet<>();
            OfficialLayer.convState(t, "", "", width, options, ours, used);
            refuseUnused(t, used, "FFTConv");
            Generator gen = new Generator(0);
            int kernelChannels = spec.bidirectional() ? 2 * spec.channels() : spec.channels();
            FftConv conv = new FftConv(spec.kernel().build(width, kernelChannels, gen), spec.channels(), spec.bidirectional(),
                    FftConv.randomD(gen, spec.channels(), width, spec.kernel().dtype()));
            conv.loadStateDict(ours, true);
            tieRawOutputs(conv);
            return conv;
        } catch (IllegalArgumentException e) {
            throw new IOException(checkpoint + ": " + e.getMessage(), e);
        }
    }

    /** The tensors of a torch.save file or a safetensors file, with Lightning's "model." prefix removed. */
    private static Map<String, Tensor> stateDict(Path checkpoint) throws IOException {
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
        return t;
    }

    private static boolean isZip(Path file) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        }
    }

    private static Backbone build(Map<String, Tensor> t, OfficialOptions options) {
        Tensor encoder = OfficialLayer.need(t, "encoder.weight");
        Tensor decoder = OfficialLayer.need(t, "decoder.weight");
        int width = encoder.size(0);
        int layers = 0;
        while (OfficialLayer.isLayer(t, "s4_layers." + layers + ".")) {
            layers++;
        }
        if (layers == 0) {
            throw new IllegalArgumentException("no layers: neither s4_layers.0.D (S4D) nor s4_layers.0.layer.* (S4Block) is there");
        }
        BlockSpec block = OfficialLayer.spec(t, "s4_layers.0.", options);
        BackboneSpec spec = BackboneSpec.of(encoder.size(1), decoder.size(0)).withWidth(width).withLayers(layers)
                .withBlock(block).withNorm(Norm.LAYER).withPrenorm(options.prenorm()).withPooling(Pooling.MEAN)
                .withTiedDropout(true);                                   // example.py: Dropout1d
        Set<String> used = new TreeSet<>();
        Map<String, Tensor> ours = new HashMap<>();
        for (String k : new String[] {"encoder.weight", "encoder.bias", "decoder.weight", "decoder.bias"}) {
            ours.put(k, OfficialLayer.need(t, k));
            used.add(k);
        }
        for (int i = 0; i < layers; i++) {
            String o = "s4_layers." + i + ".";
            if (!OfficialLayer.spec(t, o, options).equals(block)) {
                throw new IllegalArgumentException(o + " is another kind of layer than s4_layers.0 (" + OfficialLayer.spec(t, o, options)
                        + " vs " + block + "); s4j's backbone repeats one block");
            }
            OfficialLayer.state(t, o, "block" + i + ".", width, options, ours, used);
            for (String k : new String[] {"weight", "bias"}) {
                ours.put("norm" + i + "." + k, OfficialLayer.need(t, "norms." + i + "." + k));
                used.add("norms." + i + "." + k);
            }
        }
        refuseUnused(t, used, "example.py model");
        Backbone model = new Backbone(spec, new Generator(0));
        model.loadStateDict(ours, true);
        tieRawOutputs(model);
        return model;
    }

    /** Every S4 kernel still holding a raw C (l_kernel = 0) gets C̃ = C(I − Ā^L) for L = {@link NplrKernel#DEFAULT_LENGTH}. */
    private static void tieRawOutputs(Module model) {
        for (Module m : model.modules()) {
            if (m instanceof NplrKernel k && k.maxLength() == 0) {
                k.setOutputMatrix(k.stateDict().get("C"), NplrKernel.DEFAULT_LENGTH);
            }
        }
    }

    private static void refuseUnused(Map<String, Tensor> t, Set<String> used, String what) {
        for (String k : t.keySet()) {
            if (!used.contains(k)) {
                throw new IllegalArgumentException("unexpected tensor '" + k + "': not part of the " + what + " that s4j reads (a "
                        + "different layer, or an option s4j does not represent)");
            }
        }
    }
}
