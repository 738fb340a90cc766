package dev.s4j.examples.cli;

import dev.s4j.autograd.accel.Accelerator;
import dev.s4j.examples.train.Backend;
import picocli.CommandLine.Option;

/** The {@code --accelerator} option of train, eval and bench. */
final class AcceleratorOption {
    @Option(names = "--accelerator", defaultValue = Backend.AUTO, paramLabel = "NAME",
            description = "backend of the heavy stages (Cauchy, Vandermonde, FFTs, convolutions): auto (the best usable), cpu, "
                    + "or opencl; 's4j info' lists them (default: ${DEFAULT-VALUE})")
    String name = Backend.AUTO;

    /** Selects the backend; a named backend that is unknown or unusable is an error naming the option and the reason. */
    Accelerator select() {
        return Backend.select(name);
    }
}
