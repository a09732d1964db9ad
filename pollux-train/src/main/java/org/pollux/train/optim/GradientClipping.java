package org.pollux.train.optim;

import java.util.List;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.FloatOps;
import org.pollux.train.autograd.VectorMath;
import org.pollux.train.model.Parameter;

/**
 * Global-norm gradient clipping: if ‖g‖₂ over all parameters exceeds maxNorm, every gradient is
 * scaled by maxNorm / ‖g‖₂. The norm is summed in double, parameter by parameter in order and
 * within a parameter in fixed chunks of {@value #CHUNK}, so it is the same for any thread count.
 */
public final class GradientClipping {
    private static final int CHUNK = 4096;

    private GradientClipping() {}

    /** ‖g‖₂ over every parameter's gradient. */
    public static double globalNorm(List<Parameter> params, ComputeContext ctx) {
        double[] perParam = new double[params.size()];
        ctx.parallelFor(params.size(), 1, (from, to) -> {
            for (int p = from; p < to; p++) {
                float[] g = params.get(p).grad();
                double s = 0;
                for (int i = 0; i < g.length; i += CHUNK) {
                    s += VectorMath.dot(g, i, g, i, Math.min(CHUNK, g.length - i));
                }
                perParam[p] = s;
            }
        });
        double total = 0;
        for (double s : perParam) {
            total += s;
        }
        return Math.sqrt(total);
    }

    /** Clips to maxNorm (&gt; 0) and returns the norm before clipping. */
    public static double clipGlobalNorm(List<Parameter> params, double maxNorm, ComputeContext ctx) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max gradient norm must be positive, got " + maxNorm);
        }
        double norm = globalNorm(params, ctx);
        if (norm > maxNorm) {
            float scale = (float) (maxNorm / norm);
            for (Parameter p : params) {
                float[] g = p.grad();
                ctx.parallelFor(g.length, 4096, (from, to) -> FloatOps.scale(g, from, to - from, scale));
            }
        }
        return norm;
    }
}
