package dev.s4j.ssm.kernel;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.ComplexRows;
import dev.s4j.autograd.kernel.LuSolve;
import dev.s4j.autograd.kernel.StepKernels;

/**
 * Step mode of S4 (arXiv 2111.00396, §3.3, Lemma C.2): the bilinear step
 * {@code x ← (I − Δ/2·A)⁻¹[(I + Δ/2·A)x + ΔBu]} for A = Λ − PP*, applied in O(N·r) with the
 * Woodbury identity {@code (I − Δ/2·A)⁻¹ = D − D P' K⁻¹ P* D}, where
 * {@code D = (I − Δ/2 Λ)⁻¹}, {@code P' = Δ/2 P} and {@code K = I + P* D P'}:
 * <pre>
 *   s  = P* x
 *   z  = E x − F s + G u          E = D (I + Δ/2 Λ),  F = D P',  G = Δ D B     (z = D (I + Δ/2 A) x + D Δ B u)
 *   x ← z − F K⁻¹ (P* z)
 * </pre>
 * with E, F, G and K⁻¹ computed once, on the stored half of the basis. The conjugate partners are
 * implicit: an inner product over the full basis, such as P*x, is 2 Re of the sum over the stored
 * half. Output y_k = 2 Re Σ C x.
 *
 * <p>A step reads the state once and writes it once: every inner product it needs is one of x,
 * since P*z = P*E x + (P*G) u − (P*F) s and C x_new = C E x + (C G) u − (C F)(s + τ), with the
 * vectors E*P and C E and the small matrices P*G, P*F, C G and C F computed once; then
 * {@code x ← E x + G u − F (s + τ)}.
 */
final class NplrRecurrence extends AbstractRecurrence {
    private final int modes;
    private final int rank;
    private final double[] kInv;
    private final ComplexRows pRows;  // P, (r, H, M)
    private final ComplexRows qRows;  // conj(E) P: Re Σ conj(q) x = Re Σ conj(p) E x, (r, H, M)
    private final ComplexRows ceRows; // C E, (C, H, M)
    private final ComplexRows eRows;  // E, (H, M)
    private final ComplexRows gRows;  // G, (H, M)
    private final ComplexRows fRows;  // F, (r, H, M)
    private final double[] pg;       // 2 Re Σ conj(P_j) G, (H, r)
    private final double[] pf;       // 2 Re Σ conj(P_j) F_i, (H, r, r)
    private final double[] cg;       // 2 Re Σ C G, (C, H)
    private final double[] cf;       // 2 Re Σ C F_i, (C, H, r)

