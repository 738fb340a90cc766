package dev.s4j.autograd.nn;

import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.Activations;

/** An activation function as a layer (no parameters). */
public final class Activation extends Module implements Layer {
    /** The supported functions. */
    public enum Kind { GELU, RELU, TANH, SIGMOID, SOFTPLUS, IDENTITY, GLU }

    private final Kind kind;
    private final int axis;

    private Activation(Kind kind, int axis) {
        this.kind = kind;
        this.axis = axis;
    }

    /** An elementwise activation. */
    public static Activation of(Kind kind) {
        if (kind == Kind.GLU) {
            throw new IllegalArgumentException("Activation: GLU needs an axis; use Activation.glu(axis)");
        }
        return new Activation(kind, 0);
    }

    /** GLU over {@code axis}: halves (a, b) → a·sigmoid(b); the axis shrinks by half. */
    public static Activation glu(int axis) {
        return new Activation(Kind.GLU, axis);
    }

    /** The function applied. */
    public Kind kind() {
        return kind;
    }

    @Override
    public Tensor forward(Tensor x) {
        return switch (kind) {
            case GELU -> x.gelu();
            case RELU -> x.relu();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case SOFTPLUS -> x.softplus();
            case IDENTITY -> x;
            case GLU -> Activations.glu(x, axis);
        };
    }
}
