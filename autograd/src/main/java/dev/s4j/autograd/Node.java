package dev.s4j.autograd;

import java.lang.ref.WeakReference;

/**
 * One recorded op on the tape: its name, what the backward pass needs to know about each input,
 * and its {@link Backward}. A node belongs to exactly one output tensor ({@link Tensor#gradFn()}).
 *
 * <p>A node does not keep its inputs' values alive: for each input it holds the node that
 * produced it (or, for a leaf that requires a gradient, the leaf itself, to accumulate into), its
 * shape and dtype, and a weak reference to its storage for the in-place check. Values the
 * backward needs are captured by the {@link Backward} itself, so intermediate results nobody
 * needs are freed during the forward pass. After a backward pass without {@code retainGraph} the
 * node is released and a second backward through it fails with a message naming the op.
 */
public final class Node {
    private final String op;
    private final int[] outputShape;
    private final DType outputDtype;
    private final String inputShapes;
    private final int arity;
    private final int[][] shapes;
    private final DType[] dtypes;
    private final boolean[] needsGrad;
    private final int[] versions;
    private final WeakReference<Storage>[] storages;
    private Node[] producers;
    private Tensor[] leaves;
    private Backward backward;
    private Tensor retainedOutput;

    @SuppressWarnings("unchecked")
    Node(String op, Tensor output, Backward backward, Tensor[] inputs) {
        this.op = op;
        this.outputShape = output.shape();
        this.outputDtype = output.dtype();
        this.backward = backward;
        this.arity = inputs.length;
        this.shapes = new int[arity][];
        this.dtypes = new DType[arity];
        this.needsGrad = new boolean[arity];
        this.versions = new int[arity];
        this.storages = new WeakReference[arity];
        this.producers = new Node[arity];
        this.leaves = new Tensor[arity];
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < arity; i++) {
            Tensor in = inputs[i];
            sb.append(i == 0 ? "" : ", ").append(Shape.format(in.shape()));
            shapes[i] = in.shape();
            dtypes[i] = in.dtype();
            needsGrad[i] = in.requiresGrad();
            versions[i] = in.storage().version();
            storages[i] = new WeakReference<>(in.storage());
            producers[i] = in.gradFn();
            leaves[i] = in.requiresGrad() && in.gradFn() == null ? in : null;
        }
        this.inputShapes = sb.toString();
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

    int arity() {
        return arity;
    }

    /** The node that produced input i, or null for a leaf. */
    Node producer(int i) {
        return producers[i];
    }

    /** Input i if it is a leaf that requires a gradient, else null. */
    Tensor leaf(int i) {
        return leaves[i];
    }

    boolean needsGrad(int i) {
        return needsGrad[i];
    }

    int[] shape(int i) {
        return shapes[i];
    }

    DType dtype(int i) {
        return dtypes[i];
    }

    Backward backward() {
        return backward;
    }

    /** Fails if an input still in memory was changed in place since the op was recorded. */
    void checkInputsUnchanged() {
        for (int i = 0; i < arity; i++) {
            Storage s = storages[i].get();
            if (s != null && s.version() != versions[i]) {
                throw new IllegalStateException("backward of " + describe() + ": input " + i + " (shape "
                        + Shape.format(shapes[i]) + ") was modified in place after the op was recorded"
                        + " (e.g. by Parameter.assign or an optimizer step); run backward before updating");
            }
        }
    }

    void retainOutput(Tensor output) {
        this.retainedOutput = output;
    }

    Tensor retainedOutput() {
        return retainedOutput;
    }

    void release() {
        producers = null;
        leaves = null;
        backward = null;
    }
}
