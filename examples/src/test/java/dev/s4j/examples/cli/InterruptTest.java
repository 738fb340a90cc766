package dev.s4j.examples.cli;

import static dev.s4j.examples.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.examples.train.Checkpoint;
import dev.s4j.examples.train.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM on a training process (a child JVM running the s4j command): it saves a
 * checkpoint at the step it was on and exits with 130 or 143, saying where the run is; resuming
 * gives the uninterrupted run's bytes; a second Ctrl-C quits at once.
 */
class InterruptTest {
    /** One epoch of 375 steps: about ten seconds here, so a signal a few seconds in lands mid-epoch. */
    private static final String[] RUN = {"--task", "adding", "--length", "512", "--train-size", "6000", "--layers", "1",
        "--d-model", "16", "--d-state", "16", "--batch", "16", "--epochs", "1", "--threads", "2"};

    @TempDir
    Path dir;

    private static String[] train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(RUN));
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Starts {@code s4j train} in a child JVM, its output in {@code log}; returns once it has begun training. */
    private static Process startTraining(Path out, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(train(out)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(log) && Files.readString(log).contains("model  "))) {
            assertTrue(p.isAlive(), "the child ended early: " + (Files.exists(log) ? Files.readString(log) : ""));
            assertTrue(System.nanoTime() < deadline, "the child did not start training");
            Thread.sleep(50);
        }
        Thread.sleep(2500);   // into the epoch (the first steps run before the JIT has compiled the kernels: slowly)
        return p;
    }

    private static void signal(Process p, String name) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor());
    }

    private static String finished(Process p, Path log) throws InterruptedException, IOException {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not end");
        return Files.readString(log);
    }

    private static String withoutTimes(String metrics) {
        return metrics.replaceAll("\"(elapsed_s|epoch_s|samples_per_s)\":[-0-9.Ee]+,?", "");
    }

    @Test
    void ctrlCSavesTheStepAndResumingGivesTheUninterruptedBytes() throws Exception {
        Path straight = dir.resolve("straight");
        assertEquals(0, run(train(straight)).code());

        Path out = dir.resolve("interrupted");
        Path log = dir.resolve("interrupted.log");
        Process p = startTraining(out, log);
        signal(p, "INT");
        String text = finished(p, log);
        assertEquals(130, p.exitValue(), text);
        assertTrue(text.contains("interrupted (SIGINT) at step "), text);
        assertTrue(text.contains("continue with: ./s4j train --resume --out " + out), text);
        Progress saved = Checkpoint.read(out.resolve("checkpoint.safetensors")).progress();
        assertTrue(saved.epoch() == 0 && saved.step() < 375, "saved before the epoch ended: " + saved);

        CommandLineTest.Run r = run("train", "--resume", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("checkpoint.safetensors", "best.safetensors")) {
            assertArrayEquals(Files.readAllBytes(straight.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
        assertEquals(withoutTimes(Files.readString(straight.resolve("metrics.jsonl"))),
                withoutTimes(Files.readString(out.resolve("metrics.jsonl"))));
    }

    @Test
    void sigtermSavesAndExitsWith143() throws Exception {
        Path out = dir.resolve("run");
        Path log = dir.resolve("run.log");
        Process p = startTraining(out, log);
        p.destroy();   // SIGTERM
        String text = finished(p, log);
        assertEquals(143, p.exitValue(), text);
        assertTrue(text.contains("interrupted (SIGTERM) at step "), text);
        assertTrue(Checkpoint.read(out.resolve("checkpoint.safetensors")).progress().step() > 0);
    }

    @Test
    void aSecondCtrlCQuitsAtOnce() throws Exception {
        Path out = dir.resolve("run");
        Path log = dir.resolve("run.log");
        Process p = startTraining(out, log);
        signal(p, "INT");
        // the second only after the first was taken (two signals close together merge into one); the
        // step still running and the save after it leave a tenth of a second or more to send it in
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("stopping after this step")) {
            assertTrue(System.nanoTime() < deadline, "the first Ctrl-C was not taken");
            Thread.sleep(2);
        }
        signal(p, "INT");
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the second Ctrl-C ends the process");
        String text = Files.readString(log);
        assertEquals(130, p.exitValue(), text);
        assertTrue(!text.contains("checkpoint saved"), "quit at once, without finishing the step and saving: " + text);
    }
}
