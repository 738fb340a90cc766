package dev.s4j.ssm.kernel;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.OptimHints;
import dev.s4j.autograd.nn.Parameter;
import dev.s4j.autograd.ops.Cauchy;
import dev.s4j.autograd.ops.Fft;
import dev.s4j.autograd.ops.Linalg;
import dev.s4j.ssm.discretize.DenseDiscretizer;
import dev.s4j.ssm.discretize.Discretization;
import dev.s4j.ssm.discretize.Timescale;
import dev.s4j.ssm.hippo.Hippo;
import dev.s4j.ssm.hippo.Nplr;

/**
 * The S4 kernel: Algorithm 1 of arXiv 2111.00396 for A = Λ − P P* (conjugate pairs halved).
 * With the bilinear transform and ω on the L-th roots of unity, the truncated generating
 * function of K̄ is
 * <pre>
 *   K̂(ω) = C̃ (I − Āω)⁻¹ B̄ = 2/(1+ω) · C̃ (g(ω) − A)⁻¹ B,   g(ω) = (2/Δ)(1 − ω)/(1 + ω)
 * </pre>
 * where the learned C̃ = C(I − Ā^L) absorbs the truncation (§3.2). The steps:
 * <ol>
 *   <li>Cauchy sums {@code k_ab(ω) = Σ_n a_n b_n / (g(ω) − λ_n)} for a ∈ {C̃, P̄}, b ∈ {B, P},
 *       computed as {@code Σ Δ a b / (z − Δλ)} with z = 2(1−ω)/(1+ω) = 2i·tan(πl/L) by the fused
 *       {@link Cauchy} op, conjugate partners included (§3.3, Lemma C.3);</li>
 *   <li>Woodbury: {@code C̃(g − A)⁻¹B = k_{C̃B} − k_{C̃P}(I + k_{P̄P})⁻¹k_{P̄B}} (Lemma C.2);</li>
 *   <li>the factor 2/(1+ω) = 1 + i·tan(πl/L), and at ω = −1 (even L) the exact limit
 *       {@code K̂(−1) = Δ·Re Σ_n C̃_n B_n}, where z itself is infinite;</li>
 *   <li>K̄ = inverse real FFT over the L/2 + 1 non-negative frequencies.</li>
 * </ol>
 * O(N + L) memory per channel for forward and backward. C̃ is tied to a length L_max (buffer
 * {@code l_max}): a fresh kernel takes the first length it is used at ({@link #DEFAULT_LENGTH} if
 * that is in step mode) — under the {@link InitConvention#OFFICIAL} convention a fresh kernel holds
 * the raw C instead and converts it to C̃ = C(I − Ā^L) there, as the official code does (step mode
 * then uses the raw C as it is) — a longer kernel first doubles L_max with C̃ ← C̃(I + Ā^{L_max}), a
 * shorter one is the truncation, and a rate ρ ≠ 1 converts C̃ to the new Δ exactly. Parameters: {@code log_dt (H)}, {@code lambda_re (H, N/2)}, {@code lambda_im (H, N/2)},
 * {@code P (r, H, N/2)}, {@code B (H, N/2)}, {@code C (C, H, N/2)} (= C̃).
 */
public final class NplrKernel extends KernelModule {
    private final NplrSpec spec;
    private final int rank;
    private final Parameter logDt;
    private final Parameter lambdaRe;
    private final Parameter lambdaIm;
    private final Parameter p;
    private final Parameter b;
    private final Parameter cTilde;
    private final Tensor lMax;

    /** The length a kernel is tied to when step mode is set up before any convolution. */
    public static final int DEFAULT_LENGTH = 1024;
    /** The official code's clip of Im B̃ at initialization ({@code B_clip}). */
    static final double OFFICIAL_B_CLIP = 2.0;
    /** The official code's least |Im λ| at initialization (its {@code inv_transform} clamp). */
    static final double OFFICIAL_MIN_IMAG = 1e-4;

