package dev.s4j.autograd;

import static dev.s4j.autograd.DType.COMPLEX128;
import static dev.s4j.autograd.DType.FLOAT64;
import static dev.s4j.autograd.TestTensors.assertGradients;
import static dev.s4j.autograd.TestTensors.randn;
import static dev.s4j.autograd.TestTensors.uniform;

import dev.s4j.autograd.ops.Activations;
import dev.s4j.autograd.ops.Affine;
import dev.s4j.autograd.ops.Cauchy;
import dev.s4j.autograd.ops.Embedding;
import dev.s4j.autograd.ops.Fft;
import dev.s4j.autograd.ops.InvertedDropout;
import dev.s4j.autograd.ops.Linalg;
import dev.s4j.autograd.ops.Losses;
import dev.s4j.autograd.ops.Normalization;
import dev.s4j.autograd.ops.Softmax;
import dev.s4j.autograd.ops.Vandermonde;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every differentiable op against central finite differences in float64, real and complex. */
class GradCheckOpsTest {

    private static Arguments op(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return Arguments.of(name, f, inputs);
    }

    private static Tensor r(long seed, int... shape) {
        return randn(seed, FLOAT64, shape);
    }

    private static Tensor c(long seed, int... shape) {
        return randn(seed, COMPLEX128, shape);
    }

