/**
 * Autoregressive generation (S4 §4.3): digits completed or drawn pixel by pixel through the
 * recurrent view ({@link dev.s4j.examples.gen.Completer}), with temperature and nucleus sampling
 * ({@link dev.s4j.examples.gen.Sampler}), on a PNG sheet ({@link dev.s4j.examples.gen.Generation}).
 */
package dev.s4j.examples.gen;
