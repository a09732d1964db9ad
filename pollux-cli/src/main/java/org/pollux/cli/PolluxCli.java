package org.pollux.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code pollux} command. Sub-commands are one class each; this class only wires
 * them and turns expected failures (bad files, bad arguments) into one-line messages instead of
 * stack traces (set {@code POLLUX_DEBUG=1} to see the trace).
 */
@Command(
        name = "pollux",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run, inspect, convert, benchmark and serve Gemma-family and Llama models in pure Java.",
        subcommands = {
            RunCommand.class,
            ChatCommand.class,
            TokenizeCommand.class,
            LogitsCommand.class,
            InspectCommand.class,
            QuantizeCommand.class,
            ConvertCommand.class,
            NewModelCommand.class,
            BenchCommand.class,
            BenchServeCommand.class,
            ServeCommand.class,
            TrainCommand.class,
            CommandLine.HelpCommand.class
        })
public final class PolluxCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Builds the configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PolluxCli());
        cl.setExecutionExceptionHandler(new FriendlyErrors());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.out.flush();
        System.exit(code);
    }
}
