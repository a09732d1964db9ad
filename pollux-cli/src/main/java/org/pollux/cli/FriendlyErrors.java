package org.pollux.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Prints expected failures as one line ("pollux: model.gguf @1234: ...") and exits with code 1;
 * unexpected ones (bugs) keep their stack trace. {@code POLLUX_DEBUG=1} always prints the trace.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        boolean debug = System.getenv("POLLUX_DEBUG") != null;
        if (debug || !isExpected(ex)) {
            ex.printStackTrace(System.err);
        } else {
            System.err.println("pollux: " + ex.getMessage());
        }
        return 1;
    }

    private static boolean isExpected(Throwable ex) {
        // Every typed error of the core library extends one of these, with a message made for users.
        return ex instanceof IllegalArgumentException
                || ex instanceof IllegalStateException
                || ex instanceof UncheckedIOException
                || ex instanceof java.io.IOException
                || ex instanceof UnsupportedOperationException
                || ex.getClass().getPackageName().startsWith("org.pollux");
    }
}
