package org.pollux.train.autograd;

import jdk.incubator.vector.FloatVector;
import org.pollux.tensor.ComputeContext;

/**
 * Gemma's gated feed-forward activation: out = GELU_tanh(gate) ⊙ up, element-wise.
 *
 * <p>GELU_tanh(z) = ½z(1 + tanh(y)) with y = √(2/π)(z + 0.044715z³), computed as the equal but
 * cancellation-free z·σ(2y) (σ the logistic function, since ½(1 + tanh y) = σ(2y)), with
 * {@link VectorMath#exp}. Derivative: σ(2y) + 2z·σ(2y)(1 − σ(2y))·√(2/π)(1 + 3·0.044715z²).
 */
public final class GeGlu {
    private static final float C = (float) Math.sqrt(2 / Math.PI);
    private static final float A = 0.044715f;
    private static final float A3 = 3 * A;
    private static final int L = 8;
    private static final int GRAIN = 4096;

    private GeGlu() {}

    /** out[i] = GELU(gate[i]) · up[i] for i in [0, n). */
    public static void forward(ComputeContext ctx, float[] gate, float[] up, float[] out, int n) {
        ctx.parallelFor(n, GRAIN, (from, to) -> {
            int i = from;
            for (int bound = from + (to - from) / L * L; i < bound; i += L) {
                FloatVector z = FloatVector.fromArray(VectorMath.F, gate, i);
                FloatVector s = sigmoid2y(z);
                z.mul(s).mul(FloatVector.fromArray(VectorMath.F, up, i)).intoArray(out, i);
            }
            for (; i < to; i++) {
                float z = gate[i];
                out[i] = z * sigmoid2y(z) * up[i];
            }
        });
    }

    /** dGate = dOut·up·GELU'(gate), dUp = dOut·GELU(gate); both overwritten. */
    public static void backward(ComputeContext ctx, float[] dOut, float[] gate, float[] up, float[] dGate, float[] dUp,
            int n) {
        ctx.parallelFor(n, GRAIN, (from, to) -> {
            int i = from;
            for (int bound = from + (to - from) / L * L; i < bound; i += L) {
                FloatVector z = FloatVector.fromArray(VectorMath.F, gate, i);
                FloatVector d = FloatVector.fromArray(VectorMath.F, dOut, i);
                FloatVector s = sigmoid2y(z);
                FloatVector z2 = z.mul(z);
                // GELU'(z) = s + 2·z·s·(1 − s)·C·(1 + 3A·z²)
                FloatVector inner = z2.fma(A3, 1f).mul(2 * C);
                FloatVector grad = z.mul(s).mul(s.neg().add(1f)).fma(inner, s);
                d.mul(FloatVector.fromArray(VectorMath.F, up, i)).mul(grad).intoArray(dGate, i);
                d.mul(z.mul(s)).intoArray(dUp, i);
            }
            for (; i < to; i++) {
                float z = gate[i];
                float s = sigmoid2y(z);
                float inner = Math.fma(z * z, A3, 1f) * (2 * C);
                float grad = Math.fma(z * s * (1f - s), inner, s);
                dGate[i] = dOut[i] * up[i] * grad;
                dUp[i] = dOut[i] * (z * s);
            }
        });
    }

    /** σ(2y) = 1 / (1 + e^(−2y)), y = C(z + A z³). */
    private static FloatVector sigmoid2y(FloatVector z) {
        FloatVector y = z.mul(z).fma(A, 1f).mul(z).mul(-2 * C);
        return FloatVector.broadcast(VectorMath.F, 1f).div(VectorMath.exp(y).add(1f));
    }

    private static float sigmoid2y(float z) {
        float y = Math.fma(z * z, A, 1f) * z * (-2 * C);
        return 1f / (VectorMath.exp(y) + 1f);
    }
}
