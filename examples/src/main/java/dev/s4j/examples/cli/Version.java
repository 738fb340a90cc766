package dev.s4j.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version the build wrote into {@code version.properties}, with the Java it runs on. */
final class Version implements CommandLine.IVersionProvider {

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String number() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "").trim();
                if (!v.isEmpty() && !v.startsWith("$")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        throw new IllegalStateException("the build did not write version.properties into the s4j jar");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"s4j " + number() + " (Java " + Runtime.version() + ")"};
    }
}
