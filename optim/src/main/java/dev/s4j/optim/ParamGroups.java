package dev.s4j.optim;

import dev.s4j.autograd.nn.Module;
import dev.s4j.autograd.nn.OptimHints;
import dev.s4j.autograd.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds parameter groups from a model. Parameters without {@link OptimHints} get the default
 * learning rate and weight decay; parameters with hints (S4's state space parameters: Λ, P, B,
 * log Δ) are grouped by their hinted values, the rest filled from the defaults. This is the S4
 * recipe: SSM parameters at lr 0.001 without weight decay, everything else at lr ≈ 0.01 with
 * weight decay ≈ 0.01.
 */
public final class ParamGroups {
    private ParamGroups() {
    }

    /** One group per distinct (lr, weight decay), the default one first. */
    public static List<ParamGroup> fromHints(Module model, double lr, double weightDecay) {
        Map<List<Double>, Map<String, Parameter>> byKey = new LinkedHashMap<>();
        byKey.put(List.of(lr, weightDecay), new LinkedHashMap<>());
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            OptimHints h = e.getValue().optimHints();
            double groupLr = h.learningRate() != null ? h.learningRate() : lr;
            double groupWd = h.weightDecay() != null ? h.weightDecay() : weightDecay;
            byKey.computeIfAbsent(List.of(groupLr, groupWd), k -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
        }
        List<ParamGroup> groups = new ArrayList<>();
        for (Map.Entry<List<Double>, Map<String, Parameter>> e : byKey.entrySet()) {
            if (!e.getValue().isEmpty()) {
                groups.add(new ParamGroup(e.getValue(), e.getKey().get(0), e.getKey().get(1)));
            }
        }
        return groups;
    }

    /** A single group with every parameter of the model. */
    public static List<ParamGroup> single(Module model, double lr, double weightDecay) {
        return List.of(new ParamGroup(model.namedParameters(), lr, weightDecay));
    }
}
