/**
 * State space models: HiPPO matrices, the normal-plus-low-rank (NPLR) decomposition,
 * discretization, the LSSL, S4 and S4D convolution kernels, the S4 layer and block with their
 * recurrent (step) mode, and the deep sequence model backbone.
 */
package dev.s4j.ssm;
