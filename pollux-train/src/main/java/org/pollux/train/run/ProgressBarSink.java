package org.pollux.train.run;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar over the steps (with ETA), its message showing loss, validation loss and tokens/s; other messages as lines. */
public final class ProgressBarSink implements ProgressSink, AutoCloseable {
    private final PrintStream out;
    private ProgressBar bar;
    private double lastVal = Double.NaN;

    /** Draws on {@code out} (stderr for the CLI, so stdout stays clean). */
    public ProgressBarSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(long fromStep, long totalSteps) {
        bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(out))
                .setUnit(" steps", 1).startsFrom(fromStep, java.time.Duration.ZERO).build();
    }

    @Override
    public void step(StepMetrics m) {
        if (bar != null) {
            bar.stepTo(m.step());
            bar.setExtraMessage(String.format("loss %.4f%s | %.0f tok/s", m.loss(),
                    Double.isNaN(lastVal) ? "" : String.format(" val %.4f", lastVal), m.tokensPerSecond()));
        }
    }

    @Override
    public void evaluated(long step, double valLoss) {
        lastVal = valLoss;
    }

    @Override
    public void message(String text) {
        // Printed on its own line; the bar redraws itself below it at its next tick.
        out.println(bar == null ? text : "\n" + text);
    }

    @Override
    public void finished(TrainingSummary summary) {
        close(); // the caller prints the summary where it wants it
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
