package dev.s4j.interop;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Npy;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Models made by s4j (not imported) for the export check: {@link #main} writes each one's
 * official-layout state dict and an input to a directory; {@code official/make_fixtures.py} then
 * loads them into the official model and writes its outputs. {@code OfficialExportTest} rebuilds
 * the same models, checks that their export is still those files, and compares outputs.
 */
final class ExportFixtures {
    /** The fixtures' names: an S4D model in post-norm, an S4 model in pre-norm. */
    static final String[] NAMES = {"s4j-s4d", "s4j-s4"};

    private ExportFixtures() {
    }

    /** The s4j model called {@code name}: d_in 3, H 16, N 8, 2 layers, d_out 5, from a fixed seed, prepared for L = 64. */
    static Backbone model(String name) {
        boolean s4 = name.equals("s4j-s4");
        BackboneSpec spec = BackboneSpec.of(3, 5).withWidth(16).withLayers(2).withPrenorm(s4)
                .withBlock(BlockSpec.of(s4 ? NplrSpec.of(8) : DiagonalSpec.of(8)));
        Backbone model = new Backbone(spec, new Generator(s4 ? 12 : 11));
        Generator noise = new Generator(13);                              // not the initial values: a "trained" model
        java.util.Map<String, Tensor> moved = new java.util.LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> {
            Tensor n = v.isComplex() ? Tensor.complex(Tensor.randn(noise, DType.FLOAT32, v.shape()), Tensor.randn(noise, DType.FLOAT32,
                    v.shape())) : Tensor.randn(noise, DType.FLOAT32, v.shape());
            moved.put(k, k.endsWith("l_max") ? v : v.add(n.mul(0.05)));
        });
        model.loadStateDict(moved, true);
        model.prepare(64);                                                // as if trained at L = 64: S4's C̃ is tied to 64
        return model;
    }

    /** The input of fixture {@code name}: (4, 50, 3). */
    static Tensor input(String name) {
        return Tensor.randn(new Generator(name.hashCode()), DType.FLOAT32, 4, 50, 3);
    }

    /** Writes {@code <name>.safetensors} and {@code <name>-x.npy} for every fixture into the directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        for (String name : NAMES) {
            Backbone m = model(name);
            OfficialExport.exampleModel(m.spec(), m.stateDict(), dir.resolve(name + ".safetensors"));
            Tensor x = input(name);
            double[] v = x.toDoubleArray();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            Npy.write(dir.resolve(name + "-x.npy"), f, x.shape());
        }
    }
}