    /**
     * @param lambda Λ (H, M)
     * @param p      P (r, H, M)
     * @param b      B (H, M)
     * @param c      C (C, H, M), the output matrix (not C̃)
     * @param dt     Δ (H)
     */
    NplrRecurrence(Tensor lambda, Tensor p, Tensor b, Tensor c, Tensor dt) {
        super(lambda.size(0), c.size(0), lambda.size(1), true);
        this.modes = lambda.size(1);
        this.rank = p.size(0);
        double[] lRe = Kernels.re(lambda);
        double[] lIm = Kernels.im(lambda);
        double[] bRe = Kernels.re(b);
        double[] bIm = Kernels.im(b);
        double[] delta = Kernels.re(dt);
        double[] pRe = Kernels.re(p);
        double[] pIm = Kernels.im(p);
        double[] cRe = Kernels.re(c);
        double[] cIm = Kernels.im(c);
        int hm = width * modes;
        double[] eRe = new double[hm];
        double[] eIm = new double[hm];
        double[] gRe = new double[hm];
        double[] gIm = new double[hm];
        double[] fRe = new double[rank * hm];
        double[] fIm = new double[rank * hm];
        this.kInv = new double[width * rank * rank];
        Storage woodbury = Storage.allocate(DType.FLOAT64, width * rank * rank);   // I + P*·F per state space (H, r, r)
        double[] dRe = new double[modes];
        double[] dIm = new double[modes];
        for (int h = 0; h < width; h++) {
            double half = delta[h] / 2;
            for (int n = 0; n < modes; n++) {
                int at = h * modes + n;
                // d = 1/(1 − Δ/2·λ)
                double xr = 1 - half * lRe[at];
                double xi = -half * lIm[at];
                double den = xr * xr + xi * xi;
                dRe[n] = xr / den;
                dIm[n] = -xi / den;
                // e = d (1 + Δ/2·λ), g = Δ d b
                double ar = 1 + half * lRe[at];
                double ai = half * lIm[at];
                eRe[at] = dRe[n] * ar - dIm[n] * ai;
                eIm[at] = dRe[n] * ai + dIm[n] * ar;
                gRe[at] = delta[h] * (dRe[n] * bRe[at] - dIm[n] * bIm[at]);
                gIm[at] = delta[h] * (dRe[n] * bIm[at] + dIm[n] * bRe[at]);
                // f_j = d Δ/2 p_j
                for (int j = 0; j < rank; j++) {
                    int pj = j * hm + at;
                    fRe[pj] = half * (dRe[n] * pRe[pj] - dIm[n] * pIm[pj]);
                    fIm[pj] = half * (dRe[n] * pIm[pj] + dIm[n] * pRe[pj]);
                }
            }
            // K = I + P*·F (full basis: 2 Re of the half sums), inverted below for every h at once
            for (int i = 0; i < rank; i++) {
                for (int j = 0; j < rank; j++) {
                    double sum = 0;
                    for (int n = 0; n < modes; n++) {
                        int pi = i * hm + h * modes + n;
                        int pj = j * hm + h * modes + n;
                        sum += pRe[pi] * fRe[pj] + pIm[pi] * fIm[pj];
                    }
                    woodbury.setRe((h * rank + i) * rank + j, (i == j ? 1 : 0) + 2 * sum);
                }
            }
        }
        invertWoodbury(woodbury);
        double[] qRe = new double[rank * hm];
        double[] qIm = new double[rank * hm];
        this.pg = new double[width * rank];
        this.pf = new double[width * rank * rank];
        for (int j = 0; j < rank; j++) {
            for (int at = 0; at < hm; at++) {
                int pj = j * hm + at;
                qRe[pj] = eRe[at] * pRe[pj] + eIm[at] * pIm[pj];
                qIm[pj] = eRe[at] * pIm[pj] - eIm[at] * pRe[pj];
            }
            for (int h = 0; h < width; h++) {
                pg[h * rank + j] = 2 * realDot(pRe, pIm, j * hm + h * modes, gRe, gIm, h * modes, modes);
                for (int i = 0; i < rank; i++) {
                    pf[(h * rank + j) * rank + i] = 2 * realDot(pRe, pIm, j * hm + h * modes, fRe, fIm, i * hm + h * modes, modes);
                }
            }
        }
        double[] ceRe = new double[channels * hm];
        double[] ceIm = new double[channels * hm];
        this.cg = new double[channels * width];
        this.cf = new double[channels * width * rank];
        for (int ch = 0; ch < channels; ch++) {
            for (int at = 0; at < hm; at++) {
                int cp = ch * hm + at;
                ceRe[cp] = cRe[cp] * eRe[at] - cIm[cp] * eIm[at];
                ceIm[cp] = cRe[cp] * eIm[at] + cIm[cp] * eRe[at];
            }
            for (int h = 0; h < width; h++) {
                int c0 = ch * hm + h * modes;
                cg[ch * width + h] = 2 * realProduct(cRe, cIm, c0, gRe, gIm, h * modes, modes);
                for (int i = 0; i < rank; i++) {
                    cf[(ch * width + h) * rank + i] = 2 * realProduct(cRe, cIm, c0, fRe, fIm, i * hm + h * modes, modes);
                }
            }
        }
        boolean compact = !lambda.dtype().isDoublePrecision();
        this.pRows = rows(pRe, pIm, compact);
        this.qRows = rows(qRe, qIm, compact);
        this.ceRows = rows(ceRe, ceIm, compact);
        this.eRows = rows(eRe, eIm, compact);
        this.gRows = rows(gRe, gIm, compact);
        this.fRows = rows(fRe, fIm, compact);
    }

