package dev.s4j.autograd;

import dev.s4j.autograd.ops.Activations;
import dev.s4j.autograd.ops.Arithmetic;
import dev.s4j.autograd.ops.ComplexParts;
import dev.s4j.autograd.ops.Convert;
import dev.s4j.autograd.ops.CumSum;
import dev.s4j.autograd.ops.MatMul;
import dev.s4j.autograd.ops.Reductions;
import dev.s4j.autograd.ops.ShapeOps;
import dev.s4j.autograd.ops.UnaryMath;

/**
 * An n-dimensional array of FLOAT32 (default), FLOAT64, COMPLEX64 or COMPLEX128 values that can
 * take part in reverse-mode differentiation.
 *
 * <p>Tensors are immutable from the outside: every op returns a new tensor and never writes into
 * its inputs (a reshape may share storage with its input). Reductions take an explicit list of
 * axes; an empty list reduces nothing, and the no-argument forms ({@link #sum()}, {@link #mean()},
 * {@link #max()}, {@link #min()}) reduce everything. Binary ops broadcast like numpy and
 * promote dtypes ({@link DType#promote}); scalar arguments keep the tensor's precision.
 *
 * <pre>{@code
 * Generator gen = new Generator(0);
 * Tensor w = Tensor.randn(gen, 3, 4).requiresGrad(true);
 * Tensor loss = w.mul(w).sum();
 * loss.backward();
 * Tensor dw = w.grad();   // 2w
 * }</pre>
 */
public class Tensor {
    private final int[] shape;
    private final DType dtype;
    private final Storage storage;
    private boolean requiresGrad;
    private Node gradFn;
    private Tensor grad;

    /**
     * Wraps a storage as a tensor of the given shape (not copied). The storage's dtype is the
     * tensor's dtype; its length must equal the shape's element count.
     */
    public Tensor(Storage storage, int... shape) {
        int n = Shape.numel(shape);
        if (storage.length() != n) {
            throw new IllegalArgumentException("tensor: shape " + Shape.format(shape) + " needs " + n
                    + " elements but the storage holds " + storage.length());
        }
        this.shape = shape.clone();
        this.dtype = storage.dtype();
        this.storage = storage;
    }

    /** A leaf sharing {@code other}'s values (for subclasses such as parameters). */
    protected Tensor(Tensor other) {
        this(other.storage, other.shape);
    }

    // ---------------------------------------------------------------- creation

    /** Zeros of FLOAT32. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    /** Zeros of the given dtype. */
    public static Tensor zeros(DType dtype, int... shape) {
        return new Tensor(Storage.allocate(dtype, Shape.numel(shape)), shape);
    }

    /** Ones of FLOAT32. */
    public static Tensor ones(int... shape) {
        return full(1, DType.FLOAT32, shape);
    }

    /** Ones of the given dtype. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(1, dtype, shape);
    }

    /** Every element equal to {@code value} (real part; imaginary part 0). */
    public static Tensor full(double value, DType dtype, int... shape) {
        return TensorFill.full(value, dtype, shape);
    }

    /** A 0-d tensor. */
    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    /** With no shape given, array factories make a 1-d tensor of the array's length. */
    private static int[] oneDimensional(int length, int[] shape) {
        return shape.length == 0 ? new int[] {length} : shape;
    }

    /** A FLOAT32 tensor holding a copy of {@code data} in row-major order; no shape = 1-d. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(new Storage.F32(data.clone(), null), oneDimensional(data.length, shape));
    }

    /** A FLOAT64 tensor holding a copy of {@code data} in row-major order; no shape = 1-d. */
    public static Tensor of(double[] data, int... shape) {
        return new Tensor(new Storage.F64(data.clone(), null), oneDimensional(data.length, shape));
    }

    /** A COMPLEX64 tensor from copies of its real and imaginary parts; no shape = 1-d. */
    public static Tensor complex(float[] re, float[] im, int... shape) {
        return new Tensor(new Storage.F32(re.clone(), im.clone()), oneDimensional(re.length, shape));
    }

    /** A COMPLEX128 tensor from copies of its real and imaginary parts; no shape = 1-d. */
    public static Tensor complex(double[] re, double[] im, int... shape) {
        return new Tensor(new Storage.F64(re.clone(), im.clone()), oneDimensional(re.length, shape));
    }

