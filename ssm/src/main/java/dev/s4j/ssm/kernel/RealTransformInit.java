package dev.s4j.ssm.kernel;

import dev.s4j.ssm.discretize.RealTransform;

/**
 * Initial real parts of the eigenvalues. LegT and FouT have Re λ = 0 exactly, which EXP (a = log(−Re λ))
 * and RELU cannot represent and which puts a pole on the point z = 0 of S4's kernel; such
 * values start at a slight damping, Re λ = −1e-4 (as the official S4 implementation does).
 */
final class RealTransformInit {
    static final double MAX_REAL = -1e-4;

    private RealTransformInit() {
    }

    static double damped(double re, RealTransform transform) {
        return transform == RealTransform.NONE ? re : Math.min(re, MAX_REAL);
    }
}
