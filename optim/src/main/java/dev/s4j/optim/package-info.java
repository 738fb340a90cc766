/**
 * Optimizers over parameter groups (SGD, Adam, AdamW) that update complex parameters as
 * (re, im) pairs, learning-rate schedules and gradient clipping.
 */
package dev.s4j.optim;