    /** {@code re + i·im} as a differentiable op; the parts must be real and are promoted to a common precision. */
    public static Tensor complex(Tensor re, Tensor im) {
        return ComplexParts.complex(re, im);
    }

    /** {@code start, start + step, …} up to but excluding {@code end}. */
    public static Tensor arange(DType dtype, double start, double end, double step) {
        return TensorFill.arange(dtype, start, end, step);
    }

    /** {@code 0, 1, …, n − 1} as FLOAT32. */
    public static Tensor arange(int n) {
        return arange(DType.FLOAT32, 0, n, 1);
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(DType dtype, double start, double end, int steps) {
        return TensorFill.linspace(dtype, start, end, steps);
    }

    /** Standard normal FLOAT32 values drawn from {@code gen}. */
    public static Tensor randn(Generator gen, int... shape) {
        return randn(gen, DType.FLOAT32, shape);
    }

    /**
     * Normal values from {@code gen}: N(0, 1) for real dtypes; for complex dtypes real and
     * imaginary parts are each N(0, 1/2), so that E|z|² = 1 (as in PyTorch).
     */
    public static Tensor randn(Generator gen, DType dtype, int... shape) {
        return TensorFill.randn(gen, dtype, shape);
    }

    /** Uniform FLOAT32 values in [0, 1) drawn from {@code gen}. */
    public static Tensor rand(Generator gen, int... shape) {
        return uniform(gen, 0, 1, DType.FLOAT32, shape);
    }

    /** Uniform values in [lo, hi) from {@code gen} (both parts of a complex dtype). */
    public static Tensor uniform(Generator gen, double lo, double hi, DType dtype, int... shape) {
        return TensorFill.uniform(gen, lo, hi, dtype, shape);
    }

    // ---------------------------------------------------------------- metadata and values

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of one axis (negative counts from the end). */
    public int size(int axis) {
        return shape[Shape.axis(axis, shape.length, "size")];
    }

    /** Number of axes. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int numel() {
        return storage.length();
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** True for complex dtypes. */
    public boolean isComplex() {
        return dtype.isComplex();
    }

    /** The underlying storage (shared; see {@link Storage} for the rules on writing). */
    public Storage storage() {
        return storage;
    }

    /** The value of a one-element real tensor (for a complex one use {@code real().item()} and {@code imag().item()}). */
    public double item() {
        return TensorRead.item(this);
    }

    /** Real part of the element at {@code index} (one index per axis). */
    public double get(int... index) {
        return storage.re(TensorRead.flatIndex(shape, index));
    }

    /** Imaginary part of the element at {@code index} (0 for real tensors). */
    public double getImag(int... index) {
        return storage.im(TensorRead.flatIndex(shape, index));
    }

    /** Real parts as a new {@code double[]} in row-major order. */
    public double[] toDoubleArray() {
        return TensorRead.realParts(storage);
    }

    /** Imaginary parts as a new {@code double[]} (zeros for real tensors). */
    public double[] imagToDoubleArray() {
        return TensorRead.imaginaryParts(storage);
    }

    /** Real parts as a new {@code float[]} in row-major order. */
    public float[] toFloatArray() {
        return TensorRead.realPartsF32(storage);
    }

    // ---------------------------------------------------------------- autograd state

    /** True if gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as needing a gradient; returns {@code this}. */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: tensor produced by " + gradFn.describe()
                    + " is not a leaf; call detach() first");
        }
        this.requiresGrad = on;
        return this;
    }

    /** True if this tensor was not produced by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The recorded op that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** The accumulated gradient (leaves, and non-leaves after {@link #retainGrad}), or null. */
    public Tensor grad() {
        return grad;
    }

    /** Clears the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /** Keeps this non-leaf's gradient in {@link #grad()} during backward passes; returns {@code this}. */
    public Tensor retainGrad() {
        if (gradFn != null) {
            gradFn.retainOutput(this);
        }
        return this;
    }

    /** A tensor sharing these values with no graph history and no gradient requirement. */
    public Tensor detach() {
        return new Tensor(storage, shape);
    }

    /**
     * Backward from a real scalar: accumulates ∂this/∂leaf into every leaf's {@link #grad()} and
     * frees the graph. First-order only: the backward pass is not itself recorded.
     */
    public void backward() {
        Autograd.backward(this, null, false);
    }

    /** Backward with an upstream gradient of this tensor's shape; frees the graph. */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, false);
    }

    /** Backward with an optional upstream gradient (null for a scalar); keeps the graph if {@code retainGraph}. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient, retainGraph);
    }

    void attach(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    void accumulateGrad(Tensor g) {
        // a private copy: the incoming gradient may share storage with other gradients or the caller's tensor
        grad = grad == null ? new Tensor(g.storage().copy(), g.shape()) : grad.add(g).detach();
    }

    // ---------------------------------------------------------------- arithmetic (broadcasting)

    /** {@code this + other}, broadcast. */
    public Tensor add(Tensor other) {
        return Arithmetic.add(this, other);
    }

    /** {@code this + c}. */
    public Tensor add(double c) {
        return Arithmetic.add(this, scalarLike(c));
    }

    /** {@code this − other}, broadcast. */
    public Tensor sub(Tensor other) {
        return Arithmetic.sub(this, other);
    }

    /** {@code this − c}. */
    public Tensor sub(double c) {
        return Arithmetic.sub(this, scalarLike(c));
    }

    /** {@code this · other}, broadcast. */
    public Tensor mul(Tensor other) {
        return Arithmetic.mul(this, other);
    }

    /** {@code this · c}. */
    public Tensor mul(double c) {
        return Arithmetic.mul(this, scalarLike(c));
    }

    /** {@code this / other}, broadcast. */
    public Tensor div(Tensor other) {
        return Arithmetic.div(this, other);
    }

    /** {@code this / c}. */
    public Tensor div(double c) {
        return Arithmetic.div(this, scalarLike(c));
    }

    /** {@code −this}. */
    public Tensor neg() {
        return Arithmetic.neg(this);
    }

    private Tensor scalarLike(double c) {
        return scalar(c, dtype.toReal());
    }

    // ---------------------------------------------------------------- elementwise math

    /** e^x (complex: e^re·(cos im + i sin im)). */
    public Tensor exp() {
        return UnaryMath.exp(this);
    }

    /** Natural log (complex: principal branch). */
    public Tensor log() {
        return UnaryMath.log(this);
    }

    /** Square root (complex: principal branch). */
    public Tensor sqrt() {
        return UnaryMath.sqrt(this);
    }

    /** {@code this^p} for a real exponent (complex: principal branch). */
    public Tensor pow(double p) {
        return UnaryMath.pow(this, p);
    }

    /** 1 / x. */
    public Tensor reciprocal() {
        return UnaryMath.reciprocal(this);
    }

    /** |x|; for complex tensors the modulus, a real tensor. */
    public Tensor abs() {
        return ComplexParts.abs(this);
    }

    /** Complex conjugate (identity for real tensors). */
    public Tensor conj() {
        return ComplexParts.conj(this);
    }

    /** Real part, a real tensor (identity for real tensors). */
    public Tensor real() {
        return ComplexParts.real(this);
    }

    /** Imaginary part, a real tensor (zeros for real tensors). */
    public Tensor imag() {
        return ComplexParts.imag(this);
    }

    /** Argument atan2(im, re), a real tensor. */
    public Tensor angle() {
        return ComplexParts.angle(this);
    }

    /** Hyperbolic tangent (real). */
    public Tensor tanh() {
        return Activations.tanh(this);
    }

    /** Logistic sigmoid 1 / (1 + e^−x) (real). */
    public Tensor sigmoid() {
        return Activations.sigmoid(this);
    }

    /** max(x, 0) (real). */
    public Tensor relu() {
        return Activations.relu(this);
    }

    /** GELU, exact erf form: x·Φ(x) (real). */
    public Tensor gelu() {
        return Activations.gelu(this);
    }

    /** log(1 + e^x), computed stably (real). */
    public Tensor softplus() {
        return Activations.softplus(this);
    }

    /**
     * Converts to another dtype (differentiable; complex → real keeps the real part). Returns this
     * tensor itself when the dtype already matches, as PyTorch does.
     */
    public Tensor to(DType target) {
        return Convert.to(this, target);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements, a 0-d tensor. */
    public Tensor sum() {
        return Reductions.sum(this, Shape.all(rank()), false);
    }

    /** Sum over {@code axes}. */
    public Tensor sum(int[] axes, boolean keepDims) {
        return Reductions.sum(this, axes, keepDims);
    }

    /** Sum over one axis. */
    public Tensor sum(int axis) {
        return Reductions.sum(this, new int[] {axis}, false);
    }

    /** Mean of all elements, a 0-d tensor. */
    public Tensor mean() {
        return Reductions.mean(this, Shape.all(rank()), false);
    }

    /** Mean over {@code axes}. */
    public Tensor mean(int[] axes, boolean keepDims) {
        return Reductions.mean(this, axes, keepDims);
    }

    /** Largest element, a 0-d tensor (real). */
    public Tensor max() {
        return Reductions.max(this, Shape.all(rank()), false);
    }

    /** Maximum over {@code axes}; the gradient is shared among ties (real). */
    public Tensor max(int[] axes, boolean keepDims) {
        return Reductions.max(this, axes, keepDims);
    }

    /** Smallest element, a 0-d tensor (real). */
    public Tensor min() {
        return Reductions.min(this, Shape.all(rank()), false);
    }

    /** Minimum over {@code axes}; the gradient is shared among ties (real). */
    public Tensor min(int[] axes, boolean keepDims) {
        return Reductions.min(this, axes, keepDims);
    }

    /**
     * Variance over {@code axes}: Σ|x − mean|² / (n − correction). Use correction 1
     * for the unbiased estimate (PyTorch's default), 0 for the population variance. Real result.
     */
    public Tensor var(int[] axes, boolean keepDims, int correction) {
        return Reductions.var(this, axes, keepDims, correction);
    }

    /** Cumulative sum along {@code axis}. */
    public Tensor cumsum(int axis) {
        return CumSum.apply(this, axis);
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product with numpy semantics: (…, M, K) × (…, K, N) → (…, M, N), batch axes
     * broadcast; a 1-d operand is a vector. Real or complex.
     */
    public Tensor matmul(Tensor other) {
        return MatMul.apply(this, other);
    }

    // ---------------------------------------------------------------- shape

    /** Same values, new shape; one axis may be −1 (inferred). Shares storage. */
    public Tensor reshape(int... newShape) {
        return ShapeOps.reshape(this, newShape);
    }

    /** Reorders axes: output axis i is input axis {@code order[i]}. */
    public Tensor permute(int... order) {
        return ShapeOps.permute(this, order);
    }

    /** Swaps two axes. */
    public Tensor transpose(int axis0, int axis1) {
        return ShapeOps.transpose(this, axis0, axis1);
    }

    /** Elements {@code start, start + step, …} (excluding {@code end}) along {@code axis}; negative bounds count from the end. */
    public Tensor slice(int axis, int start, int end, int step) {
        return ShapeOps.slice(this, axis, start, end, step);
    }

    /** Elements {@code [start, end)} along {@code axis}. */
    public Tensor slice(int axis, int start, int end) {
        return ShapeOps.slice(this, axis, start, end, 1);
    }

    /** The sub-tensor at {@code index} along {@code axis}, with that axis removed. */
    public Tensor select(int axis, int index) {
        return ShapeOps.select(this, axis, index);
    }

    /** Picks {@code indices} (may repeat) along {@code axis}. */
    public Tensor indexSelect(int axis, int... indices) {
        return ShapeOps.indexSelect(this, axis, indices);
    }

    /** Broadcasts to {@code newShape} (numpy rules), materialized. */
    public Tensor expand(int... newShape) {
        return ShapeOps.expand(this, newShape);
    }

    /** Inserts an axis of size 1 at {@code axis}. */
    public Tensor unsqueeze(int axis) {
        return ShapeOps.unsqueeze(this, axis);
    }

    /** Removes axis {@code axis}, which must have size 1. */
    public Tensor squeeze(int axis) {
        return ShapeOps.squeeze(this, axis);
    }

    /** Pads {@code axis} with {@code before} zeros in front and {@code after} zeros behind. */
    public Tensor pad(int axis, int before, int after) {
        return ShapeOps.pad(this, axis, before, after);
    }

    /** Reverses the order of elements along {@code axes} (none given: unchanged). */
    public Tensor flip(int... axes) {
        return ShapeOps.flip(this, axes);
    }

    /** Joins tensors along an existing axis (dtypes promoted). */
    public static Tensor cat(int axis, Tensor... tensors) {
        return ShapeOps.cat(axis, tensors);
    }

    /** Joins tensors of equal shape along a new axis. */
    public static Tensor stack(int axis, Tensor... tensors) {
        return ShapeOps.stack(axis, tensors);
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
