package org.pollux.train.run;

import java.util.ArrayList;
import java.util.List;

/** Collects what a run reports, for assertions. */
class RecordingSink implements ProgressSink {
    final List<StepMetrics> steps = new ArrayList<>();
    final List<Double> validation = new ArrayList<>();
    final List<String> messages = new ArrayList<>();

    @Override
    public void step(StepMetrics m) {
        steps.add(m);
    }

    @Override
    public void evaluated(long step, double valLoss) {
        validation.add(valLoss);
    }

    @Override
    public void message(String text) {
        messages.add(text);
    }

    double[] losses() {
        return steps.stream().mapToDouble(StepMetrics::loss).toArray();
    }
}
