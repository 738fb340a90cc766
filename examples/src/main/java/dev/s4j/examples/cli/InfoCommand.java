package dev.s4j.examples.cli;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.accel.Accelerator;
import dev.s4j.autograd.accel.Accelerators;
import dev.s4j.autograd.accel.CpuAccelerator;
import dev.s4j.autograd.kernel.VectorSupport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code s4j info}: the machine as s4j sees it, and every backend with its devices and whether it is usable. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Lists the backends of the heavy stages (--accelerator), each device with its float64 support, "
                + "and why a backend is not usable.", "Probing OpenCL builds its programs; the first time this can take seconds."})
public final class InfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println(new Version().getVersion()[0]);
        out.println("JVM: " + System.getProperty("java.vm.name") + " " + Runtime.version() + "; "
                + Runtime.getRuntime().availableProcessors() + " processors; " + Parallel.threads() + " compute threads; Vector API "
                + (VectorSupport.available() ? "in use" : "not in use (add --add-modules jdk.incubator.vector)"));
        out.println("backends (auto takes the usable one of highest priority):");
        for (Accelerator a : Accelerators.candidates()) {
            String reason = a.probe();
            out.println("  " + a.name() + " (priority " + a.priority() + "): " + (reason == null ? "usable" : "not usable: " + reason));
            a.describe().forEach(line -> out.println("    " + line));
        }
        out.println("  cpu (priority 0): usable");
        CpuAccelerator.INSTANCE.describe().forEach(line -> out.println("    " + line));
        out.println("--accelerator auto uses: " + Accelerators.select("auto").summary());
        out.flush();
        return 0;
    }
}
