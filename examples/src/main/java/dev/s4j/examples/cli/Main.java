package dev.s4j.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code s4j} command. */
@Command(name = "s4j", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Structured state space sequence models (S4, S4D, LSSL) in pure Java.",
        subcommands = {TrainCommand.class, EvalCommand.class, DataCommand.class, BenchCommand.class, InfoCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with s4j's error handling: a one-line message (exit code 1) instead of a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (System.getenv("S4J_STACKTRACE") != null) {
                e.printStackTrace(err);
            }
            err.println("s4j " + commandLine.getCommandName() + ": error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            err.flush();
            return 1;
        });
        return cl;
    }

    /** Runs the command line. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }
}
