package org.pollux.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pollux.model.LoadedModel;
import org.pollux.generate.CancellationToken;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.Generator;
import org.pollux.generate.TokenStreamListener;
import org.pollux.tokenizer.ChatMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pollux run [-m FILE] [-p TEXT] [-n N] [--temperature T] [--seed S] [--chat]}: generate and stream. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Generate text from a prompt and stream it to stdout.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    SamplingOptions sampling;

    @Option(names = {"-p", "--prompt"}, defaultValue = "Once upon a time",
            description = "Prompt text (default \"${DEFAULT-VALUE}\").")
    String prompt;

    @Option(names = {"-n", "--n-predict"}, defaultValue = "256", description = "Most tokens to generate (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--chat", description = "Wrap the prompt in the model's chat template (instruction-tuned models).")
    boolean chat;

    @Option(names = "--system", description = "System instruction (with --chat).")
    String system;

    @Option(names = {"-v", "--verbose"}, description = "Print timings and the seed on stderr.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (LoadedModel m = new LoadedModel(modelOptions.modelPath(), modelOptions.threads())) {
            String text = prompt;
            if (chat) {
                List<ChatMessage> msgs = system == null ? List.of(ChatMessage.user(prompt))
                        : List.of(ChatMessage.system(system), ChatMessage.user(prompt));
                text = m.template().render(msgs, true);
            }
            int[] ids = m.tokenizer().encode(text, m.tokenizer().addBosByDefault(), chat);
            var params = sampling.toParams(maxTokens);
            CancellationToken cancel = new CancellationToken();
            Thread hook = new Thread(cancel::cancel);
            Runtime.getRuntime().addShutdownHook(hook);
            if (!chat) {
                out.print(prompt);
            }
            GenerationResult r = new Generator(m.model(), m.tokenizer()).generate(
                    new GenerationRequest(ids, params, null, m.template().stopTokenIds(m.tokenizer()), cancel, 512, 0, null),
                    new TokenStreamListener() {
                        @Override
                        public void onText(String t) {
                            out.print(t);
                            out.flush();
                        }
                    });
            out.println();
            if (verbose) {
                System.err.printf(Locale.ROOT,
                        "seed %d; prompt %d tokens at %.1f tok/s; generated %d tokens at %.1f tok/s; finish %s%n",
                        params.seed(), r.promptTokens(), r.prefillTokensPerSecond(), r.tokens().length,
                        r.decodeTokensPerSecond(), r.finishReason());
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived: the hook already ran.
            }
        }
        return 0;
    }
}
