package dev.s4j.examples.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The exclusive right to write one run directory, held from before its first file is written
 * until training ends: an operating-system lock on the file {@code .lock} in the directory, which
 * names the holder (process id, host, start time) so that a refused process can say who has the
 * run. The lock goes when its process ends, however it ends.
 *
 * <p>Within one JVM a second lock on the same directory is refused from a table of the locks
 * this JVM holds, before the file is opened: on Linux closing any descriptor of a locked file
 * drops every lock the process holds on it, so a refused attempt must not open the file.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name inside the run directory. */
    public static final String FILE = ".lock";

    /** The lock files this JVM holds, by real path, with their holder lines. */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final RunDirectory run;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(RunDirectory run, Path file, FileChannel channel, FileLock lock) {
        this.run = run;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @throws IOException naming the directory: it is in use by another process (named), it is a
     *                     file, or it cannot be created or written
     */
    public static RunLock acquire(RunDirectory run) throws IOException {
        Path root = run.root();
        try {
            Files.createDirectories(root);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(root + " exists and is not a directory");
        } catch (AccessDeniedException e) {
            throw new IOException(root + ": cannot create the run directory: permission denied (" + e.getFile() + ")");
        } catch (FileSystemException e) {
            throw new IOException(root + ": cannot create the run directory: " + (e.getReason() != null ? e.getReason()
                    : "the file system does not allow it") + " (" + e.getFile() + ")");
        }
        Path file = root.resolve(FILE).toAbsolutePath().normalize();
        String line = "pid " + ProcessHandle.current().pid() + " on " + host() + ", since "
                + OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        String mine = HELD.putIfAbsent(file, line);
        if (mine != null) {
            throw inUse(root, mine);
        }
        try {
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (AccessDeniedException e) {
                throw new IOException(root + ": cannot write in the run directory: permission denied");
            }
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw inUse(root, holder(file));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(run, file, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    private static IOException inUse(Path root, String holder) {
        return new IOException(root + " is in use by another s4j process (" + holder + "); wait for it to end, or choose"
                + " another run directory");
    }

    /** The locked run. */
    public RunDirectory run() {
        return run;
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } finally {
            HELD.remove(file);
        }
    }

    private static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "it is starting" : text;
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "this host";
            }
        }
        return h;
    }
}
