package org.pollux.train.run;

/** Where a {@link Trainer} reports as it goes (a progress bar, a test's list, nothing). */
public interface ProgressSink {
    /** Reports nothing. */
    ProgressSink NONE = new ProgressSink() {};

    /** Training is about to run steps [fromStep, totalSteps). */
    default void started(long fromStep, long totalSteps) {}

    default void step(StepMetrics m) {}

    default void evaluated(long step, double valLoss) {}

    /** A line worth telling the user (tokenizer trained, checkpoint written, resumed from …). */
    default void message(String text) {}

    default void finished(TrainingSummary summary) {}
}
