package org.pollux.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pollux.convert.ModelQuantizer;
import org.pollux.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pollux quantize IN OUT --type q8_0|q4_0|q4_k}. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Convert the weight matrices of a GGUF model to a quantized type.")
final class QuantizeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Input GGUF model.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output GGUF file (written atomically).")
    Path out;

    @Option(names = "--type", required = true, paramLabel = "TYPE",
            description = "Target type: q8_0, q4_0, q4_k, f16 or bf16.")
    String type;

    @Override
    public Integer call() {
        DType target = DType.parse(type);
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("OUT must differ from IN (the input is memory-mapped while writing)");
        }
        long rows = ModelQuantizer.rowsToConvert(in, target);
        try (Progress p = new Progress("quantize " + target, rows, "rows")) {
            ModelQuantizer.quantize(in, out, target, p.stepTo());
        }
        System.err.println("wrote " + out);
        return 0;
    }
}
