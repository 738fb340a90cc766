package dev.s4j.autograd.ops;

import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Tensor;
import java.util.Arrays;

/** Loss functions, each returning a real 0-d tensor averaged over the batch. */
public final class Losses {
    private Losses() {
    }

    /**
     * Cross-entropy with class indices: mean over i of −log softmax(logits[i])[targets[i]].
     *
     * @param logits  (N, C) real scores
     * @param targets N class indices in [0, C)
     */
    public static Tensor crossEntropy(Tensor logits, int[] targets) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("crossEntropy: logits must be (N, C), got shape " + Shape.format(logits.shape()));
        }
        int n = logits.size(0);
        int c = logits.size(1);
        if (targets.length != n) {
            throw new IllegalArgumentException("crossEntropy: " + targets.length + " targets for logits of shape "
                    + Shape.format(logits.shape()) + " (need " + n + ")");
        }
        int[] flat = new int[n];
        for (int i = 0; i < n; i++) {
            if (targets[i] < 0 || targets[i] >= c) {
                throw new IllegalArgumentException("crossEntropy: target " + targets[i] + " at position " + i
                        + " is outside [0, " + c + ")");
            }
            flat[i] = i * c + targets[i];
        }
        // pick the target entries (a one-hot product would turn masked −∞ logits into NaN)
        Tensor picked = Softmax.logSoftmax(logits, 1).reshape(n * c).indexSelect(0, flat);
        return picked.sum().div(-n);
    }

    /** Mean squared error mean((prediction − target)²); shapes must be equal (real). */
    public static Tensor mse(Tensor prediction, Tensor target) {
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException("mse: prediction shape " + Shape.format(prediction.shape())
                    + " differs from target shape " + Shape.format(target.shape()));
        }
        Activations.requireReal("mse", prediction);
        Activations.requireReal("mse", target);
        Tensor d = prediction.sub(target);
        return d.mul(d).mean();
    }
}
