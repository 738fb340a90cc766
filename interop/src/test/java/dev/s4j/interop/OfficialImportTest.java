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
 * 1.13 ({@code official/make_fixtures.py}):
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
        try (StreamSession session = p.newSession()) {                  // the first sequence, step by step
            float[] out = null;
            for (int t = 0; t < s[1]; t++) {
                float[] xt = new float[s[2]];
                for (int k = 0; k < s[2]; k++) {
                    xt[k] = (float) x.values()[t * s[2] + k];
                }
                out = session.step(xt);
            }
            for (int k = 0; k < out.length; k++) {
                assertEquals(y.values()[k], out[k], 2e-5, name + ": recurrent view, output " + k);
            }
        }
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
