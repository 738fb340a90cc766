package dev.s4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * Saves an {@link S4jModel} in a directory: Spark ML's parameter metadata ({@code metadata/}, so
 * that {@code PipelineModel.load} finds the class), the model file ({@code data/model.safetensors},
 * as {@code Predictor.save} writes it) and its kind ({@code data/kind}).
 */
final class S4jModelWriter extends MLWriter {
    static final String MODEL_FILE = "data/model.safetensors";
    static final String KIND_FILE = "data/kind";
    private final S4jModel instance;

    S4jModelWriter(S4jModel instance) {
        this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
        DefaultParamsWriter.saveMetadata(instance, path, sc(), Option.empty(), Option.empty());
        try {
            HadoopFiles.write(new Path(path, MODEL_FILE), instance.modelBytes().shared(), sc().hadoopConfiguration());
            HadoopFiles.write(new Path(path, KIND_FILE), instance.kind().id().getBytes(StandardCharsets.UTF_8),
                    sc().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": could not save the model: " + e.getMessage(), e);
        }
    }
}
