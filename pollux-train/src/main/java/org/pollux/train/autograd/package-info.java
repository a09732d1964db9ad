/**
 * Reverse-mode building blocks over fp32 arrays: one class per op, each a forward and a backward
 * (llm.c style; the model calls them in order and keeps what each backward needs). Shapes are
 * row-major {@code [rows][width]} with the engine's weight layout ([out][in]).
 *
 * <p>Every op is deterministic for any thread count: threads split outputs, never a sum, and
 * sums over rows (weight gradients, embedding scatter, kv-group reductions) run in a fixed
 * order. {@link org.pollux.train.autograd.Gemm} carries the matmuls;
 * {@link org.pollux.train.autograd.VectorMath} gives an exp whose vector and scalar forms agree
 * bit for bit. Tests: float64 references and finite differences for every op.
 */
package org.pollux.train.autograd;
