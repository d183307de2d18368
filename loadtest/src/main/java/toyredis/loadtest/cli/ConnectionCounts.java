package toyredis.loadtest.cli;

import java.util.Collections;
import java.util.List;
import picocli.CommandLine.Option;

/** The --connections list shared by sweep and compare: one load point per count. */
final class ConnectionCounts {

    @Option(names = {"-c", "--connections"}, split = ",", defaultValue = "1,10,50,100,500,1000", paramLabel = "N",
            description = "Connection counts, comma separated (default: ${DEFAULT-VALUE}).")
    List<Integer> values;

    int smallest() {
        return Collections.min(values);
    }

    int largest() {
        return Collections.max(values);
    }
}
