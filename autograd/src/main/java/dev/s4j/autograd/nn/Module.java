package dev.s4j.autograd.nn;

import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of all layers and models: a named tree of parameters, buffers (non-trained state such as
 * running statistics) and sub-modules, with a training/evaluation switch and a state dict.
 *
 * <p>Names join with dots, e.g. {@code "layers.0.kernel.log_dt"}. Listings are pre-order, as in
 * PyTorch: a module's own parameters (or buffers) first, then each sub-module's, in registration
 * order.
 * <pre>{@code
 * class Mlp extends Module {
 *     final Linear in = module("in", new Linear(4, 8, true, gen));
 *     final Linear out = module("out", new Linear(8, 2, true, gen));
 *     Tensor forward(Tensor x) { return out.forward(in.forward(x).relu()); }
 * }
 * }</pre>
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a parameter initialized with a copy of {@code initial}. */
    protected final Parameter parameter(String name, Tensor initial) {
        Parameter p = new Parameter(initial);
        parameters.put(checkName(name), p);
        return p;
    }

    /** Registers a buffer: state saved in the state dict but not trained. The tensor is owned by this module. */
    protected final Tensor buffer(String name, Tensor initial) {
        Tensor b = new Tensor(initial.storage().copy(), initial.shape());
        buffers.put(checkName(name), b);
        return b;
    }

    /** Registers a sub-module and returns it. */
    protected final <M extends Module> M module(String name, M child) {
        children.put(checkName(name), child);
        return child;
    }

    private String checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module: name '" + name + "' must be non-empty and contain no '.'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("module: name '" + name + "' is already registered in "
                    + getClass().getSimpleName());
        }
        return name;
    }

    /** All parameters of this module and its descendants, by dotted name (pre-order). */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        walk((prefix, m) -> m.parameters.forEach((k, v) -> out.put(prefix + k, v)));
        return Collections.unmodifiableMap(out);
    }

    /** All parameters (pre-order). */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** All buffers of this module and its descendants, by dotted name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        walk((prefix, m) -> m.buffers.forEach((k, v) -> out.put(prefix + k, v)));
        return Collections.unmodifiableMap(out);
    }

    /** This module and all its descendants, pre-order (this one first). */
    public final List<Module> modules() {
        List<Module> out = new ArrayList<>();
        walk((prefix, m) -> out.add(m));
        return Collections.unmodifiableList(out);
    }

    /** Total number of scalar parameters (a complex value counts as two). */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += (long) p.numel() * (p.isComplex() ? 2 : 1);
        }
        return n;
    }

    /** Switches this module and its descendants to training mode; returns {@code this}. */
    public Module train() {
        return setTraining(true);
    }

    /** Switches this module and its descendants to evaluation mode; returns {@code this}. */
    public Module eval() {
        return setTraining(false);
    }

    private Module setTraining(boolean on) {
        walk((prefix, m) -> m.training = on);
        return this;
    }

    /** True in training mode (dropout active, batch statistics used). */
    public final boolean isTraining() {
        return training;
    }

    /** Clears the gradients of all parameters. */
    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Parameters and buffers by dotted name (sharing storage with the module). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        walk((prefix, m) -> {
            m.parameters.forEach((k, v) -> out.put(prefix + k, v.detach()));
            m.buffers.forEach((k, v) -> out.put(prefix + k, v.detach()));
        });
        return out;
    }

    /**
     * Copies values from {@code state} into the parameters and buffers. Everything is checked
     * before anything is written: a missing or unexpected name (when {@code strict}), a shape or
     * a dtype mismatch fails with one message listing every problem, and the module is unchanged.
     */
    public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> targets = new LinkedHashMap<>();
        walk((prefix, m) -> {
            m.parameters.forEach((k, v) -> targets.put(prefix + k, v));
            m.buffers.forEach((k, v) -> targets.put(prefix + k, v));
        });
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            Tensor src = state.get(e.getKey());
            Tensor dst = e.getValue();
            if (src == null) {
                if (strict) {
                    problems.add("missing tensor '" + e.getKey() + "' (expected shape " + Shape.format(dst.shape()) + ")");
                }
            } else if (!Arrays.equals(src.shape(), dst.shape())) {
                problems.add("tensor '" + e.getKey() + "' has shape " + Shape.format(src.shape())
                        + " but the model expects " + Shape.format(dst.shape()));
            } else if (src.isComplex() != dst.isComplex()) {
                problems.add("tensor '" + e.getKey() + "' is " + src.dtype() + " but the model expects " + dst.dtype());
            }
        }
        if (strict) {
            for (String k : state.keySet()) {
                if (!targets.containsKey(k)) {
                    problems.add("unexpected tensor '" + k + "'");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict: " + String.join("; ", problems));
        }
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src != null) {
                Tensor dst = e.getValue();
                Storage s = src.dtype() == dst.dtype() ? src.storage() : src.storage().convert(dst.dtype());
                Storage.copy(s, 0, dst.storage(), 0, dst.numel());
                dst.storage().markModified();
            }
        }
    }

    @FunctionalInterface
    private interface Visitor {
        void visit(String prefix, Module m);
    }

    /** Pre-order walk over this module and its descendants (iterative). */
    private void walk(Visitor visitor) {
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {"", this});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            String prefix = (String) top[0];
            Module m = (Module) top[1];
            visitor.visit(prefix, m);
            List<Map.Entry<String, Module>> kids = new ArrayList<>(m.children.entrySet());
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(new Object[] {prefix + kids.get(i).getKey() + ".", kids.get(i).getValue()});
            }
        }
    }
}
