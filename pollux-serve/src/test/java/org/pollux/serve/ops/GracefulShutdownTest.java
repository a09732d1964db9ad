package org.pollux.serve.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pollux.serve.PolluxServer;
import org.pollux.serve.TestServer;

/**
 * Closing the server stops new work but lets a request in flight finish; one that outlives the
 * grace period is cut off when it ends. The slow request is a real handler that streams half its
 * body, then waits for the test to let it go.
 */
class GracefulShutdownTest {
    /** GET /slow: writes "first half;", waits for {@link #release}, writes "second half". */
    static final class SlowRoute implements PolluxServer.RouteModule {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void register(org.pollux.serve.http.Router router, PolluxServer.Context context) {
            router.plain("GET", "/slow", call -> {
                var ex = call.exchange();
                ex.header("Content-Type", "text/plain");
                OutputStream out = ex.output();
                out.write("first half;".getBytes(StandardCharsets.UTF_8));
                out.flush();
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                }
                out.write("second half".getBytes(StandardCharsets.UTF_8));
            });
        }
    }

    static CompletableFuture<HttpResponse<String>> slowRequest(TestServer s) {
        return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Closes the server on another thread; the future completes when close() returns. */
    static CompletableFuture<Long> closeInBackground(TestServer s) {
        CompletableFuture<Long> closed = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            long t0 = System.nanoTime();
            try {
                s.close();
                closed.complete(System.nanoTime() - t0);
            } catch (Throwable e) {
                closed.completeExceptionally(e);
            }
        });
        return closed;
    }

    /** Whether the server refuses new requests (a closed port, or a 503 from the graceful handler). */
    static boolean refusesNewRequests(String baseUrl) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/healthz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 503;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return true;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRequestInFlightFinishesWhileTheServerShutsDown() throws Exception {
        SlowRoute slow = new SlowRoute();
        TestServer s = TestServer.start(c -> c.withShutdownGrace(Duration.ofSeconds(30)), List.of(slow));
        String base = s.baseUrl();
        CompletableFuture<HttpResponse<String>> response = slowRequest(s);
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Long> closed = closeInBackground(s);
        assertThat(Eventually.get(() -> refusesNewRequests(base), b -> b)).as("new requests refused").isTrue();
        assertThat(closed).as("close waits for the request in flight").isNotDone();
        assertThat(response).isNotDone();

        slow.release.countDown();
        HttpResponse<String> r = response.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("first half;second half");
        long closeNanos = closed.get(10, TimeUnit.SECONDS);
        assertThat(closeNanos).isLessThan(Duration.ofSeconds(20).toNanos());
    }

    @Test
    void aRequestOutlivingTheGraceIsCutOff() throws Exception {
        SlowRoute slow = new SlowRoute();
        TestServer s = TestServer.start(c -> c.withShutdownGrace(Duration.ofMillis(300)), List.of(slow));
        try {
            CompletableFuture<HttpResponse<String>> response = slowRequest(s);
            assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
            long closeNanos = closeInBackground(s).get(20, TimeUnit.SECONDS);
            assertThat(closeNanos).isBetween(Duration.ofMillis(250).toNanos(), Duration.ofSeconds(10).toNanos());
            // The client never gets a complete response: the connection was closed mid-body.
            try {
                HttpResponse<String> r = response.get(10, TimeUnit.SECONDS);
                assertThat(r.body()).isNotEqualTo("first half;second half");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IOException.class);
            }
        } finally {
            slow.release.countDown();
        }
    }
}