    NplrKernel(NplrSpec spec, int width, int channels, Generator gen) {
        super("NplrKernel", width, channels);
        this.spec = spec;
        int n = spec.stateSize();
        Hippo.Matrices m = Hippo.of(spec.measure(), n);
        Nplr nplr = Nplr.decompose(m.a(), m.b(), Hippo.lowRank(spec.measure(), n, 1.0));
        if (spec.initConvention() == InitConvention.OFFICIAL) {
            nplr = nplr.officialBasis(OFFICIAL_B_CLIP);
        }
        this.rank = nplr.rank();
        int modes = n / 2;
        DType real = spec.dtype();
        DType complex = real.toComplex();
        OptimHints ssm = new OptimHints(spec.ssmLearningRate(), 0.0);
        Tensor re = Tensor.zeros(real, width, modes);
        Tensor im = Tensor.zeros(real, width, modes);
        Tensor pInit = Tensor.zeros(complex, rank, width, modes);
        Tensor bInit = Tensor.zeros(complex, width, modes);
        for (int h = 0; h < width; h++) {
            for (int k = 0; k < modes; k++) {
                int at = h * modes + k;
                re.storage().setRe(at, spec.realTransform().inverse(RealTransformInit.damped(nplr.lambdaRe()[k], spec.realTransform())));
                im.storage().setRe(at, spec.initConvention() == InitConvention.OFFICIAL
                        ? Math.max(nplr.lambdaIm()[k], OFFICIAL_MIN_IMAG) : nplr.lambdaIm()[k]);
                bInit.storage().setRe(at, nplr.bRe()[k]);
                bInit.storage().setIm(at, nplr.bIm()[k]);
                for (int j = 0; j < rank; j++) {
                    pInit.storage().setRe(j * width * modes + at, nplr.pRe()[j][k]);
                    pInit.storage().setIm(j * width * modes + at, nplr.pIm()[j][k]);
                }
            }
        }
        this.logDt = logDtParameter(gen, spec.dtMin(), spec.dtMax(), real, ssm);
        this.lambdaRe = parameter("lambda_re", re).optimHints(ssm);
        this.lambdaIm = parameter("lambda_im", im).optimHints(ssm);
        this.p = parameter("P", pInit).optimHints(ssm);
        this.b = parameter("B", bInit).optimHints(ssm);
        this.cTilde = parameter("C", Tensor.randn(gen, complex, channels, width, modes));
        this.lMax = buffer("l_max", Tensor.zeros(DType.FLOAT64, 1));
    }

    /** Rank r of the low-rank term. */
    public int rank() {
        return rank;
    }

    /** The length C̃ is tied to (0 before first use). */
    public int maxLength() {
        return (int) lMax.storage().re(0);
    }

    /** Λ (H, N/2) complex, with Re λ from the real-part transform. */
    public Tensor lambda() {
        return Tensor.complex(spec.realTransform().apply(lambdaRe), lambdaIm);
    }

    @Override
    Tensor kernelOfLength(int length, double rate) {
        reachLength(length);
        Tensor dt = Timescale.dt(logDt, rate);
        if (rate == 1) {
            int l = maxLength();
            Tensor k = generatingKernel(cTilde, dt, l);
            return l == length ? k : k.slice(-1, 0, length);
        }
        // C̃ belongs to Δ and L_max: recover C, then build C̃ for ρΔ and this length
        Tensor c = NplrDense.outputFromTilde(cTilde, NplrDense.transition(lambda(), p, Timescale.dt(logDt, 1)), maxLength());
        Tensor retargeted = NplrDense.tildeFromOutput(c, NplrDense.transition(lambda(), p, dt), length);
        return generatingKernel(retargeted.to(cTilde.dtype()), dt, length);
    }

    /**
     * Ties C̃ to a length of at least {@code length}. A kernel never used before is tied to its
     * first length as it is (C̃ is a random initialization either way); afterwards L_max doubles
     * with C̃ ← C̃(I + Ā^{L_max}) until it is long enough, which keeps the output matrix C that C̃
     * stands for.
     */
    private void reachLength(int length) {
        int current = maxLength();
        if (current >= length) {
            return;
        }
        if (current == 0) {
            if (holdsRawOutput()) {                                      // the official convention: C̃ = C(I − Ā^L) at first use
                setOutputMatrix(cTilde.detach(), length);
            } else {
                setMaxLength(length);
            }
            return;
        }
        try (var off = Grad.disabled()) {
            Tensor aBar = NplrDense.transition(lambda(), p, Timescale.dt(logDt, 1));
            Tensor updated = cTilde;
            int target = current;
            while (target < length) {
                updated = NplrDense.rowTimes(updated, NplrDense.identityPlus(NplrDense.power(aBar, target), 1));
                target *= 2;
            }
            cTilde.assign(updated.to(cTilde.dtype()));
            setMaxLength(target);
        }
    }

