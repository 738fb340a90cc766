package dev.s4j.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code s4j import}: models trained elsewhere, as s4j model files. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Imports a model trained elsewhere as an s4j model file.",
        subcommands = {ImportOfficialCommand.class, CommandLine.HelpCommand.class})
public final class ImportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
