/**
 * The S4 layer and block (S4 §3.4, Appendix D): {@link dev.s4j.ssm.layer.FftConv} applies a kernel
 * as y = K̄ ∗ u + Du by FFT (causal or bidirectional, with state forwarding between chunks);
 * {@link dev.s4j.ssm.layer.S4Block} adds the activation, dropout and position-wise output map;
 * {@link dev.s4j.ssm.layer.BlockPlan} and {@link dev.s4j.ssm.layer.BlockStepper} run it one position
 * at a time.
 */
package dev.s4j.ssm.layer;
