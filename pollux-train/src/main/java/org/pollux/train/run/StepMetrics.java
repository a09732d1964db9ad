package org.pollux.train.run;

/**
 * What one optimizer step measured.
 *
 * @param step 1-based number of the step just taken
 * @param loss mean training loss over the step's micro-batches
 * @param lr the learning rate it used
 * @param gradNorm global gradient norm before clipping
 * @param tokensPerSecond training tokens per second over this session so far
 * @param tokens training tokens consumed since step 0
 */
public record StepMetrics(long step, double loss, double lr, double gradNorm, double tokensPerSecond, long tokens) {}
