package toyredis.loadtest.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
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
}
