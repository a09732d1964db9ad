package org.pollux.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pollux.convert.Llama2cConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pollux convert --from llama2c CHECKPOINT --tokenizer TOK.bin -o OUT.gguf}. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a model from another format to GGUF.")
final class ConvertCommand implements Callable<Integer> {
    enum Source { llama2c }

    @Option(names = "--from", required = true, paramLabel = "FORMAT", description = "Source format: ${COMPLETION-CANDIDATES}.")
    Source from;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "The model file to convert.")
    Path checkpoint;

    @Option(names = "--tokenizer", required = true, paramLabel = "TOK.bin", description = "The llama2.c tokenizer file.")
    Path tokenizer;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.gguf", description = "Output GGUF (written atomically).")
    Path out;

    @Option(names = "--name", description = "general.name to record (default: the checkpoint's file name).")
    String name;

    @Override
    public Integer call() {
        String n = name != null ? name : checkpoint.getFileName().toString().replaceFirst("\\.bin$", "");
        Llama2cConverter.convert(checkpoint, tokenizer, out, n);
        System.err.println("wrote " + out);
        return 0;
    }
}
