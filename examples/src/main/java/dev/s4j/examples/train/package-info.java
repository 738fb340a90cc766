/**
 * Training from code or the command line: configs, the {@link dev.s4j.examples.train.Trainer}
 * loop, checkpoints, the run directory and its plots.
 */
package dev.s4j.examples.train;
