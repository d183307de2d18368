package toyredis.loadtest.servers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import toyredis.loadtest.check.CheckSuite;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.load.Workload;
import toyredis.loadtest.protocol.Protocol;

/**
 * One server in a comparison: a stage jar, a redis-server we start, or a Redis already running.
 * Written on the command line as {@code stage3}, {@code "stage3:--store atom"}, {@code redis},
 * {@code "redis:--appendonly yes"}, {@code redis-docker} (the redis:7 image, for machines with
 * Docker but no redis-server); extra options after the colon go to the server as they are. A
 * name for the charts' legends may come first, before an {@code =}:
 * {@code "group commit=stage6:--appendfsync always"}; without one the legend shows the label.
 *
 * @param stage 2 to 6 for a stage, 0 for Redis
 * @param jar   the stage's runnable jar (null for Redis)
 * @param external host:port of a Redis that is already running (null: start one)
 * @param docker   start Redis in a Docker container instead of as a local redis-server
 * @param name     what the charts call it: the name given before {@code =}, else the label
 */
public record ServerEntry(String label, int stage, List<String> options, Path jar, String external, boolean docker,
        String name) {

    private static final Pattern STAGE = Pattern.compile("stage([1-6])");

    public static final String PACKAGE_COMMAND = "./mvnw -q package -DskipTests";

    /** Parses {@code [chart name=]name[:options]} against the project root that holds the stage modules. */
    public static ServerEntry parse(String named, Path root) throws LoadException {
        int equals = named.indexOf('=');
        int firstColon = named.indexOf(':');
        boolean hasName = equals > 0 && (firstColon < 0 || equals < firstColon);
        String text = hasName ? named.substring(equals + 1) : named;
        ServerEntry entry = parseUnnamed(text, root);
        return hasName ? entry.named(named.substring(0, equals).strip()) : entry;
    }

    private ServerEntry named(String chartName) {
        return new ServerEntry(label, stage, options, jar, external, docker, chartName);
    }

    private static ServerEntry parseUnnamed(String text, Path root) throws LoadException {
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).strip().toLowerCase(java.util.Locale.ROOT);
        List<String> options = colon < 0 || text.substring(colon + 1).isBlank() ? List.of()
                : Arrays.asList(text.substring(colon + 1).strip().split("\\s+"));
        String label = options.isEmpty() ? name : name + " " + String.join(" ", options);
        if (name.equals("redis") || name.equals("redis-docker")) {
            return new ServerEntry(label, 0, options, null, null, name.equals("redis-docker"), label);
        }
        Matcher stage = STAGE.matcher(name);
        if (!stage.matches()) {
            throw new LoadException("unknown server \"" + text + "\": use stage1 ... stage6, redis or redis-docker,"
                    + " optionally followed by :options, e.g. \"stage3:--store atom\"");
        }
        int n = Integer.parseInt(stage.group(1));
        Path module = stageModule(root, n).orElseThrow(() -> new LoadException(
                "there is no stage" + n + "-* module in " + root.toAbsolutePath().normalize()
                        + " (use --root to point at the workbook)"));
        Path jar = module.resolve("target").resolve(module.getFileName() + ".jar");
        return new ServerEntry(label, n, options, jar, null, false, label);
    }

    public static ServerEntry external(String hostPort) {
        return new ServerEntry("redis " + hostPort, 0, List.of(), null, hostPort, false, "redis " + hostPort);
    }

    /**
     * The stage modules that exist under {@code root}, and real Redis: a local redis-server if
     * one is on PATH, else a redis:7 container if a Docker engine answers.
     */
    public static List<ServerEntry> defaults(Path root, boolean withRedis) throws LoadException {
        List<ServerEntry> entries = new ArrayList<>();
        for (int n = 1; n <= CheckSuite.LAST_STAGE; n++) {
            if (stageModule(root, n).isPresent()) {
                entries.add(parse("stage" + n, root));
            }
        }
        if (withRedis && redisServerOnPath()) {
            entries.add(parse("redis", root));
        } else if (withRedis && RedisContainer.dockerAvailable()) {
            entries.add(parse("redis-docker", root));
        }
        return entries;
    }

    public static Optional<Path> stageModule(Path root, int n) {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> p.getFileName().toString().startsWith("stage" + n + "-") && Files.isDirectory(p))
                    .sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static boolean redisServerOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "redis-server")));
    }

    public boolean isRedis() {
        return stage == 0;
    }

    /** Stages 1 to 3 speak text lines; stage 4 on and Redis speak RESP. */
    public Protocol protocol() {
        return isRedis() || stage >= 4 ? Protocol.RESP : Protocol.INLINE;
    }

    /**
     * The workloads this server is measured with, so that each chart compares like with like:
     * stage 1 only greets; stage 2 knows only PING (and ECHO); stage 3 on and Redis run PING and
     * then the chosen workload (SET unless told otherwise).
     */
    public List<Workload> workloads(Workload chosen) {
        return switch (stage) {
            case 1 -> List.of(Workload.GREETING);
            case 2 -> List.of(Workload.PING);
            default -> chosen == Workload.PING || chosen == Workload.GREETING ? List.of(Workload.PING)
                    : List.of(Workload.PING, chosen);
        };
    }

    /** A file name for this server's output: its label with anything but letters, digits, '.' and '-' as '_'. */
    public String logFileName() {
        return "server-" + label.replaceAll("[^A-Za-z0-9.-]+", "_") + ".log";
    }

    /** The command that starts this server listening on {@code port} (not for Docker: see RedisContainer). */
    public List<String> command(int port) {
        List<String> command = new ArrayList<>();
        if (isRedis()) {
            // No snapshots and no AOF unless asked: the comparison is about serving requests.
            command.addAll(List.of("redis-server", "--port", "" + port, "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no"));
        } else {
            command.addAll(List.of(LaunchedServer.javaCommand(), "-jar", jar.toAbsolutePath().toString(), "--port", "" + port));
        }
        command.addAll(options);
        return command;
    }
}