    /** Values bounded away from zero (for ops with a kink or a pole at 0). */
    private static Tensor away(long seed, int... shape) {
        Tensor u = uniform(seed, 0.5, 2, FLOAT64, shape);
        Tensor sign = uniform(seed + 1, -1, 1, FLOAT64, shape);
        double[] v = u.toDoubleArray();
        double[] s = sign.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] *= s[i] < 0 ? -1 : 1;
        }
        return Tensor.of(v, shape);
    }

    static Stream<Arguments> elementwise() {
        return Stream.of(
                op("add broadcast", in -> in[0].add(in[1]), r(1, 2, 3), r(2, 3)),
                op("add real+complex", in -> in[0].add(in[1]), r(1, 3, 1), c(2, 1, 4)),
                op("sub broadcast", in -> in[0].sub(in[1]), r(3, 2, 1, 3), r(4, 4, 1)),
                op("sub complex", in -> in[0].sub(in[1]), c(3, 2, 3), c(4, 3)),
                op("mul broadcast", in -> in[0].mul(in[1]), r(5, 2, 3), r(6, 1, 3)),
                op("mul complex", in -> in[0].mul(in[1]), c(5, 2, 3), c(6, 2, 3)),
                op("mul complex*real", in -> in[0].mul(in[1]), c(5, 2, 3), r(6, 3)),
                op("div", in -> in[0].div(in[1]), r(7, 2, 3), away(8, 2, 3)),
                op("div complex broadcast", in -> in[0].div(in[1]), c(7, 2, 3), c(8, 3).add(2)),
                op("scalar ops", in -> in[0].mul(3).add(1).sub(0.5).div(2), r(9, 4)),
                op("neg", in -> in[0].neg(), c(10, 3)),
                op("exp", in -> in[0].exp(), r(11, 5)),
                op("exp complex", in -> in[0].exp(), c(11, 5)),
                op("log", in -> in[0].log(), uniform(12, 0.5, 2, FLOAT64, 5)),
                op("log complex", in -> in[0].log(), c(12, 5).add(3)),
                op("sqrt", in -> in[0].sqrt(), uniform(13, 0.5, 2, FLOAT64, 5)),
                op("sqrt complex", in -> in[0].sqrt(), c(13, 5).add(2)),
                op("pow", in -> in[0].pow(2.5), uniform(14, 0.5, 2, FLOAT64, 5)),
                op("pow complex", in -> in[0].pow(1.7), c(14, 5).add(2)),
                op("reciprocal", in -> in[0].reciprocal(), away(15, 5)),
                op("reciprocal complex", in -> in[0].reciprocal(), c(15, 5).add(2)),
                op("abs", in -> in[0].abs(), away(16, 6)),
                op("abs complex", in -> in[0].abs(), c(16, 6)),
                op("conj", in -> in[0].conj().mul(in[1]), c(17, 4), c(18, 4)),
                op("real", in -> in[0].real(), c(19, 4)),
                op("imag", in -> in[0].imag(), c(20, 4)),
                op("complex", in -> Tensor.complex(in[0], in[1]).mul(in[2]), r(21, 3), r(22, 3), c(23, 3)),
                op("angle", in -> in[0].angle(), c(24, 6)),
                op("to complex", in -> in[0].to(DType.COMPLEX128).mul(in[1]), r(25, 3), c(26, 3)),
                op("to real (keeps the real part)", in -> in[0].to(FLOAT64).mul(in[1]), c(27, 3), r(28, 3)));
    }

    static Stream<Arguments> activations() {
        return Stream.of(
                op("tanh", in -> in[0].tanh(), r(31, 6)),
                op("sigmoid", in -> in[0].sigmoid(), r(32, 6).mul(3)),
                op("relu", in -> in[0].relu(), away(33, 6)),
                op("gelu", in -> in[0].gelu(), r(34, 8).mul(3)),
                op("softplus", in -> in[0].softplus(), r(35, 6).mul(5)),
                op("glu", in -> Activations.glu(in[0], 1), r(36, 2, 6, 3)),
                op("softmax", in -> Softmax.softmax(in[0], 1), r(37, 3, 5)),
                op("logSoftmax", in -> Softmax.logSoftmax(in[0], 0), r(38, 4, 3)),
                op("crossEntropy", in -> Losses.crossEntropy(in[0], new int[] {2, 0, 1, 2}), r(39, 4, 3)),
                op("mse", in -> Losses.mse(in[0], in[1]), r(40, 3, 2), r(41, 3, 2)),
                op("dropout (fixed mask)", in -> InvertedDropout.apply(in[0], 0.4, true, new Generator(7)), r(42, 10)),
                op("embedding", in -> Embedding.lookup(in[0], new int[] {1, 3, 1, 0}, 2, 2), r(43, 4, 3)),
                op("linear", in -> Affine.apply(in[0], in[1], in[2]), r(44, 2, 3, 4), r(45, 5, 4), r(46, 5)),
                op("linear without bias", in -> Affine.apply(in[0], in[1], null), r(47, 3, 4), r(48, 2, 4)));
    }

    static Stream<Arguments> normalization() {
        return Stream.of(
                op("layerNorm last axis", in -> Normalization.layerNorm(in[0], -1, in[1], in[2], 1e-5),
                        r(51, 3, 5), r(52, 5), r(53, 5)),
                op("layerNorm channel axis", in -> Normalization.layerNorm(in[0], 1, in[1], in[2], 1e-5),
                        r(54, 2, 4, 3), r(55, 4), r(56, 4)),
                op("layerNorm no affine", in -> Normalization.layerNorm(in[0], 0, null, null, 1e-5), r(57, 4, 2)),
                op("batchNorm train (B, C, L)", in -> Normalization.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5),
                        r(58, 3, 2, 4), r(59, 2), r(60, 2)),
                op("batchNorm train (B, C)", in -> Normalization.batchNorm(in[0], null, null, null, null, true, 0.1, 1e-5),
                        r(61, 5, 3)),
                op("batchNorm eval", in -> Normalization.batchNorm(in[0], Tensor.of(new double[] {0.1, -0.2}),
                        Tensor.of(new double[] {1.5, 0.7}), in[1], in[2], false, 0.1, 1e-5), r(62, 3, 2, 2), r(63, 2), r(64, 2)));
    }

    static Stream<Arguments> reductions() {
        return Stream.of(
                op("sum all", in -> in[0].sum(), r(71, 3, 4)),
                op("sum axes keep", in -> in[0].sum(new int[] {0, 2}, true), r(72, 2, 3, 4)),
                op("sum complex", in -> in[0].sum(new int[] {1}, false), c(73, 2, 3)),
                op("mean", in -> in[0].mean(new int[] {-1}, false), r(74, 3, 4)),
                op("mean complex", in -> in[0].mean(), c(75, 3, 4)),
                op("max", in -> in[0].max(new int[] {1}, false), r(76, 3, 5)),
                op("min all", in -> in[0].min(new int[] {0, 1}, true), r(77, 3, 5)),
                op("var unbiased", in -> in[0].var(new int[] {1}, true, 1), r(78, 3, 5)),
                op("var complex", in -> in[0].var(new int[] {0, 1}, false, 0), c(79, 3, 2)),
                op("cumsum", in -> in[0].cumsum(1), r(80, 2, 5, 2)),
                op("cumsum complex", in -> in[0].cumsum(0), c(81, 4, 2)));
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                op("reshape", in -> in[0].reshape(3, -1).mul(in[1]), r(91, 2, 6), r(92, 3, 4)),
                op("permute", in -> in[0].permute(2, 0, 1), c(93, 2, 3, 4)),
                op("transpose", in -> in[0].transpose(0, 2), r(94, 2, 3, 4)),
                op("slice step", in -> in[0].slice(1, 1, 6, 2), r(95, 2, 7)),
                op("slice negative", in -> in[0].slice(-1, -3, -1), c(96, 2, 5)),
                op("select", in -> in[0].select(1, -1), r(97, 2, 3, 2)),
                op("indexSelect repeats", in -> in[0].indexSelect(0, 2, 0, 2, 1), r(98, 3, 2)),
                op("expand", in -> in[0].expand(2, 3, 4), r(99, 3, 1)),
                op("unsqueeze squeeze", in -> in[0].unsqueeze(1).mul(in[1]).squeeze(0), r(100, 1, 3), r(101, 2, 1)),
                op("pad", in -> in[0].pad(1, 2, 1), c(102, 2, 3)),
                op("flip", in -> in[0].flip(0, 1), r(103, 3, 2)),
                op("cat", in -> Tensor.cat(1, in[0], in[1], in[2]), r(104, 2, 1), c(105, 2, 3), r(106, 2, 2)),
                op("stack", in -> Tensor.stack(0, in[0], in[1]), r(107, 2, 3), r(108, 2, 3)));
    }

    static Stream<Arguments> linalg() {
        return Stream.of(
                op("matmul", in -> in[0].matmul(in[1]), r(111, 3, 4), r(112, 4, 5)),
                op("matmul batched broadcast", in -> in[0].matmul(in[1]), r(113, 2, 1, 3, 4), r(114, 3, 4, 2)),
                op("matmul complex", in -> in[0].matmul(in[1]), c(115, 2, 3, 4), c(116, 4, 2)),
                op("matmul complex x real", in -> in[0].matmul(in[1]), c(117, 3, 4), r(118, 4, 2)),
                op("matmul vector", in -> in[0].matmul(in[1]), r(119, 4), r(120, 4, 3)),
                op("matmul matrix-vector", in -> in[0].matmul(in[1]), c(121, 3, 4), c(122, 4)),
                op("matmul vector-vector", in -> in[0].matmul(in[1]), r(123, 4), r(124, 4)),
                op("solve", in -> Linalg.solve(in[0], in[1]), r(125, 2, 3, 3).add(diag(3, 3)), r(126, 2, 3, 2)),
                op("solve complex broadcast", in -> Linalg.solve(in[0], in[1]), c(127, 4, 4).add(diag(4, 4)), c(128, 2, 4, 1)));
    }

    private static Tensor diag(int n, double v) {
        Tensor d = Tensor.zeros(FLOAT64, n, n);
        for (int i = 0; i < n; i++) {
            d.storage().setRe(i * n + i, v);
        }
        return d;
    }

    static Stream<Arguments> fourier() {
        return Stream.of(
                op("fft", in -> Fft.fft(in[0], 8), c(131, 2, 8)),
                op("fft pad", in -> Fft.fft(in[0], 7), c(132, 2, 5)),
                op("fft truncate", in -> Fft.fft(in[0], 4), c(133, 6)),
                op("fft of real", in -> Fft.fft(in[0], 6), r(134, 3, 6)),
                op("ifft", in -> Fft.ifft(in[0], 6), c(135, 2, 6)),
                op("ifft pad", in -> Fft.ifft(in[0], 9), c(136, 5)),
                op("rfft even", in -> Fft.rfft(in[0], 8), r(137, 2, 8)),
                op("rfft odd pad", in -> Fft.rfft(in[0], 9), r(138, 2, 6)),
                op("rfft truncate", in -> Fft.rfft(in[0], 4), r(139, 7)),
                op("irfft even", in -> Fft.irfft(in[0], 8), c(140, 2, 5)),
                op("irfft odd", in -> Fft.irfft(in[0], 7), c(141, 2, 4)),
                op("irfft fewer bins", in -> Fft.irfft(in[0], 10), c(142, 3)),
                op("irfft more bins", in -> Fft.irfft(in[0], 6), c(143, 7)),
                op("fft convolution, causal", in -> dev.s4j.autograd.ops.FftConvolution.apply(in[0], in[1], 8),
                        r(146, 2, 3, 4), r(147, 2, 3, 4)),
                op("fft convolution, all taps", in -> dev.s4j.autograd.ops.FftConvolution.apply(in[0], in[1], 6),
                        r(148, 1, 2, 5), r(149, 1, 2, 6)),
                op("rfft-irfft convolution", in -> Fft.irfft(Fft.rfft(in[0], 8).mul(Fft.rfft(in[1], 8)), 8).slice(-1, 0, 4),
                        r(144, 2, 4), r(145, 4)));
    }

    static Stream<Arguments> cauchy() {
        Tensor w = c(151, 2, 5).sub(Tensor.scalar(2, COMPLEX128));
        return Stream.of(
                op("cauchy", in -> Cauchy.apply(in[0], in[1], in[2], false), c(152, 2, 5), c(153, 7), w),
                op("cauchy pairs", in -> Cauchy.apply(in[0], in[1], in[2], true), c(154, 2, 5), c(155, 7), w),
                op("cauchy numerators, per-row z", in -> Cauchy.apply(in[0], in[1], in[2], true),
                        c(156, 3, 2, 5), c(157, 2, 6), w),
                op("cauchy 1-d", in -> Cauchy.apply(in[0], in[1], in[2], false), c(158, 4), c(159, 3), c(160, 4).add(3)),
                op("vandermonde", in -> Vandermonde.apply(in[0], in[1], 9), c(161, 2, 3, 4), c(162, 3, 4).mul(0.5)),
                op("vandermonde L=1", in -> Vandermonde.apply(in[0], in[1], 1), c(163, 5), c(164, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"elementwise", "activations", "normalization", "reductions", "shapes", "linalg", "fourier", "cauchy"})
    void gradientsMatchFiniteDifferences(String name, Function<Tensor[], Tensor> f, Tensor[] inputs) {
        assertGradients(f, inputs);
    }
}
