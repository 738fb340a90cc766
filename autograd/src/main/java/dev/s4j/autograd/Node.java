package dev.s4j.autograd;

/**
 * One recorded op on the tape: its name, its inputs and its backward. A node belongs to exactly
 * one output tensor ({@link Tensor#gradFn()}). After a backward pass without {@code retainGraph}
 * the node is released: its inputs and saved tensors become garbage, and a second backward
 * through it fails with a message naming the op.
 */
public final class Node {
    private final String op;
    private final int[] outputShape;
    private final DType outputDtype;
    private Tensor[] inputs;
    private Backward backward;
    private final String inputShapes;
    private final int[] inputVersions;
    private Tensor retainedOutput;

    Node(String op, Tensor output, Backward backward, Tensor[] inputs) {
        this.op = op;
        this.outputShape = output.shape();
        this.outputDtype = output.dtype();
        this.backward = backward;
        this.inputs = inputs;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < inputs.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Shape.format(inputs[i].shape()));
        }
        this.inputShapes = sb.toString();
        this.inputVersions = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            inputVersions[i] = inputs[i].storage().version();
        }
    }

    /** Fails if an input was changed in place since the op was recorded: its gradient would be wrong. */
    void checkInputsUnchanged() {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].storage().version() != inputVersions[i]) {
                throw new IllegalStateException("backward of " + describe() + ": input " + i + " (shape "
                        + Shape.format(inputs[i].shape()) + ") was modified in place after the op was recorded"
                        + " (e.g. by Parameter.assign or an optimizer step); run backward before updating");
            }
        }
    }

    /** The op's name, e.g. {@code "matmul"}. */
    public String op() {
        return op;
    }

    /** True once the graph through this node was freed by a backward pass. */
    public boolean isReleased() {
        return backward == null;
    }

    /** Description for error messages: op, input shapes and output shape. */
    public String describe() {
        return op + " (inputs " + inputShapes + " -> output " + Shape.format(outputShape) + " " + outputDtype + ")";
    }

    Tensor[] inputs() {
        return inputs;
    }

    Backward backward() {
        return backward;
    }

    void retainOutput(Tensor output) {
        this.retainedOutput = output;
    }

    Tensor retainedOutput() {
        return retainedOutput;
    }

    void release() {
        inputs = null;
        backward = null;
    }
}
