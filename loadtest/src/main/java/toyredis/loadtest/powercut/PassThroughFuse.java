package toyredis.loadtest.powercut;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import jnr.ffi.Pointer;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The FUSE side of the power-cut filesystem: every call is passed through to the backing
 * directory at once, as the page cache would serve it, and every change is told to
 * {@link DurableState}, which keeps what a disk would hold. Only the durability points,
 * {@code fsync} of a file or a directory, move bytes and names into the durable state.
 * Hard links and symbolic links are refused: the servers here need neither.
 */
final class PassThroughFuse extends FuseStubFS {

    /** An open file: the backing file's channel, and which node it is (even after its name is gone). */
    private record OpenFile(FileChannel channel, DurableState.Node node) {
    }

    private static final int O_ACCMODE = 3;
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;

    private final Path backing;
    private final DurableState state;
    private final Object lock = new Object();
    private final Map<Long, OpenFile> open = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);
    final CountDownLatch mounted = new CountDownLatch(1);
    // For cuts placed exactly (tests): syncs that wait, and never happen. Guarded by lock.
    private boolean frozen;
    private boolean freezeAfterDirectorySync;
    private boolean powerOff;
    private int held;
    private String holdFileSync; // the first fsync of a file named so waits for releaseFileSync
    private boolean fileSyncHeld;

    PassThroughFuse(Path backing, DurableState state) {
        this.backing = backing;
        this.state = state;
    }

    @Override
    public Pointer init(Pointer conn) {
        mounted.countDown();
        return null;
    }

    private Path real(String path) {
        return path.equals("/") ? backing : backing.resolve(path.substring(1));
    }

    // ---- reading -----------------------------------------------------------------------------------

    @Override
    public int getattr(String path, FileStat stat) {
        try {
            Map<String, Object> unix = Files.readAttributes(real(path), "unix:*", LinkOption.NOFOLLOW_LINKS);
            stat.st_mode.set(((Number) unix.get("mode")).longValue());
            stat.st_nlink.set(((Number) unix.get("nlink")).longValue());
            stat.st_uid.set(((Number) unix.get("uid")).longValue());
            stat.st_gid.set(((Number) unix.get("gid")).longValue());
            long size = ((Number) unix.get("size")).longValue();
            stat.st_size.set(size);
            stat.st_blksize.set(4096);
            stat.st_blocks.set((size + 511) / 512);
            setTime(stat.st_atim, (FileTime) unix.get("lastAccessTime"));
            setTime(stat.st_mtim, (FileTime) unix.get("lastModifiedTime"));
            setTime(stat.st_ctim, (FileTime) unix.get("ctime"));
            return 0;
        } catch (IOException | RuntimeException e) {
            return errno(e);
        }
    }

    private static void setTime(Timespec time, FileTime value) {
        long nanos = value.to(TimeUnit.NANOSECONDS);
        time.tv_sec.set(Math.floorDiv(nanos, 1_000_000_000L));
        time.tv_nsec.set(Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fi) {
        try (Stream<Path> children = Files.list(real(path))) {
            filler.apply(buf, ".", null, 0);
            filler.apply(buf, "..", null, 0);
            for (Path child : children.toList()) {
                filler.apply(buf, child.getFileName().toString(), null, 0);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return errno(e);
        }
    }

    @Override
    public int read(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        OpenFile file = open.get(fi.fh.get());
        if (file == null) {
            return -ErrorCodes.EBADF();
        }
        try {
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            while (bytes.hasRemaining() && file.channel().read(bytes, offset + bytes.position()) > 0) {
                // until size bytes or the end of the file
            }
            buf.put(0, bytes.array(), 0, bytes.position());
            return bytes.position();
        } catch (IOException | RuntimeException e) {
            return errno(e);
        }
    }

    @Override
    public int statfs(String path, Statvfs stat) {
        try {
            FileStore store = Files.getFileStore(backing);
            long block = 4096;
            stat.f_bsize.set(block);
            stat.f_frsize.set(block);
            stat.f_blocks.set(store.getTotalSpace() / block);
            stat.f_bfree.set(store.getUnallocatedSpace() / block);
            stat.f_bavail.set(store.getUsableSpace() / block);
            stat.f_namemax.set(255);
            return 0;
        } catch (IOException | RuntimeException e) {
            return errno(e);
        }
    }

    // ---- opening and closing -----------------------------------------------------------------------

    @Override
    public int open(String path, FuseFileInfo fi) {
        synchronized (lock) {
            try {
                Path file = real(path);
                return handle(fi, FileChannel.open(file, modes(fi.flags.get(), false)), state.nodeAt(file));
            } catch (IOException | RuntimeException e) {
                return errno(e);
            }
        }
    }

    @Override
    public int create(String path, long mode, FuseFileInfo fi) {
        synchronized (lock) {
            try {
                Path file = real(path);
                boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
                FileChannel channel = FileChannel.open(file, modes(fi.flags.get(), true));
                return handle(fi, channel, existed ? state.nodeAt(file) : state.created(file));
            } catch (IOException | RuntimeException e) {
                return errno(e);
            }
        }
    }

    private int handle(FuseFileInfo fi, FileChannel channel, DurableState.Node node) {
        long handle = nextHandle.getAndIncrement();
        open.put(handle, new OpenFile(channel, node));
        fi.fh.set(handle);
        return 0;
    }

    /** Read and write as asked; the kernel already turned O_APPEND into offsets and O_TRUNC into a truncate. */
    private static Set<StandardOpenOption> modes(int flags, boolean create) {
        Set<StandardOpenOption> modes = EnumSet.of(StandardOpenOption.READ);
        int access = flags & O_ACCMODE;
        if (access == O_WRONLY || access == O_RDWR || create) {
            modes.add(StandardOpenOption.WRITE);
        }
        if (create) {
            modes.add(StandardOpenOption.CREATE);
        }
        return modes;
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        OpenFile file = open.remove(fi.fh.get());
        try {
            if (file != null) {
                file.channel().close();
            }
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        return 0; // close(): nothing becomes durable
    }

    @Override
    public int opendir(String path, FuseFileInfo fi) {
        return Files.isDirectory(real(path)) ? 0 : -ErrorCodes.ENOENT();
    }

    @Override
    public int releasedir(String path, FuseFileInfo fi) {
        return 0;
    }

    @Override
    public int access(String path, int mask) {
        return Files.exists(real(path), LinkOption.NOFOLLOW_LINKS) ? 0 : -ErrorCodes.ENOENT();
    }

    // ---- changes -----------------------------------------------------------------------------------

    @Override
    public int write(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        OpenFile file = open.get(fi.fh.get());
        if (file == null) {
            return -ErrorCodes.EBADF();
        }
        byte[] bytes = new byte[(int) size];
        buf.get(0, bytes, 0, bytes.length);
        synchronized (lock) {
            try {
                state.beforeWrite(file.node(), path == null ? null : real(path), offset, size);
                ByteBuffer data = ByteBuffer.wrap(bytes);
                while (data.hasRemaining()) {
                    file.channel().write(data, offset + data.position());
                }
                return bytes.length;
            } catch (IOException | RuntimeException e) {
                return errno(e);
            }
        }
    }

    @Override
    public int truncate(String path, long size) {
        synchronized (lock) {
            try {
                Path file = real(path);
                state.beforeTruncate(state.nodeAt(file), file, size);
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(size);
                }
                return 0;
            } catch (IOException | RuntimeException e) {
                return errno(e);
            }
        }
    }

    @Override
    public int ftruncate(String path, long size, FuseFileInfo fi) {
        OpenFile file = open.get(fi.fh.get());
        if (file == null) {
            return truncate(path, size);
        }
        synchronized (lock) {
            try {
                state.beforeTruncate(file.node(), path == null ? null : real(path), size);
                if (size < file.channel().size()) {
                    file.channel().truncate(size);
                } else if (size > file.channel().size()) {
                    file.channel().write(ByteBuffer.allocate(1), size - 1); // a hole up to the new length
                }
                return 0;
            } catch (IOException | RuntimeException e) {
                return errno(e);
            }
        }
    }

    @Override
    public int mknod(String path, long mode, long rdev) {
        synchronized (lock) {
            try {
                Path file = real(path);
                Files.createFile(file);
                state.created(file);
                return 0;
            } catch (IOException | RuntimeException e) {
                return errno(e);
            }
        }
    }

    @Override
    public int mkdir(String path, long mode) {
        synchronized (lock) {
            try {
                Path dir = real(path);
                Files.createDirectory(dir);
                state.created(dir);
                return 0;
            } catch (IOException | RuntimeException e) {
                return errno(e);
            }
        }
    }

    @Override
    public int unlink(String path) {
        return remove(path);
    }

    @Override
    public int rmdir(String path) {
        return remove(path);
    }

    private int remove(String path) {
        synchronized (lock) {
            try {
                Path name = real(path);
                if (Files.isDirectory(name, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> children = Files.list(name)) {
                        if (children.findAny().isPresent()) {
                            throw new DirectoryNotEmptyException(path);
                        }
                    }
                }
                state.beforeNameGoes(name);
                Files.delete(name);
                return 0;
            } catch (IOException | RuntimeException e) {
                return errno(e);
            }
        }
    }

    @Override
    public int rename(String from, String to) {
        synchronized (lock) {
            try {
                Path source = real(from);
                Path target = real(to);
                if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NoSuchFileException(from);
                }
                state.beforeNameGoes(target);
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return 0;
            } catch (IOException | RuntimeException e) {
                return errno(e);
            }
        }
    }

    @Override
    public int chmod(String path, long mode) {
        try {
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE: bits 8 ... 0
            for (int i = 0; i < bits.length; i++) {
                if ((mode & (1L << (8 - i))) != 0) {
                    permissions.add(bits[i]);
                }
            }
            Files.setPosixFilePermissions(real(path), permissions);
            return 0;
        } catch (IOException | RuntimeException e) {
            return errno(e);
        }
    }

    @Override
    public int chown(String path, long uid, long gid) {
        return 0; // owners are not part of the lesson
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        try {
            Timespec modified = timespec[1];
            Files.setLastModifiedTime(real(path),
                    FileTime.from(modified.tv_sec.get() * 1_000_000_000L + modified.tv_nsec.longValue(), TimeUnit.NANOSECONDS));
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0; // UTIME_NOW and UTIME_OMIT are not worth modelling
        }
    }

    @Override
    public int link(String oldpath, String newpath) {
        return -ErrorCodes.EPERM();
    }

    @Override
    public int symlink(String oldpath, String newpath) {
        return -ErrorCodes.EPERM();
    }

    // ---- the durability points ---------------------------------------------------------------------

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        OpenFile file = open.get(fi.fh.get());
        if (file == null) {
            return -ErrorCodes.EBADF();
        }
        synchronized (lock) {
            try {
                holdIfNamed(path);
                if (!syncMayTakeEffect()) {
                    return -ErrorCodes.EIO(); // held until the power went: it never happened
                }
                Path name = path == null ? null : real(path);
                state.fsync(file.node(), file.channel(), name != null && Files.exists(name, LinkOption.NOFOLLOW_LINKS) ? name : null);
                return 0;
            } catch (IOException | RuntimeException e) {
                return errno(e);
            }
        }
    }

    @Override
    public int fsyncdir(String path, FuseFileInfo fi) {
        synchronized (lock) {
            try {
                if (!syncMayTakeEffect()) {
                    return -ErrorCodes.EIO();
                }
                state.fsyncDirectory(real(path));
                frozen |= freezeAfterDirectorySync;
                return 0;
            } catch (IOException | RuntimeException e) {
                return errno(e);
            }
        }
    }

    /** Under the lock: true at once, unless syncs are frozen; then waits for the cut and says false. */
    private boolean syncMayTakeEffect() throws InterruptedIOException {
        if (!frozen && !powerOff) {
            return true;
        }
        held++;
        lock.notifyAll();
        try {
            while (!powerOff) {
                lock.wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while held");
        }
        return false;
    }

    /** Under the lock: the first fsync of a file whose name starts with the prefix given waits until released. */
    private void holdIfNamed(String path) throws InterruptedIOException {
        if (holdFileSync == null || path == null || !Path.of(path).getFileName().toString().startsWith(holdFileSync)) {
            return;
        }
        holdFileSync = null;
        fileSyncHeld = true;
        lock.notifyAll();
        try {
            while (fileSyncHeld && !powerOff) {
                lock.wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while held");
        }
    }

    void holdFirstFileSync(String namePrefix) {
        synchronized (lock) {
            holdFileSync = namePrefix;
        }
    }

    boolean awaitHeldFileSync(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (lock) {
            while (!fileSyncHeld) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                lock.wait(left);
            }
            return true;
        }
    }

    void releaseFileSync() {
        synchronized (lock) {
            fileSyncHeld = false;
            lock.notifyAll();
        }
    }

    /** From now on every fsync waits for the cut and never takes effect. */
    void freeze() {
        synchronized (lock) {
            frozen = true;
        }
    }

    /** The next fsync of a directory takes effect; every fsync after it waits for the cut. */
    void freezeAfterNextDirectorySync() {
        synchronized (lock) {
            freezeAfterDirectorySync = true;
        }
    }

    /** Waits until an fsync is held by a freeze; false if none came within {@code millis}. */
    boolean awaitHeldSync(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (lock) {
            while (held == 0) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                lock.wait(left);
            }
            return true;
        }
    }

    /** The power goes: held syncs return (having done nothing), and none takes effect any more. */
    void powerOff() {
        synchronized (lock) {
            powerOff = true;
            lock.notifyAll();
        }
    }

    /** Closes what the programs left open (they are dead: a cut comes after SIGKILL). */
    void closeAll() {
        for (OpenFile file : open.values()) {
            try {
                file.channel().close();
            } catch (IOException ignored) {
                // closing a file nobody uses any more
            }
        }
        open.clear();
    }

    private static int errno(Exception e) {
        if (e instanceof NoSuchFileException) {
            return -ErrorCodes.ENOENT();
        }
        if (e instanceof FileAlreadyExistsException) {
            return -ErrorCodes.EEXIST();
        }
        if (e instanceof DirectoryNotEmptyException) {
            return -ErrorCodes.ENOTEMPTY();
        }
        if (e instanceof NotDirectoryException) {
            return -ErrorCodes.ENOTDIR();
        }
        if (e instanceof AccessDeniedException) {
            return -ErrorCodes.EACCES();
        }
        if (e instanceof IOException && e.getMessage() != null && e.getMessage().contains("Is a directory")) {
            return -ErrorCodes.EISDIR();
        }
        return -ErrorCodes.EIO();
    }
}
