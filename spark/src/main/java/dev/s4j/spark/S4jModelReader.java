package dev.s4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import scala.Option;

/** Loads what {@link S4jModelWriter} saved. */
final class S4jModelReader extends MLReader<S4jModel> {

    @Override
    public S4jModel load(String path) {
        Path metadata = new Path(path, "metadata");
        try {
            if (!metadata.getFileSystem(sc().hadoopConfiguration()).exists(metadata)) {
                throw new IllegalArgumentException(path + ": not a saved S4jModel (it has no metadata); a run directory or a model"
                        + " file loads with S4jModel.of(path, kind)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot be read: " + e.getMessage(), e);
        }
        DefaultParamsReader.Metadata meta = DefaultParamsReader.loadMetadata(path, sc(), S4jModel.class.getName());
        try {
            byte[] model = HadoopFiles.read(new Path(path, S4jModelWriter.MODEL_FILE), sc().hadoopConfiguration());
            String kind = new String(HadoopFiles.read(new Path(path, S4jModelWriter.KIND_FILE), sc().hadoopConfiguration()),
                    StandardCharsets.UTF_8).trim();
            S4jModel m = new S4jModel(meta.uid(), ModelBytes.wrap(model), ModelKind.parse(kind));
            meta.getAndSetParams(m, Option.empty());
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": not a saved S4jModel: " + e.getMessage(), e);
        }
    }
}
