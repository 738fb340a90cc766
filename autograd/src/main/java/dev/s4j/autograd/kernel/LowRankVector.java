package dev.s4j.autograd.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The S4 (rank-1, one-channel) step kernels of {@link StepKernels} on the Vector API, one model per
 * lane: the three sums P*x, P*E x and C E x, the update x ← E x + G u − F σ, and both in one pass.
 * Like {@link StepVector}, every lane does exactly what {@link StepScalar} does for its model, so
 * both paths give the same bits. Only loaded when {@link VectorSupport#available()}.
 */
final class LowRankVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FW = FS.length();

    private LowRankVector() {
    }

    /** {@link StepKernels#lowRankProducts}: six accumulators per vector of models, x read once. */
    static void lowRankProducts(double[] pRe, double[] pIm, double[] qRe, double[] qIm, double[] cRe, double[] cIm, double[] xRe,
            double[] xIm,
                                int p0, int cw, int x0, int modes, int width, int h0, int h1, double[] out, int s0, int w0, int y0) {
        int h = h0;
        for (; h + W <= h1; h += W) {
            DoubleVector sr = DoubleVector.zero(S);
            DoubleVector si = sr;
            DoubleVector wr = sr;
            DoubleVector wi = sr;
            DoubleVector yr = sr;
            DoubleVector yi = sr;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                DoubleVector xr = DoubleVector.fromArray(S, xRe, xp);
                DoubleVector xi = DoubleVector.fromArray(S, xIm, xp);
                sr = DoubleVector.fromArray(S, pRe, p).fma(xr, sr);
                si = DoubleVector.fromArray(S, pIm, p).fma(xi, si);
                wr = DoubleVector.fromArray(S, qRe, p).fma(xr, wr);
                wi = DoubleVector.fromArray(S, qIm, p).fma(xi, wi);
                yr = DoubleVector.fromArray(S, cRe, p).fma(xr, yr);
                yi = DoubleVector.fromArray(S, cIm, p).fma(xi, yi);
            }
            DoubleVector zero = DoubleVector.zero(S);
            zero.add(sr.add(si)).intoArray(out, s0 + h);
            zero.add(wr.add(wi)).intoArray(out, w0 + h);
            zero.add(yr.sub(yi)).intoArray(out, y0 + h);
        }
        StepScalar.lowRankProducts(pRe, pIm, qRe, qIm, cRe, cIm, xRe, xIm, p0, cw, x0, modes, width, h, h1, out, s0, w0, y0);
    }

    /** {@link StepKernels#lowRankUpdate}: x read and written once. */
    static void lowRankUpdate(double[] eRe, double[] eIm, double[] gRe, double[] gIm, double[] fRe, double[] fIm, double[] xRe,
            double[] xIm,
                              int p0, int cw, int x0, int modes, int width, int h0, int h1, double[] u, int u0, double[] sigma, int s0) {
        int hEnd = h0 + (h1 - h0) / W * W;
        for (int n = 0; n < modes; n++) {
            for (int h = h0; h < hEnd; h += W) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                DoubleVector er = DoubleVector.fromArray(S, eRe, p);
                DoubleVector ei = DoubleVector.fromArray(S, eIm, p);
                DoubleVector uh = DoubleVector.fromArray(S, u, u0 + h);
                DoubleVector sg = DoubleVector.fromArray(S, sigma, s0 + h);
                DoubleVector r = DoubleVector.fromArray(S, xRe, xp);
                DoubleVector i = DoubleVector.fromArray(S, xIm, xp);
                DoubleVector nr = er.fma(r, ei.neg().fma(i, DoubleVector.fromArray(S, gRe, p).mul(uh)));
                DoubleVector ni = er.fma(i, ei.fma(r, DoubleVector.fromArray(S, gIm, p).mul(uh)));
                DoubleVector.fromArray(S, fRe, p).neg().fma(sg, nr).intoArray(xRe, xp);
                DoubleVector.fromArray(S, fIm, p).neg().fma(sg, ni).intoArray(xIm, xp);
            }
        }
        if (hEnd < h1) {
            StepScalar.lowRankUpdate(eRe, eIm, gRe, gIm, fRe, fIm, xRe, xIm, p0, cw, x0, modes, width, hEnd, h1, u, u0, sigma, s0);
        }
    }

    /** {@link StepKernels#lowRankProducts}: six accumulators per vector of models, x read once. */
    static void lowRankProducts(float[] pRe, float[] pIm, float[] qRe, float[] qIm, float[] cRe, float[] cIm, float[] xRe, float[] xIm,
                                int p0, int cw, int x0, int modes, int width, int h0, int h1, float[] out, int s0, int w0, int y0) {
        int h = h0;
        for (; h + FW <= h1; h += FW) {
            FloatVector sr = FloatVector.zero(FS);
            FloatVector si = sr;
            FloatVector wr = sr;
            FloatVector wi = sr;
            FloatVector yr = sr;
            FloatVector yi = sr;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                FloatVector xr = FloatVector.fromArray(FS, xRe, xp);
                FloatVector xi = FloatVector.fromArray(FS, xIm, xp);
                sr = FloatVector.fromArray(FS, pRe, p).fma(xr, sr);
                si = FloatVector.fromArray(FS, pIm, p).fma(xi, si);
                wr = FloatVector.fromArray(FS, qRe, p).fma(xr, wr);
                wi = FloatVector.fromArray(FS, qIm, p).fma(xi, wi);
                yr = FloatVector.fromArray(FS, cRe, p).fma(xr, yr);
                yi = FloatVector.fromArray(FS, cIm, p).fma(xi, yi);
            }
            FloatVector zero = FloatVector.zero(FS);
            zero.add(sr.add(si)).intoArray(out, s0 + h);
            zero.add(wr.add(wi)).intoArray(out, w0 + h);
            zero.add(yr.sub(yi)).intoArray(out, y0 + h);
        }
        StepScalar.lowRankProducts(pRe, pIm, qRe, qIm, cRe, cIm, xRe, xIm, p0, cw, x0, modes, width, h, h1, out, s0, w0, y0);
    }

    /** {@link StepKernels#lowRankUpdate}: x read and written once. */
    static void lowRankUpdate(float[] eRe, float[] eIm, float[] gRe, float[] gIm, float[] fRe, float[] fIm, float[] xRe, float[] xIm,
                              int p0, int cw, int x0, int modes, int width, int h0, int h1, float[] u, int u0, float[] sigma, int s0) {
        int hEnd = h0 + (h1 - h0) / FW * FW;
        for (int n = 0; n < modes; n++) {
            for (int h = h0; h < hEnd; h += FW) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                FloatVector er = FloatVector.fromArray(FS, eRe, p);
                FloatVector ei = FloatVector.fromArray(FS, eIm, p);
                FloatVector uh = FloatVector.fromArray(FS, u, u0 + h);
                FloatVector sg = FloatVector.fromArray(FS, sigma, s0 + h);
                FloatVector r = FloatVector.fromArray(FS, xRe, xp);
                FloatVector i = FloatVector.fromArray(FS, xIm, xp);
                FloatVector nr = er.fma(r, ei.neg().fma(i, FloatVector.fromArray(FS, gRe, p).mul(uh)));
                FloatVector ni = er.fma(i, ei.fma(r, FloatVector.fromArray(FS, gIm, p).mul(uh)));
                FloatVector.fromArray(FS, fRe, p).neg().fma(sg, nr).intoArray(xRe, xp);
                FloatVector.fromArray(FS, fIm, p).neg().fma(sg, ni).intoArray(xIm, xp);
            }
        }
        if (hEnd < h1) {
            StepScalar.lowRankUpdate(eRe, eIm, gRe, gIm, fRe, fIm, xRe, xIm, p0, cw, x0, modes, width, hEnd, h1, u, u0, sigma, s0);
        }
    }

    /** {@link StepKernels#lowRankStep}: per vector of state spaces, the update of every mode, then its new x into the three sums. */
    static void lowRankStep(double[] eRe, double[] eIm, double[] gRe, double[] gIm, double[] fRe, double[] fIm, double[] pRe,
            double[] pIm, double[] qRe,
                            double[] qIm, double[] cRe, double[] cIm, double[] xRe, double[] xIm, int p0, int cw, int x0, int modes,
                            int width, int h0, int h1, double[] u, int u0, double[] sigma, int sg0, double[] out, int s0, int w0, int y0) {
        int h = h0;
        for (; h + W <= h1; h += W) {
            DoubleVector uh = DoubleVector.fromArray(S, u, u0 + h);
            DoubleVector sg = DoubleVector.fromArray(S, sigma, sg0 + h);
            DoubleVector sr = DoubleVector.zero(S);
            DoubleVector si = sr;
            DoubleVector wr = sr;
            DoubleVector wi = sr;
            DoubleVector yr = sr;
            DoubleVector yi = sr;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                DoubleVector er = DoubleVector.fromArray(S, eRe, p);
                DoubleVector ei = DoubleVector.fromArray(S, eIm, p);
                DoubleVector r = DoubleVector.fromArray(S, xRe, xp);
                DoubleVector i = DoubleVector.fromArray(S, xIm, xp);
                DoubleVector nr = er.fma(r, ei.neg().fma(i, DoubleVector.fromArray(S, gRe, p).mul(uh)));
                DoubleVector ni = er.fma(i, ei.fma(r, DoubleVector.fromArray(S, gIm, p).mul(uh)));
                DoubleVector xr = DoubleVector.fromArray(S, fRe, p).neg().fma(sg, nr);
                DoubleVector xi = DoubleVector.fromArray(S, fIm, p).neg().fma(sg, ni);
                xr.intoArray(xRe, xp);
                xi.intoArray(xIm, xp);
                sr = DoubleVector.fromArray(S, pRe, p).fma(xr, sr);
                si = DoubleVector.fromArray(S, pIm, p).fma(xi, si);
                wr = DoubleVector.fromArray(S, qRe, p).fma(xr, wr);
                wi = DoubleVector.fromArray(S, qIm, p).fma(xi, wi);
                yr = DoubleVector.fromArray(S, cRe, p).fma(xr, yr);
                yi = DoubleVector.fromArray(S, cIm, p).fma(xi, yi);
            }
            DoubleVector zero = DoubleVector.zero(S);
            zero.add(sr.add(si)).intoArray(out, s0 + h);
            zero.add(wr.add(wi)).intoArray(out, w0 + h);
            zero.add(yr.sub(yi)).intoArray(out, y0 + h);
        }
        StepScalar.lowRankStep(eRe, eIm, gRe, gIm, fRe, fIm, pRe, pIm, qRe, qIm, cRe, cIm, xRe, xIm, p0, cw, x0, modes, width, h, h1, u, u0,
                sigma, sg0, out, s0, w0, y0);
    }

    /** {@link StepKernels#lowRankStep}: per vector of state spaces, the update of every mode, then its new x into the three sums. */
    static void lowRankStep(float[] eRe, float[] eIm, float[] gRe, float[] gIm, float[] fRe, float[] fIm, float[] pRe, float[] pIm,
                            float[] qRe, float[] qIm, float[] cRe, float[] cIm, float[] xRe, float[] xIm, int p0, int cw, int x0, int modes,
                            int width, int h0, int h1, float[] u, int u0, float[] sigma, int sg0, float[] out, int s0, int w0, int y0) {
        int h = h0;
        for (; h + FW <= h1; h += FW) {
            FloatVector uh = FloatVector.fromArray(FS, u, u0 + h);
            FloatVector sg = FloatVector.fromArray(FS, sigma, sg0 + h);
            FloatVector sr = FloatVector.zero(FS);
            FloatVector si = sr;
            FloatVector wr = sr;
            FloatVector wi = sr;
            FloatVector yr = sr;
            FloatVector yi = sr;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                FloatVector er = FloatVector.fromArray(FS, eRe, p);
                FloatVector ei = FloatVector.fromArray(FS, eIm, p);
                FloatVector r = FloatVector.fromArray(FS, xRe, xp);
                FloatVector i = FloatVector.fromArray(FS, xIm, xp);
                FloatVector nr = er.fma(r, ei.neg().fma(i, FloatVector.fromArray(FS, gRe, p).mul(uh)));
                FloatVector ni = er.fma(i, ei.fma(r, FloatVector.fromArray(FS, gIm, p).mul(uh)));
                FloatVector xr = FloatVector.fromArray(FS, fRe, p).neg().fma(sg, nr);
                FloatVector xi = FloatVector.fromArray(FS, fIm, p).neg().fma(sg, ni);
                xr.intoArray(xRe, xp);
                xi.intoArray(xIm, xp);
                sr = FloatVector.fromArray(FS, pRe, p).fma(xr, sr);
                si = FloatVector.fromArray(FS, pIm, p).fma(xi, si);
                wr = FloatVector.fromArray(FS, qRe, p).fma(xr, wr);
                wi = FloatVector.fromArray(FS, qIm, p).fma(xi, wi);
                yr = FloatVector.fromArray(FS, cRe, p).fma(xr, yr);
                yi = FloatVector.fromArray(FS, cIm, p).fma(xi, yi);
            }
            FloatVector zero = FloatVector.zero(FS);
            zero.add(sr.add(si)).intoArray(out, s0 + h);
            zero.add(wr.add(wi)).intoArray(out, w0 + h);
            zero.add(yr.sub(yi)).intoArray(out, y0 + h);
        }
        StepScalar.lowRankStep(eRe, eIm, gRe, gIm, fRe, fIm, pRe, pIm, qRe, qIm, cRe, cIm, xRe, xIm, p0, cw, x0, modes, width, h, h1, u, u0,
                sigma, sg0, out, s0, w0, y0);
    }

    /**
     * {@link StepKernels#lowRankStepPair}: two sequences per vector of models, each coefficient
     * loaded once for both; every lane of each sequence does the arithmetic of the float32
     * {@code lowRankStep} above, in the same order.
     */
    static void lowRankStepPair(float[] eRe, float[] eIm, float[] gRe, float[] gIm, float[] fRe, float[] fIm, float[] pRe, float[] pIm,
                                float[] qRe, float[] qIm, float[] cRe, float[] cIm, int p0, int cw, float[] xRe, float[] xIm, int xa,
                                int xb, int modes, int width, int h0, int h1, float[] u, int ua, int ub, float[] sigma, int sa, int sb,
                                float[] out, int ka, int kb) {
        int h = h0;
        for (; h + FW <= h1; h += FW) {
            FloatVector uA = FloatVector.fromArray(FS, u, ua + h);
            FloatVector uB = FloatVector.fromArray(FS, u, ub + h);
            FloatVector gA = FloatVector.fromArray(FS, sigma, sa + h);
            FloatVector gB = FloatVector.fromArray(FS, sigma, sb + h);
            FloatVector srA = FloatVector.zero(FS);
            FloatVector siA = srA;
            FloatVector wrA = srA;
            FloatVector wiA = srA;
            FloatVector yrA = srA;
            FloatVector yiA = srA;
            FloatVector srB = srA;
            FloatVector siB = srA;
            FloatVector wrB = srA;
            FloatVector wiB = srA;
            FloatVector yrB = srA;
            FloatVector yiB = srA;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int pa = xa + n * width + h;
                int pb = xb + n * width + h;
                FloatVector er = FloatVector.fromArray(FS, eRe, p);
                FloatVector ei = FloatVector.fromArray(FS, eIm, p);
                FloatVector nei = ei.neg();
                FloatVector gr = FloatVector.fromArray(FS, gRe, p);
                FloatVector gi = FloatVector.fromArray(FS, gIm, p);
                FloatVector nfr = FloatVector.fromArray(FS, fRe, p).neg();
                FloatVector nfi = FloatVector.fromArray(FS, fIm, p).neg();
                FloatVector rA = FloatVector.fromArray(FS, xRe, pa);
                FloatVector iA = FloatVector.fromArray(FS, xIm, pa);
                FloatVector rB = FloatVector.fromArray(FS, xRe, pb);
                FloatVector iB = FloatVector.fromArray(FS, xIm, pb);
                FloatVector xrA = nfr.fma(gA, er.fma(rA, nei.fma(iA, gr.mul(uA))));
                FloatVector xiA = nfi.fma(gA, er.fma(iA, ei.fma(rA, gi.mul(uA))));
                FloatVector xrB = nfr.fma(gB, er.fma(rB, nei.fma(iB, gr.mul(uB))));
                FloatVector xiB = nfi.fma(gB, er.fma(iB, ei.fma(rB, gi.mul(uB))));
                xrA.intoArray(xRe, pa);
                xiA.intoArray(xIm, pa);
                xrB.intoArray(xRe, pb);
                xiB.intoArray(xIm, pb);
                FloatVector k = FloatVector.fromArray(FS, pRe, p);
                srA = k.fma(xrA, srA);
                srB = k.fma(xrB, srB);
                k = FloatVector.fromArray(FS, pIm, p);
                siA = k.fma(xiA, siA);
                siB = k.fma(xiB, siB);
                k = FloatVector.fromArray(FS, qRe, p);
                wrA = k.fma(xrA, wrA);
                wrB = k.fma(xrB, wrB);
                k = FloatVector.fromArray(FS, qIm, p);
                wiA = k.fma(xiA, wiA);
                wiB = k.fma(xiB, wiB);
                k = FloatVector.fromArray(FS, cRe, p);
                yrA = k.fma(xrA, yrA);
                yrB = k.fma(xrB, yrB);
                k = FloatVector.fromArray(FS, cIm, p);
                yiA = k.fma(xiA, yiA);
                yiB = k.fma(xiB, yiB);
            }
            FloatVector zero = FloatVector.zero(FS);
            zero.add(srA.add(siA)).intoArray(out, ka + h);
            zero.add(wrA.add(wiA)).intoArray(out, ka + width + h);
            zero.add(yrA.sub(yiA)).intoArray(out, ka + 2 * width + h);
            zero.add(srB.add(siB)).intoArray(out, kb + h);
            zero.add(wrB.add(wiB)).intoArray(out, kb + width + h);
            zero.add(yrB.sub(yiB)).intoArray(out, kb + 2 * width + h);
        }
        if (h < h1) {
            StepScalar.lowRankStep(eRe, eIm, gRe, gIm, fRe, fIm, pRe, pIm, qRe, qIm, cRe, cIm, xRe, xIm, p0, cw, xa, modes, width, h, h1,
                    u, ua, sigma, sa, out, ka, ka + width, ka + 2 * width);
            StepScalar.lowRankStep(eRe, eIm, gRe, gIm, fRe, fIm, pRe, pIm, qRe, qIm, cRe, cIm, xRe, xIm, p0, cw, xb, modes, width, h, h1,
                    u, ub, sigma, sb, out, kb, kb + width, kb + 2 * width);
        }
    }
}
