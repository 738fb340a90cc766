package dev.s4j.examples.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (or "development" when run from classes). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"s4j " + (v != null ? v : "development") + " (Java " + Runtime.version() + ")"};
    }
}
