package dev.s4j.examples.cli;

import static dev.s4j.examples.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.s4j.examples.train.RunDirectory;
import dev.s4j.examples.train.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the s4j command refuses, and what it leaves untouched when it does. */
class RunSafetyTest {
    private static final String[] SMALL = {"--task", "adding", "--length", "32", "--train-size", "64", "--layers", "1",
        "--d-model", "8", "--d-state", "8", "--batch", "16", "--threads", "1"};

    @TempDir
    Path dir;

    private static String[] train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(SMALL));
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals(RunLock.FILE)) {
                    files.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    private static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " changed"));
    }

    @Test
    void aRunInUseIsRefusedToASecondTrainerAndToResume() throws IOException {
        Path out = dir.resolve("run");
        try (RunLock held = RunLock.acquire(new RunDirectory(out))) {
            CommandLineTest.Run r = run(train(out, "--epochs", "1"));
            assertEquals(1, r.code());
            assertTrue(r.err().contains(out + " is in use by another s4j process (pid " + ProcessHandle.current().pid()), r.err());
            assertFalse(Files.exists(out.resolve("config.json")), "nothing written");
        }
        assertEquals(0, run(train(out, "--epochs", "1")).code());
        try (RunLock held = RunLock.acquire(new RunDirectory(out))) {
            Map<String, byte[]> before = snapshot(out);
            CommandLineTest.Run r = run("train", "--resume", "--out", out.toString(), "--epochs", "2");
            assertEquals(1, r.code());
            assertTrue(r.err().contains("is in use by another s4j process"), r.err());
            assertSameFiles(before, snapshot(out));
        }
    }

    @Test
    void aDirectoryThatIsNotARunIsNotWrittenInto() throws IOException {
        Path out = dir.resolve("mine");
        Files.createDirectories(out);
        Files.writeString(out.resolve("config.json"), "{\"mine\": true}\n");
        Files.writeString(out.resolve("metrics.jsonl"), "my notes\n");
        Files.writeString(out.resolve("thesis.tex"), "\\\\documentclass{article}\n");
        Map<String, byte[]> before = snapshot(out);
        CommandLineTest.Run r = run(train(out, "--epochs", "1"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains(out + " is not empty and holds no s4j run (it has thesis.tex)"), r.err());
        assertSameFiles(before, snapshot(out));
    }

    @Test
    void aFinishedRunSaysSoAndChangesNothing() throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, run(train(out, "--epochs", "1")).code());
        Map<String, byte[]> before = snapshot(out);
        CommandLineTest.Run r = run("train", "--resume", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(out + " is finished: 1 epochs, test loss ") && r.out().contains("Nothing to do"), r.out());
        assertSameFiles(before, snapshot(out));
        r = run("train", "--resume", "--out", out.toString(), "--epochs", "1");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Nothing to do"), r.out());
        assertSameFiles(before, snapshot(out));

        r = run("train", "--resume", "--out", out.toString(), "--epochs", "2");   // more epochs: it trains on
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 2/2"), r.out());
    }

    @Test
    void anEarlyStoppedRunIsFinishedUnlessMoreEpochsAreAskedFor() throws IOException {
        Path out = dir.resolve("run");
        CommandLineTest.Run r = run("train", "--task", "copying", "--length", "21", "--train-size", "64", "--layers", "1",
                "--d-model", "8", "--d-state", "8", "--batch", "16", "--threads", "1", "--lr", "1e-9", "--ssm-lr", "1e-9",
                "--early-stop", "1", "--epochs", "5", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("stopped: no better validation accuracy for 1 epochs"), r.out());
        Map<String, byte[]> before = snapshot(out);
        r = run("train", "--resume", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(out + " is finished: 2 epochs") && r.out().contains("Nothing to do"), r.out());
        assertSameFiles(before, snapshot(out));
    }

    @Test
    void fewerEpochsThanARunHasDoneAreRefused() throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, run(train(out, "--epochs", "2")).code());
        Map<String, byte[]> before = snapshot(out);
        CommandLineTest.Run r = run("train", "--resume", "--out", out.toString(), "--epochs", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--epochs 1 is below the 2 epochs this run has begun"), r.err());
        assertSameFiles(before, snapshot(out));
    }

    @Test
    void optionValuesAreCheckedUpFrontWithTheirFlagNames() {
        Path out = dir.resolve("never");
        String[][] cases = {
            {"--lr", "-1", "--lr must be a finite number above 0, got -1.0"},
            {"--lr", "Infinity", "--lr must be a finite number above 0, got Infinity"},
            {"--ssm-lr", "0", "--ssm-lr must be a finite number above 0, got 0.0"},
            {"--d-model", "0", "--d-model must be at least 1, got 0"},
            {"--layers", "0", "--layers must be at least 1, got 0"},
            {"--dropout", "1", "--dropout must be at least 0 and below 1, got 1.0"},
            {"--warmup", "-0.1", "--warmup must be at least 0 and below 1, got -0.1"},
            {"--weight-decay", "NaN", "--weight-decay must be a finite number, 0 or above, got NaN"},
            {"--batch", "0", "--batch must be at least 1, got 0"},
            {"--early-stop", "-1", "--early-stop must be at least 0, got -1"},
            {"--length", "20", "--length must be at least 21 for copying"},
        };
        for (String[] c : cases) {
            String[] args = c[0].equals("--length")
                    ? new String[] {"train", "--task", "copying", c[0], c[1], "--out", out.toString()}
                    : new String[] {"train", c[0], c[1], "--out", out.toString()};
            CommandLineTest.Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertTrue(r.err().contains(c[2]), r.err());
        }
        CommandLineTest.Run r = run("train", "--length", "100", "--out", out.toString());
        assertTrue(r.err().contains("--length applies only to the copying, adding and delay tasks, not to smnist"), r.err());
        r = run("train", "--task", "sc10", "--train-size", "100", "--out", out.toString());
        assertTrue(r.err().contains("--train-size applies only to the copying, adding and delay tasks, not to sc10"), r.err());
        r = run("train", "--task", "adding", "--data", dir.toString(), "--out", out.toString());
        assertTrue(r.err().contains("--data applies only to the smnist, psmnist, fashion, sc10 and mnist-gen tasks, not to adding"), r.err());
        r = run("train", "--data", dir.resolve("nowhere").toString(), "--out", out.toString());
        assertTrue(r.err().contains("--data " + dir.resolve("nowhere") + " does not exist"), r.err());
        assertFalse(Files.exists(out), "nothing created");
    }

    @Test
    void evalChecksItsOptionsAndSpeaksJson() throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, run(train(out, "--epochs", "1")).code());
        CommandLineTest.Run r = run("eval", out.toString(), "--batch", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--batch must be at least 1, got 0"), r.err());
        r = run("eval", out.toString(), "--split", "dev");
        assertTrue(r.err().contains("--split must be train, val or test, got 'dev'"), r.err());
        r = run("eval", out.toString(), "--json", "--split", "val");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals("val", o.get("split").getAsString());
        assertEquals("adding", o.get("task").getAsString());
        assertEquals(1000, o.get("examples").getAsInt());
        assertTrue(o.get("loss").getAsDouble() > 0);
        r = run("eval", out.resolve("best.safetensors").toString(), "--json");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void theVersionComesFromTheBuild() {
        CommandLineTest.Run r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().matches("(?s)s4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .*"), r.out());
    }
}
