package dev.s4j.examples.train;

import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Module;
import dev.s4j.autograd.nn.Layer;
import dev.s4j.examples.data.Batch;
import dev.s4j.examples.data.Objective;
import dev.s4j.examples.data.SequenceDataset;

/** Scores a model on a dataset split, in evaluation mode and without recording gradients. */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * The result of an evaluation.
     *
     * @param loss mean loss per example
     * @param acc  accuracy, or null for a regression
     */
    public record Score(double loss, Double acc) {
    }

    /** Evaluates {@code model} on all of {@code data} in batches of {@code batch}; the model's mode is restored after. */
    public static <M extends Module & Layer> Score score(M model, Objective objective, SequenceDataset data, int batch) {
        boolean wasTraining = model.isTraining();
        model.eval();
        Metrics m = new Metrics(objective instanceof Objective.Classification);
        try (Grad.Scope off = Grad.disabled()) {
            for (int from = 0; from < data.size(); from += batch) {
                Batch b = data.range(from, Math.min(data.size(), from + batch));
                Tensor out = model.forward(b.inputs());
                m.add(objective.loss(out, b.targets()).item(), b.size(), objective.countCorrect(out, b.targets()));
            }
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
        return new Score(m.loss(), m.accuracy());
    }
}
