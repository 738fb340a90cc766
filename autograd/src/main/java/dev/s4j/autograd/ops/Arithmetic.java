package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.DType;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.BinaryKernels;
import dev.s4j.autograd.kernel.BinaryKernels.Op;
import dev.s4j.autograd.kernel.Broadcast;

/**
 * {@code + − × ÷} and negation with numpy broadcasting and dtype promotion.
 *
 * <p>Backward (conjugate-Wirtinger convention, see {@link dev.s4j.autograd.Backward}):
 * {@code a+b: (g, g)}, {@code a−b: (g, −g)}, {@code a·b: (g·b̄, g·ā)},
 * {@code a/b: (g/b̄, −(g/b̄)·conj(a/b))}; the engine sums each over broadcast axes.
 */
public final class Arithmetic {
    private Arithmetic() {
    }

    /** {@code a + b}. */
    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = compute(Op.ADD, "add", a, b);
        return Autograd.record("add", out, g -> new Tensor[] {g, g}, a, b);
    }

    /** {@code a − b}. */
    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = compute(Op.SUB, "sub", a, b);
        return Autograd.record("sub", out, g -> new Tensor[] {g, b.requiresGrad() ? g.neg() : null}, a, b);
    }

    /** {@code a · b}. */
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = compute(Op.MUL, "mul", a, b);
        return Autograd.record("mul", out, g -> new Tensor[] {
            a.requiresGrad() ? g.mul(b.conj()) : null,
            b.requiresGrad() ? g.mul(a.conj()) : null}, a, b);
    }

    /** {@code a / b}. */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = compute(Op.DIV, "div", a, b);
        return Autograd.record("div", out, g -> {
            Tensor ga = g.div(b.conj());
            return new Tensor[] {ga, b.requiresGrad() ? ga.mul(out.conj()).neg() : null};
        }, a, b);
    }

    /** {@code −a}. */
    public static Tensor neg(Tensor a) {
        Tensor out = compute(Op.SUB, "neg", Tensor.zeros(a.dtype().toReal()), a);
        return Autograd.record("neg", out, g -> new Tensor[] {g.neg()}, a);
    }

    private static Tensor compute(Op op, String name, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(a.shape(), b.shape(), name);
        DType dt = DType.promote(a.dtype(), b.dtype());
        Storage sa = a.dtype() == dt ? a.storage() : a.storage().convert(dt);
        Storage sb = b.dtype() == dt ? b.storage() : b.storage().convert(dt);
        Storage out = Storage.allocate(dt, Shape.numel(shape));
        Broadcast plan = Broadcast.plan(a.shape(), b.shape(), shape);
        if (out instanceof Storage.F32 o) {
            Storage.F32 x = (Storage.F32) sa;
            Storage.F32 y = (Storage.F32) sb;
            if (dt.isComplex()) {
                BinaryKernels.complex(op, plan, x.re, x.im, y.re, y.im, o.re, o.im);
            } else {
                BinaryKernels.real(op, plan, x.re, y.re, o.re);
            }
        } else {
            Storage.F64 o = (Storage.F64) out;
            Storage.F64 x = (Storage.F64) sa;
            Storage.F64 y = (Storage.F64) sb;
            if (dt.isComplex()) {
                BinaryKernels.complex(op, plan, x.re, x.im, y.re, y.im, o.re, o.im);
            } else {
                BinaryKernels.real(op, plan, x.re, y.re, o.re);
            }
        }
        return new Tensor(out, shape);
    }
}
