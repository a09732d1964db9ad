package org.pollux.cli;

import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars for long commands, drawn on stderr so stdout stays clean for data. */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    Progress(String task, long total, String unit) {
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(Math.max(1, total))
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .setUnit(" " + unit, 1)
                .showSpeed()
                .build();
    }

    /** A consumer that moves the bar to an absolute position. */
    LongConsumer stepTo() {
        return bar::stepTo;
    }

    @Override
    public void close() {
        bar.close();
    }
}
