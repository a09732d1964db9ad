package org.pollux.serve.generate;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.pollux.generate.CancellationToken;
import org.pollux.generate.GenerationRejectedException;
import org.pollux.generate.Sampler;
import org.pollux.generate.TokenStreamListener;
import org.pollux.serve.api.ApiErrors;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.api.ApiStatus;
import org.pollux.serve.generate.prompt.FunctionTools;
import org.pollux.serve.generate.wire.Candidate;
import org.pollux.serve.generate.wire.UsageMetadata;

/**
 * One streamed generation: turns the generator's text pieces into response chunks (text deltas,
 * cumulative usage, the same response id and model version on every chunk, the finish reason on
 * the last) and writes them.
 *
 * <p>Writing happens on a virtual thread of its own, fed through a queue: the generating thread
 * may be a batching scheduler's, which must never wait for a slow client. When a write fails (the
 * client went away) the generation is cancelled.
 *
 * <p>What is streamed as it comes depends on the output: plain text and JSON go out piece by
 * piece; in function-calling mode AUTO text goes out until a call fence appears
 * ({@link CallFenceFilter}); a forced call (mode ANY) and a {@code text/x.enum} value are only
 * whole at the end, so they come in the last chunk. Log-probabilities ({@code logprobsResult},
 * {@code avgLogprobs}) cover the whole answer and come with the last chunk too.
 */
final class StreamSession implements TokenStreamListener {
    private static final Logger LOG = Logger.getLogger(StreamSession.class.getName());
    private static final Object END = new Object();
    private static final Object ABORT = new Object();

    private final GenerationPlan plan;
    private final StreamWriter writer;
    private final CancellationToken cancel;
    private final String responseId;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final CallFenceFilter fence;
    private final StringBuilder whole;
    private final Thread drainer;
    private int tokens;

    StreamSession(GenerationPlan plan, StreamWriter writer, CancellationToken cancel, String responseId) {
        this.plan = plan;
        this.writer = writer;
        this.cancel = cancel;
        this.responseId = responseId;
        FunctionTools tools = plan.tools();
        boolean autoCalls = tools.active() && tools.mode() == FunctionTools.Mode.AUTO;
        boolean onlyWhole = (tools.active() && tools.mode() == FunctionTools.Mode.ANY)
                || plan.output().kind() == OutputFormat.Kind.ENUM;
        this.fence = autoCalls ? new CallFenceFilter() : null;
        this.whole = onlyWhole ? new StringBuilder() : null;
        this.drainer = Thread.ofVirtual().name("pollux-stream-" + responseId).start(this::drain);
    }

    @Override
    public void onToken(Sampler.Choice choice) {
        tokens++;
    }

    @Override
    public void onText(String piece) {
        String out;
        if (whole != null) {
            whole.append(piece);
            out = "";
        } else {
            out = fence != null ? fence.push(piece) : piece;
        }
        if (!out.isEmpty()) {
            enqueue(ResponseBuilder.delta(out), ResponseBuilder.usage(plan.prompt(), plan.prompt().reusable(), tokens));
        }
    }

    /** Sends the last chunk (what was held back, the finish reason, final usage) and ends the stream. */
    void complete(CandidateRunner.Outcome o) {
        String rest = whole != null ? whole.toString() : fence != null ? fence.rest() : "";
        enqueue(ResponseBuilder.finished(plan, 0, o, rest),
                ResponseBuilder.usage(plan.prompt(), o.reused(), o.result().generatedTokens()));
        queue.add(END);
        await();
    }

    /**
     * Ends the stream after a failure. Returns false when nothing was sent yet: then no output was
     * written and the caller answers with a plain HTTP error instead.
     */
    boolean failed(RuntimeException e) {
        if (sent.get() == 0) {
            queue.add(ABORT);
            await();
            return false;
        }
        queue.add(asApiError(e));
        await();
        return true;
    }

    /** The API error a failure is reported as (the dispatcher's mapping, for errors inside a stream). */
    static ApiException asApiError(RuntimeException e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof GenerationRejectedException r) {
            return ApiErrors.exhausted(r.getMessage(), r.retryAfter());
        }
        if (e instanceof IllegalArgumentException) {
            return ApiException.invalid(e.getMessage());
        }
        LOG.log(Level.SEVERE, "generation failed inside a stream", e);
        return new ApiException(ApiStatus.INTERNAL, "Internal error: " + e);
    }

    private void enqueue(Candidate c, UsageMetadata u) {
        sent.incrementAndGet();
        queue.add(ResponseBuilder.response(List.of(c), u, plan.model().id(), responseId));
    }

    private void await() {
        try {
            drainer.join();
        } catch (InterruptedException e) {
            cancel.cancel();
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        boolean broken = false;
        while (true) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                cancel.cancel();
                return;
            }
            if (item == ABORT || (broken && (item == END || item instanceof ApiException))) {
                return;
            }
            if (broken) {
                continue;
            }
            try {
                if (item == END) {
                    writer.finish();
                    return;
                }
                if (item instanceof ApiException e) {
                    writer.error(e);
                    return;
                }
                writer.event(ApiJson.write(item));
            } catch (IOException | RuntimeException e) {
                // The client is gone: stop the generation; keep draining until it ends.
                LOG.log(Level.FINE, "stream write failed, cancelling the generation: " + e);
                broken = true;
                cancel.cancel();
            }
        }
    }
}
