package toyredis.loadtest.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import toyredis.loadtest.load.LoadException;

@Command(name = "loadtest",
        mixinStandardHelpOptions = true,
        version = "Toy Redis load harness 1.0",
        description = {
            "The Toy Redis Workbook's load harness: a client that measures the stages and real Redis.",
            "Try: loadtest run --port 6379 --connections 50 --duration 5s",
            "     loadtest <command> --help"
        },
        subcommands = {RunCommand.class, SweepCommand.class, CompareCommand.class, CheckCommand.class,
            CrashCommand.class, PowerCutCommand.class, MemoryCommand.class, ExpiryCommand.class, BarsCommand.class,
            HelpCommand.class})
public final class Main implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // charts are drawn without a display
        System.exit(newCommandLine().execute(args));
    }

    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        // A run that cannot go ahead is one clear line and exit code 1, not a stack trace.
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof LoadException || e instanceof java.io.UncheckedIOException) {
                command.getErr().println("loadtest " + command.getCommandName() + ": " + e.getMessage());
                command.getErr().flush();
                return 1;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
