package org.pollux.serve.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentRateTest {
    static final long S = 1_000_000_000L;

    @Test
    void ratesOverTheSecondsCoveredThenOverTheWindow() {
        AtomicLong clock = new AtomicLong(1000 * S + 1);
        RecentRate r = new RecentRate(10, clock::get);
        assertThat(r.perSecond()).isZero();
        r.add(30);
        assertThat(r.perSecond()).isEqualTo(30.0); // 30 events in the first (partial) second
        clock.addAndGet(S);
        r.add(10);
        assertThat(r.perSecond()).isEqualTo(20.0); // 40 over 2 seconds
        clock.addAndGet(8 * S); // second 1009: the window covers seconds 1000..1009, all 10 since start
        assertThat(r.perSecond()).isEqualTo(4.0);
        clock.addAndGet(S); // second 1010: second 1000 (30 events) left the window
        assertThat(r.perSecond()).isEqualTo(1.0);
        clock.addAndGet(S);
        assertThat(r.perSecond()).isZero();
    }

    @Test
    void aBucketReusedAfterAWholeWindowStartsFromZero() {
        AtomicLong clock = new AtomicLong(5 * S);
        RecentRate r = new RecentRate(3, clock::get);
        r.add(100);
        clock.addAndGet(3 * S); // same ring slot, three seconds later
        r.add(6);
        assertThat(r.perSecond()).isEqualTo(2.0);
    }

    @Test
    void windowMustBePositive() {
        assertThatThrownBy(() -> new RecentRate(0, System::nanoTime)).hasMessageContaining("at least 1");
    }
}
