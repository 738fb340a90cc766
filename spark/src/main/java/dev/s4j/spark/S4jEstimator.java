package dev.s4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Data-parallel synchronous training of an s4j sequence model on Spark, as a Spark ML
 * {@code Estimator}: {@link #fit} returns an {@link S4jModel} that scores the same column.
 *
 * <pre>{@code
 *   BackboneSpec spec = BackboneSpec.of(1, 10).withWidth(64).withLayers(4).withBlock(BlockSpec.of(NplrSpec.of(64)));
 *   S4jModel model = new S4jEstimator(SparkTrainConfig.of(spec, ModelKind.CLASSIFIER, Path.of("runs/spark-smnist"))
 *                   .withTasks(8))
 *           .setInputCol("pixels").setLabelCol("digit")
 *           .fit(train);                                              // one barrier stage per epoch
 * }</pre>
 *
 * <p>Each of the T tasks of a barrier stage holds a replica of the model and, at every step, its
 * shard of the global batch (about B / T examples); the replicas' gradients are summed across
 * the tasks every step (over direct connections between the tasks, or through Spark's
 * {@code BarrierTaskContext.allGather}: {@link Exchange}), and every replica applies the same
 * optimizer step. The arithmetic is
 * {@code s4j train}'s: the same initialization, shuffles, schedule and loss (the mean over the
 * global batch), so T tasks with a global batch B take the steps one process with batch B takes,
 * to float rounding (and with dropout, the same masks when all sequences have one length).
 *
 * <p>The driver writes the run directory after every epoch: {@code checkpoint.safetensors} (which
 * {@code Predictor.load} and {@link S4jModel#of} read), {@code metrics.jsonl} with a training line
 * per epoch, and {@code config.json}. {@link SparkTrainConfig#withResume} continues a run from its
 * last checkpoint (one stopped by its time budget or a failure, or one given more epochs); a run
 * stopped and resumed with the same config writes the bytes of a run that never stopped. The input must
 * read the same on every epoch (the examples are numbered once and cached); training refuses
 * examples it cannot use (null, empty, wrong width, NaN, a class out of range), naming the first.
 * The estimator is not saved with pipelines ({@link S4jModel}, the fitted model, is).
 */
public final class S4jEstimator extends Estimator<S4jModel> {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final transient SparkTrainConfig config;
    private final Param<String> inputCol;
    private final Param<String> labelCol;

    /** An estimator that trains as {@code config} says. */
    public S4jEstimator(SparkTrainConfig config) {
        this(Identifiable.randomUID("s4jEstimator"), config);
    }

    private S4jEstimator(String uid, SparkTrainConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("S4jEstimator needs a training config");
        }
        this.uid = uid;
        this.config = config;
        this.inputCol = new Param<>(this, "inputCol", "input column: array<float> or array<array<float>>, one sequence per row");
        this.labelCol = new Param<>(this, "labelCol", "label column: the class index, or the target value(s)");
        setDefault(inputCol, "features");
        setDefault(labelCol, "label");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The training configuration. */
    public SparkTrainConfig config() {
        return config;
    }

    /** The input column of sequences. */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** The label column. */
    public Param<String> labelCol() {
        return labelCol;
    }

    public S4jEstimator setInputCol(String v) {
        set(inputCol, v);
        return this;
    }

    public S4jEstimator setLabelCol(String v) {
        set(labelCol, v);
        return this;
    }

    /**
     * Trains on {@code dataset} and returns the model after the last epoch, with its
     * {@link S4jModel#summary()}.
     *
     * @throws IllegalArgumentException naming the column or example that cannot be used, or a run that is finished
     * @throws UncheckedIOException     when the run directory cannot be used (naming it and why)
     */
    @Override
    public S4jModel fit(Dataset<?> dataset) {
        try {
            DistributedTrainer.Outcome done = DistributedTrainer.fit(dataset, getOrDefault(inputCol), getOrDefault(labelCol), config);
            S4jModel model = S4jModel.of(done.model(), config.kind()).setInputCol(getOrDefault(inputCol));
            return model.withSummary(done.summary()).setParent(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public StructType transformSchema(StructType schema) {
        SequenceColumn.of(schema, getOrDefault(inputCol), config.model().inputSize());
        LabelColumn.of(schema, getOrDefault(labelCol), config.kind(), config.model().outputSize());
        return new OutputColumns("prediction", "rawPrediction", "probability", "error", config.kind(), config.model().outputSize())
                .appendTo(schema);
    }

    @Override
    public S4jEstimator copy(ParamMap extra) {
        return copyValues(new S4jEstimator(uid, config), extra);
    }
}
