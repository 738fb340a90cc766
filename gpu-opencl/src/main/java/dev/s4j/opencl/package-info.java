/**
 * An OpenCL implementation of {@code dev.s4j.autograd.accel.Accelerator} for the Cauchy and FFT
 * stages, discovered through {@link java.util.ServiceLoader}; the CPU remains the fallback.
 */
package dev.s4j.opencl;