    /** (R, H, M) coefficients as mode-major rows, (R, M, H). */
    private ComplexRows rows(double[] re, double[] im, boolean compact) {
        return ComplexRows.of(Kernels.modeMajor(re, width, modes), Kernels.modeMajor(im, width, modes), modes, width, compact);
    }

    /** kInv ← (I + P*·F)⁻¹ for every state space, by LU solves against the identity. */
    private void invertWoodbury(Storage woodbury) {
        Storage eye = Storage.allocate(DType.FLOAT64, width * rank * rank);
        for (int h = 0; h < width; h++) {
            for (int i = 0; i < rank; i++) {
                eye.setRe((h * rank + i) * rank + i, 1);
            }
        }
        Storage inv = Storage.allocate(DType.FLOAT64, width * rank * rank);
        try {
            LuSolve.solve(woodbury, eye, inv, width, rank, rank);
        } catch (ArithmeticException e) {
            throw new ArithmeticException("S4 step: the Woodbury matrix I + P*DP' is singular (" + e.getMessage() + ")");
        }
        for (int i = 0; i < kInv.length; i++) {
            kInv[i] = inv.re(i);
        }
    }

    @Override
    public boolean singlePrecisionState() {
        return eRows.isCompact();
    }

    @Override
    public void step(double[] u, RecurrentState state, double[] out) {
        boolean kept = state.check(this);
        boolean fused = rank == 1 && channels == 1;
        Work w = new Work(state);
        int block = state.batch() == 1 ? DiagonalRecurrence.BLOCK : DiagonalRecurrence.SHARED_BLOCK;
        if (fused && w.single) {                                      // the common case
            w.rankOneSteps(kept, u, out, block);
            state.keepSums(this);
            return;
        }
        for (int h0 = 0; h0 < width; h0 += block) {
            int h1 = Math.min(width, h0 + block);
            for (int bIdx = 0; bIdx < state.batch(); bIdx++) {
                int x0 = bIdx * modes * width;
                int k0 = bIdx * 3 * width;                            // this sequence's kept sums: P*x, P*E x, C E x
                w.input(u, bIdx * width, h0, h1);
                if (fused) {
                    if (kept) {
                        w.keptProducts(k0, h0, h1, out, bIdx * width);   // summed by the last step, from this x
                    } else {
                        w.lowRankProducts(x0, h0, h1, out, bIdx * width);    // P*x, P*E x and C E x in one pass
                    }
                } else {
                    for (int ch = 0; ch < channels; ch++) {           // C E x, before x changes
                        w.products(ceRows, ch * modes, false, x0, h0, h1, out, (bIdx * channels + ch) * width);
                    }
                    correctionProducts(w, x0, h0, h1);
                }
                solve(w, h0, h1);
                if (fused) {
                    w.updateKeepingProducts(x0, h0, h1, k0);          // x ← E x + G u − F σ, and the next step's sums
                } else {
                    update(w, x0, h0, h1);
                }
                if (fused) {
                    outputRankOne(w.d, w.u0, out, bIdx * width, h0, h1);
                    continue;
                }
                for (int h = h0; h < h1; h++) {
                    double uk = w.d[w.u0 + h];
                    for (int ch = 0; ch < channels; ch++) {
                        int o = (bIdx * channels + ch) * width + h;
                        double acc = 2 * out[o] + cg[ch * width + h] * uk;
                        for (int i = 0; i < rank; i++) {
                            acc -= cf[(ch * width + h) * rank + i] * w.d[i * width + h];
                        }
                        out[o] = acc;
                    }
                }
            }
        }
        if (fused) {
            state.keepSums(this);
        }
    }

    @Override
    public void advance(double[] u, int length, RecurrentState state) {
        state.check(this);
        Work w = new Work(state);
        double[] column = new double[width];
        for (int bIdx = 0; bIdx < state.batch(); bIdx++) {
            int x0 = bIdx * modes * width;
            for (int t = 0; t < length; t++) {
                for (int h = 0; h < width; h++) {
                    column[h] = u[(bIdx * width + h) * length + t];
                }
                w.input(column, 0);
                for (int h0 = 0; h0 < width; h0 += DiagonalRecurrence.BLOCK) {
                    int h1 = Math.min(width, h0 + DiagonalRecurrence.BLOCK);
                    correctionProducts(w, x0, h0, h1);
                    solve(w, h0, h1);
                    update(w, x0, h0, h1);
                }
            }
        }
    }

