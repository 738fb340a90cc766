package dev.s4j.spark;

import java.io.Serializable;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/**
 * The training target of each row: a class index (classifier: a whole number in [0, C), of any
 * numeric type) or d_out values (regressor: a number when d_out = 1, else {@code array<float>},
 * {@code array<double>} or a vector of d_out).
 */
final class LabelColumn implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final int index;
    private final ModelKind kind;
    private final int outputs;

    private LabelColumn(String name, int index, ModelKind kind, int outputs) {
        this.name = name;
        this.index = index;
        this.kind = kind;
        this.outputs = outputs;
    }

    /**
     * The column {@code name} of {@code schema}.
     *
     * @throws IllegalArgumentException naming the column when it is missing or of a type the kind cannot use
     */
    static LabelColumn of(StructType schema, String name, ModelKind kind, int outputs) {
        int index;
        try {
            index = schema.fieldIndex(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("label column '" + name + "' is not in the data (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        DataType type = schema.fields()[index].dataType();
        boolean number = type instanceof NumericType;
        boolean vector = type.equals(SQLDataTypes.VectorType())
                || type instanceof ArrayType a && a.elementType() instanceof NumericType;
        if (kind == ModelKind.CLASSIFIER ? !number : !(outputs == 1 ? number || vector : vector)) {
            throw new IllegalArgumentException("label column '" + name + "' is " + type.simpleString() + "; a " + kind.id()
                    + " with " + outputs + " outputs needs " + (kind == ModelKind.CLASSIFIER ? "a number (the class index)"
                    : outputs == 1 ? "a number" : "array<float>, array<double> or a vector of " + outputs));
        }
        return new LabelColumn(name, index, kind, outputs);
    }

    /** Where the column is in the input rows. */
    int index() {
        return index;
    }

    /** Checks the target of {@code row}; throws IllegalArgumentException saying what is wrong. */
    void check(Row row) {
        if (kind == ModelKind.CLASSIFIER) {
            classOf(row);
        } else {
            valuesOf(row);
        }
    }

    /** The class index of {@code row} (classifier). */
    int classOf(Row row) {
        if (row.isNullAt(index)) {
            throw new IllegalArgumentException(name + " is null");
        }
        Number value = (Number) row.get(index);
        double v = value.doubleValue();
        if (v != Math.rint(v) || v < 0 || v >= outputs) {
            throw new IllegalArgumentException(name + " is " + value + "; a class index must be a whole number in [0, " + outputs
                    + ")");
        }
        return (int) v;
    }

    /** The d_out target values of {@code row} (regressor). */
    float[] valuesOf(Row row) {
        if (row.isNullAt(index)) {
            throw new IllegalArgumentException(name + " is null");
        }
        Object v = row.get(index);
        double[] values;
        if (v instanceof Number n) {
            values = new double[] {n.doubleValue()};
        } else if (v instanceof Vector vec) {
            values = vec.toArray();
        } else {
            Seq<?> seq = (Seq<?>) v;
            values = new double[seq.length()];
            for (int i = 0; i < values.length; i++) {
                Object e = seq.apply(i);
                if (e == null) {
                    throw new IllegalArgumentException(name + ": value " + i + " is null");
                }
                values[i] = ((Number) e).doubleValue();
            }
        }
        if (values.length != outputs) {
            throw new IllegalArgumentException(name + " has " + values.length + " values; the model has " + outputs + " outputs");
        }
        float[] out = new float[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = (float) values[i];
            if (!Float.isFinite(out[i])) {
                throw new IllegalArgumentException(name + ": value " + i + " is " + values[i]);
            }
        }
        return out;
    }
}