    /**
     * Sets the output matrix from a raw C (C, H, N/2) — the form the official code keeps until its
     * first forward pass — by storing C̃ = C(I − Ā^L) tied to {@code length} (S4 Appendix C.3).
     */
    public void setOutputMatrix(Tensor c, int length) {
        checkLength(length);
        if (!java.util.Arrays.equals(c.shape(), cTilde.shape())) {
            throw new IllegalArgumentException("NplrKernel: C must be " + dev.s4j.autograd.Shape.format(cTilde.shape()) + ", got "
                    + dev.s4j.autograd.Shape.format(c.shape()));
        }
        try (var off = Grad.disabled()) {
            Tensor aBar = NplrDense.transition(lambda(), p, Timescale.dt(logDt, 1));
            cTilde.assign(NplrDense.tildeFromOutput(c.to(aBar.dtype()), aBar, length).to(cTilde.dtype()));
            setMaxLength(length);
        }
    }

    private void setMaxLength(int length) {
        lMax.storage().setRe(0, length);
        lMax.storage().markModified();
    }

    /**
     * The definition that {@link #kernel(int)} computes fast: K̄_ℓ = C Ā^ℓ B̄ for ℓ = 0 … L − 1
     * (S4 eq. 4–5), with the bilinear Ā, B̄ of A = Λ − PP* on the full basis (both members of every
     * conjugate pair), in complex128 by L matrix–vector products: O(N²·L) per state space, for
     * reading and for tests. C is the output matrix that C̃ stands for (as {@code kernel} would tie
     * a kernel never used, to this length). Changes nothing.
     *
     * @return (C, H, L) float64
     */
    public Tensor naiveKernel(int length) {
        try (var off = Grad.disabled()) {
            Tensor a = NplrDense.stateMatrix(lambda(), p);                                   // A (H, N, N)
            DenseDiscretizer.Discrete d = DenseDiscretizer.discretize(a, NplrDense.full(b.to(DType.COMPLEX128)),
                    Timescale.dt(logDt, 1).to(DType.FLOAT64), Discretization.BILINEAR);       // Ā (H, N, N), B̄ (H, N)
            Tensor c = holdsRawOutput() ? cTilde
                    : NplrDense.outputFromTilde(cTilde, d.aBar(), maxLength() == 0 ? length : maxLength());
            Tensor cFull = NplrDense.full(c.to(DType.COMPLEX128));                           // C (C, H, N)
            Tensor x = d.bBar().unsqueeze(-1);                                               // Ā^ℓ B̄ (H, N, 1)
            Tensor[] k = new Tensor[length];
            for (int l = 0; l < length; l++) {
                k[l] = cFull.mul(x.squeeze(-1)).sum(-1).real();                             // C Ā^ℓ B̄ (C, H)
                x = d.aBar().matmul(x);
            }
            return Tensor.stack(2, k);
        }
    }

    /**
     * K̄ (C, H, L) from C̃ by Algorithm 1 of the S4 paper, in its steps: the evaluation points, the
     * four Cauchy sums, the Woodbury correction, the Nyquist limit, the inverse FFT.
     */
    private Tensor generatingKernel(Tensor ct, Tensor dt, int length) {
        Points at = evaluationPoints(length, ct.dtype());
        Tensor r = cauchySums(ct, dt, at.z());                             // (C + r, 1 + r, H, F)
        Tensor spectrum = woodbury(r, ct.dtype()).mul(at.weight());       // (C, H, F)
        if (length % 2 == 0) {
            spectrum = Tensor.cat(-1, spectrum, nyquist(ct, dt));
        }
        return Fft.irfft(spectrum, length);
    }

    /**
     * Where Algorithm 1 evaluates the generating function, at the roots of unity ω_l = e^{−2πil/L}
     * with l = 0 … ⌊(L−1)/2⌋ (the rest are conjugates; ω = −1 is {@link #nyquist}'s):
     *
     * @param z      Δ·g(ω) = 2(1−ω)/(1+ω) = 2i·tan(πl/L): the bilinear transform's g(ω) = (2/Δ)(1−ω)/(1+ω), times Δ
     *               (the sums divide by z − Δλ)
     * @param weight 2/(1+ω) = 1 + i·tan(πl/L), the bilinear transform's factor in front of C̃(g − A)⁻¹B
     */
    private record Points(Tensor z, Tensor weight) {
    }

