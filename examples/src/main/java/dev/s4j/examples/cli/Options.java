package dev.s4j.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Checks of option values whose errors name the option, as the user typed it. */
final class Options {
    private Options() {
    }

    /** An error about an option's value (exit code 2, one line). */
    static CommandLine.ParameterException error(CommandLine.Model.CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    static void atLeast(CommandLine.Model.CommandSpec spec, String option, long value, long least) {
        if (value < least) {
            throw error(spec, option + " must be at least " + least + ", got " + value);
        }
    }

    /** A finite number above 0. */
    static void positive(CommandLine.Model.CommandSpec spec, String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw error(spec, option + " must be a finite number above 0, got " + value);
        }
    }

    /** A finite number, 0 or above. */
    static void notNegative(CommandLine.Model.CommandSpec spec, String option, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw error(spec, option + " must be a finite number, 0 or above, got " + value);
        }
    }

    /** A number in [0, 1). */
    static void fraction(CommandLine.Model.CommandSpec spec, String option, double value) {
        if (!(value >= 0 && value < 1)) {
            throw error(spec, option + " must be at least 0 and below 1, got " + value);
        }
    }

    /** An existing directory, if given. */
    static void directory(CommandLine.Model.CommandSpec spec, String option, Path dir) {
        if (dir == null) {
            return;
        }
        if (!Files.exists(dir)) {
            throw error(spec, option + " " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw error(spec, option + " " + dir + " is a file; a directory is expected");
        }
    }

    /** A path where a new file may be written: its directory exists, and {@code existing} allows a file already there. */
    static void newFile(CommandLine.Model.CommandSpec spec, String option, Path file, boolean existing) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw error(spec, option + " " + file + ": directory " + parent + " does not exist");
        }
        if (!existing && Files.exists(file)) {
            throw error(spec, option + " " + file + " exists; choose another path or remove it first");
        }
    }
}
