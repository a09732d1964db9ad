package org.pollux.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pollux.model.LoadedModel;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.Generator;
import org.pollux.generate.TokenStreamListener;
import org.pollux.model.KvCache;
import org.pollux.tokenizer.ChatMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pollux chat [-m FILE]}: interactive multi-turn chat. The KV cache lives across turns, so
 * each turn only processes the new user text. {@code /reset} starts over, {@code /exit} quits.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, description = "Interactive chat that keeps the KV cache across turns.")
final class ChatCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--system", description = "System instruction for the conversation.")
    String system;

    @Option(names = {"-n", "--n-predict"}, defaultValue = "512", description = "Most tokens per reply (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = {"-c", "--ctx-size"}, defaultValue = "4096",
            description = "Context for the whole conversation, capped at the model's (default ${DEFAULT-VALUE}).")
    int context;

    @Override
    public Integer call() throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (LoadedModel m = new LoadedModel(modelOptions.modelPath(), modelOptions.threads())) {
            Generator gen = new Generator(m.model(), m.tokenizer());
            int capacity = Math.min(context, m.model().contextLength());
            KvCache cache = null;
            System.err.println("pollux chat (" + m.template().name().toLowerCase() + " template, context " + capacity
                    + "). /reset to start over, /exit to quit.");
            while (true) {
                out.print("> ");
                out.flush();
                String line = in.readLine();
                if (line == null || line.strip().equals("/exit")) {
                    break;
                }
                if (line.strip().equals("/reset")) {
                    cache = null;
                    System.err.println("(conversation reset)");
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                String text;
                int[] ids;
                if (cache == null) {
                    List<ChatMessage> msgs = new ArrayList<>();
                    if (system != null) {
                        msgs.add(ChatMessage.system(system));
                    }
                    msgs.add(ChatMessage.user(line));
                    text = m.template().render(msgs, true);
                    ids = m.tokenizer().encode(text, m.tokenizer().addBosByDefault(), true);
                    cache = m.model().newCache(capacity);
                } else {
                    text = m.template().continuation(line);
                    ids = m.tokenizer().encode(text, false, true);
                }
                if (cache.position() + ids.length + 1 >= capacity) {
                    System.err.println("(context full: starting a new conversation)");
                    cache = null;
                    continue;
                }
                GenerationResult r = gen.generate(new GenerationRequest(ids, sampling.toParams(maxTokens), cache,
                        m.template().stopTokenIds(m.tokenizer()), null, 512, 0, null), new TokenStreamListener() {
                            @Override
                            public void onText(String t) {
                                out.print(t);
                                out.flush();
                            }
                        });
                out.println();
                if (r.finishReason() == org.pollux.generate.FinishReason.CONTEXT_FULL) {
                    System.err.println("(context full: the next message starts a new conversation)");
                    cache = null;
                }
            }
        }
        return 0;
    }
}
