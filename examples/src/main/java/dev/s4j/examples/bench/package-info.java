/**
 * {@code s4j bench}: kernel generation, S4 blocks, autoregressive generation and the LSSL-versus-S4
 * comparison, timed with medians over repetitions and printed as JSON lines that can be joined
 * with the official implementation's measurements ({@code benchmarks/tools/official_bench.py}
 * produces those, {@code benchmarks/tools/side_by_side.py} joins the two). For microbenchmarks
 * under JMH's rules see the {@code benchmarks} module.
 */
package dev.s4j.examples.bench;
