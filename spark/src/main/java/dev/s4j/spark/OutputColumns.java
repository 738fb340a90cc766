package dev.s4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The columns {@link S4jModel} appends, in this order (a column whose name is empty is left out):
 * <ul>
 *   <li>prediction: {@code double}, the class index (classifier) or the value (regressor with
 *       d_out = 1); a {@code vector} of d_out values for a regressor with d_out &gt; 1;</li>
 *   <li>raw prediction (classifiers): the model's d_out logits as a {@code vector};</li>
 *   <li>probability (classifiers): their softmax, a {@code vector} of d_out;</li>
 *   <li>error: null for a scored row, else why it was not scored (its other new columns are null).</li>
 * </ul>
 *
 * @param prediction    name of the prediction column
 * @param rawPrediction name of the logits column (classifiers), or empty
 * @param probability   name of the probabilities column (classifiers), or empty
 * @param error         name of the error column, or empty
 * @param kind          classifier or regressor
 * @param outputs       d_out
 */
record OutputColumns(String prediction, String rawPrediction, String probability, String error, ModelKind kind, int outputs)
        implements Serializable {

    OutputColumns {
        if (prediction.isEmpty()) {
            throw new IllegalArgumentException("the prediction column needs a name");
        }
        if (kind == ModelKind.REGRESSOR) {
            rawPrediction = "";
            probability = "";
        }
        List<String> names = names(prediction, rawPrediction, probability, error);
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("output columns must have different names, got " + names);
        }
    }

    /** {@code input} with these columns appended; fails naming a column that is already there. */
    StructType appendTo(StructType input) {
        StructType out = input;
        for (String name : names(prediction, rawPrediction, probability, error)) {
            if (List.of(input.fieldNames()).contains(name)) {
                throw new IllegalArgumentException("output column '" + name + "' already exists in the data; choose another name");
            }
        }
        DataType predictionType = kind == ModelKind.CLASSIFIER || outputs == 1 ? DataTypes.DoubleType : SQLDataTypes.VectorType();
        out = out.add(prediction, predictionType, true);
        if (!rawPrediction.isEmpty()) {
            out = out.add(rawPrediction, SQLDataTypes.VectorType(), true);
        }
        if (!probability.isEmpty()) {
            out = out.add(probability, SQLDataTypes.VectorType(), true);
        }
        if (!error.isEmpty()) {
            out = out.add(error, DataTypes.StringType, true);
        }
        return out;
    }

    /** The names of the appended columns, in order. */
    private static List<String> names(String prediction, String rawPrediction, String probability, String error) {
        List<String> names = new ArrayList<>(List.of(prediction));
        for (String n : new String[] {rawPrediction, probability, error}) {
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        return names;
    }

    /** How many columns are appended. */
    int count() {
        return 1 + (rawPrediction.isEmpty() ? 0 : 1) + (probability.isEmpty() ? 0 : 1) + (error.isEmpty() ? 0 : 1);
    }

    /** The appended values of a scored row whose model output is {@code out} (d_out). */
    Object[] scored(float[] out) {
        Object[] v = new Object[count()];
        int i = 0;
        double[] values = new double[out.length];
        for (int k = 0; k < out.length; k++) {
            values[k] = out[k];
            if (!Double.isFinite(values[k])) {
                return failed("the model's output " + k + " is " + out[k]);
            }
        }
        if (kind == ModelKind.CLASSIFIER) {
            v[i++] = (double) argmax(values);
        } else {
            v[i++] = outputs == 1 ? (Object) values[0] : Vectors.dense(values);
        }
        if (!rawPrediction.isEmpty()) {
            v[i++] = Vectors.dense(values);
        }
        if (!probability.isEmpty()) {
            v[i++] = Vectors.dense(softmax(values));
        }
        return v;
    }

    /** The appended values of a row that could not be scored: nulls, and {@code why} in the error column. */
    Object[] failed(String why) {
        Object[] v = new Object[count()];
        if (!error.isEmpty()) {
            v[v.length - 1] = why;
        }
        return v;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }

    /** exp(v − max v) / Σ exp(v − max v). */
    static double[] softmax(double[] v) {
        double max = v[argmax(v)];
        double[] p = new double[v.length];
        double sum = 0;
        for (int k = 0; k < v.length; k++) {
            p[k] = Math.exp(v[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < v.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
