package dev.s4j.examples.cli;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Npy;
import dev.s4j.examples.train.ServedModels;
import dev.s4j.ssm.serve.Predictor;
import dev.s4j.ssm.serve.StreamSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code s4j predict}: runs a saved model on sequences from a NumPy file. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Runs a saved model on the sequences of a .npy file and writes what it returns to another.",
            "X is (B, L, d_in) or one sequence (L, d_in), float32 or float64. Y is (B, d_out) for a model that pools its "
                + "positions (classifiers) and (B, L, d_out) for one that does not; a single sequence drops the B. "
                + "Rows shorter than L are right-padded: give their lengths with --lengths."})
public final class PredictCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "a run directory (its checkpoint.safetensors: the last saved epoch), or a "
            + "file: RUN/best.safetensors (the best validation epoch), a checkpoint, a model file")
    Path run;
    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "the sequences")
    Path input;
    @Option(names = "--output", required = true, paramLabel = "Y.npy", description = "where to write the outputs (replaced atomically)")
    Path output;
    @Option(names = "--lengths", paramLabel = "N.npy", description = "valid positions of each row, B integers in [1, L]")
    Path lengthsFile;
    @Option(names = "--stream", description = "run the recurrent view, one position at a time (the same outputs, to rounding)")
    boolean stream;
    @Option(names = "--batch", defaultValue = "64", description = "rows per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;
    @picocli.CommandLine.Mixin
    AcceleratorOption accelerator;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Options.atLeast(spec, "--batch", batch, 1);
        threads.check(spec);
        if (Files.isDirectory(output)) {
            throw Options.error(spec, "--output " + output + " is a directory; a .npy file is expected");
        }
        if (Files.exists(output) && Files.exists(input) && Files.isSameFile(input, output)) {
            throw Options.error(spec, "--output must not be the input file");
        }
        Options.newFile(spec, "--output", output, true);
        threads.apply();
        accelerator.select();
        Npy.Array x = Npy.read(input);
        Predictor model = ServedModels.load(run, line -> { });
        int d = model.inputSize();
        boolean single = x.rank() == 2;
        if ((x.rank() != 2 && x.rank() != 3) || x.shape()[x.rank() - 1] != d || x.isIntegral() || x.values().length == 0) {
            throw new IOException(input + ": " + x.dtype() + " " + Npy.shapeText(x.shape()) + "; the model takes float32 or "
                    + "float64 (B, L, " + d + ") or (L, " + d + ") with B, L ≥ 1");
        }
        int rows = single ? 1 : x.shape()[0];
        int l = x.shape()[x.rank() - 2];
        int[] lengths = lengths(rows, l);
        long start = System.nanoTime();
        int per = model.isPooled() ? model.outputSize() : l * model.outputSize();
        double[] y = new double[rows * per];
        if (stream) {
            streamed(model, x.values(), rows, l, lengths, y);
        } else {
            DType dtype = x.dtype().equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
            for (int r0 = 0; r0 < rows; r0 += batch) {
                int n = Math.min(batch, rows - r0);
                double[] chunk = java.util.Arrays.copyOfRange(x.values(), r0 * l * d, (r0 + n) * l * d);
                Tensor in = Tensor.of(chunk, n, l, d).to(dtype);
                Tensor res = model.predict(in, java.util.Arrays.copyOfRange(lengths, r0, r0 + n));
                System.arraycopy(res.toDoubleArray(), 0, y, r0 * per, n * per);
            }
        }
        int[] shape = model.isPooled() ? new int[] {rows, model.outputSize()} : new int[] {rows, l, model.outputSize()};
        if (single) {
            shape = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        }
        if (x.dtype().equals("float64")) {
            Npy.write(output, y, shape);
        } else {
            float[] f = new float[y.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) y[i];
            }
            Npy.write(output, f, shape);
        }
        warnNonFinite(y, rows, per);
        out.printf(Locale.ROOT, "%s: %s %s from %d sequence%s (%s view, %.2f s)%n", output, x.dtype().equals("float64") ? "float64" : "float32",
                Npy.shapeText(shape), rows, rows == 1 ? "" : "s", stream ? "recurrent" : "convolutional", (System.nanoTime() - start) / 1e9);
        out.flush();
        return 0;
    }

    /** A warning on standard error naming the rows whose outputs are not all finite (a NaN or infinity in their input). */
    private void warnNonFinite(double[] y, int rows, int per) {
        java.util.List<Integer> bad = new java.util.ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < per; i++) {
                if (!Double.isFinite(y[r * per + i])) {
                    bad.add(r);
                    break;
                }
            }
        }
        if (!bad.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("s4j predict: warning: " + bad.size() + " of " + rows + " rows have non-finite outputs (a NaN or infinity "
                    + "in their input?): rows " + bad.subList(0, Math.min(10, bad.size())) + (bad.size() > 10 ? " …" : ""));
            err.flush();
        }
    }

    private int[] lengths(int rows, int l) throws IOException {
        int[] lengths = new int[rows];
        if (lengthsFile == null) {
            java.util.Arrays.fill(lengths, l);
            return lengths;
        }
        Npy.Array a = Npy.read(lengthsFile);
        if (!a.isIntegral() || a.rank() > 1 || a.values().length != rows) {
            throw new IOException(lengthsFile + ": " + a.dtype() + " " + Npy.shapeText(a.shape()) + "; expected an integer array of "
                    + "shape (" + rows + ",), one length per row of " + input);
        }
        for (int i = 0; i < rows; i++) {
            double v = a.values()[i];
            if (v < 1 || v > l) {
                throw new IOException(lengthsFile + ": row " + i + " has length " + (long) v + "; each must be in [1, " + l
                        + "] (the padded length of " + input + ")");
            }
            lengths[i] = (int) v;
        }
        return lengths;
    }

    /** Each row through its own session, position by position; outputs at padded positions stay 0. */
    private static void streamed(Predictor model, double[] x, int rows, int l, int[] lengths, double[] y) {
        int d = model.inputSize();
        int o = model.outputSize();
        double[] step = new double[d];
        for (int r = 0; r < rows; r++) {
            try (StreamSession s = model.newSession()) {
                double[] last = null;
                for (int t = 0; t < lengths[r]; t++) {
                    for (int i = 0; i < d; i++) {
                        step[i] = x[(r * l + t) * d + i];
                    }
                    last = s.step(step);
                    if (!model.isPooled()) {
                        for (int k = 0; k < o; k++) {
                            y[(r * l + t) * o + k] = last[k];
                        }
                    }
                }
                if (model.isPooled()) {
                    for (int k = 0; k < o; k++) {
                        y[r * o + k] = last[k];
                    }
                }
            }
        }
    }
}
