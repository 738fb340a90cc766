package dev.s4j.spark;

import dev.s4j.ssm.serve.Predictor;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Batch inference with a trained s4j sequence model as a Spark ML {@code Transformer}: usable as
 * a {@code Pipeline} stage, saved and loaded with {@link #write()} and {@link #read()}.
 *
 * <pre>{@code
 *   S4jModel model = S4jModel.of(Path.of("runs/smnist-…"), ModelKind.CLASSIFIER)
 *           .setInputCol("pixels");                                // array<float>: one pixel per position
 *   Dataset<Row> scored = model.transform(digits);                 // + prediction, rawPrediction, probability, error
 * }</pre>
 *
 * <p>Input: one sequence per row, of any length L ≥ 1, in {@code inputCol}: {@code array<float>}
 * (d_in = 1) or {@code array<array<float>>} (L positions of d_in features); double elements are
 * read as float. Output columns (see {@link OutputColumns}): {@code prediction} (a double: the class
 * index of a classifier, the value of a one-output regressor; a vector of d_out for a regressor
 * with more outputs), for classifiers {@code rawPrediction} (the d_out logits) and {@code probability}
 * (their softmax), and {@code error}: null when the row was scored, else the reason (null, empty,
 * a position of the wrong width, a NaN or infinite value), with the other new columns null. A bad
 * row never fails the job.
 *
 * <p>How it runs: the driver broadcasts the model file's bytes once per model; each executor JVM
 * builds one {@link Predictor} from them, on first use, shared by its tasks; each task reads its
 * partition {@code batchSize} rows at a time and scores the valid rows of a batch as one ragged
 * batch through the convolutional view. Each row's outputs are those of the row scored alone, to
 * float32 rounding. Models with one output per position (no pooling) are not served here.
 */
public final class S4jModel extends Model<S4jModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final ModelBytes model;
    private final ModelKind kind;
    private final Param<String> inputCol;
    private final Param<String> predictionCol;
    private final Param<String> rawPredictionCol;
    private final Param<String> probabilityCol;
    private final Param<String> errorCol;
    private final IntParam batchSize;
    private transient Broadcast<byte[]> broadcast;
    private transient SparkContext broadcastContext;
    private transient TrainingSummary summary;

    S4jModel(String uid, ModelBytes model, ModelKind kind) {
        this.uid = uid;
        this.model = model;
        this.kind = kind;
        this.inputCol = new Param<>(this, "inputCol", "input column: array<float> or array<array<float>>, one sequence per row");
        this.predictionCol = new Param<>(this, "predictionCol", "prediction column: class index, value, or vector of values");
        this.rawPredictionCol = new Param<>(this, "rawPredictionCol", "logits column of a classifier (empty: none)");
        this.probabilityCol = new Param<>(this, "probabilityCol", "class probabilities column of a classifier (empty: none)");
        this.errorCol = new Param<>(this, "errorCol", "why a row was not scored, null when it was (empty: no such column)");
        this.batchSize = new IntParam(this, "batchSize", "rows scored together in one batch (≥ 1)", ParamValidators.gtEq(1));
        setDefault(inputCol, "features");
        setDefault(predictionCol, "prediction");
        setDefault(rawPredictionCol, "rawPrediction");
        setDefault(probabilityCol, "probability");
        setDefault(errorCol, "error");
        setDefault(batchSize, 64);
    }

    /**
     * The model of a run directory (its last checkpoint), a checkpoint or a model file, as
     * {@link Predictor#load} reads it.
     *
     * @throws IOException              naming the file when it cannot be read
     * @throws IllegalArgumentException when the model has no pooling, or is a classifier with one output
     */
    public static S4jModel of(Path model, ModelKind kind) throws IOException {
        return of(Predictor.load(model), kind);
    }

    /** A transformer serving {@code predictor}'s model. */
    public static S4jModel of(Predictor predictor, ModelKind kind) {
        return checked(new S4jModel(Identifiable.randomUID("s4j"), ModelBytes.of(predictor), kind));
    }

    /** Checks that the model can be served as {@code kind}; returns it. */
    static S4jModel checked(S4jModel m) {
        Predictor p = m.predictor();
        if (!p.isPooled()) {
            throw new IllegalArgumentException("S4jModel serves models with one output per sequence; this one has no pooling"
                    + " (one output per position): use Predictor.predictPositions");
        }
        if (m.kind == ModelKind.CLASSIFIER && p.outputSize() < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 outputs (classes); this model has "
                    + p.outputSize());
        }
        return m;
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Classifier or regressor. */
    public ModelKind kind() {
        return kind;
    }

    /** The served model's file, as bytes with their SHA-256. */
    public ModelBytes modelBytes() {
        return model;
    }

    /** The served model (built once per JVM). */
    public Predictor predictor() {
        return model.predictor();
    }

    /** The training of a model that {@link S4jEstimator#fit} returned, or null for one loaded or built from a file. */
    public TrainingSummary summary() {
        return summary;
    }

    S4jModel withSummary(TrainingSummary s) {
        this.summary = s;
        return this;
    }

    /** The input column of sequences. */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** The prediction column. */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** The logits column (classifiers; empty for none). */
    public Param<String> rawPredictionCol() {
        return rawPredictionCol;
    }

    /** The probabilities column (classifiers; empty for none). */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    /** The error column (empty for none). */
    public Param<String> errorCol() {
        return errorCol;
    }

    /** Rows per batch. */
    public IntParam batchSize() {
        return batchSize;
    }

    public S4jModel setInputCol(String v) {
        set(inputCol, v);
        return this;
    }

    public S4jModel setPredictionCol(String v) {
        set(predictionCol, v);
        return this;
    }

    public S4jModel setRawPredictionCol(String v) {
        set(rawPredictionCol, v);
        return this;
    }

    public S4jModel setProbabilityCol(String v) {
        set(probabilityCol, v);
        return this;
    }

    public S4jModel setErrorCol(String v) {
        set(errorCol, v);
        return this;
    }

    public S4jModel setBatchSize(int v) {
        set(batchSize, v);
        return this;
    }

    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    private OutputColumns outputs() {
        return new OutputColumns(getOrDefault(predictionCol), getOrDefault(rawPredictionCol), getOrDefault(probabilityCol),
                getOrDefault(errorCol), kind, predictor().outputSize());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        SequenceColumn.of(schema, getInputCol(), predictor().inputSize());
        return outputs().appendTo(schema);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        SequenceColumn input = SequenceColumn.of(dataset.schema(), getInputCol(), predictor().inputSize());
        BatchScorer scorer = new BatchScorer(broadcast(dataset.sparkSession().sparkContext()), model.key(), input, outputs(),
                getBatchSize());
        return dataset.toDF().mapPartitions(scorer, Encoders.row(out));
    }

    /** The model bytes broadcast in {@code sc}, once per context. */
    private synchronized Broadcast<byte[]> broadcast(SparkContext sc) {
        if (broadcast == null || broadcastContext != sc) {
            broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(model.shared());
            broadcastContext = sc;
        }
        return broadcast;
    }

    @Override
    public S4jModel copy(ParamMap extra) {
        S4jModel copy = copyValues(new S4jModel(uid, model, kind), extra);
        copy.summary = summary;
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new S4jModelWriter(this);
    }

    /** The reader of saved models ({@code PipelineModel.load} finds it here). */
    public static MLReader<S4jModel> read() {
        return new S4jModelReader();
    }

    /** A model saved with {@code write().save(path)}. */
    public static S4jModel load(String path) {
        return read().load(path);
    }
}
