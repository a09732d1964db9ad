package org.pollux.serve.caches;

import java.lang.ref.WeakReference;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.pollux.serve.api.ApiErrors;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.generate.prompt.CachedPrefix;
import org.pollux.serve.generate.prompt.CachedPrefixes;

/**
 * The live cached contents, in memory. An entry is gone once its expire time has passed: lookups
 * treat it as absent at once, and a sweeper (one daemon thread shared by every store) drops it
 * within {@code sweepEvery}, which releases its KV cache.
 */
public final class CachedContentStore implements CachedPrefixes, AutoCloseable {
    static final String PREFIX = "cachedContents/";
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pollux-cache-sweeper");
        t.setDaemon(true);
        return t;
    });

    /** One cached content: its prefilled prefix and its resource fields. */
    record Entry(CachedPrefix prefix, String displayName, Instant createTime, Instant updateTime, Instant expireTime) {
        CachedContent resource() {
            return new CachedContent(prefix.name(), displayName, "models/" + prefix.modelId(), null, null, null, null,
                    null, expireTime.toString(), createTime.toString(), updateTime.toString(),
                    new CachedContent.Usage(prefix.tokens().length));
        }
    }

    /** Default bound on the KV memory all cached contents hold together: 4 GiB. */
    public static final long DEFAULT_MAX_BYTES = 4L << 30;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ScheduledFuture<?> sweeping;
    private final long maxBytes;

    public CachedContentStore(Clock clock, Duration sweepEvery) {
        this(clock, sweepEvery, DEFAULT_MAX_BYTES);
    }

    /** A store whose live caches may hold at most {@code maxBytes} of KV memory together. */
    public CachedContentStore(Clock clock, Duration sweepEvery, long maxBytes) {
        this.clock = clock;
        this.maxBytes = maxBytes;
        WeakReference<CachedContentStore> self = new WeakReference<>(this);
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        long ms = Math.max(1, sweepEvery.toMillis());
        // The task holds the store weakly and cancels itself once the store is gone, so a store
        // nobody closes (its server was dropped) neither lives forever nor leaves a task behind.
        task.set(SWEEPER.scheduleWithFixedDelay(() -> {
            CachedContentStore s = self.get();
            if (s != null) {
                s.sweep();
            } else if (task.get() != null) {
                task.get().cancel(false);
            }
        }, ms, ms, TimeUnit.MILLISECONDS));
        this.sweeping = task.get();
    }

    /** A fresh resource name {@code cachedContents/<12 lowercase letters and digits>}. */
    static String newName() {
        StringBuilder b = new StringBuilder(PREFIX);
        for (int i = 0; i < 12; i++) {
            b.append(ID_CHARS[RANDOM.nextInt(ID_CHARS.length)]);
        }
        return b.toString();
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Keeps a prefilled prefix. Over the memory bound it is refused with 429 RESOURCE_EXHAUSTED
     * (the KV state of every live cache stays in memory until it expires or is deleted).
     */
    synchronized Entry add(CachedPrefix prefix, String displayName, Instant expireTime) {
        long held = list().stream().mapToLong(e -> bytes(e.prefix())).sum();
        long adding = bytes(prefix);
        if (held + adding > maxBytes) {
            throw ApiErrors.exhausted("Cached contents already hold " + held + " bytes of KV memory and this one needs "
                    + adding + " more, over this server's limit of " + maxBytes + " bytes. Delete cached contents or "
                    + "let them expire.", Duration.ofSeconds(60));
        }
        Instant now = now();
        Entry e = new Entry(prefix, displayName, now, now, expireTime);
        entries.put(prefix.name(), e);
        return e;
    }

    private static long bytes(CachedPrefix p) {
        return p.kv() == null ? 0 : p.kv().bytes();
    }

    /** The live entry called {@code name} ({@code cachedContents/x} or {@code x}); 404 when none. */
    Entry get(String name) {
        String full = name.startsWith(PREFIX) ? name : PREFIX + name;
        Entry e = entries.get(full);
        if (e == null || !e.expireTime().isAfter(now())) {
            throw ApiException.notFound("CachedContent not found (or permission denied): " + full
                    + (e == null ? "" : " expired at " + e.expireTime()) + ".");
        }
        return e;
    }

    /** Every live entry, oldest first. */
    List<Entry> list() {
        Instant now = now();
        return entries.values().stream().filter(e -> e.expireTime().isAfter(now))
                .sorted(Comparator.comparing(Entry::createTime).thenComparing(e -> e.prefix().name())).toList();
    }

    /** Moves the expire time of a live entry. */
    Entry setExpireTime(String name, Instant expireTime) {
        Entry old = get(name);
        Entry updated = new Entry(old.prefix(), old.displayName(), old.createTime(), now(), expireTime);
        entries.put(old.prefix().name(), updated);
        return updated;
    }

    void delete(String name) {
        Entry e = get(name);
        entries.remove(e.prefix().name());
    }

    /** Entries held, expired ones not yet swept included. */
    int size() {
        return entries.size();
    }

    /** Drops every expired entry; returns how many. */
    int sweep() {
        Instant now = now();
        int before = entries.size();
        entries.values().removeIf(e -> !e.expireTime().isAfter(now));
        return before - entries.size();
    }

    @Override
    public CachedPrefix find(String name) {
        return get(name).prefix();
    }

    /** Stops the sweeper and drops every entry. */
    @Override
    public void close() {
        sweeping.cancel(false);
        entries.clear();
    }
}
