/**
 * Modules: a named tree of parameters and buffers with a state dict, and the basic layers
 * (linear, layer and batch norm, dropout, activations).
 */
package dev.s4j.autograd.nn;
