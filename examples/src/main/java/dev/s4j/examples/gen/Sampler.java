package dev.s4j.examples.gen;

import dev.s4j.autograd.Generator;
import java.util.Arrays;

/**
 * Draws the next value from a model's logits z (one per level): p_i ∝ exp(z_i / T) at temperature
 * T, restricted to the most probable levels whose probabilities reach {@code topP} together
 * (nucleus sampling) and renormalized. Computed in float64; ties in probability go to the lower
 * level, so a draw depends only on the logits and the generator.
 *
 * @param temperature T &gt; 0: below 1 sharper, above 1 flatter
 * @param topP        in (0, 1]: 1 keeps every level
 */
public record Sampler(double temperature, double topP) {

    public Sampler {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("--temperature must be a positive number, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("--top-p must be in (0, 1], got " + topP);
        }
    }

    /** The level drawn from {@code logits} with {@code rng} (one uniform draw). */
    public int sample(float[] logits, Generator rng) {
        int n = logits.length;
        double top = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            top = Math.max(top, z);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp((logits[i] - top) / temperature);
            sum += p[i];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] prob = p;
        Arrays.sort(order, (a, b) -> prob[a] != prob[b] ? Double.compare(prob[b], prob[a]) : Integer.compare(a, b));
        int kept = 0;
        double mass = 0;
        while (kept < n && (kept == 0 || mass < topP * sum)) {
            mass += p[order[kept]];
            kept++;
        }
        double u = rng.nextDouble() * mass;
        double acc = 0;
        for (int k = 0; k < kept; k++) {
            acc += p[order[k]];
            if (u < acc) {
                return order[k];
            }
        }
        return order[kept - 1];
    }

    /** The most probable level (the lowest one on a tie): sampling as the temperature goes to 0. */
    public static int greedy(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
