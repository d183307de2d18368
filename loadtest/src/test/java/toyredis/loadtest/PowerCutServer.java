package toyredis.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import toyredis.loadtest.powercut.PowerCutFilesystem;
import toyredis.loadtest.servers.LaunchedServer;

/**
 * A stage's jar with its data directory on a power-cut filesystem, for the tests that break a
 * server's durability on purpose: started, killed (SIGKILL, waited for), cut, started again on
 * what the disk kept, and asked which acknowledged writes came back.
 */
final class PowerCutServer implements AutoCloseable {

    private final PowerCutFilesystem fs;
    private final LaunchedServer server;

    private PowerCutServer(PowerCutFilesystem fs, LaunchedServer server) {
        this.fs = fs;
        this.server = server;
    }

    /** Mounts a fresh filesystem and starts {@code module}'s jar on it with {@code options}. */
    static PowerCutServer start(String module, String... options) throws Exception {
        Path jar = StageJar.locate(module);
        PowerCutFilesystem fs = PowerCutFilesystem.mountTemporary();
        try {
            int port = LaunchedServer.freePort();
            List<String> command = new ArrayList<>(List.of(LaunchedServer.javaCommand(), "-jar", jar.toAbsolutePath().toString(),
                    "--port", "" + port, "--dir", fs.mountPoint().toString()));
            command.addAll(List.of(options));
            Path log = Files.createTempFile(module + "-powercut-", ".log");
            return new PowerCutServer(fs, LaunchedServer.start(module, command, port, log));
        } catch (Exception | Error e) {
            fs.close();
            throw e;
        }
    }

    PowerCutFilesystem fs() {
        return fs;
    }

    int port() {
        return server.port();
    }

    long pid() {
        return server.pid();
    }

    Jedis client() {
        return new Jedis("127.0.0.1", server.port(), 30_000);
    }

    /**
     * The power goes: the server is killed (nothing runs without power), then the disk keeps only
     * what was durable. The kill is sent before the cut but waited for after it: a server held in a
     * frozen fsync cannot die until the filesystem answers that fsync (Linux does not interrupt a
     * FUSE request the filesystem has taken), and the cut answers it (it failed; the killed process
     * never runs again to see that) and waits until no process uses the filesystem any more.
     */
    PowerCutFilesystem.Cut killAndCut() throws Exception {
        ProcessHandle.of(server.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
        PowerCutFilesystem.Cut cut = fs.cut();
        server.kill(); // dead already: this only waits for it
        return cut;
    }

    /** Starts the server again on what the cut left, and waits until it answers. */
    void restart() throws Exception {
        server.start();
    }

    /** The keys of {@code keys} the server does not have. */
    List<String> missing(Collection<String> keys) {
        List<String> all = List.copyOf(keys);
        List<String> missing = new ArrayList<>();
        try (Jedis jedis = client()) {
            for (int from = 0; from < all.size(); from += 1000) { // GETs pipelined 1000 at a time (the stages have no MGET)
                List<String> chunk = all.subList(from, Math.min(all.size(), from + 1000));
                Pipeline pipeline = jedis.pipelined();
                List<Response<String>> values = chunk.stream().map(pipeline::get).toList();
                pipeline.sync();
                for (int i = 0; i < chunk.size(); i++) {
                    if (values.get(i).get() == null) {
                        missing.add(chunk.get(i));
                    }
                }
            }
        }
        return missing;
    }

    /** A field of INFO persistence, e.g. {@code aof_rewrites}. */
    String info(String field) {
        try (Jedis jedis = client()) {
            for (String line : jedis.info("persistence").split("\r\n")) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1);
                }
            }
        }
        throw new IllegalStateException("INFO persistence has no " + field);
    }

    /** The server's output, for a failure message. */
    String tail() {
        return server.tail();
    }

    @Override
    public void close() {
        server.close();
        fs.close();
    }
}
