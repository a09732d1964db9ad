package org.pollux.serve.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** bench-serve's reading of a server's engine counters from /metrics. */
class EngineTimeTest {
    private static final String METRICS = """
            # HELP pollux_decode_steps_total Batched decode steps the model's scheduler ran.
            # TYPE pollux_decode_steps_total counter
            pollux_decode_steps_total{model="bench"} 120.0
            pollux_decode_steps_total{model="other"} 7.0
            pollux_decoded_rows_total{model="bench"} 900.0
            pollux_engine_seconds_total{model="bench",phase="decode"} 60.0
            pollux_engine_seconds_total{model="bench",phase="prefill"} 4.5
            pollux_engine_seconds_total{model="bench",phase="sampling"} 1.2
            """;

    @Test
    void readsOneModelsCountersAndDerivesPerStepFigures() {
        ServeBenchmark.EngineTime e = ServeBenchmark.EngineTime.parse(METRICS, "bench");
        assertThat(e).isEqualTo(new ServeBenchmark.EngineTime(120, 900, 4.5, 60.0, 1.2));
        assertThat(e.meanBatch()).isEqualTo(7.5);
        assertThat(e.decodeMsPerStep()).isEqualTo(500.0);
        assertThat(e.samplingMsPerStep()).isEqualTo(10.0);
        ServeBenchmark.EngineTime later = new ServeBenchmark.EngineTime(130, 980, 5.0, 65.0, 1.3);
        assertThat(later.minus(e).steps()).isEqualTo(10);
        assertThat(later.minus(e).meanBatch()).isEqualTo(8.0);
    }

    @Test
    void aServerWithoutTheCountersReadsUnknown() {
        assertThat(ServeBenchmark.EngineTime.parse("up 1.0\n", "bench")).isEqualTo(ServeBenchmark.EngineTime.UNKNOWN);
        assertThat(ServeBenchmark.EngineTime.parse(METRICS, "missing")).isEqualTo(ServeBenchmark.EngineTime.UNKNOWN);
        assertThat(ServeBenchmark.EngineTime.UNKNOWN.decodeMsPerStep()).isZero();
    }
}
