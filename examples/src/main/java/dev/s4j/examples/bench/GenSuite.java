package dev.s4j.examples.bench;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Activation;
import dev.s4j.autograd.ops.Activations;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.layer.BlockStepper;
import dev.s4j.ssm.layer.ChannelLinear;
import dev.s4j.ssm.layer.FftConv;
import dev.s4j.ssm.layer.S4Block;
import java.util.List;

/**
 * Autoregressive generation of T tokens through one default S4 block (H = 128, N = 64, float32,
 * no gradients), the next input being the previous output (S4 §3.3, Table 8):
 * <ul>
 * <li>{@code recurrent_step}: the block's step mode, O(N) state per channel, constant cost per token;</li>
 * <li>{@code conv_recompute}: for each new token, the block's convolutional forward pass over the
 *     whole prefix, regenerating the kernel each time;</li>
 * <li>{@code conv_cached_kernel}: the same with the kernel computed once (only the FFT convolution
 *     and the position-wise layers rerun).</li>
 * </ul>
 * The convolutional costs are timed at a few prefix lengths t and summed over t = 1 … T by linear
 * interpolation. {@code tokens_per_s} = batch · T / total seconds.
 */
final class GenSuite implements Suite {
    static final int WIDTH = 128;
    static final int STATE = 64;

    @Override
    public String name() {
        return "gen";
    }

    @Override
    public void run(BenchSettings settings, BenchOutput out) {
        int tokens = settings.genTokens();
        for (String kind : new String[] {"s4", "s4d"}) {
            for (int batch : settings.genBatches()) {
                S4Block block = new S4Block(WIDTH, BlockSpec.of(KernelSuite.spec(kind, STATE)), new Generator(0));
                Generator gen = new Generator(1);
                Tensor x0 = Tensor.randn(gen, DType.FLOAT32, batch, WIDTH);
                Tensor xs = Tensor.randn(gen, DType.FLOAT32, batch, WIDTH, tokens);
                try (var off = Grad.disabled()) {
                    block.forward(xs);
                    out.progress("gen " + kind + " batch=" + batch);
                    BlockStepper stepper = block.stepper(batch);
                    Timing steps = Phases.time(settings, () -> {
                        stepper.reset();
                        Tensor x = x0;
                        for (int t = 0; t < tokens; t++) {
                            x = stepper.step(x);
                        }
                    });
                    emit(out, kind, batch, "recurrent_step", batch * tokens / steps.medianS());
                    double recompute = prefixCost(settings, tokens, t -> block.forward(xs.slice(2, 0, t)));
                    emit(out, kind, batch, "conv_recompute", batch * tokens / recompute);
                    Cached cached = new Cached(block, tokens);
                    double reuse = prefixCost(settings, tokens, t -> cached.forward(xs.slice(2, 0, t)));
                    emit(out, kind, batch, "conv_cached_kernel", batch * tokens / reuse);
                }
            }
        }
    }

    private static void emit(BenchOutput out, String kind, int batch, String phase, double tokensPerS) {
        out.emit(BenchOutput.line("gen").put("kernel", kind).put("H", WIDTH).put("N", STATE).put("batch", batch).put("phase", phase)
                .put("tokens_per_s", tokensPerS));
    }

    /** Σ_{t=1}^{T} cost(t), from the median cost at the sampled prefix lengths, linearly interpolated. */
    private static double prefixCost(BenchSettings settings, int tokens, java.util.function.IntConsumer forward) {
        List<Integer> ts = settings.genPrefixes().stream().map(t -> Math.min(t, tokens)).distinct().sorted().toList();
        double[] cost = new double[ts.size()];
        for (int i = 0; i < ts.size(); i++) {
            int t = ts.get(i);
            cost[i] = Phases.time(settings, () -> forward.accept(t)).medianS();
        }
        return interpolatedSum(ts, cost, tokens);
    }

    /** Σ_{t=1}^{T} of the piecewise-linear function through (ts[i], cost[i]), constant beyond the ends. */
    static double interpolatedSum(List<Integer> ts, double[] cost, int tokens) {
        double sum = 0;
        int i = 0;
        for (int t = 1; t <= tokens; t++) {
            while (i + 1 < ts.size() && ts.get(i + 1) < t) {
                i++;
            }
            if (t <= ts.get(0)) {
                sum += cost[0];
            } else if (i + 1 >= ts.size()) {
                sum += cost[ts.size() - 1];
            } else {
                double w = (t - ts.get(i)) / (double) (ts.get(i + 1) - ts.get(i));
                sum += (1 - w) * cost[i] + w * cost[i + 1];
            }
        }
        return sum;
    }

    /** The block's computation with its kernel computed once: the same FFT convolution, GELU, linear map and GLU. */
    private static final class Cached {
        private final FftConv conv;
        private final Activation activation = Activation.of(Activation.Kind.GELU);
        private final ChannelLinear output;

        Cached(S4Block block, int tokens) {
            Generator gen = new Generator(2);
            this.conv = new FftConv(new CachedKernel(block.conv().kernel(), tokens), 1, false,
                    FftConv.randomD(gen, 1, WIDTH, DType.FLOAT32));
            this.output = new ChannelLinear(WIDTH, 2 * WIDTH, gen, DType.FLOAT32);
        }

        Tensor forward(Tensor u) {
            return Activations.glu(output.forward(activation.forward(conv.forward(u))), 1);
        }
    }
}
