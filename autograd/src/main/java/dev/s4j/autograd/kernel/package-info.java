/**
 * Raw loops over storage planes behind the ops: broadcasting, reductions, GEMM, FFT rows and the
 * Cauchy kernel, with Vector API variants used when the incubator module is present. Not part of
 * the stable API.
 */
package dev.s4j.autograd.kernel;
