package dev.s4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.examples.train.TrainConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The s4j command line: defaults, help, errors, and a small train → eval → resume round. */
class CommandLineTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void trainWithoutOptionsIsTheDefaultRun() {
        TrainCommand t = new TrainCommand();
        new CommandLine(t).parseArgs();
        assertEquals(TrainConfig.defaults(), t.config());
    }

    @Test
    void helpListsEveryOption() {
        Run r = run("train", "--help");
        assertEquals(0, r.code());
        for (String o : List.of("--task", "--layers", "--d-model", "--d-state", "--kernel", "--epochs", "--batch", "--lr", "--seed",
                "--threads", "--data", "--out", "--max-minutes", "--resume", "--init")) {
            assertTrue(r.out().contains(o), o);
        }
        assertEquals(0, run("--help").code());
        assertEquals(0, run("data", "sc10", "--help").code());
        assertEquals(0, run("eval", "--help").code());
    }

    @Test
    void badInputGivesAOneLineError() {
        Run r = run("train", "--task", "cifar");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown task 'cifar'"), r.err());
        r = run("train", "--kernel", "s5", "--out", dir.toString());
        assertTrue(r.err().contains("unknown kernel 's5'"), r.err());
        r = run("train", "--d-state", "15", "--out", dir.toString());
        assertTrue(r.err().contains("--d-state must be even for s4"), r.err());
        r = run("train", "--init", "pytorch", "--out", dir.toString());
        assertTrue(r.err().contains("--init must be exact or official, got 'pytorch'"), r.err());
        r = run("train", "--init", "official", "--kernel", "lssl", "--out", dir.toString());
        assertTrue(r.err().contains("--init official applies to the s4 and s4d kernels"), r.err());
        TrainCommand t = new TrainCommand();
        new CommandLine(t).parseArgs("--init", "official", "--kernel", "s4d");
        var m = t.config().model();
        assertEquals(dev.s4j.ssm.kernel.InitConvention.OFFICIAL,
                ((dev.s4j.ssm.kernel.DiagonalSpec) m.kernel().spec(m.stateSize(), m.ssmLr(), m.init())).initConvention());
        r = run("eval", dir.resolve("missing").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("missing"), r.err());
    }

    @Test
    void trainEvalAndResumeASmallRun() throws java.io.IOException {
        Path out = dir.resolve("run");
        String[] common = {"--task", "adding", "--length", "32", "--train-size", "64", "--layers", "1", "--d-model", "8",
            "--d-state", "8", "--batch", "16", "--threads", "1", "--out", out.toString()};
        Run r = run(concat(new String[] {"train", "--epochs", "1"}, common));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 1/1") && r.out().contains("test   loss"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("checkpoint.safetensors")));

        r = run(concat(new String[] {"train", "--epochs", "1"}, common));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("already holds a run"), r.err());

        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.contains("\"accelerator\": \"auto\"") && config.contains("\"backend\": \""), config);

        r = run("eval", out.toString(), "--split", "val");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("adding val: loss"), r.out());

        r = run("train", "--resume", "--out", out.toString(), "--layers", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--layers cannot change"), r.err());

        r = run("train", "--resume", "--out", out.toString(), "--epochs", "2", "--accelerator", "cpu");
        assertEquals(0, r.code(), r.err());
        config = Files.readString(out.resolve("config.json"));
        assertTrue(config.contains("\"accelerator\": \"cpu\"") && config.contains("\"backend\": \"cpu: Vector API"), config);
        assertTrue(r.out().contains("resuming at epoch 2, step 4") && r.out().contains("epoch 2/2"), r.out());
    }

    @Test
    void theAcceleratorIsChosenByNameAndAnUnknownOneIsRefused() {
        Run r = run("train", "--accelerator", "tpu", "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--accelerator tpu: unknown backend; choose one of auto, cpu"), r.err());
        r = run("bench", "--accelerator", "tpu", "--suite", "kernel", "--quick");
        assertTrue(r.err().contains("--accelerator tpu: unknown backend"), r.err());
        r = run("bench", "--kernel-kinds", "s5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--kernel-kinds: unknown kernel 's5'"), r.err());
    }

    @Test
    void infoListsTheBackends() {
        Run r = run("info");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cpu (priority 0): usable"), r.out());
        assertTrue(r.out().contains("--accelerator auto uses: "), r.out());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