    private static Points evaluationPoints(int length, DType complex) {
        int points = length % 2 == 0 ? length / 2 : (length + 1) / 2;     // frequencies 0 … ⌊L/2⌋, Nyquist apart
        double[] zIm = new double[points];
        double[] wIm = new double[points];
        double[] ones = new double[points];
        for (int l = 0; l < points; l++) {
            double t = Math.tan(Math.PI * l / length);
            zIm[l] = 2 * t;
            wIm[l] = t;
            ones[l] = 1;
        }
        return new Points(Tensor.complex(new double[points], zIm).to(complex), Tensor.complex(ones, wIm).to(complex));
    }

    /**
     * The four Cauchy sums of Algorithm 1 (S4 Lemma C.3), k_ab(ω) = Σ_n Δ a_n b_n / (z(ω) − Δλ_n)
     * over both members of every conjugate pair, for a ∈ {C̃, P̄} and b ∈ {B, P}, by the fused
     * {@link Cauchy} op: (C + r, 1 + r, H, F).
     */
    private Tensor cauchySums(Tensor ct, Tensor dt, Tensor z) {
        Tensor dtCol = dt.unsqueeze(-1);                                   // (H, 1)
        Tensor w = lambda().mul(dtCol);                                  // Δλ (H, M)
        Tensor left = Tensor.cat(0, ct, p.conj());                       // [C̃; P̄] (C + r, H, M)
        Tensor right = Tensor.cat(0, b.unsqueeze(0), p);                 // [B; P] (1 + r, H, M)
        Tensor v = left.unsqueeze(1).mul(right.unsqueeze(0)).mul(dtCol); // (C + r, 1 + r, H, M)
        return Cauchy.apply(v, z, w, true);
    }

    /**
     * The Woodbury correction for the low-rank term (S4 Lemma C.2):
     * C̃(z − A)⁻¹B = k_C̃B − k_C̃P (I + k_P̄P)⁻¹ k_P̄B, a scalar division for rank 1 and an r × r
     * solve per (h, ω) otherwise: (C, H, F).
     */
    private Tensor woodbury(Tensor r, DType complex) {
        Tensor k00 = r.slice(0, 0, channels).select(1, 0);               // k_C̃B (C, H, F)
        Tensor k01 = r.slice(0, 0, channels).slice(1, 1, 1 + rank);      // k_C̃P (C, r, H, F)
        Tensor k10 = r.slice(0, channels, channels + rank).select(1, 0); // k_P̄B (r, H, F)
        Tensor k11 = r.slice(0, channels, channels + rank).slice(1, 1, 1 + rank);   // k_P̄P (r, r, H, F)
        if (rank == 1) {
            return k00.sub(k01.select(1, 0).mul(k10.select(0, 0)).div(k11.select(0, 0).select(0, 0).add(1)));
        }
        Tensor eye = DenseDiscretizer.identity(rank, DType.FLOAT64).to(complex).reshape(rank, rank, 1, 1);
        Tensor system = k11.add(eye).permute(2, 3, 0, 1);               // I + k_P̄P (H, F, r, r)
        Tensor sol = Linalg.solve(system, k10.permute(1, 2, 0).unsqueeze(-1)).squeeze(-1).permute(2, 0, 1);   // (r, H, F)
        return k00.sub(k01.mul(sol.unsqueeze(0)).sum(1));
    }

    /**
     * The Nyquist frequency ω = −1 of an even L, where z is infinite: the exact limit
     * K̂(−1) = (Δ/2)·Σ over both members of every pair of C̃B = Δ·Re Σ_n C̃_n B_n, (C, H, 1).
     */
    private Tensor nyquist(Tensor ct, Tensor dt) {
        return ct.mul(b).sum(-1).real().mul(dt).unsqueeze(-1);
    }

    /** Whether C holds the raw output matrix (a kernel of the official convention never used), not C̃. */
    private boolean holdsRawOutput() {
        return maxLength() == 0 && spec.initConvention() == InitConvention.OFFICIAL;
    }

    @Override
    public Recurrence recurrence(double rate) {
        if (maxLength() == 0 && !holdsRawOutput()) {
            reachLength(DEFAULT_LENGTH);   // a kernel never used before is tied to a default length (C̃ itself unchanged)
        }
        try (var off = Grad.disabled()) {
            Tensor c = holdsRawOutput() ? cTilde.detach()
                    : NplrDense.outputFromTilde(cTilde, NplrDense.transition(lambda(), p, Timescale.dt(logDt, 1)), maxLength());
            return new NplrRecurrence(lambda(), p, b, c, Timescale.dt(logDt, rate));
        }
    }

    @Override
    public void prepare(int length) {
        reachLength(length);
    }
}
