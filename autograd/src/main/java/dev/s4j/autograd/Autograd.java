package dev.s4j.autograd;

import dev.s4j.autograd.ops.Reductions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse-mode engine: records ops on the tape and runs backward passes.
 *
 * <p>Every op, built in or user-defined, ends with {@link #record}: it checks the result in
 * anomaly mode and, when recording is on and an input requires a gradient, attaches a
 * {@link Node} holding the op's {@link Backward}. A custom op is written the same way:
 *
 * <pre>{@code
 * Tensor y = ...compute from x without recording...;
 * return Autograd.record("square", y, g -> new Tensor[] {g.mul(x.conj()).mul(2)}, x);
 * }</pre>
 *
 * <p>{@link Tensor#backward} walks the graph in an iterative topological order (no recursion, so
 * graphs with any number of steps work), accumulates gradients into leaf tensors, and frees the
 * graph unless asked to keep it. Backward itself is not recorded: there are no gradients of
 * gradients. A graph belongs to one thread at a time.
 */
public final class Autograd {
    private static final ThreadLocal<Node> IN_BACKWARD = new ThreadLocal<>();

    private Autograd() {
    }

    /** The node whose backward is running on this thread, or null (for anomaly messages). */
    static Node inBackward() {
        return IN_BACKWARD.get();
    }

    /**
     * Finishes an op: checks {@code output} in anomaly mode and, if recording is on and any input
     * requires a gradient, marks {@code output} as produced by {@code op} with {@code backward}.
     *
     * @param op       the op's name, used in error messages
     * @param output   the freshly computed result (not yet part of any graph)
     * @param backward maps the output gradient to input gradients (see {@link Backward})
     * @param inputs   the op's tensor inputs, in the order {@code backward} returns gradients for
     * @return {@code output}
     */
    public static Tensor record(String op, Tensor output, Backward backward, Tensor... inputs) {
        if (AnomalyMode.isEnabled()) {
            AnomalyMode.checkForward(op, output, inputs);
        }
        if (!Grad.isEnabled()) {
            return output;
        }
        boolean needed = false;
        for (Tensor t : inputs) {
            needed |= t.requiresGrad();
        }
        if (needed) {
            output.attach(new Node(op, output, backward, inputs.clone()));
        }
        return output;
    }

    static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: tensor of shape " + Shape.format(root.shape())
                    + " does not require grad (none of the tensors it was computed from has requiresGrad set)");
        }
        Tensor g = initialGradient(root, gradient);
        try (var noGrad = Grad.disabled()) {
            Node rootNode = root.gradFn();
            if (rootNode == null) {
                root.accumulateGrad(g);
                return;
            }
            List<Node> order = topologicalOrder(rootNode);
            Map<Node, Tensor> pending = new IdentityHashMap<>();
            pending.put(rootNode, g);
            boolean anomaly = AnomalyMode.isEnabled();
            for (int k = order.size() - 1; k >= 0; k--) {
                Node node = order.get(k);
                Tensor gOut = pending.remove(node);
                if (gOut == null) {
                    // no gradient reached this node (its output fed only non-differentiable paths)
                    if (!retainGraph) {
                        node.release();
                    }
                    continue;
                }
                node.checkInputsUnchanged();
                if (node.retainedOutput() != null) {
                    node.retainedOutput().accumulateGrad(gOut);
                }
                Tensor[] gIn;
                IN_BACKWARD.set(node);
                try {
                    gIn = node.backward().apply(gOut);
                } finally {
                    IN_BACKWARD.remove();
                }
                if (gIn.length != node.arity()) {
                    throw new IllegalStateException("backward of " + node.describe() + " returned " + gIn.length
                            + " gradients for " + node.arity() + " inputs");
                }
                for (int i = 0; i < node.arity(); i++) {
                    if (gIn[i] == null || !node.needsGrad(i)) {
                        continue;
                    }
                    Tensor gi = fit(gIn[i], node, i);
                    if (anomaly) {
                        AnomalyMode.checkBackward(node, i, gi);
                    }
                    Node producer = node.producer(i);
                    if (producer == null) {
                        node.leaf(i).accumulateGrad(gi);
                    } else {
                        pending.merge(producer, gi, Tensor::add);
                    }
                }
                if (!retainGraph) {
                    node.release();
                }
            }
        }
    }

    private static Tensor initialGradient(Tensor root, Tensor gradient) {
        if (gradient == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException("backward: output has shape " + Shape.format(root.shape())
                        + "; backward() without a gradient needs a scalar output, otherwise pass a gradient of shape "
                        + Shape.format(root.shape()));
            }
            if (root.dtype().isComplex()) {
                throw new IllegalArgumentException("backward: output is " + root.dtype()
                        + "; backward() without a gradient needs a real scalar loss (take .real() or .abs() first)");
            }
            return Tensor.ones(root.dtype(), root.shape());
        }
        if (!Arrays.equals(gradient.shape(), root.shape())) {
            throw new IllegalArgumentException("backward: gradient has shape " + Shape.format(gradient.shape())
                    + " but the output has shape " + Shape.format(root.shape()));
        }
        if (gradient.dtype().isComplex() && !root.dtype().isComplex()) {
            throw new IllegalArgumentException("backward: gradient is " + gradient.dtype() + " but the output is "
                    + root.dtype());
        }
        return gradient.dtype() == root.dtype() ? gradient.detach() : gradient.detach().to(root.dtype());
    }

    /** Post-order of the nodes reachable from {@code root} (inputs before the ops that use them). */
    private static List<Node> topologicalOrder(Node root) {
        List<Node> order = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> nodes = new ArrayDeque<>();
        ArrayDeque<int[]> next = new ArrayDeque<>();
        checkLive(root);
        seen.add(root);
        nodes.push(root);
        next.push(new int[] {0});
        while (!nodes.isEmpty()) {
            Node node = nodes.peek();
            int[] cursor = next.peek();
            if (cursor[0] < node.arity()) {
                Node child = node.producer(cursor[0]++);
                if (child != null && seen.add(child)) {
                    checkLive(child);
                    nodes.push(child);
                    next.push(new int[] {0});
                }
            } else {
                nodes.pop();
                next.pop();
                order.add(node);
            }
        }
        return order;
    }

    private static void checkLive(Node node) {
        if (node.isReleased()) {
            throw new IllegalStateException("backward: the graph through " + node.describe()
                    + " was already freed by an earlier backward pass; pass retainGraph=true to the first backward"
                    + " to run backward twice");
        }
    }

    /** Brings an op's gradient to the input's shape and dtype (sum over broadcast axes, real part, precision). */
    private static Tensor fit(Tensor g, Node node, int index) {
        int[] shape = node.shape(index);
        DType dtype = node.dtype(index);
        if (!Arrays.equals(g.shape(), shape)) {
            if (!Shape.broadcastsTo(shape, g.shape())) {
                throw new IllegalStateException("backward of " + node.describe() + " returned a gradient of shape "
                        + Shape.format(g.shape()) + " for input " + index + " of shape " + Shape.format(shape));
            }
            g = Reductions.sumTo(g, shape);
        }
        if (g.dtype().isComplex() && !dtype.isComplex()) {
            g = g.real();
        }
        return g.dtype() == dtype ? g : g.to(dtype);
    }
}
