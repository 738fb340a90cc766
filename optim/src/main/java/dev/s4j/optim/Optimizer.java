package dev.s4j.optim;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the optimizers: parameter groups, a step counter, and per-parameter state buffers.
 *
 * <p>Updates work on the storage planes of each parameter: a complex parameter is two real
 * planes, re and im, each updated as an independent real number (as PyTorch does through
 * {@code view_as_real}), so every method, weight decay included, applies to complex parameters.
 * State buffers have the parameter's dtype. {@link #stateDict()} and {@link #loadStateDict}
 * save and restore everything needed to continue exactly.
 */
public abstract class Optimizer {
    private final List<ParamGroup> groups;
    private final Map<String, Map<String, Storage>> state = new HashMap<>();
    private long steps;

    protected Optimizer(List<ParamGroup> groups) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("optimizer: no parameter groups");
        }
        this.groups = List.copyOf(groups);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ParamGroup g : groups) {
            for (String name : g.parameters().keySet()) {
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("optimizer: parameter '" + name + "' is in more than one group");
                }
            }
        }
    }

    /** The groups, in order. */
    public List<ParamGroup> groups() {
        return groups;
    }

    /** Completed steps. */
    public long steps() {
        return steps;
    }

    /** Applies one update to every parameter that has a gradient, then counts the step. */
    public void step() {
        steps++;
        for (ParamGroup g : groups) {
            for (Map.Entry<String, Parameter> e : g.parameters().entrySet()) {
                Parameter p = e.getValue();
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                if (!Arrays.equals(grad.shape(), p.shape()) || grad.dtype() != p.dtype()) {
                    throw new IllegalStateException("optimizer: gradient of '" + e.getKey() + "' is " + grad.dtype() + " "
                            + Shape.format(grad.shape()) + " for a parameter " + p.dtype() + " " + Shape.format(p.shape()));
                }
                Map<String, Storage> buffers = state.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
                update(g, p.storage(), grad.storage(), buffers);
                p.storage().markModified();
            }
        }
    }

    /**
     * Updates one parameter's planes in place. {@code state} holds this parameter's buffers by
     * name; use {@link #buffer} to create them.
     */
    protected abstract void update(ParamGroup group, Storage param, Storage grad, Map<String, Storage> state);

    /** The named buffer of a parameter, created as zeros like the parameter on first use. */
    protected static Storage buffer(Map<String, Storage> state, String name, Storage like) {
        return state.computeIfAbsent(name, k -> Storage.allocate(like.dtype(), like.length()));
    }

    /** The real planes of a storage: {re} or {re, im}, float32 or float64. */
    protected static Object[] planes(Storage s) {
        if (s instanceof Storage.F32 f) {
            return f.im == null ? new Object[] {f.re} : new Object[] {f.re, f.im};
        }
        Storage.F64 d = (Storage.F64) s;
        return d.im == null ? new Object[] {d.re} : new Object[] {d.re, d.im};
    }

    /** Clears the gradients of every parameter. */
    public void zeroGrad() {
        for (ParamGroup g : groups) {
            g.parameters().values().forEach(Parameter::zeroGrad);
        }
    }

    /** Every parameter, in group order. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        groups.forEach(g -> all.addAll(g.parameters().values()));
        return all;
    }

    /**
     * The state as tensors: {@code "step"} and, per parameter and buffer,
     * {@code "<parameter>.<buffer>"} shaped like the parameter.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", Tensor.of(new double[] {steps}, 1));
        for (ParamGroup g : groups) {
            for (Map.Entry<String, Parameter> e : g.parameters().entrySet()) {
                Map<String, Storage> buffers = state.get(e.getKey());
                if (buffers != null) {
                    for (Map.Entry<String, Storage> b : buffers.entrySet()) {
                        out.put(e.getKey() + "." + b.getKey(), new Tensor(b.getValue().copy(), e.getValue().shape()));
                    }
                }
            }
        }
        return out;
    }

    /** Restores a {@link #stateDict()}; shapes and dtypes must match this optimizer's parameters. */
    public void loadStateDict(Map<String, Tensor> saved) {
        Tensor step = saved.get("step");
        if (step == null) {
            throw new IllegalArgumentException("optimizer state: missing 'step'");
        }
        Map<String, Map<String, Storage>> restored = new HashMap<>();
        Map<String, Parameter> byName = new HashMap<>();
        groups.forEach(g -> byName.putAll(g.parameters()));
        for (Map.Entry<String, Tensor> e : saved.entrySet()) {
            if (e.getKey().equals("step")) {
                continue;
            }
            int dot = e.getKey().lastIndexOf('.');
            String param = dot < 0 ? "" : e.getKey().substring(0, dot);
            Parameter p = byName.get(param);
            if (p == null) {
                throw new IllegalArgumentException("optimizer state: '" + e.getKey() + "' belongs to no parameter of this optimizer");
            }
            Tensor t = e.getValue();
            if (!Arrays.equals(t.shape(), p.shape()) || t.isComplex() != p.isComplex()) {
                throw new IllegalArgumentException("optimizer state: '" + e.getKey() + "' is " + t.dtype() + " "
                        + Shape.format(t.shape()) + " but parameter '" + param + "' is " + p.dtype() + " " + Shape.format(p.shape()));
            }
            DType dt = p.dtype();
            Storage s = t.dtype() == dt ? t.storage().copy() : t.storage().convert(dt);
            restored.computeIfAbsent(param, k -> new LinkedHashMap<>()).put(e.getKey().substring(dot + 1), s);
        }
        state.clear();
        state.putAll(restored);
        steps = (long) step.item();
    }
}
