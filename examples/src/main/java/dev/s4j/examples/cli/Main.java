package dev.s4j.examples.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code s4j} command. */
@Command(name = "s4j", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Structured state space sequence models (S4, S4D, LSSL) in pure Java.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, GenerateCommand.class, ImportCommand.class, ExportCommand.class,
            DataCommand.class, BenchCommand.class, InfoCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The command line with s4j's error handling: a one-line message instead of a stack trace,
     * exit code 2 for a bad option (with a pointer to --help), 1 for anything else.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            PrintWriter err = c.getErr();
            err.println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            err.println("(" + c.getCommandSpec().qualifiedName() + " --help lists the options)");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (System.getenv("S4J_STACKTRACE") != null) {
                e.printStackTrace(err);
            }
            err.println(commandLine.getCommandSpec().qualifiedName() + ": error: " + message(e));
            err.flush();
            return 1;
        });
        return cl;
    }

    /**
     * What went wrong, in words: file-system exceptions whose message is only a path get the
     * problem added; others keep their message, or their class when they have none.
     */
    static String message(Throwable e) {
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof NotDirectoryException f) {
            return f.getFile() + ": not a directory";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": already exists";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** Runs the command line. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }
}
