package dev.s4j.autograd;

/**
 * Anomaly detection, per thread: while enabled, every op checks its output, and every backward
 * step checks the gradients it produces, for NaN or infinite values. The first op that produces
 * one throws an {@link ArithmeticException} naming the op, the input and output shapes and the
 * first bad index. Costs one pass over every result; leave it off for speed.
 *
 * <pre>{@code
 * try (var a = AnomalyMode.enabled()) {
 *     loss.backward();
 * }
 * }</pre>
 */
public final class AnomalyMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {false});

    private AnomalyMode() {
    }

    /** True if checks are on for this thread. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns checks on until the returned scope is closed. */
    public static Grad.Scope enabled() {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = true;
        return () -> flag[0] = previous;
    }

    static void checkForward(String op, Tensor out, Tensor[] inputs) {
        int bad = out.storage().firstNonFinite();
        if (bad >= 0) {
            StringBuilder shapes = new StringBuilder();
            for (int i = 0; i < inputs.length; i++) {
                shapes.append(i == 0 ? "" : ", ").append(Shape.format(inputs[i].shape()));
            }
            Node context = Autograd.inBackward();
            throw new ArithmeticException("anomaly: " + (context == null ? "" : "backward of " + context.describe() + ": ")
                    + op + " produced " + kind(out, bad) + " in its output (shape " + Shape.format(out.shape()) + ", "
                    + out.dtype() + ", first at flat index " + bad + ") from inputs of shapes " + shapes);
        }
    }

    static void checkBackward(Node node, int input, Tensor grad) {
        int bad = grad.storage().firstNonFinite();
        if (bad >= 0) {
            throw new ArithmeticException("anomaly: backward of " + node.describe() + " produced " + kind(grad, bad)
                    + " in the gradient of input " + input + " (shape " + Shape.format(grad.shape())
                    + ", first at flat index " + bad + ")");
        }
    }

    private static String kind(Tensor t, int i) {
        Storage s = t.storage();
        return Double.isNaN(s.re(i)) || Double.isNaN(s.im(i)) ? "NaN" : "Inf";
    }
}
