package toyredis.loadtest.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.servers.ServerEntry;

/** Where the stageN-* modules are, for the commands that start the stages' jars themselves. */
final class WorkbookRoot {

    @Option(names = "--root", paramLabel = "DIR",
            description = "The workbook directory holding the stageN-* modules (default: . or ..).")
    private Path root;

    /** The --root given, else the current directory or its parent (when run from loadtest/). */
    Path directory() {
        if (root != null) {
            return root;
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate : new Path[] {here, here.getParent()}) {
            if (candidate != null && ServerEntry.stageModule(candidate, 2).isPresent()) {
                return candidate;
            }
        }
        return here;
    }

    /**
     * The servers named by {@code --server}, for a command that starts them itself: a server
     * {@code refusal} gives a reason for is a usage error; a missing jar or redis-server says how
     * to get it.
     */
    List<ServerEntry> servers(List<String> texts, CommandSpec spec, Function<ServerEntry, String> refusal) throws LoadException {
        Path workbook = directory();
        List<ServerEntry> entries = new ArrayList<>();
        for (String text : texts) {
            ServerEntry entry = ServerEntry.parse(text, workbook);
            String reason = refusal.apply(entry);
            if (reason != null) {
                throw new ParameterException(spec.commandLine(), reason);
            }
            entries.add(entry);
        }
        CompareCommand.checkRunnable(entries);
        return entries;
    }
}
