package org.pollux.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pollux.tensor.ComputeContext;

class BenchTest {
    @Test
    void statsUseTheSampleStandardDeviation() {
        Stats s = Stats.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertThat(s.mean()).isEqualTo(5.0);
        assertThat(s.sd()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(s.n()).isEqualTo(8);
        assertThat(s.toString()).isEqualTo("5.00 ± 2.14");
        assertThat(Stats.of(new double[] {3}).sd()).isZero();
        assertThatThrownBy(() -> Stats.of(new double[0])).hasMessage("no measurements");
        assertThatThrownBy(() -> Stats.of(new double[] {1, Double.NaN})).hasMessage("measurement 1 is NaN");
    }

    @Test
    void runnerTimesEachTestAfterAWarmUpWithExactRates() {
        ClockedToyModel model = new ClockedToyModel(64);
        List<String> lines = new ArrayList<>();
        BenchmarkRunner.Settings settings = new BenchmarkRunner.Settings(10, 4, 3, 2);
        BenchmarkRunner.Result r = BenchmarkRunner.run(model, settings, lines::add, () -> model.nanos);

        // pp: call 0 warms up; calls 1..3 cost 2, 3, 1 µs per token for 10 tokens.
        assertThat(r.promptTokensPerSecond().samples()).containsExactly(10 * 1e9 / 20_000, 10 * 1e9 / 30_000, 10 * 1e9 / 10_000);
        // tg: calls 4..8 warm up; each run is an untimed 2-token prompt, then 4 timed single tokens:
        // run 1 = calls 10..13 (2+3+1+2 µs), run 2 = calls 15..18 (1+2+3+1), run 3 = calls 20..23 (3+1+2+3).
        List<Double> tg = r.genTokensPerSecond().samples();
        assertThat(tg).hasSize(3);
        assertThat(tg.get(0)).isCloseTo(4 / 8e-6, within(1e-6));
        assertThat(tg.get(1)).isCloseTo(4 / 7e-6, within(1e-6));
        assertThat(tg.get(2)).isCloseTo(4 / 9e-6, within(1e-6));
        double mean = (4 / 8e-6 + 4 / 7e-6 + 4 / 9e-6) / 3;
        assertThat(r.genTokensPerSecond().mean()).isCloseTo(mean, within(1e-6));
        double ss = 0;
        for (double x : tg) {
            ss += (x - mean) * (x - mean);
        }
        assertThat(r.genTokensPerSecond().sd()).isCloseTo(Math.sqrt(ss / 2), within(1e-6));

        assertThat(model.calls).hasSize(4 + 4 * (1 + 4));
        for (int c = 0; c < 4; c++) { // every pp run: the whole prompt at position 0 of a fresh cache
            assertThat(model.calls.get(c).position()).isZero();
            assertThat(model.calls.get(c).length()).isEqualTo(10);
        }
        assertThat(model.calls.stream().map(ClockedToyModel.Call::cache).distinct()).hasSize(8);
        for (int run = 0; run < 4; run++) {
            int first = 4 + run * 5;
            assertThat(model.calls.get(first).length()).isEqualTo(2);
            for (int i = 1; i <= 4; i++) {
                assertThat(model.calls.get(first + i).length()).isEqualTo(1);
                assertThat(model.calls.get(first + i).position()).isEqualTo(1 + i);
            }
        }
        assertThat(lines).containsExactly("pp10 warm-up: 1000000.00 tok/s", "pp10 run 1: 500000.00 tok/s",
                "pp10 run 2: 333333.33 tok/s", "pp10 run 3: 1000000.00 tok/s", "tg4 warm-up: 444444.44 tok/s",
                "tg4 run 1: 500000.00 tok/s", "tg4 run 2: 571428.57 tok/s", "tg4 run 3: 444444.44 tok/s");
    }

    @Test
    void skippedTestsAndBadSettings() {
        ClockedToyModel model = new ClockedToyModel(64);
        BenchmarkRunner.Result r = BenchmarkRunner.run(model, new BenchmarkRunner.Settings(0, 3, 1), line -> {});
        assertThat(r.promptTokensPerSecond()).isNull();
        assertThat(r.genTokensPerSecond().n()).isEqualTo(1);
        assertThat(BenchmarkRunner.Settings.defaults()).isEqualTo(new BenchmarkRunner.Settings(512, 128, 3, 16));
        assertThatThrownBy(() -> new BenchmarkRunner.Settings(0, 0, 1))
                .hasMessage("need a positive prompt (-p) or generation (-n) length, got p=0 n=0");
        assertThatThrownBy(() -> new BenchmarkRunner.Settings(8, 8, 0)).hasMessage("repetitions (-r) must be >= 1, got 0");
        assertThatThrownBy(() -> BenchmarkRunner.run(model, new BenchmarkRunner.Settings(65, 0, 1), line -> {}))
                .hasMessage("prompt length 65 (-p) exceeds the model's context of 64");
        assertThatThrownBy(() -> BenchmarkRunner.run(model, new BenchmarkRunner.Settings(8, 60, 1), line -> {}))
                .hasMessage("generation of 60 tokens (-n) after a 16-token prompt exceeds the model's context of 64");
        assertThat(model.calls).hasSize(2 * 4); // only the valid run did work
    }

    @Test
    void bytesPerTokenCountsTheEmbeddingTableOnlyWhenTied() {
        List<Long> matrices = List.of(1000L, 2000L, 500L);
        assertThat(WeightTraffic.bytesPerToken(matrices, 10_000, 10, true)).isEqualTo(13_500);
        assertThat(WeightTraffic.bytesPerToken(matrices, 10_000, 10, false)).isEqualTo(3_510);
        assertThatThrownBy(() -> WeightTraffic.bytesPerToken(List.of(1L, -2L), 10, 1, false))
                .hasMessage("matrix 1 has a negative size: -2");
        assertThat(WeightTraffic.limitTokensPerSecond(50e9, 1_000_000_000L)).isEqualTo(50.0);
        assertThatThrownBy(() -> WeightTraffic.limitTokensPerSecond(0, 10)).hasMessageContaining("positive bandwidth");
    }

    @Test
    void bandwidthProbeMeasuresASmallBuffer() {
        try (ComputeContext ctx = ComputeContext.of(2)) {
            assertThat(BandwidthProbe.measure(ctx, 1 << 20, 2)).isPositive().isFinite();
            assertThatThrownBy(() -> BandwidthProbe.measure(ctx, 1 << 20, 0)).hasMessage("passes must be >= 1, got 0");
            assertThatThrownBy(() -> BandwidthProbe.measure(ctx, 8, 1)).hasMessageStartingWith("the probe buffer needs at least");
        }
    }

    @Test
    void reportRendersMarkdownRowsAndJson() throws Exception {
        BenchmarkRunner.Result result = new BenchmarkRunner.Result(Stats.of(new double[] {100, 110, 120}),
                Stats.of(new double[] {20, 22}));
        BenchmarkReport report = new BenchmarkReport("tiny.gguf", 3L << 29, 4, new BenchmarkRunner.Settings(512, 128, 3),
                result, 40e9, 2_000_000_000L);
        assertThat(report.limitTokensPerSecond()).isEqualTo(20.0);
        assertThat(BenchmarkReport.markdownHeader()).startsWith("| model | size | threads | test | t/s | limit t/s |\n");
        assertThat(report.markdownRows()).containsExactly(
                "| tiny.gguf | 1.50 GiB | 4 | pp512 | 110.00 ± 10.00 |  |",
                "| tiny.gguf | 1.50 GiB | 4 | tg128 | 21.00 ± 1.41 | 20.00 |");
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.get("model").asText()).isEqualTo("tiny.gguf");
        assertThat(json.get("threads").asInt()).isEqualTo(4);
        assertThat(json.get("n_prompt").asInt()).isEqualTo(512);
        assertThat(json.get("pp").get("mean_tokens_per_second").asDouble()).isEqualTo(110.0);
        assertThat(json.get("tg").get("samples_tokens_per_second")).hasSize(2);
        assertThat(json.get("limit_tokens_per_second").asDouble()).isEqualTo(20.0);

        BenchmarkReport unmeasured = new BenchmarkReport("m", 1, 1, new BenchmarkRunner.Settings(0, 8, 2),
                new BenchmarkRunner.Result(null, Stats.of(new double[] {5, 5})), Double.NaN, 100);
        assertThat(unmeasured.markdownRows()).containsExactly("| m | 0.00 GiB | 1 | tg8 | 5.00 ± 0.00 |  |");
        JsonNode j = new ObjectMapper().readTree(unmeasured.toJson());
        assertThat(j.get("pp").isNull()).isTrue();
        assertThat(j.get("bandwidth_bytes_per_second").isNull()).isTrue();
        assertThat(j.get("limit_tokens_per_second").isNull()).isTrue();
    }
}
