package dev.s4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Npy;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.serve.Predictor;
import dev.s4j.ssm.serve.StreamSession;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checkpoints of the official code's example.py model with S4D layers and with full S4Block
 * layers, one saved before any forward pass (raw C), written by the official layers under PyTorch
 * 1.13 ({@code official/make_fixtures.py}), and one trained briefly on MNIST:
 * imported, s4j gives the official outputs, in both views.
 */
class OfficialImportTest {
    private static Path resource(String name) {
        try {
            return Path.of(OfficialImportTest.class.getResource("/official/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"s4d-postnorm, false", "s4d-prenorm, true", "s4-postnorm, false", "s4-prenorm, true"})
    void theImportedModelGivesTheOfficialOutputs(String name, boolean prenorm) throws IOException {
        Backbone model = OfficialImport.exampleModel(resource(name + ".pth"), prenorm);
        assertTrue(model.spec().tiedDropout(), "example.py's Dropout1d drops channels");
        assertEquals(name.startsWith("s4d"), model.spec().block().tiedDropout(), "s4d.py's DropoutNd is tied, S4Block's is not");
        agrees(name, model);
    }

    /**
     * S4Block options: a diagonal kernel (ZOH, or bilinear with real transform none), two channels
     * bidirectional with n_ssm = 4, softplus Δ with the relu real transform.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"s4-diag, EXP, EXP, ZOH", "s4-diag-bilinear-none, EXP, NONE, BILINEAR", "s4-bidir-ch2-nssm4, EXP, EXP, ZOH",
        "s4-softplus-relu, SOFTPLUS, RELU, ZOH"})
    void layerOptionsImportExactly(String name, OfficialOptions.DtTransform dt, dev.s4j.ssm.discretize.RealTransform real,
                                   dev.s4j.ssm.discretize.Discretization disc) throws IOException {
        OfficialOptions options = OfficialOptions.defaults().withDtTransform(dt).withRealTransform(real).withDiscretization(disc);
        Backbone model = OfficialImport.exampleModel(resource(name + ".pth"), options);
        if (name.contains("bidir")) {
            assertTrue(model.spec().block().bidirectional());
            assertEquals(2, model.spec().block().channels());
        }
        agrees(name, model);
    }

    @org.junit.jupiter.api.Test
    void aLightningCheckpointOfAnS4ModelImportsLikeTheModel() throws IOException {
        agrees("s4-postnorm", OfficialImport.exampleModel(resource("s4-lightning.ckpt"), false));
    }

    /** Standalone layers on (B, H, L): an S4Block of s4.py and the S4D of s4d.py, as s4j blocks. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"layer-s4block", "layer-s4d"})
    void aStandaloneLayerImportsAsABlock(String name) throws IOException {
        dev.s4j.ssm.layer.S4Block block = OfficialImport.block(resource(name + ".pt"), OfficialOptions.defaults());
        block.eval();
        Npy.Array x = Npy.read(resource(name + "-x.npy"));
        double[] y = Npy.read(resource(name + "-y.npy")).values();
        double[] ours = block.forward(Tensor.of(x.values(), x.shape()).to(dev.s4j.autograd.DType.FLOAT32)).toDoubleArray();
        double worst = 0;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - y[i]));
        }
        System.out.println(name + ": largest difference from the official output " + worst);
        assertTrue(worst <= 2e-6, name + ": off by " + worst);
    }

    /** An FFTConv alone (bidirectional, diagonal kernel): s4j's FftConv, then the GELU the official layer applies. */
    @org.junit.jupiter.api.Test
    void aStandaloneFftConvImportsAsTheConvolution() throws IOException {
        dev.s4j.ssm.layer.FftConv conv = OfficialImport.fftConv(resource("layer-fftconv.pt"), OfficialOptions.defaults());
        assertTrue(conv.isBidirectional());
        Npy.Array x = Npy.read(resource("layer-fftconv-x.npy"));
        double[] y = Npy.read(resource("layer-fftconv-y.npy")).values();
        Tensor out = dev.s4j.autograd.nn.Activation.of(dev.s4j.autograd.nn.Activation.Kind.GELU)
                .forward(conv.forward(Tensor.of(x.values(), x.shape()).to(dev.s4j.autograd.DType.FLOAT32)));
        double[] ours = out.toDoubleArray();
        double worst = 0;
        double scale = 1;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - y[i]));
            scale = Math.max(scale, Math.abs(y[i]));
        }
        System.out.println("layer-fftconv: largest difference from the official output " + worst + " (outputs up to " + scale + ")");
        assertTrue(worst <= 2e-6 * scale, "off by " + worst);            // outputs reach 6.5, where float32 values are 4.8e-7 apart
        String m = assertThrows(IOException.class, () -> OfficialImport.fftConv(resource("layer-s4d.pt"), OfficialOptions.defaults()))
                .getMessage();
        assertTrue(m.contains("not an FFTConv"), m);
    }

    /** The model's outputs on the fixture's inputs agree with the official ones, in both views (unless bidirectional). */
    private static void agrees(String name, Backbone model) throws IOException {
        Npy.Array x = Npy.read(resource(name + "-x.npy"));
        Npy.Array y = Npy.read(resource(name + "-y.npy"));
        Predictor p = Predictor.of(model);
        int[] s = x.shape();
        double[] ours = p.predict(Tensor.of(x.values(), s).to(dev.s4j.autograd.DType.FLOAT32)).toDoubleArray();
        double worst = 0;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - y.values()[i]));
        }
        assertTrue(worst <= 2e-6, name + ": convolutional view off by " + worst);
        System.out.println(name + ": largest difference from the official output " + worst);
        if (model.spec().block().bidirectional()) {
            return;
        }
        try (StreamSession session = p.newSession()) {                  // the first sequence, step by step
            float[] out = null;
            for (int t = 0; t < s[1]; t++) {
                float[] xt = new float[s[2]];
                for (int k = 0; k < s[2]; k++) {
                    xt[k] = (float) x.values()[t * s[2] + k];
                }
                out = session.step(xt);
            }
            double worstStep = 0;
            for (int k = 0; k < out.length; k++) {
                worstStep = Math.max(worstStep, Math.abs(y.values()[k] - out[k]));
            }
            System.out.println(name + ": recurrent view, largest difference from the official output " + worstStep);
            assertTrue(worstStep <= 2e-6, name + ": recurrent view off by " + worstStep);
        }
    }

    /**
     * The trained model at L = 784: PyTorch's own float32 outputs are 1.6e-4 from its float64 ones,
     * so the comparison that can tell a wrong model from rounding is float64 against float64; in
     * float32 s4j must be as close to the exact outputs as PyTorch is.
     */
    @org.junit.jupiter.api.Test
    void aTrainedModelGivesTheOfficialOutputsInFloat64() throws IOException {
        Npy.Array x = Npy.read(resource("s4d-mnist-x.npy"));
        double[] exact = Npy.read(resource("s4d-mnist-y64.npy")).values();
        double[] torch32 = Npy.read(resource("s4d-mnist-y.npy")).values();
        Tensor input = Tensor.of(x.values(), x.shape());
        double[] ours64 = Predictor.of(OfficialImport.exampleModel(resource("s4d-mnist.pth"),
                        OfficialOptions.defaults().withDtype(dev.s4j.autograd.DType.FLOAT64)))
                .predict(input).toDoubleArray();
        double[] ours32 = Predictor.of(OfficialImport.exampleModel(resource("s4d-mnist.pth"), false))
                .predict(input.to(dev.s4j.autograd.DType.FLOAT32)).toDoubleArray();
        double worst64 = 0;
        double worst32 = 0;
        double torchWorst32 = 0;
        for (int i = 0; i < exact.length; i++) {
            worst64 = Math.max(worst64, Math.abs(ours64[i] - exact[i]));
            worst32 = Math.max(worst32, Math.abs(ours32[i] - exact[i]));
            torchWorst32 = Math.max(torchWorst32, Math.abs(torch32[i] - exact[i]));
        }
        System.out.printf("s4d-mnist: float64 off by %.2e; float32 off by %.2e (PyTorch float32: %.2e)%n", worst64, worst32,
                torchWorst32);
        assertTrue(worst64 <= 1e-10, "float64 outputs off by " + worst64);
        assertTrue(worst32 <= 2 * torchWorst32, "float32 outputs off by " + worst32 + ", PyTorch's by " + torchWorst32);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"plain.pt, missing tensor 'encoder.weight'", "module_state.pt, missing tensor 'encoder.weight'"})
    void otherCheckpointsAreRefusedNamingWhatIsMissing(String file, String message) throws Exception {
        Path path = Path.of(OfficialImportTest.class.getResource("/torch/" + file).toURI());
        String m = assertThrows(IOException.class, () -> OfficialImport.exampleModel(path, false)).getMessage();
        assertTrue(m.contains(file) && m.contains(message), m);
    }

    @org.junit.jupiter.api.Test
    void aSafetensorsStateDictImportsLikeTheTorchFile() throws IOException {
        Backbone fromTorch = OfficialImport.exampleModel(resource("s4-postnorm.pth"), false);
        Backbone fromSafetensors = OfficialImport.exampleModel(resource("s4-postnorm.safetensors"), false);
        fromTorch.stateDict().forEach((k, v) -> {
            org.junit.jupiter.api.Assertions.assertArrayEquals(v.toDoubleArray(), fromSafetensors.stateDict().get(k).toDoubleArray(), 0, k);
            org.junit.jupiter.api.Assertions.assertArrayEquals(v.imagToDoubleArray(), fromSafetensors.stateDict().get(k).imagToDoubleArray(), 0,
                    k);
        });
    }
}
