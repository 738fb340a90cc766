package dev.s4j.autograd.ops;

import static dev.s4j.autograd.TestTensors.assertClose;
import static dev.s4j.autograd.TestTensors.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Broadcast arithmetic against an element-by-element reference in double precision. */
class ArithmeticTest {

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(new int[] {4, 5}, new int[] {4, 5}),
                Arguments.of(new int[] {3, 1, 5}, new int[] {4, 1}),
                Arguments.of(new int[] {2, 3, 300}, new int[] {3, 1}),
                Arguments.of(new int[] {1}, new int[] {2, 70000}),
                Arguments.of(new int[] {70000}, new int[] {}),
                Arguments.of(new int[] {2, 1, 3}, new int[] {2, 4, 1}),
                Arguments.of(new int[] {5, 1, 1, 2}, new int[] {3, 1, 2}));
    }

    /** Reference a op b with explicit broadcast indexing. */
    private static double[] reference(char op, Tensor a, Tensor b, boolean imag) {
        int[] out = Shape.broadcast(a.shape(), b.shape(), "ref");
        int n = Shape.numel(out);
        double[] res = new double[2 * n];
        for (int k = 0; k < n; k++) {
            int ia = sourceIndex(k, out, a.shape());
            int ib = sourceIndex(k, out, b.shape());
            double ar = a.storage().re(ia);
            double ai = a.storage().im(ia);
            double br = b.storage().re(ib);
            double bi = b.storage().im(ib);
            double r;
            double i;
            switch (op) {
                case '+' -> { r = ar + br; i = ai + bi; }
                case '-' -> { r = ar - br; i = ai - bi; }
                case '*' -> { r = ar * br - ai * bi; i = ar * bi + ai * br; }
                default -> {
                    double d = br * br + bi * bi;
                    r = (ar * br + ai * bi) / d;
                    i = (ai * br - ar * bi) / d;
                }
            }
            res[2 * k] = r;
            res[2 * k + 1] = i;
        }
        double[] part = new double[n];
        for (int k = 0; k < n; k++) {
            part[k] = res[2 * k + (imag ? 1 : 0)];
        }
        return part;
    }

    private static int sourceIndex(int flat, int[] out, int[] in) {
        int off = out.length - in.length;
        int src = 0;
        int stride = 1;
        for (int d = out.length - 1; d >= 0; d--) {
            int coord = flat % out[d];
            flat /= out[d];
            if (d >= off) {
                int size = in[d - off];
                src += (size == 1 ? 0 : coord) * stride;
                stride *= size;
            }
        }
        return src;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void realArithmeticBroadcasts(int[] sa, int[] sb) {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = randn(1, dt, sa);
            Tensor b = randn(2, dt, sb).add(3);
            check('+', a, b, a.add(b));
            check('-', a, b, a.sub(b));
            check('*', a, b, a.mul(b));
            check('/', a, b, a.div(b));
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void complexArithmeticBroadcasts(int[] sa, int[] sb) {
        for (DType dt : new DType[] {DType.COMPLEX64, DType.COMPLEX128}) {
            Tensor a = randn(3, dt, sa);
            Tensor b = randn(4, dt, sb).add(2);
            check('+', a, b, a.add(b));
            check('-', a, b, a.sub(b));
            check('*', a, b, a.mul(b));
            check('/', a, b, a.div(b));
        }
    }

    private static void check(char op, Tensor a, Tensor b, Tensor got) {
        double tol = got.dtype().isDoublePrecision() ? 1e-14 : 1e-6;
        int[] shape = Shape.broadcast(a.shape(), b.shape(), "ref");
        Storage expected = Storage.allocate(DType.COMPLEX128, Shape.numel(shape));
        double[] re = reference(op, a, b, false);
        double[] im = reference(op, a, b, true);
        for (int k = 0; k < re.length; k++) {
            expected.setRe(k, re[k]);
            expected.setIm(k, got.isComplex() ? im[k] : 0);
        }
        assertClose(new Tensor(expected, shape), got, tol);
        assertEquals(DType.promote(a.dtype(), b.dtype()), got.dtype());
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void negationAndComplexParts(int[] sa, int[] unused) {
        Tensor z = randn(5, DType.COMPLEX128, sa);
        assertClose(Tensor.complex(z.real().neg(), z.imag().neg()), z.neg(), 0);
        assertClose(Tensor.complex(z.real(), z.imag().neg()), z.conj(), 0);
        double[] abs = z.abs().toDoubleArray();
        double[] angle = z.angle().toDoubleArray();
        for (int i = 0; i < z.numel(); i++) {
            assertEquals(Math.hypot(z.storage().re(i), z.storage().im(i)), abs[i], 1e-15);
            assertEquals(Math.atan2(z.storage().im(i), z.storage().re(i)), angle[i], 1e-15);
        }
    }

    @org.junit.jupiter.api.Test
    void complexPowerAndAngleAtZero() {
        Tensor zero = Tensor.complex(new double[] {0, 1}, new double[] {0, 1});
        assertEquals(Double.POSITIVE_INFINITY, zero.pow(-1).get(0));
        Tensor z = zero.detach().requiresGrad(true);
        z.angle().sum().backward();
        assertEquals(0, z.grad().get(0));
        assertEquals(0, z.grad().getImag(0));
        assertEquals(-0.5, z.grad().get(1), 1e-15);    // ∂θ/∂x = −y/|z|² at 1 + i
        assertEquals(0.5, z.grad().getImag(1), 1e-15);
    }
}
