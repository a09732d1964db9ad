package org.pollux.serve.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pollux.serve.TestServer;
import org.pollux.serve.api.ApiJson;

/**
 * The playground in a real browser (Debian's headless Chromium through Playwright) against an
 * in-process server: what a user does, checked against what the API answers to the same request
 * over raw HTTP. Every page must run without console errors, so a Content-Security-Policy
 * violation (which Chromium reports there) fails the test too.
 */
class PlaygroundBrowserTest {
    static final String PROMPT = "Once upon a time";
    static final Pattern USAGE = Pattern.compile("(STOP|MAX_TOKENS) · (\\d+) prompt \\+ (\\d+) output = (\\d+) tokens · [\\d.]+ s");

    static TestServer server;
    static Playwright playwright;
    static Browser browser;

    BrowserContext context;
    Page page;
    final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        if (!Chromium.installed()) {
            return; // each test then reports itself skipped (or failed, in CI)
        }
        // Paced like a large model, so "Stop" can be clicked while a reply streams, however busy the machine.
        server = TestServer.startPaced(java.time.Duration.ofMillis(15));
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (playwright != null) {
            playwright.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newPage() {
        Chromium.requireInstalled();
        context = browser.newContext(); // fresh localStorage each test
        page = context.newPage();
        page.onConsoleMessage(m -> {
            // Chromium logs every HTTP error as a failed load; the API's are expected (the page shows
            // them, and the tests check that), the page's own files' are caught by onResponse below.
            if (m.type().equals("error") && !m.text().startsWith("Failed to load resource: the server responded")) {
                consoleErrors.add(m.text());
            }
        });
        page.onPageError(consoleErrors::add);
        page.onResponse(r -> {
            String path = java.net.URI.create(r.url()).getPath();
            boolean api = path.startsWith("/v1") || path.startsWith("/upload/");
            if (!api && r.status() >= 400) {
                consoleErrors.add(r.status() + " for " + path);
            }
        });
    }

    @AfterEach
    void closePage() {
        if (context == null) {
            return; // skipped
        }
        context.close();
        assertThat(consoleErrors).as("console errors and uncaught exceptions in the page").isEmpty();
    }

    /** Opens the page, enters the key and waits until the model list holds the test model. */
    void openWithKey(String key) {
        page.navigate(server.baseUrl() + "/");
        page.getByLabel("API key").fill(key);
        page.getByLabel("API key").press("Enter");
        PlaywrightAssertions.assertThat(page.locator("#model option")).hasCount(1);
        assertThat(page.locator("#model").inputValue()).isEqualTo("models/" + TestServer.MODEL);
    }

    JsonNode api(String method, String path, String body) throws Exception {
        HttpResponse<String> r = server.send(method, path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ApiJson.MAPPER.readTree(r.body());
    }

    static String userContents(String... texts) {
        List<String> turns = new ArrayList<>();
        for (String t : texts) {
            turns.add("{\"role\":\"user\",\"parts\":[{\"text\":" + ApiJson.MAPPER.valueToTree(t) + "}]}");
        }
        return "[" + String.join(",", turns) + "]";
    }

    @Test
    void pageLoadsAccessiblyListsModelsAndRemembersTheKey() {
        openWithKey(TestServer.KEY);
        assertThat(page.title()).isEqualTo("Pollux playground");
        PlaywrightAssertions.assertThat(page.locator("#model-status")).hasText("1 model available.");
        // The model's defaults show as placeholders of the empty sampling fields.
        assertThat(page.getByLabel("Max output tokens").getAttribute("placeholder")).isNotEmpty();
        // Every form control has a label that names it.
        Object unlabelled = page.evaluate("() => [...document.querySelectorAll('input, select, textarea')]"
                + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.id)");
        assertThat((List<?>) unlabelled).isEmpty();
        // The key is kept in localStorage: a reload needs no typing.
        page.reload();
        PlaywrightAssertions.assertThat(page.getByLabel("API key")).hasValue(TestServer.KEY);
        PlaywrightAssertions.assertThat(page.locator("#model option")).hasCount(1);
    }

    @Test
    void fitsANarrowScreen() {
        page.setViewportSize(360, 740);
        openWithKey(TestServer.KEY);
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Send"))).isVisible();
    }

    @Test
    void wrongKeyIsShownReadably() {
        page.navigate(server.baseUrl() + "/");
        page.getByLabel("API key").fill("not-the-key");
        page.getByLabel("API key").press("Enter");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT).first())
                .hasText("Could not list the models: 400 INVALID_ARGUMENT: API key not valid. Please pass a valid API key.");
        PlaywrightAssertions.assertThat(page.locator("#model option")).hasCount(0);
        // The right key recovers without a reload.
        page.getByLabel("API key").fill(TestServer.KEY);
        page.getByLabel("API key").press("Enter");
        PlaywrightAssertions.assertThat(page.locator("#model option")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("#notice")).isHidden();
    }

