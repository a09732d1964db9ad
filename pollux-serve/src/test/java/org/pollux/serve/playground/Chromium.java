package org.pollux.serve.playground;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, for the playground's browser tests. Playwright's own
 * browser download cannot run offline, so the system browser is used ({@code POLLUX_CHROMIUM}
 * overrides its path), with the flags that keep it off the network and working as root.
 */
final class Chromium {
    static final String REQUIRE_FLAG = "POLLUX_REQUIRE_BROWSER";

    /** Flags for a sandbox-less, network-quiet headless run (see the machine notes on Chromium). */
    private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private Chromium() {}

    static Path executable() {
        String override = System.getenv("POLLUX_CHROMIUM");
        return Path.of(override != null && !override.isBlank() ? override : "/usr/bin/chromium");
    }

    static boolean installed() {
        return Files.isExecutable(executable());
    }

    /** Skips the test (fails it in CI) when the browser is not installed. */
    static void requireInstalled() {
        RequiredTool.check(installed(), REQUIRE_FLAG,
                "Chromium is not installed at " + executable() + " (apt-get install chromium)");
    }

    static Playwright playwright() {
        // The driver gets this process's environment plus the switch that stops any browser download.
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        return Playwright.create(new Playwright.CreateOptions().setEnv(env));
    }

    static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable()).setHeadless(true).setArgs(FLAGS));
    }
}
