package org.pollux.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** RoPE frequencies: plain, linearly scaled, and Llama 3.1's per-pair factors. */
class RopeFrequenciesTest {

    @Test
    void llama32FactorsKeepHighFrequenciesSlowLowOnesAndBlendBetween() {
        // Llama 3.2 1B: base 500000, head 64, factor 32, low 1, high 4, original context 8192.
        // Wavelength 2π·500000^(i/32): below 8192/4 up to i = 14, above 8192/1 from i = 18.
        float[] f = RopeFrequencies.llama3Factors(32, 1, 4, 8192, 500_000, 64);
        assertThat(f).hasSize(32);
        for (int i = 0; i <= 14; i++) {
            assertThat(f[i]).as("pair %d", i).isEqualTo(1f);
        }
        for (int i = 18; i < 32; i++) {
            assertThat(f[i]).as("pair %d", i).isEqualTo(32f);
        }
        // Pair 16: wavelength 4442.88, smooth (8192/4442.88 − 1)/3 = 0.28128, 1/((1 − s)/32 + s).
        assertThat(f[15]).isCloseTo(1.65133f, within(1e-4f));
        assertThat(f[16]).isCloseTo(3.29226f, within(1e-4f));
        assertThat(f[17]).isCloseTo(9.66673f, within(1e-4f));
    }

    @Test
    void inverseFrequenciesDivideByScaleAndFactors() {
        double[] plain = RopeFrequencies.inverse(10_000, 8, 1, null);
        assertThat(plain).containsExactly(1, Math.pow(10_000, -0.25), Math.pow(10_000, -0.5), Math.pow(10_000, -0.75));
        double[] scaled = RopeFrequencies.inverse(10_000, 8, 8, new float[] {1, 2, 4, 0.5f});
        for (int i = 0; i < 4; i++) {
            assertThat(scaled[i]).isCloseTo(plain[i] / 8 / new double[] {1, 2, 4, 0.5}[i], within(1e-15));
        }
    }

    @Test
    void badParametersAreRejectedWithTheirValues() {
        assertThatThrownBy(() -> RopeFrequencies.inverse(10_000, 8, 1, new float[3]))
                .hasMessage("RoPE needs 4 frequency factors, got 3");
        assertThatThrownBy(() -> RopeFrequencies.llama3Factors(32, 4, 1, 8192, 500_000, 64))
                .hasMessageContaining("low 4.0, high 1.0");
    }
}