    @Test
    void tokenCountFollowsTyping() throws Exception {
        openWithKey(TestServer.KEY);
        Locator prompt = page.getByLabel("Prompt");
        Locator count = page.locator("#token-count");
        prompt.pressSequentially("Once upon");
        long first = api("POST", "/v1beta/models/" + TestServer.MODEL + ":countTokens",
                "{\"contents\":" + userContents("Once upon") + "}").get("totalTokens").asLong();
        PlaywrightAssertions.assertThat(count).hasText("Tokens: " + first);
        prompt.pressSequentially(" a time there was a little dog");
        long second = api("POST", "/v1beta/models/" + TestServer.MODEL + ":countTokens",
                "{\"contents\":" + userContents("Once upon a time there was a little dog") + "}").get("totalTokens").asLong();
        assertThat(second).isGreaterThan(first);
        PlaywrightAssertions.assertThat(count).hasText("Tokens: " + second);
        // The system instruction is part of the request, so it counts too.
        page.getByLabel("System instruction").fill("You tell short stories.");
        PlaywrightAssertions.assertThat(count).not().hasText("Tokens: " + second);
    }

    @Test
    void streamsMultiTurnRepliesEqualToGenerateContent() throws Exception {
        openWithKey(TestServer.KEY);
        page.getByLabel("Temperature").fill("0");
        page.getByLabel("Max output tokens").fill("24");
        List<String> streamBodies = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().contains(":streamGenerateContent?alt=sse")) {
                streamBodies.add(r.postData());
            }
        });
        // Count how many separate text appends render the reply: one per streamed chunk.
        page.evaluate("() => { window.textAppends = 0; new MutationObserver(records => { for (const r of records) {"
                + " if (r.target.closest && r.target.closest('.turn.model .turn-text')) window.textAppends += r.addedNodes.length; } })"
                + ".observe(document.getElementById('transcript'), {childList: true, subtree: true}); }");

        page.getByLabel("Prompt").fill(PROMPT);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
        Locator firstUsage = page.locator(".turn.model .usage").first();
        PlaywrightAssertions.assertThat(firstUsage).hasText(USAGE);
        PlaywrightAssertions.assertThat(page.locator("#transcript")).hasAttribute("aria-busy", "false");
        String shown = page.locator(".turn.model .turn-text").first().textContent();

        String config = "\"generationConfig\":{\"temperature\":0,\"maxOutputTokens\":24}";
        JsonNode direct = api("POST", "/v1beta/models/" + TestServer.MODEL + ":generateContent",
                "{\"contents\":" + userContents(PROMPT) + "," + config + "}");
        String expected = textOf(direct);
        assertThat(shown).isNotEmpty().isEqualTo(expected);
        assertThat(((Number) page.evaluate("() => window.textAppends")).intValue())
                .as("chunks rendered one by one").isGreaterThanOrEqualTo(2);
        var usage = USAGE.matcher(firstUsage.textContent());
        assertThat(usage.find()).isTrue();
        JsonNode meta = direct.get("usageMetadata");
        assertThat(usage.group(1)).isEqualTo(direct.at("/candidates/0/finishReason").asText());
        assertThat(Long.parseLong(usage.group(2))).isEqualTo(meta.get("promptTokenCount").asLong());
        assertThat(Long.parseLong(usage.group(3))).isEqualTo(meta.get("candidatesTokenCount").asLong());

        // Second turn: the request carries the conversation, the first reply as the model's turn.
        page.getByLabel("Prompt").fill("The end.");
        page.getByLabel("Prompt").press("Control+Enter");
        PlaywrightAssertions.assertThat(page.locator(".turn.model .usage")).hasCount(2);
        PlaywrightAssertions.assertThat(page.locator(".turn.model .usage").nth(1)).hasText(USAGE);
        JsonNode second = ApiJson.MAPPER.readTree(streamBodies.get(1));
        assertThat(second.get("contents")).hasSize(3);
        assertThat(second.at("/contents/1/role").asText()).isEqualTo("model");
        assertThat(second.at("/contents/1/parts/0/text").asText()).isEqualTo(expected);
        assertThat(second.at("/contents/2/parts/0/text").asText()).isEqualTo("The end.");
        assertThat(second.get("generationConfig")).isEqualTo(ApiJson.MAPPER.readTree("{" + config + "}").get("generationConfig"));
    }

    @Test
    void stopEndsTheStreamAndKeepsThePartialReply() throws Exception {
        openWithKey(TestServer.KEY);
        List<String> streamBodies = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().contains(":streamGenerateContent")) {
                streamBodies.add(r.postData());
            }
        });
        // 480 paced tokens take over 7 s; the click comes right after the first text.
        page.getByLabel("Max output tokens").fill("480");
        page.getByLabel("Prompt").fill(PROMPT);
        Locator send = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send"));
        Locator stop = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop"));
        PlaywrightAssertions.assertThat(stop).isDisabled();
        send.click();
        PlaywrightAssertions.assertThat(send).isDisabled();
        PlaywrightAssertions.assertThat(page.locator(".turn.model .turn-text")).not().hasText("");
        stop.click();
        Locator usage = page.locator(".turn.model .usage");
        PlaywrightAssertions.assertThat(usage).hasText(Pattern.compile("^Stopped · \\d+ prompt \\+ \\d+ output = \\d+ tokens · [\\d.]+ s$"));
        PlaywrightAssertions.assertThat(send).isEnabled();
        PlaywrightAssertions.assertThat(stop).isDisabled();
        String partial = page.locator(".turn.model .turn-text").textContent();

        // The partial reply is part of the conversation now.
        page.getByLabel("Max output tokens").fill("8");
        page.getByLabel("Prompt").fill("And then?");
        send.click();
        PlaywrightAssertions.assertThat(usage.nth(1)).hasText(USAGE);
        JsonNode next = ApiJson.MAPPER.readTree(streamBodies.get(1));
        assertThat(next.at("/contents/1/role").asText()).isEqualTo("model");
        assertThat(next.at("/contents/1/parts/0/text").asText()).isEqualTo(partial);
    }

    @Test
    void refusedGenerationIsShownInTheConversationAndThePromptComesBack() {
        openWithKey(TestServer.KEY);
        page.getByLabel("Temperature").fill("5");
        page.getByLabel("Prompt").fill(PROMPT);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
        Locator error = page.locator(".turn.model .error");
        PlaywrightAssertions.assertThat(error).hasText(Pattern.compile("^400 INVALID_ARGUMENT: .*temperature"));
        PlaywrightAssertions.assertThat(page.getByLabel("Prompt")).hasValue(PROMPT);
        PlaywrightAssertions.assertThat(page.locator(".turn.user.not-sent")).hasCount(1);
    }

    @Test
    void uploadsAFileWithTheResumableProtocolAndAttachesIt() throws Exception {
        openWithKey(TestServer.KEY);
        byte[] story = "Lily had a red ball. She liked to play with it in the park.".getBytes(StandardCharsets.UTF_8);
        page.locator("#file").setInputFiles(new FilePayload("story.txt", "text/plain", story));
        Locator attachment = page.locator(".attachment");
        PlaywrightAssertions.assertThat(attachment).containsText("story.txt");
        PlaywrightAssertions.assertThat(attachment.locator(".attachment-status")).hasText("ready");

        List<String> streamBodies = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().contains(":streamGenerateContent")) {
                streamBodies.add(r.postData());
            }
        });
        page.getByLabel("Max output tokens").fill("8");
        page.getByLabel("Prompt").fill("What did Lily have?");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
        PlaywrightAssertions.assertThat(page.locator(".turn.model .usage")).hasText(USAGE);
        PlaywrightAssertions.assertThat(page.locator(".turn.user .turn-files")).hasText("story.txt");
        PlaywrightAssertions.assertThat(attachment).hasCount(0);

        JsonNode sent = ApiJson.MAPPER.readTree(streamBodies.getFirst());
        JsonNode fileData = sent.at("/contents/0/parts/0/fileData");
        assertThat(fileData.get("mimeType").asText()).isEqualTo("text/plain");
        String uri = fileData.get("fileUri").asText();
        String name = uri.substring(uri.indexOf("files/"));
        JsonNode file = api("GET", "/v1beta/" + name, null);
        assertThat(file.get("displayName").asText()).isEqualTo("story.txt");
        assertThat(file.get("sizeBytes").asText()).isEqualTo(Integer.toString(story.length));
        assertThat(file.get("state").asText()).isEqualTo("ACTIVE");
    }

    static String textOf(JsonNode response) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : response.at("/candidates/0/content/parts")) {
            if (part.has("text") && !part.path("thought").asBoolean()) {
                text.append(part.get("text").asText());
            }
        }
        return text.toString();
    }
}