    /** The halves of P*x and P*E x for the state spaces h ∈ [h0, h1): into {@code w.d[j·H + h]} and {@code w.d[(r + j)·H + h]}. */
    private void correctionProducts(Work w, int x0, int h0, int h1) {
        int v0 = rank * width;
        for (int j = 0; j < rank; j++) {
            w.products(pRows, j * modes, true, x0, h0, h1, w.d, j * width);
            w.products(qRows, j * modes, true, x0, h0, h1, w.d, v0 + j * width);
        }
    }

    /**
     * σ = s + τ for the state spaces h ∈ [h0, h1) of one batch entry, from the halves of s = P* x and
     * P*E x: τ = K⁻¹ P* z with P* z = P*E x + (P*G) u − (P*F) s. σ_j of state space h goes to
     * {@code w.d[j·H + h]}.
     */
    private void solve(Work w, int h0, int h1) {
        int v0 = rank * width;
        double[] d = w.d;
        if (rank == 1) {
            solveRankOne(d, w.u0, v0, h0, h1);
            return;
        }
        for (int h = h0; h < h1; h++) {
            double uk = d[w.u0 + h];
            for (int j = 0; j < rank; j++) {
                d[j * width + h] *= 2;
            }
            for (int j = 0; j < rank; j++) {
                double v = 2 * d[v0 + j * width + h] + pg[h * rank + j] * uk;
                for (int i = 0; i < rank; i++) {
                    v -= pf[(h * rank + j) * rank + i] * d[i * width + h];
                }
                d[v0 + j * width + h] = v;
            }
            for (int j = 0; j < rank; j++) {
                double tau = 0;
                for (int i = 0; i < rank; i++) {
                    tau += kInv[(h * rank + j) * rank + i] * d[v0 + i * width + h];
                }
                d[j * width + h] += tau;
            }
        }
    }

    /**
     * {@link #solve} for rank 1, the same arithmetic in the same order, as one loop over the state
     * spaces with no inner loops (which the JIT can run in vector lanes).
     */
    private void solveRankOne(double[] d, int u0, int v0, int h0, int h1) {
        for (int h = h0; h < h1; h++) {
            double s = d[h] * 2;
            double v = 2 * d[v0 + h] + pg[h] * d[u0 + h];
            v -= pf[h] * s;
            d[v0 + h] = v;
            double tau = 0;
            tau += kInv[h] * v;
            d[h] = s + tau;
        }
    }

    /**
     * The output of rank 1 and one channel, y = 2 Re(C E x) + (C G) u − (C F) σ, for h ∈ [h0, h1):
     * the general loop's arithmetic in its order, as one flat loop.
     */
    private void outputRankOne(double[] d, int u0, double[] out, int o0, int h0, int h1) {
        for (int h = h0; h < h1; h++) {
            double acc = 2 * out[o0 + h] + cg[h] * d[u0 + h];
            acc -= cf[h] * d[h];
            out[o0 + h] = acc;
        }
    }

