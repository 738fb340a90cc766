package dev.s4j.examples.bench;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.layer.S4Block;
import java.util.ArrayList;
import java.util.List;

/**
 * S4 blocks with the default settings (S4 kernel N = 64, GELU, linear to 2H and GLU, no dropout)
 * on (B, H, L) = (8, H, L) float32 input: one block, or a residual stack x ← x + block(x).
 * Phases: {@code fwd_nograd}, and {@code train_step_fwd_bwd} = forward plus the backward of
 * mean(y ∘ R) for a fixed random R (gradients zeroed first, no optimizer).
 */
final class BlockSuite implements Suite {
    static final int BATCH = 8;
    static final int STATE = 64;

    @Override
    public String name() {
        return "block";
    }

    @Override
    public void run(BenchSettings settings, BenchOutput out) {
        int h = settings.blockWidth();
        for (int layers : settings.blockLayers()) {
            for (int l : settings.blockLengths()) {
                Stack net = new Stack(layers, h, STATE, new Generator(0));
                Generator gen = new Generator(1);
                Tensor x = Tensor.randn(gen, DType.FLOAT32, BATCH, h, l);
                Tensor r = Tensor.randn(gen, DType.FLOAT32, BATCH, h, l);
                try (var off = Grad.disabled()) {
                    net.forward(x);
                }
                out.progress("block layers=" + layers + " L=" + l);
                Timing fwd = Phases.measure(settings, () -> {
                    try (var off = Grad.disabled()) {
                        net.forward(x);
                    }
                });
                emit(out, layers, h, l, "fwd_nograd", fwd);
                Timing step = Phases.measure(settings, () -> {
                    net.zeroGrad();
                    net.forward(x).mul(r).mean().backward();
                });
                emit(out, layers, h, l, "train_step_fwd_bwd", step);
            }
        }
    }

    private static void emit(BenchOutput out, int layers, int h, int l, String phase, Timing t) {
        out.emit(BenchOutput.line("block").put("layers", layers).put("B", BATCH).put("H", h).put("N", STATE).put("L", l)
                .put("phase", phase).timing(t));
    }

    /** One block, or blocks with residual connections between them. */
    private static final class Stack {
        private final List<S4Block> blocks = new ArrayList<>();

        Stack(int layers, int h, int n, Generator gen) {
            for (int i = 0; i < layers; i++) {
                blocks.add(new S4Block(h, BlockSpec.of(KernelSuite.spec("s4", n)), gen));
            }
        }

        Tensor forward(Tensor x) {
            if (blocks.size() == 1) {
                return blocks.get(0).forward(x);
            }
            for (S4Block b : blocks) {
                x = x.add(b.forward(x));
            }
            return x;
        }

        void zeroGrad() {
            blocks.forEach(S4Block::zeroGrad);
        }
    }
}
