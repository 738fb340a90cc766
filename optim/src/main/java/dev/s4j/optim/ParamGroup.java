package dev.s4j.optim;

import dev.s4j.autograd.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters that share a learning rate and a weight decay. The base learning rate is fixed; a
 * schedule sets the current one through {@link #scale(double)}.
 */
public final class ParamGroup {
    private final Map<String, Parameter> parameters;
    private final double baseLr;
    private final double weightDecay;
    private double lr;

    /**
     * @param parameters  by name (the names key the optimizer's saved state)
     * @param lr          base learning rate
     * @param weightDecay weight decay coefficient
     */
    public ParamGroup(Map<String, Parameter> parameters, double lr, double weightDecay) {
        if (!(lr >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("param group: lr and weight decay must be >= 0, got " + lr + " and " + weightDecay);
        }
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.baseLr = lr;
        this.weightDecay = weightDecay;
        this.lr = lr;
    }

    /** The parameters, by name. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** The learning rate now. */
    public double lr() {
        return lr;
    }

    /** The learning rate the group was built with. */
    public double baseLr() {
        return baseLr;
    }

    /** The weight decay. */
    public double weightDecay() {
        return weightDecay;
    }

    /** Sets the learning rate to {@code factor × base}. */
    public void scale(double factor) {
        this.lr = baseLr * factor;
    }
}
