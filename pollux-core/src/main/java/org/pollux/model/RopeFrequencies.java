package org.pollux.model;

/**
 * RoPE rotation frequencies: the one place that turns (base, head size, linear scale, optional
 * per-frequency factors) into the angle per position of each rotated pair.
 *
 * <p>Pair i of a head of size D turns by θ_i = p · base^(−2i/D) / scale / f_i at position p.
 * {@code f_i} are the "frequency factors" of Llama 3.1+ GGUFs: llama.cpp's converter turns the
 * HF {@code rope_scaling = {rope_type: llama3, factor, low_freq_factor, high_freq_factor,
 * original_max_position_embeddings}} into a tensor {@code rope_freqs.weight} of D/2 factors and
 * divides each frequency by its factor at run time; no metadata key says so, so a loader that
 * ignores that tensor silently runs Llama 3.2 with the wrong low frequencies.
 */
public final class RopeFrequencies {
    private RopeFrequencies() {}

    /**
     * Inverse wavelengths base^(−2i/D) / scale / factors[i], in double (positions reach 10^5, and
     * an f32 angle would lose the low bits that matter after cos/sin).
     *
     * @param factors per-pair divisors (length D/2), or null for none
     */
    public static double[] inverse(double base, int headDim, double scale, float[] factors) {
        double[] f = new double[headDim / 2];
        if (factors != null && factors.length != f.length) {
            throw new IllegalArgumentException("RoPE needs " + f.length + " frequency factors, got " + factors.length);
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = Math.pow(base, -2.0 * i / headDim) / scale / (factors == null ? 1.0 : factors[i]);
        }
        return f;
    }

    /**
     * Llama 3.1's frequency factors (Meta's published rule): pairs whose wavelength 2π/freq is
     * shorter than {@code originalContext / highFreqFactor} keep their frequency (factor 1); those
     * longer than {@code originalContext / lowFreqFactor} are slowed by {@code factor}; in between
     * the inverse factor is interpolated linearly in originalContext/wavelength.
     * Llama 3.2 1B/3B: factor 32, low 1, high 4, original context 8192, base 500000.
     */
    public static float[] llama3Factors(double factor, double lowFreqFactor, double highFreqFactor,
            int originalContext, double base, int headDim) {
        if (!(factor >= 1) || !(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor) || originalContext <= 0) {
            throw new IllegalArgumentException("llama3 RoPE scaling needs factor >= 1 and 0 < low_freq_factor "
                    + "< high_freq_factor and a positive original context; got factor " + factor + ", low "
                    + lowFreqFactor + ", high " + highFreqFactor + ", original context " + originalContext);
        }
        double lowFreqWavelength = originalContext / lowFreqFactor;
        double highFreqWavelength = originalContext / highFreqFactor;
        float[] out = new float[headDim / 2];
        for (int i = 0; i < out.length; i++) {
            double freq = Math.pow(base, -2.0 * i / headDim);
            double wavelength = 2 * Math.PI / freq;
            double f;
            if (wavelength < highFreqWavelength) {
                f = 1;
            } else if (wavelength > lowFreqWavelength) {
                f = factor;
            } else {
                double smooth = (originalContext / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                f = 1 / ((1 - smooth) / factor + smooth);
            }
            out[i] = (float) f;
        }
        return out;
    }
}
