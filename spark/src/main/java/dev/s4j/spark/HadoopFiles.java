package dev.s4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Whole files on any Hadoop file system (local, HDFS, S3…), where Spark ML writes saved models. */
final class HadoopFiles {
    private HadoopFiles() {
    }

    /** Writes {@code bytes} to {@code file}: to a temporary name beside it first, then renamed. */
    static void write(Path file, byte[] bytes, Configuration conf) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        Path temp = new Path(file.getParent(), "." + file.getName() + ".tmp");
        try (OutputStream out = fs.create(temp, true)) {
            out.write(bytes);
        }
        fs.delete(file, false);
        if (!fs.rename(temp, file)) {
            fs.delete(temp, false);
            throw new IOException(file + ": could not rename " + temp + " to it");
        }
    }

    /** The whole of {@code file}. */
    static byte[] read(Path file, Configuration conf) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        if (!fs.exists(file)) {
            throw new IOException(file + ": no such file");
        }
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }
}
