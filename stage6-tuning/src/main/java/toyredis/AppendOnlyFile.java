package toyredis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The append-only file: every change the store makes, as the RESP command that replays it,
 * appended in the order the store applied it. On start the server replays the file
 * ({@link #load}); while it runs, records travel in three steps:
 * <pre>
 *   store (inside its atomic step) ──append()──▶ pending bytes in memory
 *   event loop, once per turn, before replying ──awaitWritten()──▶ write(): the OS has them (survives kill -9)
 *   appendfsync always: at once / everysec: a background thread each second ──fsync──▶ the disk
 * </pre>
 * New in stage 6, group commit: of the threads waiting in {@code awaitWritten()}, one leads and
 * writes (with {@code always}: syncs) every pending record, whoever appended it, and the others
 * find theirs written. {@link AofRewrite} compacts the file while clients keep writing.
 *
 * <p>Where threads meet: three locks, never one inside another except in one order, {@code
 * writeLock} before {@code this}. A store appends while it holds its own lock, so {@code append()}
 * takes only {@code this}, and only for a copy into memory: a store never waits for the disk.
 * Writing takes {@code writeLock} for the whole write and {@code this} only to take the pending
 * bytes; the rewrite's last step takes both, in that order, so nothing appends or writes while it
 * swaps the files. {@code commitLock} only elects the group's leader and is let go before writing.
 *
 * <p>The file is a {@link RandomAccessFile}, not a {@code FileChannel}: a channel closes itself
 * when a thread doing I/O on it is interrupted, and the server interrupts client threads when it
 * stops, which would leave nobody able to write the last records.
 */
final class AppendOnlyFile implements Journal, AutoCloseable {

    /** What start-up found in the file. */
    record LoadResult(long commands, long millis, List<String> warnings) {
    }

    /** The file cannot be replayed: start-up must stop. The message says where and how to repair. */
    static final class DamagedFileException extends IOException {

        DamagedFileException(String message) {
            super(message);
        }
    }

    private final AofConfig config;
    private final Path file;
    private final Supplier<Store> store;
    private final ScheduledExecutorService background;

    // Guarded by this: what the store appended and nobody wrote yet.
    private final ReusableBuffer pending = new ReusableBuffer(1024 * 1024);
    private final RespWriter pendingRecords = new RespWriter(pending);
    private long appendedBytes;                // every byte ever appended
    private ByteArrayOutputStream rewriteCopy; // while a rewrite runs: every record appended since it began

    // Guarded by writeLock: the file and the write position.
    private final Object writeLock = new Object();
    private RandomAccessFile out;
    private final ReusableBuffer unwritten = new ReusableBuffer(1024 * 1024); // the batch being written (or that a failed write() left behind)

    private volatile boolean loading = true;
    private volatile long writtenBytes;   // appended bytes that reached the OS (always: the disk)
    private volatile long currentSize;    // the file's size
    private volatile long baseSize;       // its size after start-up or the last rewrite
    private volatile boolean lastWriteOk = true;
    private volatile boolean syncNeeded;
    private final Object commitLock = new Object();
    private boolean committing; // guarded by commitLock: a leader is writing
    /**
     * Times the file was forced to the disk (INFO's {@code toyredis_aof_fsyncs}): what group commit
     * saves. One thread writes it: with {@code always} the writer under writeLock, with
     * {@code everysec} the background thread. Volatile: INFO reads it on another thread.
     */
    private volatile long fsyncs;
    final AofRewrite rewrite;
    /** A test seam: runs while a batch is written; {@code GroupCommitTest} holds a write there. */
    private final Runnable whileWriting;

    AppendOnlyFile(AofConfig config, Supplier<Store> store) {
        this(config, store, () -> { });
    }

    AppendOnlyFile(AofConfig config, Supplier<Store> store, Runnable whileWriting) {
        this.config = config;
        this.whileWriting = whileWriting;
        this.file = config.file();
        this.store = store;
        this.rewrite = new AofRewrite(this, config);
        this.background = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("aof-background").factory());
    }

    /**
     * Replays the file through {@code commands} (creating it if missing), then opens it for
     * appending. A torn last record is cut off with Redis's warnings; any other damage throws.
     */
    LoadResult load(CommandTable commands) throws IOException, DamagedFileException {
        long started = System.nanoTime();
        Files.createDirectories(config.dir());
        out = new RandomAccessFile(file.toFile(), "rw");
        long count = 0;
        List<String> warnings = new ArrayList<>();
        try (AofReader reader = new AofReader(Files.newInputStream(file))) {
            for (List<byte[]> record = reader.next(); record != null; record = reader.next()) {
                if (commands.execute(record) instanceof Reply.SimpleError error) {
                    out.close(); // start-up stops: leave no file open
                    throw new DamagedFileException(badFormat("offset " + reader.recordOffset() + ": " + error.text()));
                }
                count++;
            }
        } catch (AofReader.BadRecordException bad) {
            if (!bad.torn()) {
                out.close();
                loading = true;
                throw new DamagedFileException(badFormat(bad.getMessage()));
            }
            // As Redis with aof-load-truncated yes (its default), in its words.
            warnings.add("!!! Warning: short read while loading the AOF file " + file + "!!!");
            warnings.add("!!! Truncating the AOF " + file + " at offset " + bad.recordOffset() + " !!!");
            warnings.add("AOF " + file + " loaded anyway because aof-load-truncated is enabled");
            out.setLength(bad.recordOffset());
        }
        currentSize = out.length();
        baseSize = currentSize;
        out.seek(currentSize);
        loading = false;
        if (config.fsync() == FsyncPolicy.EVERYSEC) {
            background.scheduleWithFixedDelay(this::syncInBackground, 1, 1, TimeUnit.SECONDS);
        }
        return new LoadResult(count, (System.nanoTime() - started) / 1_000_000, warnings);
    }

    private String badFormat(String where) {
        return "Bad file format reading the append only file " + file + " at " + where
                + ": make a backup of your AOF file, then use java -jar stage6-tuning.jar check-aof --fix " + file;
    }

    // ---- writing --------------------------------------------------------------------------------

    @Override
    public synchronized void append(byte[]... command) {
        if (loading) {
            return; // replaying the file: these records are in it already
        }
        int before = pending.size();
        try {
            encode(command, pendingRecords);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible); // a ReusableBuffer never fails
        }
        appended(before);
    }

    /** The same as {@code append(SET, key, value)} without building an array: SET is the common record. */
    @Override
    public synchronized void appendSet(byte[] key, byte[] value) {
        if (loading) {
            return;
        }
        int before = pending.size();
        try {
            pendingRecords.arrayHeader(3);
            pendingRecords.bulk(Journal.SET);
            pendingRecords.bulk(key);
            pendingRecords.bulk(value);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        appended(before);
    }

    /** Counts the record that starts at {@code pending[before]}, and keeps a copy for a running rewrite. */
    private void appended(int before) {
        appendedBytes += pending.size() - before;
        if (rewriteCopy != null) {
            rewriteCopy.write(pending.array(), before, pending.size() - before);
        }
    }

    /**
     * One record: the command as a RESP array of bulk strings, {@code *N\r\n} then
     * {@code $L\r\n<bytes>\r\n} per word, written by the code that writes replies.
     */
    static void encode(byte[][] command, RespWriter out) throws IOException {
        out.arrayHeader(command.length);
        for (byte[] word : command) {
            out.bulk(word);
        }
    }

    @Override
    public void awaitWritten() throws IOException {
        long target;
        synchronized (this) {
            target = appendedBytes; // everything this client appended is in here
        }
        if (writtenBytes < target) {
            if (config.groupCommit()) {
                groupCommit(target);
            } else {
                writePending(); // stage 5's way: each waiting client takes its turn at the file
            }
        }
    }

    /**
     * Group commit: the others wait for the leader instead of queueing for the file; most then find
     * their records covered, and the first one not covered leads the next group.
     */
    private void groupCommit(long target) throws IOException {
        // lab 6.1: wait while a leader writes short of target; if still short, lead: write every pending record, then wake the waiters
        synchronized (commitLock) {
            while (committing && writtenBytes < target) {
                try {
                    commitLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the append-only file");
                }
            }
            if (writtenBytes >= target) {
                return; // a leader's write covered our records
            }
            committing = true;
        }
        try {
            writePending();
        } finally {
            synchronized (commitLock) {
                committing = false;
                commitLock.notifyAll();
            }
        }
        // end lab 6.1
    }

    /**
     * Writes every pending record (whoever appended it) to the file, and with
     * {@code appendfsync always} forces it to the disk. Clients that arrive while one of them
     * writes wait for the lock and usually find their records already written.
     */
    void writePending() throws IOException {
        synchronized (writeLock) {
            long upTo;
            synchronized (this) {
                upTo = appendedBytes;
                unwritten.write(pending.array(), 0, pending.size()); // after any batch a failed write left
                pending.reset();
            }
            if (unwritten.size() == 0) {
                return;
            }
            whileWriting.run();
            try {
                out.write(unwritten.array(), 0, unwritten.size());
                if (config.fsync() == FsyncPolicy.ALWAYS) {
                    out.getFD().sync();
                    fsyncs++;
                } else {
                    syncNeeded = true;
                }
                currentSize += unwritten.size();
                unwritten.reset();
                lastWriteOk = true;
            } catch (IOException e) {
                // As Redis: cut off whatever part was written, keep the batch and retry it next time.
                lastWriteOk = false;
                out.setLength(currentSize);
                out.seek(currentSize);
                throw e;
            }
            writtenBytes = upTo;
            if (rewrite.isDue(currentSize, baseSize)) {
                rewrite.start();
            }
        }
    }

    private void syncInBackground() {
        if (!syncNeeded) {
            return;
        }
        syncNeeded = false;
        try {
            out.getFD().sync(); // safe alongside write() on another thread
            fsyncs++;
        } catch (IOException e) {
            System.getLogger(AppendOnlyFile.class.getName()).log(System.Logger.Level.WARNING, "fsync failed: {0}", e.getMessage());
        }
    }

    // ---- what the rewrite needs -----------------------------------------------------------------

    /** From now on every appended record is also kept for the rewrite. */
    synchronized void startCopyingForRewrite() {
        rewriteCopy = new ByteArrayOutputStream();
    }

    /** The records appended since the last call, for the rewrite to add to its new file. */
    synchronized byte[] takeRewriteCopy() {
        byte[] copy = rewriteCopy.toByteArray();
        rewriteCopy.reset();
        return copy;
    }

    synchronized void stopCopyingForRewrite() {
        rewriteCopy = null;
    }

    /**
     * The rewrite's last step. While it runs nothing else can write the file and no store can
     * append (their appends wait for this object's lock): {@code finish} adds the last copied
     * records to the new file, syncs it and renames it over this one. Records still pending are
     * in the new file already (they were copied), so they are dropped rather than written twice.
     * If {@code finish} fails, nothing has changed and the old file keeps receiving records.
     */
    void switchTo(RewriteFinisher finish) throws IOException {
        synchronized (writeLock) {
            synchronized (this) {
                RandomAccessFile next = finish.complete(takeRewriteCopy(), file);
                rewriteCopy = null;
                pending.reset();
                unwritten.reset();
                writtenBytes = appendedBytes;
                out.close();
                out = next;
                currentSize = out.length();
                baseSize = currentSize;
                out.seek(currentSize);
            }
        }
    }

    /** Writes the last records into the new file, makes it durable and renames it to {@code target}. */
    @FunctionalInterface
    interface RewriteFinisher {
        RandomAccessFile complete(byte[] lastRecords, Path target) throws IOException;
    }

    Path file() {
        return file;
    }

    /** The store whose changes this file records: the rewrite walks its entries. */
    Store store() {
        return store.get();
    }

    /** How many times the file was forced to the disk: INFO's {@code toyredis_aof_fsyncs}. */
    long fsyncs() {
        return fsyncs;
    }

    // ---- INFO -------------------------------------------------------------------------------------

    /** The fields of INFO persistence that describe the file, with Redis's names. */
    Map<String, Object> info() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("aof_rewrite_in_progress", rewrite.inProgress() ? 1 : 0);
        fields.put("aof_rewrite_scheduled", 0);
        fields.put("aof_last_rewrite_time_sec", rewrite.lastDurationSeconds());
        fields.put("aof_last_bgrewrite_status", rewrite.lastStatusOk() ? "ok" : "err");
        fields.put("aof_rewrites", rewrite.count());
        fields.put("aof_last_write_status", lastWriteOk ? "ok" : "err");
        fields.put("aof_current_size", currentSize);
        fields.put("aof_base_size", baseSize);
        synchronized (this) {
            fields.put("aof_buffer_length", pending.size());
        }
        fields.put("toyredis_aof_file", file);
        fields.put("toyredis_appendfsync", config.fsync());
        fields.put("toyredis_aof_group_commit", config.groupCommit() ? "yes" : "no");
        fields.put("toyredis_aof_fsyncs", fsyncs());
        return fields;
    }

    /** Writes what is pending, forces it to the disk and closes the file: a clean stop loses nothing. */
    @Override
    public void close() {
        background.shutdownNow();
        rewrite.awaitEnd();
        if (loading) {
            return; // start-up failed before the file was open
        }
        try {
            writePending();
            synchronized (writeLock) {
                out.getFD().sync();
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + file, e);
        }
    }
}
