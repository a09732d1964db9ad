package org.pollux.serve.playground;

import org.junit.jupiter.api.Assumptions;

/**
 * A test's external tool (a browser, Node with the npm SDKs) that developers may lack: without it
 * the test is skipped, loudly, unless the environment variable {@code flag} is set, as
 * {@code .ci/run} does; then a missing tool fails the build instead of passing unnoticed.
 */
final class RequiredTool {
    private RequiredTool() {}

    /** Skips or fails (see above) when {@code present} is false; {@code what} says what is missing and how to get it. */
    static void check(boolean present, String flag, String what) {
        if (present) {
            return;
        }
        String value = System.getenv(flag);
        if (value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false")) {
            throw new AssertionError(what + " (required because " + flag + "=" + value + ")");
        }
        Assumptions.abort(what + "; skipped (set " + flag + "=1 to make this a failure)");
    }
}
