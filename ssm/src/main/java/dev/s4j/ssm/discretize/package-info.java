/**
 * From the continuous x' = Ax + Bu to the discrete x_k = Āx_{k−1} + B̄u_k (LSSL §2, S4 §2.3):
 * the generalized bilinear transform and ZOH for dense ({@link dev.s4j.ssm.discretize.DenseDiscretizer})
 * and diagonal ({@link dev.s4j.ssm.discretize.DiagonalDiscretizer}) state matrices, the step size
 * Δ = exp(log Δ) ({@link dev.s4j.ssm.discretize.Timescale}), and how a parameter becomes Re λ
 * ({@link dev.s4j.ssm.discretize.RealTransform}).
 */
package dev.s4j.ssm.discretize;
