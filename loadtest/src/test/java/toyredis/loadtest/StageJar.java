package toyredis.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import toyredis.loadtest.servers.LaunchedServer;

/**
 * A stage's runnable jar, started as a child process. In a full build the stages are packaged
 * before loadtest; alone, build the jar first. A missing jar fails the test in CI, and skips it
 * (with the reason printed) on a developer machine.
 */
final class StageJar {

    private StageJar() {
    }

    static Path locate(String module) {
        Path jar = Path.of("..", module, "target", module + ".jar");
        if (!Files.isRegularFile(jar)) {
            String reason = jar.toAbsolutePath().normalize() + " is missing: build it with"
                    + " mvn -B -f " + module + "/pom.xml package -DskipTests (from the workbook directory)";
            RedisServer.requireOrSkip(false, reason);
        }
        return jar;
    }

    /** Starts the stage's jar on a free port, with the stage's own options after it. */
    static LaunchedServer start(String module, String... options) throws Exception {
        Path jar = locate(module);
        int port = LaunchedServer.freePort();
        Path log = Files.createTempFile(module + "-", ".log");
        List<String> command = new ArrayList<>(List.of(LaunchedServer.javaCommand(), "-jar", jar.toAbsolutePath().toString(),
                "--port", "" + port));
        command.addAll(List.of(options));
        return LaunchedServer.start(module, command, port, log);
    }
}
