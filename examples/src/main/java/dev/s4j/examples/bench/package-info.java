/**
 * {@code s4j bench}: kernel generation, S4 blocks, autoregressive generation and the LSSL-versus-S4
 * comparison, timed with medians over repetitions and printed as JSON lines that can be joined
 * with the official implementation's measurements. For microbenchmarks under JMH's rules see the
 * {@code benchmarks} module.
 */
package dev.s4j.examples.bench;
