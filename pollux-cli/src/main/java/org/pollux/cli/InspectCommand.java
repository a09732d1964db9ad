package org.pollux.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pollux.gguf.GgufFile;
import org.pollux.gguf.GgufSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pollux inspect FILE}: metadata and tensor table of a GGUF file. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print the metadata and tensor table of a GGUF file.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A GGUF file.")
    Path file;

    @Override
    public Integer call() {
        try (GgufFile f = GgufFile.open(file)) {
            System.out.print(GgufSummary.of(f));
        }
        return 0;
    }
}
