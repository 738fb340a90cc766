package dev.s4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Npy;
import dev.s4j.autograd.io.Safetensors;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.Norm;
import dev.s4j.ssm.serve.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Export to the official example.py layout: the official code loads s4j's models and gives their
 * outputs (fixtures: {@link ExportFixtures}, then {@code official/make_fixtures.py}); official
 * checkpoints go through import and export unchanged.
 */
class OfficialExportTest {
    @TempDir
    Path dir;

    private static Path resource(String name) {
        try {
            return Path.of(OfficialExportTest.class.getResource("/official/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s4j-s4d", "s4j-s4"})
    void theOfficialCodeLoadsAnExportedModelAndGivesItsOutputs(String name) throws IOException {
        Backbone model = ExportFixtures.model(name);
        Path out = dir.resolve(name + ".safetensors");
        OfficialExport.exampleModel(model.spec(), model.stateDict(), out);
        assertArrayEquals(Files.readAllBytes(resource(name + ".safetensors")), Files.readAllBytes(out),
                name + ": the export changed since the official outputs were made; rerun ExportFixtures and make_fixtures.py");
        Npy.Array x = Npy.read(resource(name + "-x.npy"));
        double[] official = Npy.read(resource(name + "-y.npy")).values();
        double[] ours = Predictor.of(model).predict(Tensor.of(x.values(), x.shape()).to(dev.s4j.autograd.DType.FLOAT32)).toDoubleArray();
        double worst = 0;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - official[i]));
        }
        System.out.println(name + ": the official code's output from the exported file is off by " + worst);
        assertTrue(worst <= 2e-6, name + ": off by " + worst);
    }

    /** Official checkpoint → s4j → official names: the very tensors of the checkpoint. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s4d-postnorm", "s4-postnorm", "s4d-mnist"})
    void importThenExportGivesBackTheOfficialStateDict(String name) throws IOException {
        Map<String, Tensor> original = TorchCheckpoint.read(resource(name + ".pth")).tensors();
        Backbone imported = OfficialImport.exampleModel(resource(name + ".pth"), false);
        Map<String, Tensor> exported = OfficialExport.exampleStateDict(imported.spec(), imported.stateDict());
        assertEquals(original.keySet(), exported.keySet());
        original.forEach((k, v) -> {
            assertArrayEquals(v.shape(), exported.get(k).shape(), k);
            assertArrayEquals(v.toDoubleArray(), exported.get(k).toDoubleArray(), 0, k);
        });
    }

    /** A model saved before its first forward pass (raw C): import → export → import gives identical tensors. */
    @Test
    void importExportImportIsTheIdentity() throws IOException {
        Backbone once = OfficialImport.exampleModel(resource("s4-prenorm.pth"), true);
        Path file = dir.resolve("again.safetensors");
        OfficialExport.exampleModel(once.spec(), once.stateDict(), file);
        assertTrue(Safetensors.read(file).tensors().containsKey("s4_layers.1.layer.kernel.l_kernel"));
        Backbone twice = OfficialImport.exampleModel(file, true);
        once.stateDict().forEach((k, v) -> {
            assertArrayEquals(v.toDoubleArray(), twice.stateDict().get(k).toDoubleArray(), 0, k);
            assertArrayEquals(v.imagToDoubleArray(), twice.stateDict().get(k).imagToDoubleArray(), 0, k);
        });
    }

    @Test
    void aModelTheExampleCannotExpressIsRefusedNamingWhy() {
        Backbone batchNorm = new Backbone(dev.s4j.ssm.model.BackboneSpec.of(1, 2).withWidth(4).withLayers(1).withNorm(Norm.BATCH)
                .withBlock(BlockSpec.of(DiagonalSpec.of(4))), new dev.s4j.autograd.Generator(0));
        String m = assertThrows(IllegalArgumentException.class,
                () -> OfficialExport.exampleModel(batchNorm.spec(), batchNorm.stateDict(), dir.resolve("x.safetensors"))).getMessage();
        assertTrue(m.contains("BATCH") && m.contains("LayerNorm"), m);
        Backbone twoChannels = new Backbone(dev.s4j.ssm.model.BackboneSpec.of(1, 2).withWidth(4).withLayers(1)
                .withBlock(BlockSpec.of(DiagonalSpec.of(4)).withChannels(2)), new dev.s4j.autograd.Generator(0));
        m = assertThrows(IllegalArgumentException.class,
                () -> OfficialExport.exampleModel(twoChannels.spec(), twoChannels.stateDict(), dir.resolve("x.safetensors"))).getMessage();
        assertTrue(m.contains("2 channels"), m);
        assertTrue(!Files.exists(dir.resolve("x.safetensors")));
    }
}
