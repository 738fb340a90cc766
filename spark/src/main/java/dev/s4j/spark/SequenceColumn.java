package dev.s4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/**
 * An input column of sequences, one row a sequence of any length L ≥ 1: {@code array<float>} (one
 * feature per position, d_in = 1) or {@code array<array<float>>} (d_in features per position);
 * {@code double} elements are read as float. {@link #read} turns a row's value into (L, d_in),
 * or into the reason it cannot be scored.
 */
final class SequenceColumn implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final int index;
    private final boolean nested;
    private final int inputSize;

    private SequenceColumn(String name, int index, boolean nested, int inputSize) {
        this.name = name;
        this.index = index;
        this.nested = nested;
        this.inputSize = inputSize;
    }

    /**
     * The column {@code name} of {@code schema} for a model of {@code inputSize} features per position.
     *
     * @throws IllegalArgumentException naming the column and its type when it is missing, of another
     *                                  type, or {@code array<float>} for a model that takes several features
     */
    static SequenceColumn of(StructType schema, String name, int inputSize) {
        int index;
        try {
            index = schema.fieldIndex(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("input column '" + name + "' is not in the data (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        StructField field = schema.fields()[index];
        DataType type = field.dataType();
        if (type instanceof ArrayType outer && isReal(outer.elementType())) {
            if (inputSize != 1) {
                throw new IllegalArgumentException("input column '" + name + "' is " + type.simpleString()
                        + " (one feature per position) but the model takes " + inputSize
                        + " features per position: give it as array<array<float>>");
            }
            return new SequenceColumn(name, index, false, inputSize);
        }
        if (type instanceof ArrayType outer && outer.elementType() instanceof ArrayType inner && isReal(inner.elementType())) {
            return new SequenceColumn(name, index, true, inputSize);
        }
        throw new IllegalArgumentException("input column '" + name + "' is " + type.simpleString()
                + "; expected array<float> (one feature per position) or array<array<float>> (" + inputSize
                + (inputSize == 1 ? " feature" : " features") + " per position), float or double");
    }

    private static boolean isReal(DataType t) {
        return t.equals(DataTypes.FloatType) || t.equals(DataTypes.DoubleType);
    }

    /** Where the column is in the input rows. */
    int index() {
        return index;
    }

    /**
     * A row's sequence (L, d_in), or the reason it cannot be scored: null, empty, a position of
     * the wrong width, a missing or non-finite value.
     */
    Sequence read(Row row) {
        if (row.isNullAt(index)) {
            return Sequence.bad(name + " is null");
        }
        List<Object> positions = row.getList(index);
        if (positions.isEmpty()) {
            return Sequence.bad(name + " is empty; a sequence needs at least one position");
        }
        float[][] x = new float[positions.size()][];
        for (int t = 0; t < x.length; t++) {
            Object p = positions.get(t);
            if (nested) {
                if (p == null) {
                    return Sequence.bad(name + ": position " + t + " is null");
                }
                Seq<?> features = (Seq<?>) p;
                if (features.length() != inputSize) {
                    return Sequence.bad(name + ": position " + t + " has " + features.length() + " values; the model takes "
                            + inputSize + " per position");
                }
                x[t] = new float[inputSize];
                for (int f = 0; f < inputSize; f++) {
                    String bad = store(features.apply(f), x[t], f);
                    if (bad != null) {
                        return Sequence.bad(name + ": position " + t + ", feature " + f + " is " + bad);
                    }
                }
            } else {
                x[t] = new float[1];
                String bad = store(p, x[t], 0);
                if (bad != null) {
                    return Sequence.bad(name + ": position " + t + " is " + bad);
                }
            }
        }
        return Sequence.good(x);
    }

    /** Stores {@code v} as x[f]; returns what is wrong with it, or null. */
    private static String store(Object v, float[] x, int f) {
        if (v == null) {
            return "null";
        }
        double value = ((Number) v).doubleValue();
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (!Float.isFinite((float) value)) {
            return value + ", beyond the range of float";
        }
        x[f] = (float) value;
        return null;
    }

    /**
     * A row's sequence or why it has none.
     *
     * @param values (L, d_in), or null
     * @param error  what is wrong with the row, or null
     */
    record Sequence(float[][] values, String error) {
        static Sequence good(float[][] values) {
            return new Sequence(values, null);
        }

        static Sequence bad(String error) {
            return new Sequence(null, error);
        }
    }
}
