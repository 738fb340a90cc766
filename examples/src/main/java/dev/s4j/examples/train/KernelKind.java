package dev.s4j.examples.train;

import dev.s4j.ssm.kernel.DenseSpec;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.InitConvention;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import java.util.Locale;

/** The SSM kernel of every layer: S4 (NPLR), S4D (diagonal) or LSSL (dense). */
public enum KernelKind {
    /** S4: HiPPO-LegS in normal-plus-low-rank form, Cauchy kernel (S4 §3). */
    S4,
    /** S4D-LegS: diagonal state matrix, Vandermonde kernel (S4D §3). */
    S4D,
    /** LSSL: dense HiPPO-LegS state matrix, bilinear discretization, Krylov kernel (LSSL §3). */
    LSSL;

    /** The kernel configuration with state size N, SSM learning rate {@code ssmLr} and initialization {@code init}. */
    public KernelSpec spec(int stateSize, double ssmLr, InitConvention init) {
        return switch (this) {
            case S4 -> NplrSpec.of(stateSize).withSsmLearningRate(ssmLr).withInitConvention(init);
            case S4D -> DiagonalSpec.of(stateSize).withSsmLearningRate(ssmLr).withInitConvention(init);
            case LSSL -> DenseSpec.of(stateSize).withSsmLearningRate(ssmLr);
        };
    }

    /** The name on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind called {@code id} (s4, s4d or lssl). */
    public static KernelKind parse(String id) {
        for (KernelKind k : values()) {
            if (k.id().equals(id.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kernel '" + id + "'; choose s4, s4d or lssl");
    }
}
