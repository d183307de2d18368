package toyredis.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    static LaunchedServer start(String module) throws Exception {
        Path jar = locate(module);
        int port = LaunchedServer.freePort();
        Path log = Files.createTempFile(module + "-", ".log");
        return LaunchedServer.start(module, List.of(LaunchedServer.javaCommand(), "-jar", jar.toString(),
                "--port", "" + port), port, log);
    }
}
