package dev.s4j.examples.cli;

import dev.s4j.examples.train.Trainer;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a run trains: the first asks the trainer to stop after the
 * current step and save a checkpoint there; a second ends the process at once. The process then
 * exits with the conventional code, 128 + the signal's number (130, 143).
 */
final class StopOnSignal implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final AtomicReference<Signal> received = new AtomicReference<>();

    private StopOnSignal() {
    }

    /** Installs the handlers for {@code trainer}; {@code err} gets one line when the first signal arrives. */
    static StopOnSignal install(Trainer trainer, PrintWriter err) {
        StopOnSignal s = new StopOnSignal();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal signal = new Signal(name);
                s.previous.put(signal, Signal.handle(signal, sig -> s.handle(sig, trainer, err)));
            } catch (IllegalArgumentException e) {
                // this platform has no such signal
            }
        }
        return s;
    }

    private void handle(Signal sig, Trainer trainer, PrintWriter err) {
        if (!received.compareAndSet(null, sig)) {
            Runtime.getRuntime().halt(128 + sig.getNumber());
        }
        err.println();
        err.println("s4j: SIG" + sig.getName() + ": stopping after this step to save a checkpoint (again to quit at once)");
        err.flush();
        trainer.interrupt("interrupted (SIG" + sig.getName() + ")");
    }

    /** 128 + the number of the signal received, or 0 if none came. */
    int exitCode() {
        Signal s = received.get();
        return s == null ? 0 : 128 + s.getNumber();
    }

    /** Restores the handlers that were there before. */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
