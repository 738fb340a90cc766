/**
 * HiPPO operators and their normal-plus-low-rank form (LSSL §3 / HiPPO; S4 §3.1, Theorem 1):
 * {@link dev.s4j.ssm.hippo.Hippo} builds A and B of the LegS, LegT, LagT and FouT measures in
 * float64, {@link dev.s4j.ssm.hippo.Nplr} writes A = V(Λ − P̃P̃*)V* with V unitary (and, for the
 * official initialization, in the basis the official code gets with B̃ clipped).
 */
package dev.s4j.ssm.hippo;