    /** x ← E x + G u − Σ_i F_i σ_i for the state spaces h ∈ [h0, h1) of one batch entry. */
    private void update(Work w, int x0, int h0, int h1) {
        RecurrentState st = w.state;
        if (rank == 1) {
            if (w.single) {
                for (int h = h0; h < h1; h++) {
                    w.f[h] = (float) w.d[h];
                }
                StepKernels.lowRankUpdate(eRows, gRows, fRows, st.re32, st.im32, x0, modes, width, h0, h1, w.f, w.u0, w.f, 0);
            } else {
                StepKernels.lowRankUpdate(eRows, gRows, fRows, st.re, st.im, x0, modes, width, h0, h1, w.d, w.u0, w.d, 0);
            }
            return;
        }
        if (w.single) {
            for (int i = 0; i < rank; i++) {
                for (int h = h0; h < h1; h++) {
                    w.f[i * width + h] = (float) w.d[i * width + h];
                }
            }
            StepKernels.diagonalUpdate(eRows, gRows, st.re32, st.im32, x0, modes, width, h0, h1, w.f, w.u0);
            for (int i = 0; i < rank; i++) {
                StepKernels.subtractScaled(fRows, i * modes, st.re32, st.im32, x0, modes, width, h0, h1, w.f, i * width);
            }
        } else {
            StepKernels.diagonalUpdate(eRows, gRows, st.re, st.im, x0, modes, width, h0, h1, w.d, w.u0);
            for (int i = 0; i < rank; i++) {
                StepKernels.subtractScaled(fRows, i * modes, st.re, st.im, x0, modes, width, h0, h1, w.d, i * width);
            }
        }
    }

    /**
     * A step's work space, from the state's scratch (nothing allocated per step but this view):
     * {@code d} holds σ (r·H), P*z (r·H), u (H) and a row of sums (H) in float64; {@code f}, for a
     * float32 state, the same layout in float32.
     */
    private final class Work {
        final RecurrentState state;
        final boolean single;
        final double[] d;
        final float[] f;
        final int u0 = 2 * rank * width;
        final int sums0 = u0 + width;

        Work(RecurrentState state) {
            this.state = state;
            this.single = state.isSinglePrecision();
            this.d = state.scratch(sums0 + width);
            this.f = single ? state.scratch32(Math.max(sums0 + width, (3 + 2 * state.batch()) * width)) : null;
        }

        /**
         * Rank 1, one channel, float32 state: a whole step of every sequence. First each sequence's
         * σ, u and output over all state spaces ({@link #prepare}); then the state passes, block by
         * block of state spaces, the sequences in pairs that read each coefficient once for both
         * (then one alone), each pass keeping the next step's products.
         */
        void rankOneSteps(boolean kept, double[] u, double[] out, int block) {
            int batch = state.batch();
            for (int b = 0; b < batch; b++) {
                prepare(kept, u, b, out);
            }
            float[] sums = state.sums32(batch * 3 * width);
            int x = modes * width;
            for (int h0 = 0; h0 < width; h0 += block) {
                int h1 = Math.min(width, h0 + block);
                int b = 0;
                for (; b + 1 < batch; b += 2) {
                    StepKernels.lowRankStepPair(eRows, gRows, fRows, pRows, qRows, ceRows, state.re32, state.im32, b * x, (b + 1) * x,
                            modes, width, h0, h1, f, inputAt(b), inputAt(b + 1), f, sigmaAt(b), sigmaAt(b + 1), sums, b * 3 * width,
                            (b + 1) * 3 * width);
                }
                if (b < batch) {
                    int k0 = b * 3 * width;
                    StepKernels.lowRankStep(eRows, gRows, fRows, pRows, qRows, ceRows, state.re32, state.im32, b * x, modes, width, h0,
                            h1, f, inputAt(b), f, sigmaAt(b), sums, k0, k0 + width, k0 + 2 * width);
                }
            }
        }

        /** Where {@link #rankOneSteps} keeps sequence b's σ in float32, after three rows of products. */
        private int sigmaAt(int b) {
            return (3 + 2 * b) * width;
        }

        /** Where {@link #rankOneSteps} keeps sequence b's u in float32. */
        private int inputAt(int b) {
            return sigmaAt(b) + width;
        }

