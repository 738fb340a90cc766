package dev.s4j.ssm.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.ssm.hippo.HippoMeasure;
import dev.s4j.ssm.hippo.Nplr;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.serve.SpecJson;
import org.junit.jupiter.api.Test;

/** The official initialization: what it changes, per kernel, and nothing else. */
class InitConventionTest {

    @Test
    void s4dLinKeepsItsSlowestModeOffTheRealAxis() {
        double[][] exact = DiagonalInit.LIN.values(8, InitConvention.EXACT);
        double[][] official = DiagonalInit.LIN.values(8, InitConvention.OFFICIAL);
        assertEquals(0, exact[1][0]);
        assertEquals(1e-4, official[1][0]);
        for (int k = 1; k < 4; k++) {
            assertEquals(exact[1][k], official[1][k], "mode " + k);
        }
        assertArrayEquals(exact[2], official[2]);
    }

    @Test
    void legsTakesTheClippedBInBothKernels() {
        Nplr clipped = Nplr.of(HippoMeasure.LEGS, 16).officialBasis(2);
        double[][] s4d = DiagonalInit.LEGS.values(16, InitConvention.OFFICIAL);
        assertArrayEquals(clipped.bRe(), s4d[2]);
        assertArrayEquals(clipped.bIm(), s4d[3]);
        NplrKernel s4 = (NplrKernel) NplrSpec.of(16).withDtype(DType.FLOAT64).withInitConvention(InitConvention.OFFICIAL)
                .build(1, 1, new Generator(0));
        assertArrayEquals(clipped.bRe(), KernelReference.values(s4, "B"));
        assertArrayEquals(clipped.bIm(), KernelReference.imag(s4, "B"));
        assertArrayEquals(clipped.pIm()[0], KernelReference.imag(s4, "P"));
        for (double b : s4d[3]) {
            assertEquals(true, Math.abs(b) <= 2, "Im B̃ within the clip");
        }
    }

    @Test
    void specsWrittenBeforeTheOptionReadAsExact() {
        BackboneSpec spec = BackboneSpec.of(1, 2).withBlock(BlockSpec.of(NplrSpec.of(8).withInitConvention(InitConvention.OFFICIAL)));
        assertEquals(spec, SpecJson.fromJson(SpecJson.toJson(spec)));
        String old = SpecJson.toJson(BackboneSpec.of(1, 2)).replace(",\"initConvention\":\"EXACT\"", "");
        assertEquals(InitConvention.EXACT, ((NplrSpec) SpecJson.fromJson(old).block().kernel()).initConvention());
        assertEquals(false, old.contains("initConvention"));
    }
}
