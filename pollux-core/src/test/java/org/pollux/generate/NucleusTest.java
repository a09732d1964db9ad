package org.pollux.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class NucleusTest {
    @Property(tries = 2000, seed = "20261122")
    void binsOrderLikeTheWeights(@ForAll @DoubleRange(min = 0, max = 1, minIncluded = false) double a,
            @ForAll @DoubleRange(min = 0, max = 1, minIncluded = false) double b) {
        if (a > b) {
            assertThat(Nucleus.bin(a)).isLessThanOrEqualTo(Nucleus.bin(b));
        } else if (a == b) {
            assertThat(Nucleus.bin(a)).isEqualTo(Nucleus.bin(b));
        }
    }

    @Test
    void tinyAndSubnormalWeightsShareTheLastBin() {
        assertThat(Nucleus.bin(Double.MIN_VALUE)).isEqualTo(Nucleus.bin(0x1p-70));
        assertThat(Nucleus.bin(1.0)).isLessThan(Nucleus.bin(0.99));
    }

    @Test
    void theNucleusIsTheShortestRankedPrefixReachingTheTarget() {
        // Weights 1, 0.5, 0.5, 0.25, 0.25 (ids 4, 0, 3, 1, 2): a target of 2.1 needs four tokens;
        // ids 1 and 2 tie, so the lower id joins.
        float[] l = {-1f, -2f, -2f, -1f, 0f};
        double[] w = Arrays.stream(new double[] {-1, -2, -2, -1, 0}).map(x -> Math.pow(2, x)).toArray();
        int[] ids = Nucleus.find(l, w, 5, 2.1);
        assertThat(ids).containsExactlyInAnyOrder(4, 0, 3, 1);
        assertThat(Nucleus.find(l, w, 5, 1.0)).containsExactly(4);
        assertThat(Nucleus.find(l, w, 5, 2.5)).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }
}
