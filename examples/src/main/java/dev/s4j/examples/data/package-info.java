/**
 * Sequence tasks and their data: sequential (permuted) MNIST and Fashion-MNIST from IDX files or
 * the bundled sample, synthetic long-range tasks generated from a seed, and synthesized speech.
 */
package dev.s4j.examples.data;
