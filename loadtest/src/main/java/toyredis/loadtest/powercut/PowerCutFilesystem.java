package toyredis.loadtest.powercut;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A directory that can lose power, as Jepsen's LazyFS does for databases: a server started with
 * its data in {@link #mountPoint()} reads and writes as on any disk, but only what it fsynced
 * survives {@link #cut()}. The harness SIGKILLs the server first (a machine without power runs
 * nothing), then cuts, then starts the server again on what is left.
 *
 * <p>Linux only, through FUSE (jnr-fuse and Debian's libfuse2). Mounted filesystems are unmounted
 * when the harness ends, also on Ctrl-C or SIGTERM.
 */
public final class PowerCutFilesystem implements AutoCloseable {

    /** What a cut took: bytes written but never fsynced, and the names whose change no directory fsync kept. */
    public record Cut(long unsyncedBytes, List<String> namesUndone) {
    }

    private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(20);
    private static final String LIBRARY = "libfuse.so.2";
    private static final List<String> LIBRARY_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib");
    private static final Set<PowerCutFilesystem> MOUNTED = ConcurrentHashMap.newKeySet();

    static {
        // jffi (under jnr-fuse) would reach memory through sun.misc.Unsafe, and JDK 24+ warns on
        // stderr; its JNI way is as good for the few bulk copies a FUSE call makes.
        System.setProperty("jffi.unsafe.disabled", "true");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> MOUNTED.forEach(PowerCutFilesystem::close), "unmount-powercut"));
    }

    private final Path root; // the temporary directory holding the three below, or null if they are the caller's
    private final Path backing;
    private final Path mountPoint;
    private final Path shadow;
    private final DurableState state;
    private PassThroughFuse fuse;
    private Thread loop;
    /** Set by close: a cut that comes after it (the harness is stopping) must not mount again. */
    private boolean closed;

    private PowerCutFilesystem(Path root, Path backing, Path mountPoint, Path shadow) throws IOException {
        this.root = root;
        this.backing = backing;
        this.mountPoint = mountPoint;
        this.shadow = shadow;
        this.state = new DurableState(backing, shadow);
    }

    /**
     * Why power cuts cannot be simulated on this machine, in one line, or null if they can: FUSE on
     * Linux, with {@code /dev/fuse} and libfuse2.
     */
    public static String unavailable() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return "power cuts need FUSE on Linux; this is " + System.getProperty("os.name");
        }
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return "no /dev/fuse: this machine cannot mount FUSE filesystems (in a container: --device /dev/fuse --cap-add SYS_ADMIN)";
        }
        if (LIBRARY_DIRS.stream().noneMatch(dir -> Files.exists(Path.of(dir, LIBRARY)))) {
            return "libfuse2 is not installed (" + LIBRARY + "): sudo apt-get install libfuse2 fuse";
        }
        return null;
    }

    /** Mounts a new, empty power-cut filesystem in a temporary directory, deleted at {@link #close()}. */
    public static PowerCutFilesystem mountTemporary() throws IOException {
        Path root = Files.createTempDirectory("toyredis-powercut-");
        PowerCutFilesystem fs = new PowerCutFilesystem(root, Files.createDirectory(root.resolve("disk")),
                Files.createDirectory(root.resolve("mnt")), Files.createDirectory(root.resolve("durable")));
        fs.mount();
        return fs;
    }

    /** Where programs read and write: a server's data directory. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** The directory underneath, which after a cut holds exactly the durable state. */
    public Path backing() {
        return backing;
    }

    /**
     * The power cut. Every program using the filesystem must have been sent SIGKILL: unmounts,
     * leaves in the backing directory only what was durable, and mounts again over it. A program
     * held in a frozen fsync cannot die until that fsync is answered (Linux does not interrupt a
     * FUSE request the filesystem has taken): the cut answers it first, so wait for such a
     * program's exit after the cut, not before.
     */
    public synchronized Cut cut() throws IOException {
        unmount();
        DurableState.Dropped dropped = state.cut();
        mount();
        return new Cut(dropped.unsyncedBytes(), dropped.namesUndone());
    }

    /** From now on every fsync waits for the cut and never takes effect (to place a cut exactly, in tests). */
    public void freezeSyncs() {
        fuse.freeze();
    }

    /** The next fsync of a directory takes effect; every fsync after it waits for the cut and never takes effect. */
    public void freezeSyncsAfterNextDirectorySync() {
        fuse.freezeAfterNextDirectorySync();
    }

    /**
     * The first fsync of a file whose name starts with {@code namePrefix} waits (and then takes
     * effect) until {@link #releaseFileSync()}: a slow disk, at one chosen moment, for tests.
     */
    public void holdFirstFileSync(String namePrefix) {
        fuse.holdFirstFileSync(namePrefix);
    }

    /** Waits until the fsync chosen by {@link #holdFirstFileSync} is held; false if not within {@code patience}. */
    public boolean awaitHeldFileSync(Duration patience) throws InterruptedException {
        return fuse.awaitHeldFileSync(patience.toMillis());
    }

    public void releaseFileSync() {
        fuse.releaseFileSync();
    }

    /** Waits until a frozen fsync is held; false if none came within {@code patience}. */
    public boolean awaitHeldSync(Duration patience) throws InterruptedException {
        return fuse.awaitHeldSync(patience.toMillis());
    }

    /** Unmounts, leaving the backing directory as the programs saw it; deletes a temporary filesystem's files. */
    @Override
    public synchronized void close() {
        closed = true;
        try {
            unmount();
        } catch (IOException e) {
            System.err.println("powercut: " + e.getMessage());
        }
        MOUNTED.remove(this);
        if (root != null) {
            try {
                DurableState.deleteContents(root);
                Files.deleteIfExists(root);
            } catch (IOException e) {
                System.err.println("powercut: could not delete " + root + ": " + e.getMessage());
            }
        }
    }

    private void mount() throws IOException {
        if (closed) {
            throw new IOException("the power-cut filesystem at " + mountPoint + " is closed (the harness is stopping)");
        }
        String why = unavailable();
        if (why != null) {
            throw new IOException(why);
        }
        PassThroughFuse next = new PassThroughFuse(backing, state);
        Thread thread = Thread.ofPlatform().daemon().name("powercut-fuse").start(() -> next.mount(mountPoint, true, false,
                new String[] {"-o", "big_writes,max_write=131072,hard_remove,fsname=powercut,subtype=powercut"}));
        try {
            if (!next.mounted.await(MOUNT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.interrupt();
                throw new IOException("the power-cut filesystem did not mount at " + mountPoint + " within "
                        + MOUNT_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while mounting " + mountPoint);
        }
        fuse = next;
        loop = thread;
        MOUNTED.add(this);
    }

    private void unmount() throws IOException {
        if (fuse == null) {
            return;
        }
        fuse.powerOff(); // frozen syncs return first: the loop cannot end while they wait
        run("fusermount", "-u", "-z", mountPoint.toString());
        try {
            loop.join(MOUNT_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loop.isAlive()) {
            run("umount", "-l", mountPoint.toString());
            throw new IOException("the power-cut filesystem at " + mountPoint + " did not unmount (is a program still using it?)");
        }
        fuse.closeAll();
        fuse = null;
        loop = null;
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.waitFor(MOUNT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // no fusermount: umount -l is the next try
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
