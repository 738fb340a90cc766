/**
 * Reading and writing tensors: {@link dev.s4j.autograd.io.Safetensors} files (the format of
 * Hugging Face's safetensors, loadable from PyTorch) and {@link dev.s4j.autograd.io.AtomicFiles}
 * for writes that never leave a half-written file behind.
 */
package dev.s4j.autograd.io;
