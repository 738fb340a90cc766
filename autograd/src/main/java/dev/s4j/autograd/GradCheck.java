package dev.s4j.autograd;

import java.util.function.Function;

/**
 * Compares the gradients computed by backward with central finite differences, in float64.
 *
 * <p>Inputs are copied to FLOAT64/COMPLEX128. A non-scalar output {@code y} is reduced to the
 * real scalar {@code ℒ = Σ Re(conj(r)·y)} with a fixed random {@code r}, so every output element
 * is exercised. For each input element the real part, and for complex inputs separately the
 * imaginary part, is perturbed by ±ε; the difference quotient must match the matching part of
 * the analytic gradient ({@code ∂ℒ/∂Re + i ∂ℒ/∂Im}, PyTorch's convention) within
 * {@code atol + rtol·|numeric|}.
 *
 * <pre>{@code
 * GradCheck.Report r = GradCheck.check(in -> in[0].exp().mul(in[1]), a, b);
 * if (!r.passed()) throw new AssertionError(r.message());
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Step and tolerances. */
    public record Tolerance(double eps, double atol, double rtol) {
        /** ε = 1e-6, atol = 1e-6, rtol = 1e-5. */
        public static final Tolerance DEFAULT = new Tolerance(1e-6, 1e-6, 1e-5);
    }

    /**
     * Outcome of a check.
     *
     * @param passed      every comparison was within tolerance
     * @param comparisons number of partial derivatives compared
     * @param maxError    largest |analytic − numeric| seen
     * @param message     the worst comparison, described
     */
    public record Report(boolean passed, int comparisons, double maxError, String message) {
    }

    /** Checks {@code f} at {@code inputs} with the default tolerance. */
    public static Report check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, Tolerance.DEFAULT, inputs);
    }

    /** Checks {@code f} at {@code inputs}. */
    public static Report check(Function<Tensor[], Tensor> f, Tolerance tol, Tensor... inputs) {
        Tensor[] x = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = wide(inputs[i]).requiresGrad(true);
        }
        Tensor y = f.apply(x);
        Tensor r = Tensor.randn(new Generator(0x5EED), y.isComplex() ? DType.COMPLEX128 : DType.FLOAT64, y.shape());
        Tensor loss = project(y, r);
        if (!loss.requiresGrad()) {
            throw new IllegalArgumentException("gradcheck: the output does not depend on any input");
        }
        loss.backward();
        Tally tally = new Tally(tol);
        for (int i = 0; i < x.length; i++) {
            Tensor grad = x[i].grad();
            int parts = x[i].isComplex() ? 2 : 1;
            for (int j = 0; j < x[i].numel(); j++) {
                for (int part = 0; part < parts; part++) {
                    double numeric = (evaluate(f, x, i, j, part, tol.eps(), r) - evaluate(f, x, i, j, part, -tol.eps(), r))
                            / (2 * tol.eps());
                    double analytic = grad == null ? 0 : part == 0 ? grad.storage().re(j) : grad.storage().im(j);
                    tally.compare("input " + i + " " + Shape.format(x[i].shape()) + " element " + j
                            + (parts == 2 ? (part == 0 ? " (real part)" : " (imaginary part)") : ""), analytic, numeric);
                }
            }
        }
        return tally.report();
    }

    /**
     * Checks the gradients of {@code f} with respect to leaf tensors it reads, such as a module's
     * parameters (FLOAT64 or COMPLEX128): each element is perturbed in place, {@code f} is
     * re-evaluated, and the value is restored.
     */
    public static Report checkLeaves(java.util.function.Supplier<Tensor> f, Tolerance tol, java.util.List<? extends Tensor> leaves) {
        for (Tensor t : leaves) {
            if (!t.dtype().isDoublePrecision() || !t.isLeaf() || !t.requiresGrad()) {
                throw new IllegalArgumentException("gradcheck: leaves must be float64 or complex128 tensors that require grad, got "
                        + t.dtype() + " of shape " + Shape.format(t.shape()));
            }
            t.zeroGrad();
        }
        Tensor y = f.get();
        Tensor r = Tensor.randn(new Generator(0x5EED), y.isComplex() ? DType.COMPLEX128 : DType.FLOAT64, y.shape());
        project(y, r).backward();
        Tally tally = new Tally(tol);
        for (int i = 0; i < leaves.size(); i++) {
            Tensor leaf = leaves.get(i);
            Tensor grad = leaf.grad();
            Storage s = leaf.storage();
            for (int j = 0; j < leaf.numel(); j++) {
                for (int part = 0; part < (leaf.isComplex() ? 2 : 1); part++) {
                    double keep = part == 0 ? s.re(j) : s.im(j);
                    double[] value = new double[2];
                    for (int side = 0; side < 2; side++) {
                        double moved = keep + (side == 0 ? tol.eps() : -tol.eps());
                        if (part == 0) {
                            s.setRe(j, moved);
                        } else {
                            s.setIm(j, moved);
                        }
                        try (var off = Grad.disabled()) {
                            value[side] = project(f.get(), r).item();
                        }
                    }
                    if (part == 0) {
                        s.setRe(j, keep);
                    } else {
                        s.setIm(j, keep);
                    }
                    double numeric = (value[0] - value[1]) / (2 * tol.eps());
                    double analytic = grad == null ? 0 : part == 0 ? grad.storage().re(j) : grad.storage().im(j);
                    tally.compare("leaf " + i + " " + Shape.format(leaf.shape()) + " element " + j
                            + (leaf.isComplex() ? (part == 0 ? " (real part)" : " (imaginary part)") : ""), analytic, numeric);
                }
            }
        }
        return tally.report();
    }

    /** The comparisons of one check: the first element out of tolerance and the largest error. */
    private static final class Tally {
        private final Tolerance tol;
        private int comparisons;
        private double maxError;
        private String worst = "no comparisons";
        private String firstFailure;

        Tally(Tolerance tol) {
            this.tol = tol;
        }

        void compare(String element, double analytic, double numeric) {
            double err = Math.abs(analytic - numeric);
            comparisons++;
            String where = element + ": analytic " + analytic + ", numeric " + numeric;
            if (err > tol.atol() + tol.rtol() * Math.abs(numeric) && firstFailure == null) {
                firstFailure = where;
            }
            if (err >= maxError) {
                maxError = err;
                worst = where;
            }
        }

        Report report() {
            boolean passed = firstFailure == null;
            String message = passed ? "passed; largest error at " + worst
                    : "FAILED at " + firstFailure + " (largest error " + maxError + " at " + worst + ")";
            return new Report(passed, comparisons, maxError, message);
        }
    }

    private static Tensor wide(Tensor t) {
        DType d = t.isComplex() ? DType.COMPLEX128 : DType.FLOAT64;
        Storage s = t.dtype() == d ? t.storage().copy() : t.storage().convert(d);
        return new Tensor(s, t.shape());
    }

    private static Tensor project(Tensor y, Tensor r) {
        return y.isComplex() ? y.mul(r.conj()).real().sum() : y.mul(r).sum();
    }

    private static double evaluate(Function<Tensor[], Tensor> f, Tensor[] x, int i, int j, int part, double delta, Tensor r) {
        try (var off = Grad.disabled()) {
            Tensor[] moved = x.clone();
            Storage s = x[i].storage().copy();
            if (part == 0) {
                s.setRe(j, s.re(j) + delta);
            } else {
                s.setIm(j, s.im(j) + delta);
            }
            moved[i] = new Tensor(s, x[i].shape());
            return project(f.apply(moved), r).item();
        }
    }
}