        /**
         * Sequence b's part of a float32 rank-1 step before the state pass, over all state spaces:
         * the inner products of x come from the last step if it kept them, else from a pass over x
         * (into the first three rows of the work space); then σ, u and the output y in one loop,
         * with the arithmetic of {@link #solve} and the general output loop in their order.
         */
        private void prepare(boolean kept, double[] u, int b, double[] out) {
            int at = b * width;
            float[] src = state.sums32(state.batch() * 3 * width);
            int s0 = b * 3 * width;
            if (!kept) {
                StepKernels.lowRankProducts(pRows, qRows, ceRows, state.re32, state.im32, b * modes * width, modes, width, 0, width, f, 0,
                        width, 2 * width);
                src = f;
                s0 = 0;
            }
            int sg = sigmaAt(b);
            int in = inputAt(b);
            for (int h = 0; h < width; h++) {
                double uk = u[at + h];
                double s = src[s0 + h] * 2.0;
                double v = 2 * (double) src[s0 + width + h] + pg[h] * uk;
                v -= pf[h] * s;
                double tau = 0;
                tau += kInv[h] * v;
                double sigma = s + tau;
                double y = 2 * (double) src[s0 + 2 * width + h] + cg[h] * uk;
                y -= cf[h] * sigma;
                out[at + h] = y;
                f[sg + h] = (float) sigma;
                f[in + h] = (float) uk;
            }
        }

        /** Loads u (H) from {@code from[at …]}. */
        void input(double[] from, int at) {
            input(from, at, 0, width);
        }

        /** Loads u_h for h ∈ [h0, h1) from {@code from[at + h]}. */
        void input(double[] from, int at, int h0, int h1) {
            System.arraycopy(from, at + h0, d, u0 + h0, h1 - h0);
            if (single) {
                for (int h = h0; h < h1; h++) {
                    f[u0 + h] = (float) from[at + h];
                }
            }
        }

        /** Rank 1, one channel, float64 state: the halves of P*x and P*E x into d, and of C E x into {@code out[o0 + h]}, x read once. */
        void lowRankProducts(int x0, int h0, int h1, double[] out, int o0) {
            StepKernels.lowRankProducts(pRows, qRows, ceRows, state.re, state.im, x0, modes, width, h0, h1, d, 0, width, sums0);
            System.arraycopy(d, sums0 + h0, out, o0 + h0, h1 - h0);
        }

        /** {@link #lowRankProducts} from the sums the last step kept (of the same x), from {@code k0} of them. */
        void keptProducts(int k0, int h0, int h1, double[] out, int o0) {
            double[] k = state.sums(k0 + 3 * width);
            System.arraycopy(k, k0 + h0, d, h0, h1 - h0);
            System.arraycopy(k, k0 + width + h0, d, width + h0, h1 - h0);
            System.arraycopy(k, k0 + 2 * width + h0, out, o0 + h0, h1 - h0);
        }

        /**
         * Rank 1, one channel, float64 state: x ← E x + G u − F σ for h ∈ [h0, h1) (σ in d), and in the
         * same pass the next step's P*x, P*E x and C E x of the new x, kept in the state from {@code k0}.
         */
        void updateKeepingProducts(int x0, int h0, int h1, int k0) {
            StepKernels.lowRankStep(eRows, gRows, fRows, pRows, qRows, ceRows, state.re, state.im, x0, modes, width, h0, h1,
                    d, u0, d, 0, state.sums(state.batch() * 3 * width), k0, k0 + width, k0 + 2 * width);
        }

        /** {@code out[o0 + h] = Σ_n Re(c x)} (conj(c) if asked) for h ∈ [h0, h1), in the state's precision. */
        void products(ComplexRows c, int row0, boolean conjugate, int x0, int h0, int h1, double[] out, int o0) {
            realProducts(c, row0, conjugate, state, x0, h0, h1, f, sums0, out, o0);
        }
    }

    /** Re Σ c_n x_n over {@code len} entries. */
    private static double realProduct(double[] cRe, double[] cIm, int c0, double[] xRe, double[] xIm, int x0, int len) {
        double s = 0;
        for (int n = 0; n < len; n++) {
            s += cRe[c0 + n] * xRe[x0 + n] - cIm[c0 + n] * xIm[x0 + n];
        }
        return s;
    }

    /** Re Σ conj(a_n) x_n over {@code len} entries. */
    private static double realDot(double[] aRe, double[] aIm, int a0, double[] xRe, double[] xIm, int x0, int len) {
        double s = 0;
        for (int n = 0; n < len; n++) {
            s += aRe[a0 + n] * xRe[x0 + n] + aIm[a0 + n] * xIm[x0 + n];
        }
        return s;
    }
}
