package dev.s4j.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code s4j data}: prepares datasets. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Prepares datasets.",
        subcommands = {SpeechDataCommand.class, CommandLine.HelpCommand.class})
public final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
