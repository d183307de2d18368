package toyredis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Compaction: BGREWRITEAOF and the automatic rewrite. The file only grows (a key set 100,000
 * times holds 100,000 records); a rewrite replaces it with one SET per live key, while clients
 * keep writing.
 *
 * <p>Redis forks: the child process sees a frozen copy of memory and writes it out. Java cannot
 * fork, and most stores here cannot freeze (the concurrent store's snapshot changes while we
 * read it). What makes a moving snapshot good enough is that every record is a blind write (an
 * INCR is logged as the SET of its result). So:
 * <ol>
 *   <li>start copying every newly appended record into memory;</li>
 *   <li>write one SET per key of the snapshot to a temporary file: each key's value is one it
 *       held at some moment after step 1;</li>
 *   <li>append the copied records: for each key they replay, in order, every change since
 *       step 1, so the last one wins, and a key they never touch kept its value;</li>
 *   <li>for the last few records, pause appends, then fsync the new file, rename it over the old
 *       one, and fsync the directory so the rename itself survives a power cut.</li>
 * </ol>
 * A crash before the rename leaves the old file, complete; after it, the new one, complete.
 */
final class AofRewrite {

    private static final System.Logger LOG = System.getLogger(AofRewrite.class.getName());
    /** Copied records are caught up in rounds until a round holds less than this. */
    private static final int CHUNK = 64 * 1024;

    private final AppendOnlyFile aof;
    private final AofConfig config;
    private Thread running; // guarded by this
    private volatile long count;
    private volatile long lastDurationSeconds = -1;
    private volatile boolean lastStatusOk = true;

    AofRewrite(AppendOnlyFile aof, AofConfig config) {
        this.aof = aof;
        this.config = config;
    }

    /** Redis's auto-aof-rewrite rule: the file has grown by the percentage since its base size. */
    boolean isDue(long currentSize, long baseSize) {
        if (config.rewritePercentage() <= 0 || currentSize < config.rewriteMinSize() || inProgress()) {
            return false;
        }
        long growth = currentSize * 100 / Math.max(baseSize, 1) - 100;
        return growth >= config.rewritePercentage();
    }

    /** BGREWRITEAOF, with Redis's replies. */
    Reply command() {
        return start() ? new Reply.SimpleString("Background append only file rewriting started")
                : Reply.error("Background append only file rewriting already in progress");
    }

    /** Starts a rewrite in the background; false if one is running already. */
    synchronized boolean start() {
        if (running != null) {
            return false;
        }
        running = Thread.ofPlatform().name("aof-rewrite").start(this::run);
        return true;
    }

    synchronized boolean inProgress() {
        return running != null;
    }

    long count() {
        return count;
    }

    long lastDurationSeconds() {
        return lastDurationSeconds;
    }

    boolean lastStatusOk() {
        return lastStatusOk;
    }

    /** Waits for a running rewrite to finish (used when the server stops). */
    void awaitEnd() {
        Thread thread;
        synchronized (this) {
            thread = running;
        }
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long started = System.nanoTime();
        Path temp = aof.file().resolveSibling("temp-rewriteaof-" + ProcessHandle.current().pid() + ".aof");
        aof.startCopyingForRewrite(); // step 1
        boolean ok = false;
        try {
            Files.deleteIfExists(temp); // left by a rewrite that crashed
            RandomAccessFile out = new RandomAccessFile(temp.toFile(), "rw");
            try {
                writeSnapshot(out); // step 2
                byte[] copied; // step 3, in rounds, while appends go on
                do {
                    copied = aof.takeRewriteCopy();
                    out.write(copied);
                } while (copied.length >= CHUNK);
                out.getFD().sync(); // most of the file reaches the disk before the pause
                aof.switchTo((last, target) -> { // step 4
                    out.write(last);
                    out.getFD().sync();
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    if (config.rewriteDirSync()) { // off: the pitfall, a power cut undoes the rename
                        syncDirectory(target.toAbsolutePath().getParent());
                    }
                    return out;
                });
                ok = true;
            } finally {
                if (!ok) {
                    out.close();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Background AOF rewrite failed: {0}", e.toString());
            aof.stopCopyingForRewrite();
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the next rewrite truncates it
            }
        } finally {
            lastStatusOk = ok;
            lastDurationSeconds = (System.nanoTime() - started) / 1_000_000_000;
            count += ok ? 1 : 0;
            synchronized (this) {
                running = null;
            }
        }
    }

    /**
     * One SET per live key with its deadline ({@code SET key value PXAT ms}), dead keys left out,
     * in chunks so that a huge store never becomes one huge array.
     */
    private void writeSnapshot(RandomAccessFile out) throws IOException {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        RespWriter records = new RespWriter(chunk);
        long now = aof.store().expiry().clock().getAsLong();
        for (Map.Entry<String, Store.Entry> entry : aof.store().snapshot().entrySet()) {
            if (!entry.getValue().aliveAt(now)) {
                continue;
            }
            AppendOnlyFile.encode(aof.record(entry.getKey(), null, entry.getValue(), now), records);
            if (chunk.size() >= CHUNK) {
                out.write(chunk.toByteArray());
                chunk.reset();
            }
        }
        out.write(chunk.toByteArray());
    }

    /** A rename is a change to the directory: only an fsync of the directory makes it durable. */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
