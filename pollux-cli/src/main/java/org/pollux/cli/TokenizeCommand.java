package org.pollux.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.pollux.tokenizer.Tokenizer;
import org.pollux.tokenizer.Tokenizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pollux tokenize -t FILE TEXT}: prints the token ids of TEXT as one JSON array. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Print the token ids of TEXT as a JSON array.")
final class TokenizeCommand implements Callable<Integer> {
    @Option(names = {"-t", "--tokenizer"}, required = true, paramLabel = "FILE",
            description = "A GGUF file, a Hugging Face tokenizer.json or a SentencePiece .model.")
    Path tokenizer;

    @Option(names = "--bos", description = "Prepend the BOS token.")
    boolean bos;

    @Option(names = "--no-special", description = "Tokenize special-token text (e.g. <bos>) as plain characters.")
    boolean noSpecial;

    @Parameters(index = "0", paramLabel = "TEXT", description = "Text to tokenize.")
    String text;

    @Override
    public Integer call() {
        Tokenizer tok = Tokenizers.load(tokenizer);
        int[] ids = tok.encode(text, bos, !noSpecial);
        System.out.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]")));
        return 0;
    }
}
