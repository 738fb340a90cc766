package dev.s4j.spark;

import dev.s4j.autograd.Parallel;
import dev.s4j.spark.SequenceColumn.Sequence;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/**
 * One epoch on one barrier task: builds the replica from the broadcast state, and for every step
 * of the epoch computes its shard's gradients, sums them with every other task's
 * ({@link GradientExchange}) and takes the optimizer step. Its partition holds its examples
 * of the epoch keyed by their position in the epoch's order, sorted (see {@link ShardLayout}).
 */
final class EpochTask extends AbstractFunction1<Iterator<Tuple2<Long, Row>>, Iterator<EpochResult>> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> state;
    private final ReplicaSetup setup;
    private final ShardLayout layout;
    private final SequenceColumn input;
    private final LabelColumn label;
    private final long firstStep;

    /**
     * @param state     the model and optimizer at the start of the epoch ({@link TrainingState} bytes)
     * @param firstStep the global step of the epoch's first step
     */
    EpochTask(Broadcast<byte[]> state, ReplicaSetup setup, ShardLayout layout, SequenceColumn input, LabelColumn label,
              long firstStep) {
        this.state = state;
        this.setup = setup;
        this.layout = layout;
        this.input = input;
        this.label = label;
        this.firstStep = firstStep;
    }

    @Override
    public Iterator<EpochResult> apply(Iterator<Tuple2<Long, Row>> rows) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        if (setup.threads() > 0) {
            Parallel.setThreads(setup.threads());
        }
        TrainingState start;
        try {
            start = TrainingState.decode(state.value(), "the epoch's starting state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Replica replica = new Replica(setup, start.model(), start.optimizer());
        EpochResult result;
        try (GradientExchange sums = setup.exchange() == Exchange.DIRECT ? StarExchange.open(ctx) : new AllGatherExchange(ctx)) {
            result = steps(ctx.partitionId(), replica, JavaConverters.asJavaIterator(rows), sums);
        }
        return JavaConverters.asScalaIterator(List.of(result).iterator());
    }

    /** The epoch's steps on {@code replica}, whose examples {@code rows} holds in order. */
    private EpochResult steps(int task, Replica replica, java.util.Iterator<Tuple2<Long, Row>> rows, GradientExchange sums) {
        int steps = layout.steps();
        double[] losses = new double[steps];
        long[] scored = new long[steps];
        long[] correct = new long[steps];
        long compute = 0;
        long exchange = 0;
        Tuple2<Long, Row> next = rows.hasNext() ? rows.next() : null;
        for (int s = 0; s < steps; s++) {
            long end = (long) (s + 1) * layout.batch();
            List<Tuple2<Long, Row>> mine = new ArrayList<>();
            while (next != null && next._1() < end) {
                mine.add(next);
                next = rows.hasNext() ? rows.next() : null;
            }
            Shard shard = shard(s, task, mine);
            long step = firstStep + s;
            long t0 = System.nanoTime();
            Replica.StepShare local = replica.backward(step, shard);
            long t1 = System.nanoTime();
            Replica.StepShare total = sums.exchange(local, replica.parameters());
            long t2 = System.nanoTime();
            replica.update(step, total.loss());
            compute += (t1 - t0) + (System.nanoTime() - t2);
            exchange += t2 - t1;
            losses[s] = total.loss();
            scored[s] = total.scored();
            correct[s] = total.correct();
        }
        byte[] after = task == 0 ? replica.state().encode() : null;
        return new EpochResult(task, replica.digest(), losses, scored, correct, compute / 1e9, exchange / 1e9, after);
    }

    /** Task {@code task}'s examples of step {@code s}, checked against the layout. */
    private Shard shard(int s, int task, List<Tuple2<Long, Row>> rows) {
        int offset = layout.shardStart(s, task);
        int size = layout.shardSize(s, task);
        if (rows.size() != size) {
            throw new IllegalStateException("task " + task + " got " + rows.size() + " examples of step " + s + " but its shard has "
                    + size + ": the data changed while training (make the input deterministic, or cache it)");
        }
        float[][][] x = new float[size][][];
        int[] classes = setup.kind() == ModelKind.CLASSIFIER ? new int[size] : null;
        float[][] values = classes == null ? new float[size][] : null;
        for (int i = 0; i < size; i++) {
            Row row = rows.get(i)._2();
            try {
                Sequence seq = input.read(row);
                if (seq.error() != null) {
                    throw new IllegalArgumentException(seq.error());
                }
                x[i] = seq.values();
                if (classes != null) {
                    classes[i] = label.classOf(row);
                } else {
                    values[i] = label.valuesOf(row);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("training example at position " + rows.get(i)._1() + " of epoch order: "
                        + e.getMessage(), e);
            }
        }
        return new Shard(x, classes, values, offset, layout.batchSize(s));
    }
}
