package dev.s4j.examples.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The exclusive right to write one run directory, held from before its first file is written
 * until training ends: an operating-system lock on the file {@code .lock} in the directory, which
 * names the holder (process id, host, start time) so that a refused process can say who has the
 * run. The lock goes when its process ends, however it ends.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name inside the run directory. */
    public static final String FILE = ".lock";

    private final RunDirectory run;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(RunDirectory run, FileChannel channel, FileLock lock) {
        this.run = run;
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
        Path file = root.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new IOException(root + ": cannot write in the run directory: permission denied");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = holder(file);
            channel.close();
            throw new IOException(root + " is in use by another s4j process (" + holder + "); wait for it to end, or choose"
                    + " another --out");
        }
        RunLock held = new RunLock(run, channel, lock);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " on " + host() + ", since "
                + OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return held;
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
        } finally {
            channel.close();
        }
    }

    /**
     * Releases the lock of a run that could not start; with {@code remove}, also deletes the lock
     * file (while still holding it) and the directory if nothing else is in it.
     */
    public void abandon(boolean remove) throws IOException {
        if (remove) {
            Files.deleteIfExists(run.root().resolve(FILE));
        }
        close();
        if (remove) {
            run.removeIfEmpty();
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
