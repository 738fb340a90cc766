package dev.s4j.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run directories: unique names, the lock, and what may be written where. */
class RunDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void defaultNamesDoNotCollideWithinASecond() throws IOException {
        RunDirectory a = RunDirectory.fresh(dir, "smnist");
        RunDirectory b = RunDirectory.fresh(dir, "smnist");
        RunDirectory c = RunDirectory.fresh(dir, "smnist");
        assertNotEquals(a.root(), b.root());
        assertNotEquals(b.root(), c.root());
        assertTrue(Files.isDirectory(a.root()) && Files.isDirectory(b.root()) && Files.isDirectory(c.root()));
    }

    @Test
    void aSecondLockOnTheSameRunIsRefusedNamingTheHolder() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("r"));
        try (RunLock first = RunLock.acquire(run)) {
            IOException e = assertThrows(IOException.class, () -> RunLock.acquire(run));
            assertTrue(e.getMessage().startsWith(run.root() + " is in use by another s4j process (pid " + ProcessHandle.current().pid()
                    + " on "), e.getMessage());
        }
        RunLock.acquire(run).close();   // free again
    }

    @Test
    void aLockHeldByAnotherProcessIsRefusedAndFreedWhenItEnds() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("r"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldLock.class.getName(),
                run.root().toString()).redirectErrorStream(true).start();
        try {
            assertEquals("locked", new String(holder.getInputStream().readNBytes(6)));
            IOException e = assertThrows(IOException.class, () -> RunLock.acquire(run));
            assertTrue(e.getMessage().contains("in use by another s4j process (pid " + holder.pid() + " on "), e.getMessage());
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        RunLock.acquire(run).close();   // the operating system released it with the process
    }

    @Test
    void aRefusedSecondLockInThisJvmLeavesTheFirstHeld() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("r"));
        try (RunLock first = RunLock.acquire(run)) {
            assertThrows(IOException.class, () -> RunLock.acquire(run));      // must not drop the first (fcntl semantics)
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TryLock.class.getName(),
                    run.root().toString()).redirectErrorStream(true).start();
            assertTrue(other.waitFor(60, TimeUnit.SECONDS));
            String said = new String(other.getInputStream().readAllBytes());
            assertTrue(said.contains("is in use by another s4j process (pid " + ProcessHandle.current().pid()), said);
        }
    }

    /** Tries to lock a run once and says what happened (for the test above). */
    public static final class TryLock {
        public static void main(String[] args) {
            try (RunLock lock = RunLock.acquire(new RunDirectory(Path.of(args[0])))) {
                System.out.println("locked");
            } catch (IOException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    /** Holds a run's lock until killed (for the test above). */
    public static final class HoldLock {
        public static void main(String[] args) throws Exception {
            RunLock lock = RunLock.acquire(new RunDirectory(Path.of(args[0])));
            System.out.print("locked");
            System.out.flush();
            Thread.sleep(60_000);
            lock.close();
        }
    }

    @Test
    void aNewRunIsRefusedWhereItWouldMixWithOtherFiles() throws IOException {
        RunDirectory empty = new RunDirectory(dir.resolve("empty"));
        empty.checkNewRun();                                 // absent: fine
        Files.createDirectories(empty.root());
        empty.checkNewRun();                                 // empty: fine

        RunDirectory users = new RunDirectory(dir.resolve("users"));
        Files.createDirectories(users.root());
        Files.writeString(users.root().resolve("notes.txt"), "mine");
        Files.writeString(users.root().resolve("config.json"), "{\"mine\": true}");
        IOException e = assertThrows(IOException.class, users::checkNewRun);
        assertEquals(users.root() + " is not empty and holds no s4j run (it has notes.txt); choose a new or empty directory for --out",
                e.getMessage());

        RunDirectory alike = new RunDirectory(dir.resolve("alike"));
        Files.createDirectories(alike.root());
        Files.writeString(alike.root().resolve("config.json"), "{\"mine\": true}");
        Files.writeString(alike.root().resolve("metrics.jsonl"), "my numbers\n");
        e = assertThrows(IOException.class, alike::checkNewRun);
        assertEquals(alike.root() + " holds config.json, metrics.jsonl but no s4j config.json; it is not an s4j run: choose a new"
                + " or empty directory for --out", e.getMessage());

        RunDirectory done = new RunDirectory(dir.resolve("done"));
        Files.createDirectories(done.root());
        Files.writeString(done.checkpoint(), "x");
        e = assertThrows(IOException.class, done::checkNewRun);
        assertTrue(e.getMessage().contains("already holds a run; continue it with --resume"), e.getMessage());

        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        e = assertThrows(IOException.class, () -> new RunDirectory(file).checkNewRun());
        assertEquals(file + " exists and is not a directory", e.getMessage());
        e = assertThrows(IOException.class, () -> RunLock.acquire(new RunDirectory(file.resolve("run"))));
        assertTrue(e.getMessage().startsWith(file.resolve("run") + ": cannot create the run directory: "), e.getMessage());
        assertEquals(List.of("x"), Files.readAllLines(file));
    }
}
