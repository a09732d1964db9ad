package org.pollux.serve.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The exposition of {@link Metrics}: values, histogram buckets, gauges read at scrape, names. */
class MetricsTest {
    static final long S = 1_000_000_000L;

    static String scrape(Metrics m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void countsRequestsByMethodRouteAndStatus() throws Exception {
        Metrics m = new Metrics();
        m.request("GET", "/{version}/models", 200, 3_000_000);
        m.request("GET", "/{version}/models", 200, 40_000_000);
        m.request("GET", "/{version}/models", 403, 1_000_000);
        m.request("BREW", "unmatched", 404, 1_000_000);
        Map<String, Double> s = PromText.samples(scrape(m));
        assertThat(s).containsEntry("pollux_http_requests_total{method=\"GET\",route=\"/{version}/models\",status=\"200\"}", 2.0)
                .containsEntry("pollux_http_requests_total{method=\"GET\",route=\"/{version}/models\",status=\"403\"}", 1.0)
                .containsEntry("pollux_http_requests_total{method=\"OTHER\",route=\"unmatched\",status=\"404\"}", 1.0);
        String h = "pollux_http_request_duration_seconds";
        String labels = "method=\"GET\",route=\"/{version}/models\"";
        assertThat(s.get(h + "_count{" + labels + "}")).isEqualTo(3.0);
        assertThat(s.get(h + "_sum{" + labels + "}")).isCloseTo(0.044, within(1e-9));
        // 3 ms and 1 ms fall at or below 5 ms; 40 ms only from the 50 ms bucket on.
        assertThat(s.get(h + "_bucket{" + labels + ",le=\"0.005\"}")).isEqualTo(2.0);
        assertThat(s.get(h + "_bucket{" + labels + ",le=\"0.025\"}")).isEqualTo(2.0);
        assertThat(s.get(h + "_bucket{" + labels + ",le=\"0.05\"}")).isEqualTo(3.0);
        assertThat(s.get(h + "_bucket{" + labels + ",le=\"+Inf\"}")).isEqualTo(3.0);
    }

    @Test
    void recordsGenerationsPerModel() throws Exception {
        AtomicLong clock = new AtomicLong(100 * S);
        Metrics m = new Metrics(clock::get);
        m.addModel("gemma", SchedulerStats.IDLE);
        Map<String, Double> before = PromText.samples(scrape(m));
        assertThat(before).containsEntry("pollux_generated_tokens_total{model=\"gemma\"}", 0.0)
                .containsEntry("pollux_prompt_tokens_total{model=\"gemma\"}", 0.0)
                .containsEntry("pollux_generated_tokens_per_second{model=\"gemma\"}", 0.0);

        m.generation("gemma", 12, 30, 200_000_000L, 2 * S);
        clock.addAndGet(S);
        m.generation("gemma", 8, 10, -1, S / 2); // no token: no time to first token
        Map<String, Double> s = PromText.samples(scrape(m));
        assertThat(s).containsEntry("pollux_prompt_tokens_total{model=\"gemma\"}", 20.0)
                .containsEntry("pollux_generated_tokens_total{model=\"gemma\"}", 40.0)
                .containsEntry("pollux_time_to_first_token_seconds_count{model=\"gemma\"}", 1.0)
                .containsEntry("pollux_time_to_first_token_seconds_bucket{model=\"gemma\",le=\"0.1\"}", 0.0)
                .containsEntry("pollux_time_to_first_token_seconds_bucket{model=\"gemma\",le=\"0.25\"}", 1.0)
                .containsEntry("pollux_generation_duration_seconds_count{model=\"gemma\"}", 2.0)
                .containsEntry("pollux_generation_duration_seconds_sum{model=\"gemma\"}", 2.5)
                // 40 tokens in the 2 seconds since the metrics were created.
                .containsEntry("pollux_generated_tokens_per_second{model=\"gemma\"}", 20.0);
        clock.addAndGet(Metrics.RATE_WINDOW_SECONDS * S);
        assertThat(PromText.samples(scrape(m))).containsEntry("pollux_generated_tokens_per_second{model=\"gemma\"}", 0.0)
                .containsEntry("pollux_generated_tokens_total{model=\"gemma\"}", 40.0);
    }

    @Test
    void schedulerGaugesAreReadAtScrapeTime() throws Exception {
        Metrics m = new Metrics();
        AtomicInteger queued = new AtomicInteger(3);
        AtomicInteger active = new AtomicInteger(5);
        m.addModel("a", SchedulerStats.of(() -> new org.pollux.generate.batch.SchedulerStats(active.get(), queued.get(),
                40, 100, 0, 0, 0, 0, 0, 1_500_000_000L, 12_000_000_000L, 250_000_000L)));
        m.addModel("b", SchedulerStats.IDLE);
        Map<String, Double> s = PromText.samples(scrape(m));
        assertThat(s).containsEntry("pollux_queue_depth{model=\"a\"}", 3.0)
                .containsEntry("pollux_active_sequences{model=\"a\"}", 5.0)
                .containsEntry("pollux_queue_depth{model=\"b\"}", 0.0)
                .containsEntry("pollux_active_sequences{model=\"b\"}", 0.0)
                .containsEntry("pollux_decode_steps_total{model=\"a\"}", 40.0)
                .containsEntry("pollux_decoded_rows_total{model=\"a\"}", 100.0)
                .containsEntry("pollux_engine_seconds_total{model=\"a\",phase=\"prefill\"}", 1.5)
                .containsEntry("pollux_engine_seconds_total{model=\"a\",phase=\"decode\"}", 12.0)
                .containsEntry("pollux_engine_seconds_total{model=\"a\",phase=\"sampling\"}", 0.25)
                .containsEntry("pollux_engine_seconds_total{model=\"b\",phase=\"decode\"}", 0.0);
        queued.set(0);
        active.set(8);
        s = PromText.samples(scrape(m));
        assertThat(s).containsEntry("pollux_queue_depth{model=\"a\"}", 0.0)
                .containsEntry("pollux_active_sequences{model=\"a\"}", 8.0);
    }

    @Test
    void namesFollowPrometheusConventions() throws Exception {
        Metrics m = new Metrics();
        m.addModel("x", SchedulerStats.IDLE);
        m.request("GET", "/healthz", 200, 1);
        m.generation("x", 1, 1, 1, 1);
        String text = scrape(m);
        Matcher t = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$").matcher(text);
        int families = 0;
        while (t.find()) {
            families++;
            String name = t.group(1);
            String type = t.group(2);
            assertThat(name).matches("pollux_[a-z0-9_]+");
            assertThat(text).contains("# HELP " + name + " ");
            if (type.equals("counter")) {
                assertThat(name).endsWith("_total");
            }
            if (type.equals("histogram")) {
                assertThat(name).endsWith("_seconds");
            }
            if (type.equals("gauge")) {
                assertThat(name).doesNotEndWith("_total");
            }
        }
        assertThat(families).isEqualTo(12);
        assertThat(m.contentType()).startsWith("text/plain; version=0.0.4");
    }

    @Test
    void negativeCountsAreRejected() {
        Metrics m = new Metrics();
        assertThatThrownBy(() -> m.generation("x", -1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prompt -1");
    }
}
