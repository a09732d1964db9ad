package org.pollux.train.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pollux.tensor.ComputeContext;

/**
 * Every op's fp32 forward against its float64 {@link Reference}, and its fp32 backward against
 * central finite differences of that float64 reference (h = 1e-6: truncation and rounding
 * errors ≈ 1e-10, so the 1e-4 tolerance measures the fp32 backward, and a wrong term shows as
 * an error of order 1). Shapes are odd on purpose (vector tails, partial GEMM tiles).
 */
class OpGradientTest {
    private static final double H = 1e-6;
    private static ComputeContext ctx;

    @BeforeAll
    static void start() {
        ctx = ComputeContext.of(2);
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    static float[] random(SplittableRandom r, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + r.nextDouble() * (hi - lo));
        }
        return a;
    }

    static double[] d(float[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    static void assertClose(String what, float[] got, double[] want, double tol) {
        double maxDiff = 0;
        double maxAbs = 1e-12;
        for (int i = 0; i < want.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
            maxAbs = Math.max(maxAbs, Math.abs(want[i]));
        }
        assertThat(maxDiff / maxAbs).as("%s: max |got − want| / max |want| (max |want| = %g)", what, maxAbs)
                .isLessThan(tol);
    }

    /** Central differences of a scalar function at x. */
    static double[] numericGradient(double[] x, ToDoubleFunction<double[]> f) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + H;
            double up = f.applyAsDouble(x);
            x[i] = keep - H;
            double down = f.applyAsDouble(x);
            x[i] = keep;
            g[i] = (up - down) / (2 * H);
        }
        return g;
    }

    /** The gradient of Σ dy·f(x), f vector-valued. */
    static double[] numericGradient(double[] x, Function<double[], double[]> f, float[] dy) {
        return numericGradient(x, xs -> {
            double[] y = f.apply(xs);
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += dy[i] * y[i];
            }
            return s;
        });
    }

    @Test
    void linear() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 5, in = 19, out = 21;
        float[] x = random(r, n * in, -1, 1);
        float[] w = random(r, out * in, -1, 1);
        float[] y = new float[n * out];
        Linear.forward(ctx, x, w, y, n, in, out);
        assertClose("linear forward", y, Reference.linear(d(x), d(w), n, in, out), 1e-6);
        float[] dy = random(r, n * out, -1, 1);
        float[] dx = new float[n * in];
        float[] dw = new float[out * in];
        Linear.backward(ctx, dy, x, w, dx, dw, n, in, out, false);
        double[] wd = d(w);
        double[] xd = d(x);
        assertClose("linear dx", dx, numericGradient(xd, xs -> Reference.linear(xs, wd, n, in, out), dy), 1e-4);
        assertClose("linear dW", dw, numericGradient(wd, ws -> Reference.linear(xd, ws, n, in, out), dy), 1e-4);
    }

    @Test
    void rmsnorm() {
        SplittableRandom r = new SplittableRandom(2);
        int rows = 4, width = 13;
        float eps = 1e-6f;
        float[] x = random(r, rows * width, -2, 2);
        float[] w = random(r, width, 0.5, 1.5);
        float[] y = new float[rows * width];
        float[] rstd = new float[rows];
        RmsNorm.forward(ctx, x, w, y, rstd, rows, width, eps);
        assertClose("rmsnorm forward", y, Reference.rmsnorm(d(x), d(w), rows, width, eps), 1e-6);
        float[] dy = random(r, rows * width, -1, 1);
        float[] dx = new float[rows * width];
        float[] dw = new float[width];
        RmsNorm.backward(ctx, dy, x, w, rstd, dx, dw, rows, width);
        double[] xd = d(x);
        double[] wd = d(w);
        assertClose("rmsnorm dx", dx, numericGradient(xd, xs -> Reference.rmsnorm(xs, wd, rows, width, eps), dy), 1e-4);
        assertClose("rmsnorm dw", dw, numericGradient(wd, ws -> Reference.rmsnorm(xd, ws, rows, width, eps), dy), 1e-4);
    }

    @ParameterizedTest(name = "base {0}, scale {1}")
    @CsvSource({"10000, 1", "1000000, 8"})
    void rope(double base, double scale) {
        SplittableRandom r = new SplittableRandom(3);
        int batch = 2, seqLen = 5, heads = 3, hd = 8;
        int n = batch * seqLen;
        float[] x = random(r, n * heads * hd, -1, 1);
        float[] y = x.clone();
        Rope rope = new Rope(base, scale, hd, seqLen);
        rope.forward(ctx, y, n, heads, seqLen);
        assertClose("rope forward", y, Reference.rope(d(x), n, heads, hd, seqLen, base, scale), 1e-6);
        float[] dy = random(r, y.length, -1, 1);
        float[] dx = dy.clone();
        rope.backward(ctx, dx, n, heads, seqLen);
        assertClose("rope dx", dx,
                numericGradient(d(x), xs -> Reference.rope(xs, n, heads, hd, seqLen, base, scale), dy), 1e-4);
    }

    @ParameterizedTest(name = "B {0} T {1} H {2}/{3} D {4} window {5} cap {6}")
    @CsvSource({
        "2, 9, 4, 2, 4, 0, 0", // GQA, global
        "2, 9, 4, 2, 4, 3, 0", // sliding window
        "1, 9, 2, 2, 4, 0, 2", // soft-capped scores
        "1, 9, 3, 1, 4, 4, 1.5", // MQA, window and cap
        "1, 70, 2, 1, 4, 20, 0" // more than one row block of 64, window across blocks
    })
    void attention(int batch, int seqLen, int heads, int kvHeads, int hd, int window, float cap) {
        SplittableRandom r = new SplittableRandom(4);
        int n = batch * seqLen;
        float[] q = random(r, n * heads * hd, -1.5, 1.5);
        float[] k = random(r, n * kvHeads * hd, -1.5, 1.5);
        float[] v = random(r, n * kvHeads * hd, -1, 1);
        Attention att = new Attention(heads, kvHeads, hd, window, cap);
        float[] out = new float[n * heads * hd];
        float[] lse = new float[n * heads];
        att.forward(ctx, q, k, v, out, lse, batch, seqLen);
        double[] qd = d(q), kd = d(k), vd = d(v);
        assertClose("attention forward", out,
                Reference.attention(qd, kd, vd, batch, seqLen, heads, kvHeads, hd, window, cap), 1e-5);
        float[] dOut = random(r, out.length, -1, 1);
        float[] dq = new float[q.length], dk = new float[k.length], dv = new float[v.length];
        att.backward(ctx, dOut, q, k, v, lse, dq, dk, dv, batch, seqLen);
        assertClose("attention dq", dq, numericGradient(qd,
                x -> Reference.attention(x, kd, vd, batch, seqLen, heads, kvHeads, hd, window, cap), dOut), 1e-4);
        assertClose("attention dk", dk, numericGradient(kd,
                x -> Reference.attention(qd, x, vd, batch, seqLen, heads, kvHeads, hd, window, cap), dOut), 1e-4);
        assertClose("attention dv", dv, numericGradient(vd,
                x -> Reference.attention(qd, kd, x, batch, seqLen, heads, kvHeads, hd, window, cap), dOut), 1e-4);
    }

    @Test
    void geglu() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 37;
        float[] gate = random(r, n, -5, 5);
        gate[0] = -12f; // exp argument clamped
        gate[1] = 12f;
        float[] up = random(r, n, -2, 2);
        float[] y = new float[n];
        GeGlu.forward(ctx, gate, up, y, n);
        assertClose("geglu forward", y, Reference.geglu(d(gate), d(up)), 1e-6);
        float[] dy = random(r, n, -1, 1);
        float[] dg = new float[n], du = new float[n];
        GeGlu.backward(ctx, dy, gate, up, dg, du, n);
        double[] gd = d(gate), ud = d(up);
        assertClose("geglu dgate", dg, numericGradient(gd, x -> Reference.geglu(x, ud), dy), 1e-4);
        assertClose("geglu dup", du, numericGradient(ud, x -> Reference.geglu(gd, x), dy), 1e-4);
    }

    @Test
    void softcap() {
        SplittableRandom r = new SplittableRandom(6);
        float[] x = random(r, 20, -6, 6);
        float[] y = x.clone();
        SoftCap.forward(y, 0, y.length, 3f);
        assertClose("softcap forward", y, Reference.softcap(d(x), 3), 1e-6);
        float[] dy = random(r, 20, -1, 1);
        float[] dx = dy.clone();
        SoftCap.backward(y, dx, 0, dx.length, 3f);
        assertClose("softcap dx", dx, numericGradient(d(x), xs -> Reference.softcap(xs, 3), dy), 1e-4);
    }

    @ParameterizedTest(name = "cap {0}, gradScale {1}")
    @CsvSource({"0, 1", "4, 1", "0, 0.25"})
    void crossEntropy(float cap, float gradScale) {
        SplittableRandom r = new SplittableRandom(7);
        int rows = 5, vocab = 37;
        float[] raw = random(r, rows * vocab, -6, 6);
        int[] targets = {3, CrossEntropy.IGNORE, 36, 0, 17};
        float[] z = raw.clone();
        if (cap > 0) {
            SoftCap.forward(z, 0, z.length, cap);
        }
        float[] grad = z.clone();
        double loss = CrossEntropy.forwardBackward(ctx, grad, targets, vocab, cap, gradScale);
        Function<double[], double[]> capOf = x -> cap > 0 ? Reference.softcap(x, cap) : x;
        assertThat(loss).isCloseTo(Reference.crossEntropy(capOf.apply(d(raw)), targets, vocab),
                org.assertj.core.api.Assertions.within(1e-5));
        double[] fd = numericGradient(d(raw), x -> gradScale * Reference.crossEntropy(capOf.apply(x), targets, vocab));
        assertClose("cross-entropy dlogits", grad, fd, 1e-4);
        for (int i = 0; i < vocab; i++) {
            assertThat(grad[vocab + i]).as("ignored row").isZero();
        }
    }

    @Test
    void embedding() {
        SplittableRandom r = new SplittableRandom(8);
        int vocab = 7, d = 5;
        float scale = 2.3f;
        int[] tokens = {3, 1, 3, 6, 0, 3};
        float[] table = random(r, vocab * d, -1, 1);
        float[] y = new float[tokens.length * d];
        Embedding.forward(ctx, tokens, table, vocab, d, scale, y);
        assertClose("embedding forward", y, Reference.embedding(tokens, d(table), d, scale), 1e-6);
        float[] dy = random(r, y.length, -1, 1);
        float[] dt = new float[table.length];
        Embedding.backward(ctx, tokens, dy, d, scale, dt);
        assertClose("embedding dtable", dt, numericGradient(d(table), t -> Reference.embedding(tokens, t, d, scale), dy),
                1e-4);
    }

    @Test
    void residualAndScale() {
        SplittableRandom r = new SplittableRandom(9);
        float[] x = random(r, 11, -1, 1);
        float[] b = random(r, 11, -1, 1);
        float[] sum = x.clone();
        Residual.add(sum, b, 11);
        for (int i = 0; i < 11; i++) {
            assertThat(sum[i]).isEqualTo(x[i] + b[i]);
        }
        float[] dSum = random(r, 11, -1, 1);
        float[] dB = new float[11];
        Residual.addBackward(dSum, dB, 11);
        assertThat(dB).containsExactly(dSum);
        float[] s = x.clone();
        Residual.scale(s, 0, 11, 0.125f);
        for (int i = 0; i < 11; i++) {
            assertThat(s[i]).isEqualTo(x[i] * 0.125f);
        }
    }

    @Test
    void badTokenIsATypedError() {
        float[] table = new float[4 * 3];
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> Embedding.forward(ctx, new int[] {1, 4}, table, 4, 3, 1f, new float[6]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token id 4 at index 1");
    }
}
