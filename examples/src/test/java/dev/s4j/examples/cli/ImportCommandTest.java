package dev.s4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code s4j import official} then {@code s4j predict}: the official example.py model's outputs, from the command line. */
class ImportCommandTest {
    private static final Path OFFICIAL = Path.of("..", "interop", "src", "test", "resources", "official");

    @TempDir
    Path dir;

    @Test
    void anOfficialCheckpointServesWithItsOwnOutputs() throws Exception {
        Path model = dir.resolve("model.safetensors");
        CommandLineTest.Run r = CommandLineTest.run("import", "official", OFFICIAL.resolve("s4d-prenorm.pth").toString(), "--prenorm",
                "--out", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 S4D layers, d_in 3, H 16, N 8, d_out 5, pre-norm"), r.out());
        Path y = dir.resolve("y.npy");
        r = CommandLineTest.run("predict", model.toString(), "--input", OFFICIAL.resolve("s4d-prenorm-x.npy").toString(), "--output",
                y.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(Npy.read(OFFICIAL.resolve("s4d-prenorm-y.npy")).values(), Npy.read(y).values(), 2e-6);

        r = CommandLineTest.run("import", "official", OFFICIAL.resolve("s4d-prenorm.pth").toString(), "--out", model.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("s4j import official: --out") && r.err().contains("exists"), r.err());
        Path notState = dir.resolve("x.npy");
        Files.copy(OFFICIAL.resolve("s4d-prenorm-x.npy"), notState);
        r = CommandLineTest.run("import", "official", notState.toString(), "--out", dir.resolve("m2.safetensors").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("x.npy: neither a torch.save file"), r.err());
    }

    /**
     * A run directory from a model trained by the official code: eval scores it on s4j's task,
     * predict gives PyTorch's outputs, and train --resume fine-tunes it from step 0.
     */
    @Test
    void anOfficialCheckpointBecomesARunThatEvaluatesAndFineTunes() throws Exception {
        Path run = dir.resolve("run");
        CommandLineTest.Run r = CommandLineTest.run("import", "official", OFFICIAL.resolve("s4d-mnist.pth").toString(), "--out",
                run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 S4D layers, d_in 1, H 32, N 64, d_out 10, post-norm"), r.out());
        assertTrue(Files.isRegularFile(run.resolve("config.json")) && Files.isRegularFile(run.resolve("checkpoint.safetensors")));

        r = CommandLineTest.run("eval", run.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        double acc = com.google.gson.JsonParser.parseString(r.out().strip()).getAsJsonObject().get("acc").getAsDouble();
        assertTrue(acc > 0.75, "an 83 % model scores " + acc);             // trained briefly: 83 % on its held-out digits

        Path y = dir.resolve("y.npy");
        r = CommandLineTest.run("predict", run.toString(), "--input", OFFICIAL.resolve("s4d-mnist-x.npy").toString(), "--output",
                y.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(Npy.read(OFFICIAL.resolve("s4d-mnist-y64.npy")).values(), Npy.read(y).values(), 1e-5);

        r = CommandLineTest.run("train", "--resume", "--out", run.toString(), "--max-minutes", "0.02", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        var saved = dev.s4j.examples.train.Checkpoint.read(run.resolve("checkpoint.safetensors"));
        assertTrue(saved.progress().step() > 0, "fine-tuning took no step");
        assertTrue(saved.spec().prenorm() == false && saved.spec().layers() == 2, "the run keeps the imported model: " + saved.spec());
        assertEquals(0.1, saved.spec().dropout());                        // example.py's default, in its places and kinds
        assertTrue(saved.spec().tiedDropout() && saved.spec().block().tiedDropout() && saved.spec().block().dropout() == 0.1);
    }

    @Test
    void aModelThatDoesNotFitTheTaskIsRefusedNamingTask() throws Exception {
        Path run = dir.resolve("run");
        CommandLineTest.Run r = CommandLineTest.run("import", "official", OFFICIAL.resolve("s4d-prenorm.pth").toString(), "--prenorm",
                "--out", run.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("3 inputs, 5 outputs") && r.err().contains("--task"), r.err());
        assertTrue(!Files.exists(run.resolve("config.json")), "nothing is written");
        r = CommandLineTest.run("import", "official", OFFICIAL.resolve("s4d-prenorm.pth").toString(), "--task", "fashion", "--out",
                dir.resolve("m.safetensors").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--task applies to a run directory"), r.err());
    }

    /** Import then export: the official checkpoint's tensors, under their names, in a file PyTorch's safetensors reads. */
    @Test
    void exportWritesTheOfficialStateDictBack() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, CommandLineTest.run("import", "official", OFFICIAL.resolve("s4d-mnist.pth").toString(), "--out",
                run.toString()).code());
        Path file = dir.resolve("back.safetensors");
        CommandLineTest.Run r = CommandLineTest.run("export", run.toString(), "--to", "official", "--out", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("d_model 32, d_state 64") && r.out().contains("load_state_dict"), r.out());
        var original = dev.s4j.interop.TorchCheckpoint.read(OFFICIAL.resolve("s4d-mnist.pth")).tensors();
        var back = dev.s4j.autograd.io.Safetensors.read(file).tensors();
        assertEquals(original.keySet(), back.keySet());
        original.forEach((k, v) -> assertArrayEquals(v.toDoubleArray(), back.get(k).toDoubleArray(), 0, k));

        r = CommandLineTest.run("export", run.toString(), "--to", "official", "--out", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("exists"), r.err());
        r = CommandLineTest.run("export", run.toString(), "--to", "keras", "--out", dir.resolve("k.safetensors").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--to keras: unknown layout"), r.err());
        r = CommandLineTest.run("export", dir.resolve("nothing").toString(), "--to", "official", "--out",
                dir.resolve("n.safetensors").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("nothing: no such file"), r.err());
    }

    /** Options the state dict cannot tell come as flags; a wrong value is named. */
    @Test
    void kernelOptionsComeFromFlags() throws Exception {
        Path model = dir.resolve("m.safetensors");
        CommandLineTest.Run r = CommandLineTest.run("import", "official", OFFICIAL.resolve("s4-softplus-relu.pth").toString(),
                "--dt-transform", "softplus", "--real-transform", "relu", "--out", model.toString());
        assertEquals(0, r.code(), r.err());
        Path y = dir.resolve("y.npy");
        r = CommandLineTest.run("predict", model.toString(), "--input", OFFICIAL.resolve("s4-softplus-relu-x.npy").toString(), "--output",
                y.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(Npy.read(OFFICIAL.resolve("s4-softplus-relu-y.npy")).values(), Npy.read(y).values(), 2e-6);
        r = CommandLineTest.run("import", "official", OFFICIAL.resolve("s4-diag.pth").toString(), "--disc", "euler", "--out",
                dir.resolve("n.safetensors").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--disc must be zoh or bilinear, got 'euler'"), r.err());
    }
}
