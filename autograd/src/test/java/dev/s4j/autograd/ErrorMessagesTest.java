package dev.s4j.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.ops.Cauchy;
import dev.s4j.autograd.ops.Fft;
import dev.s4j.autograd.ops.Losses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input fails early with a message naming the op and the shapes or dtypes involved. */
class ErrorMessagesTest {

    private static void assertMessage(Class<? extends Throwable> type, Executable call, String... parts) {
        Throwable e = assertThrows(type, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void shapeMismatches() {
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)),
                "add", "(2, 3)", "(4)", "not broadcastable");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)),
                "matmul", "(2, 3)", "(4, 5)", "3 and 4");
        assertMessage(IllegalArgumentException.class, () -> Tensor.cat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)),
                "cat", "(2, 3)", "(2, 4)", "axis 1");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2),
                "reshape", "(2, 3)", "(4, 2)");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(2, 4),
                "expand", "(2, 3)", "(2, 4)");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(new int[] {2}, false),
                "sum", "axis 2", "rank 2");
        assertMessage(IllegalArgumentException.class, () -> Losses.mse(Tensor.zeros(3), Tensor.zeros(3, 1)),
                "mse", "(3)", "(3, 1)");
        assertMessage(IllegalArgumentException.class,
                () -> Cauchy.apply(Tensor.zeros(DType.COMPLEX64, 4, 5), Tensor.zeros(DType.COMPLEX64, 8),
                        Tensor.zeros(DType.COMPLEX64, 3, 5), false),
                "cauchy", "(4, 5)", "(8)", "(3, 5)");
    }

    @Test
    void dtypeMismatches() {
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(DType.COMPLEX64, 3).relu(),
                "relu", "COMPLEX64", "(3)");
        assertMessage(IllegalArgumentException.class, () -> Fft.rfft(Tensor.zeros(DType.COMPLEX128, 4), 4),
                "rfft", "COMPLEX128", "(4)");
        assertMessage(IllegalArgumentException.class,
                () -> Tensor.complex(Tensor.zeros(DType.COMPLEX64, 2), Tensor.zeros(2)), "complex", "COMPLEX64");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(DType.COMPLEX64, 2).max(),
                "max", "COMPLEX64");
    }

    @Test
    void itemOfAComplexTensorNamesTheParts() {
        assertMessage(IllegalStateException.class, () -> Tensor.ones(DType.COMPLEX64, 1).item(), "item", "COMPLEX64", "real()");
    }

    @Test
    void backwardMisuse() {
        Tensor x = Tensor.ones(2, 3).requiresGrad(true);
        Tensor y = x.mul(2);
        assertMessage(IllegalArgumentException.class, y::backward, "backward", "(2, 3)", "scalar");
        assertMessage(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3)), "backward", "(3)", "(2, 3)");
        assertMessage(IllegalStateException.class, () -> Tensor.ones(2).sum().backward(), "backward", "does not require grad");
        Tensor c = Tensor.ones(DType.COMPLEX64, 2).requiresGrad(true).sum();
        assertMessage(IllegalArgumentException.class, c::backward, "backward", "COMPLEX64", "real");
        Tensor loss = x.exp().sum();
        loss.backward();
        assertMessage(IllegalStateException.class, loss::backward, "backward", "sum", "(2, 3)", "already freed", "retainGraph");
    }

    @Test
    void invalidArguments() {
        assertMessage(IllegalArgumentException.class, () -> Fft.fft(Tensor.zeros(DType.COMPLEX64, 4), 0), "fft", "n", "0");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(3).slice(0, 0, 2, 0), "slice", "step");
        assertMessage(IndexOutOfBoundsException.class, () -> Tensor.zeros(3, 2).indexSelect(0, 3), "indexSelect", "3", "(3, 2)");
        assertMessage(IllegalArgumentException.class, () -> Losses.crossEntropy(Tensor.zeros(2, 3), new int[] {0, 3}),
                "crossEntropy", "target 3", "position 1");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(3).var(new int[] {0}, false, 3), "var", "correction");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0, 0), "permute", "(2, 3)");
        assertMessage(IllegalArgumentException.class, () -> Parallel.setThreads(0), "setThreads", "0");
    }
}
