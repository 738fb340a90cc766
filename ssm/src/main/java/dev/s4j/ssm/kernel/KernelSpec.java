package dev.s4j.ssm.kernel;

import dev.s4j.autograd.Generator;

/**
 * The configuration of one kind of SSM kernel: {@link NplrSpec} (S4), {@link DiagonalSpec} (S4D)
 * or {@link DenseSpec} (LSSL). Specs are immutable; change a field with its {@code with…} method.
 */
public sealed interface KernelSpec permits NplrSpec, DiagonalSpec, DenseSpec {

    /** N: the state size. */
    int stateSize();

    /** Real precision of the parameters: FLOAT32 or FLOAT64 (complex ones are of the matching complex type). */
    dev.s4j.autograd.DType dtype();

    /** A kernel with H = {@code width} state spaces and C = {@code channels} output channels, initialized from {@code gen}. */
    SsmKernel build(int width, int channels, Generator gen);
}
