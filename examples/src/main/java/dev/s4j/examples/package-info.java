/**
 * The {@code s4j} command line: datasets, the training loop, checkpoints and plots.
 */
package dev.s4j.examples;
