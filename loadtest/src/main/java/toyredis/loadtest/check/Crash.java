package toyredis.loadtest.check;

import java.io.IOException;
import java.util.Locale;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.powercut.PowerCutFilesystem;
import toyredis.loadtest.servers.LaunchedServer;

/**
 * Two ways to crash a server, so that the same rounds and cases run with either. A {@code kill -9}
 * takes the process but not the machine: the kernel still holds every byte the server wrote and
 * writes it out later, fsync or not. A power cut takes the machine too: only what the server
 * fsynced is left ({@link PowerCutFilesystem}). The difference between the two is what fsync buys.
 */
public sealed interface Crash {

    /** The crash as a reader calls it: "kill -9" or "power cut". */
    String name();

    /**
     * Crashes the running server. Afterwards its process is dead and its data directory holds what
     * survived; the caller starts it again. Returns a short note on what the crash took, or null.
     */
    String crash(LaunchedServer server) throws LoadException;

    static Crash kill9() {
        return new Kill9();
    }

    /** A power cut of {@code fs}, which must hold the server's data directory. */
    static Crash powerCut(PowerCutFilesystem fs) {
        return new PowerCut(fs);
    }

    /** SIGKILL to the server's process group: the page cache survives. */
    record Kill9() implements Crash {

        @Override
        public String name() {
            return "kill -9";
        }

        @Override
        public String crash(LaunchedServer server) throws LoadException {
            server.kill();
            return null;
        }
    }

    /** SIGKILL, waited for (a machine without power runs nothing), then everything never fsynced is dropped. */
    record PowerCut(PowerCutFilesystem fs) implements Crash {

        @Override
        public String name() {
            return "power cut";
        }

        @Override
        public String crash(LaunchedServer server) throws LoadException {
            server.kill();
            PowerCutFilesystem.Cut cut;
            try {
                cut = fs.cut();
            } catch (IOException e) {
                throw new LoadException("the power cut failed: " + e.getMessage());
            }
            return String.format(Locale.ROOT, "dropped %,d bytes never fsynced%s", cut.unsyncedBytes(),
                    cut.namesUndone().isEmpty() ? "" : " and undid " + String.join(", ", cut.namesUndone()));
        }
    }
}
