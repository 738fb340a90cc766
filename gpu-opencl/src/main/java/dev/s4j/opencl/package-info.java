/**
 * The OpenCL backend of s4j ({@link dev.s4j.opencl.OpenClAccelerator}, through JOCL): the Cauchy
 * kernel of S4, the Vandermonde product of S4D, batched FFTs (radix-2 Stockham, Bluestein for
 * other lengths) and the fused FFT convolution, forward and backward, in float32 and float64.
 * Found through {@link java.util.ServiceLoader} when this module is on the class path; probed
 * against the CPU before use; the CPU runs every job the device declines or fails.
 */
package dev.s4j.opencl;
