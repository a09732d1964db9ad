package org.pollux.serve.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.generate.prompt.CachedPrefix;

/** Expiry: an expired entry is gone for lookups at once and dropped by the sweep; a new expire time revives nothing. */
class CachedContentStoreTest {
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static CachedPrefix prefix(String name) {
        return new CachedPrefix(name, "m", null, null, null, null, new int[] {1, 2, 3}, null);
    }

    @Test
    void expiresSweepsAndExtends() {
        MovableClock clock = new MovableClock();
        try (CachedContentStore store = new CachedContentStore(clock, Duration.ofHours(1))) {
            String a = CachedContentStore.newName();
            String b = CachedContentStore.newName();
            assertThat(a).matches("cachedContents/[a-z0-9]{12}").isNotEqualTo(b);
            store.add(prefix(a), "a", clock.now.plusSeconds(60));
            clock.now = clock.now.plusSeconds(1);
            store.add(prefix(b), null, clock.now.plusSeconds(600));
            assertThat(store.list()).extracting(e -> e.prefix().name()).containsExactly(a, b);
            assertThat(store.get(a.substring("cachedContents/".length())).resource().usageMetadata().totalTokenCount())
                    .isEqualTo(3);

            store.setExpireTime(b, clock.now.plusSeconds(3600));
            assertThat(store.get(b).updateTime()).isEqualTo(clock.now);
            clock.now = clock.now.plusSeconds(120);
            assertThatThrownBy(() -> store.find(a)).isInstanceOf(ApiException.class).hasMessageContaining("expired at");
            assertThat(store.list()).extracting(e -> e.prefix().name()).containsExactly(b);
            assertThat(store.sweep()).isEqualTo(1);
            assertThatThrownBy(() -> store.get(a)).hasMessageContaining("CachedContent not found");
            assertThatThrownBy(() -> store.setExpireTime(a, clock.now.plusSeconds(60))).isInstanceOf(ApiException.class);
            store.delete(b);
            assertThat(store.list()).isEmpty();
        }
    }

    /** A KV cache that only reports its size (the store looks at nothing else). */
    static CachedPrefix prefixHolding(String name, long bytes) {
        org.pollux.model.KvCache kv = new org.pollux.model.KvCache() {
            @Override public int position() { return 3; }
            @Override public int capacity() { return 3; }
            @Override public void truncate(int position) { throw new UnsupportedOperationException(); }
            @Override public org.pollux.model.KvCache copy(int capacity) { throw new UnsupportedOperationException(); }
            @Override public long bytes() { return bytes; }
        };
        return new CachedPrefix(name, "m", null, null, null, null, new int[] {1, 2, 3}, kv);
    }

    @Test
    void theKvMemoryOfLiveCachesIsBounded() {
        MovableClock clock = new MovableClock();
        try (CachedContentStore store = new CachedContentStore(clock, Duration.ofHours(1), 1000)) {
            String a = CachedContentStore.newName();
            store.add(prefixHolding(a, 600), null, clock.now.plusSeconds(60));
            assertThatThrownBy(() -> store.add(prefixHolding(CachedContentStore.newName(), 500), null,
                    clock.now.plusSeconds(60)))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status().http()).isEqualTo(429);
                        assertThat(e.getMessage()).contains("already hold 600 bytes").contains("limit of 1000 bytes");
                    });
            store.delete(a);
            store.add(prefixHolding(CachedContentStore.newName(), 500), null, clock.now.plusSeconds(60));
            // Expired caches no longer count, swept or not.
            clock.now = clock.now.plusSeconds(120);
            store.add(prefixHolding(CachedContentStore.newName(), 900), null, clock.now.plusSeconds(60));
            assertThat(store.list()).hasSize(1);
        }
    }

    @Test
    void theSweeperDropsExpiredEntriesOnItsOwn() throws Exception {
        MovableClock clock = new MovableClock();
        try (CachedContentStore store = new CachedContentStore(clock, Duration.ofMillis(10))) {
            store.add(prefix(CachedContentStore.newName()), null, clock.now.plusSeconds(5));
            store.add(prefix(CachedContentStore.newName()), null, clock.now.plusSeconds(50));
            clock.now = clock.now.plusSeconds(10);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (store.size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(store.size()).isEqualTo(1);
        }
    }

    @Test
    void expiryFromTtlOrTimestamp() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Expiry.of("1.5s", null, now, "c")).isEqualTo(now.plusMillis(1500));
        assertThat(Expiry.of(null, "2026-01-01T02:00:00+01:00", now, "c")).isEqualTo(now.plusSeconds(3600));
        assertThat(Expiry.of(null, null, now, "c")).isNull();
        assertThatThrownBy(() -> Expiry.of(null, "2026-01-01T01:00:00+01:00", now, "c"))
                .hasMessageContaining("c.expireTime: the expire time 2026-01-01T00:00:00Z is not in the future");
    }
}
