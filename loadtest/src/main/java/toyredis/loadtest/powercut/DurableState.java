package toyredis.loadtest.powercut;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a disk would still hold after a power cut, kept beside a directory whose every change is
 * already applied (the page cache's view, which the running programs read and write). The rules
 * are POSIX's, stricter than ext4 on purpose:
 * <ul>
 *   <li>a file's bytes become durable at an fsync (or fdatasync) of that file;</li>
 *   <li>a new name becomes durable at the first fsync of its file, or at an fsync of its directory;</li>
 *   <li>a rename or a delete becomes durable only at an fsync of the directory.</li>
 * </ul>
 * The durable bytes of a file live in a shadow copy from its first change on; until then the file
 * in the backing directory is its own durable copy. {@link #cut} replaces the backing directory's
 * contents with the durable state. Every method runs under the caller's lock: one change at a time.
 */
final class DurableState {

    /** A file or directory. Its identity outlives the backing inode number, which the OS reuses. */
    static final class Node {
        final long id;
        final boolean directory;
        /** Whether the durable bytes live in the shadow copy; if not, the backing file is still exactly them. */
        boolean copied;
        /** Byte ranges written since the last fsync: start to end. */
        final TreeMap<Long, Long> dirty = new TreeMap<>();
        /** The shortest length a truncate left since the last fsync (the bytes past it are no longer the old ones). */
        long shortestSinceSync = Long.MAX_VALUE;

        Node(long id, boolean directory) {
            this.id = id;
            this.directory = directory;
        }
    }

    /** What a cut dropped: bytes written but never synced, and the paths whose existence it changed. */
    record Dropped(long unsyncedBytes, List<String> namesUndone) {
    }

    private final Path backing;
    private final Path shadow;
    private final Map<Long, Node> liveByInode = new HashMap<>();
    /** For each directory, the names a power cut keeps. */
    private final Map<Node, Map<String, Node>> durableEntries = new HashMap<>();
    private Node root;
    private long nextId;

    /** Everything in {@code backing} is durable at the start: it is what the disk holds. */
    DurableState(Path backing, Path shadow) throws IOException {
        this.backing = backing;
        this.shadow = shadow;
        reset();
    }

    private void reset() throws IOException {
        liveByInode.clear();
        durableEntries.clear();
        root = register(backing);
        loadDurable(root, backing);
    }

    private void loadDurable(Node dir, Path path) throws IOException {
        Map<String, Node> entries = new HashMap<>();
        durableEntries.put(dir, entries);
        try (Stream<Path> children = Files.list(path)) {
            for (Path child : children.toList()) {
                Node node = register(child);
                entries.put(child.getFileName().toString(), node);
                if (node.directory) {
                    loadDurable(node, child);
                }
            }
        }
    }

    private Node register(Path path) throws IOException {
        Node node = new Node(nextId++, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS));
        liveByInode.put(inode(path), node);
        return node;
    }

    private static long inode(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    /** The node at a path of the backing directory (which exists). */
    Node nodeAt(Path path) throws IOException {
        Node node = liveByInode.get(inode(path));
        if (node == null) { // made behind our back in the backing directory: take it as it is, durable
            node = register(path);
        }
        return node;
    }

    // ---- changes to the page cache's view: applied to the backing directory by the caller -------

    /** A file or directory was just created at {@code path}: nothing of it is durable yet. */
    Node created(Path path) throws IOException {
        Node node = register(path);
        if (node.directory) {
            durableEntries.put(node, new HashMap<>());
        } else {
            Files.newByteChannel(shadowOf(node), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE).close();
            node.copied = true; // durable: an empty file, if its name ever becomes durable
        }
        return node;
    }

    /** {@code length} bytes at {@code offset} of {@code node} are about to be written. */
    void beforeWrite(Node node, Path path, long offset, long length) throws IOException {
        keepDurableBytes(node, path);
        long start = offset;
        long end = offset + length;
        Map.Entry<Long, Long> before = node.dirty.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        for (Map.Entry<Long, Long> next = node.dirty.ceilingEntry(start); next != null && next.getKey() <= end;
                next = node.dirty.ceilingEntry(start)) {
            end = Math.max(end, next.getValue());
            node.dirty.remove(next.getKey());
        }
        node.dirty.put(start, end);
    }

    /** {@code node} is about to be cut or extended to {@code length}. */
    void beforeTruncate(Node node, Path path, long length) throws IOException {
        keepDurableBytes(node, path);
        node.shortestSinceSync = Math.min(node.shortestSinceSync, length);
        node.dirty.headMap(length, false).replaceAll((start, end) -> Math.min(end, length));
        node.dirty.tailMap(length, true).clear();
    }

    /** The name {@code path} is about to go (a delete, or a rename over it): keep what is durable of its file. */
    void beforeNameGoes(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Node node = nodeAt(path);
        keepDurableBytes(node, path);
        liveByInode.remove(inode(path));
    }

    /** Before the first change to a file since it was durable, copy its durable bytes aside. */
    private void keepDurableBytes(Node node, Path path) throws IOException {
        if (!node.copied && !node.directory) {
            if (path == null) {
                throw new IllegalStateException("a file changed without a name before its durable bytes were kept");
            }
            Files.copy(path, shadowOf(node), StandardCopyOption.REPLACE_EXISTING);
            node.copied = true;
        }
    }

    // ---- the durability points -------------------------------------------------------------------

    /**
     * fsync of a file, read through {@code file} (open on it, even if its name is gone); {@code path}
     * is its name now, or null. Its bytes become durable, and its name too if it had none yet.
     */
    void fsync(Node node, FileChannel file, Path path) throws IOException {
        if (node.copied) {
            try (RandomAccessFile copy = new RandomAccessFile(shadowOf(node).toFile(), "rw")) {
                if (node.shortestSinceSync != Long.MAX_VALUE) {
                    copy.setLength(Math.min(copy.length(), node.shortestSinceSync));
                }
                for (Map.Entry<Long, Long> range : node.dirty.entrySet()) {
                    copyRange(file, copy.getChannel(), range.getKey(), range.getValue());
                }
                copy.setLength(file.size());
            }
        }
        node.dirty.clear();
        node.shortestSinceSync = Long.MAX_VALUE;
        if (path != null && !hasDurableName(node)) {
            makeNameDurable(node, path);
        }
    }

    /** fsync of a directory: the names in it now are the names a cut keeps; a new directory's own name too. */
    void fsyncDirectory(Path path) throws IOException {
        Node dir = nodeAt(path);
        Map<String, Node> entries = new HashMap<>();
        try (Stream<Path> children = Files.list(path)) {
            for (Path child : children.toList()) {
                entries.put(child.getFileName().toString(), nodeAt(child));
            }
        }
        durableEntries.put(dir, entries);
        if (dir != root && !hasDurableName(dir)) {
            makeNameDurable(dir, path);
        }
    }

    private void makeNameDurable(Node node, Path path) throws IOException {
        Path parent = path.getParent();
        Node parentNode = nodeAt(parent);
        if (parentNode != root && !hasDurableName(parentNode)) {
            makeNameDurable(parentNode, parent); // as a journaling filesystem does: the path to it as well
        }
        durableEntries.computeIfAbsent(parentNode, d -> new HashMap<>()).put(path.getFileName().toString(), node);
    }

    private boolean hasDurableName(Node node) {
        return durableEntries.values().stream().anyMatch(entries -> entries.containsValue(node));
    }

    private static void copyRange(FileChannel from, FileChannel to, long start, long end) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        for (long at = start; at < end; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
            int read = from.read(buffer, at);
            if (read <= 0) {
                return; // the file is shorter now: a truncate after the write
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                to.write(buffer, at + buffer.position());
            }
            at += read;
        }
    }

    private Path shadowOf(Node node) {
        return shadow.resolve(Long.toString(node.id));
    }

    // ---- the cut -----------------------------------------------------------------------------------

    /**
     * The power cut, with nothing mounted: the backing directory becomes exactly its durable state,
     * and that state is the new starting point (everything in it durable).
     */
    Dropped cut() throws IOException {
        Map<Node, Path> livePaths = new HashMap<>();
        Set<String> before = new TreeSet<>();
        long unsynced = 0;
        try (Stream<Path> all = Files.walk(backing)) {
            for (Path path : all.toList()) {
                Node node = liveByInode.get(inode(path));
                if (node != null) {
                    livePaths.put(node, path);
                }
                if (!path.equals(backing)) {
                    before.add(backing.relativize(path).toString());
                }
            }
        }
        for (Node node : livePaths.keySet()) {
            unsynced += node.dirty.entrySet().stream().mapToLong(range -> range.getValue() - range.getKey()).sum();
        }
        Path staging = Files.createTempDirectory(backing.getParent(), ".cut-");
        Set<String> after = new TreeSet<>();
        materialize(root, staging, staging, livePaths, after, new HashSet<>());
        deleteContents(backing);
        try (Stream<Path> children = Files.list(staging)) {
            for (Path child : children.toList()) {
                Files.move(child, backing.resolve(child.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.delete(staging);
        deleteContents(shadow);
        reset();
        List<String> undone = new ArrayList<>();
        before.stream().filter(name -> !after.contains(name)).map(name -> name + " (gone)").forEach(undone::add);
        after.stream().filter(name -> !before.contains(name)).map(name -> name + " (back)").forEach(undone::add);
        return new Dropped(unsynced, undone);
    }

    private void materialize(Node dir, Path into, Path staging, Map<Node, Path> livePaths, Set<String> names,
            Set<Node> seen) throws IOException {
        if (!seen.add(dir)) {
            return; // reachable twice through two durable names: once is enough
        }
        for (Map.Entry<String, Node> entry : durableEntries.getOrDefault(dir, Map.of()).entrySet()) {
            Path target = into.resolve(entry.getKey());
            Node node = entry.getValue();
            names.add(staging.relativize(target).toString());
            if (node.directory) {
                Files.createDirectories(target);
                materialize(node, target, staging, livePaths, names, seen);
            } else {
                Path source = node.copied ? shadowOf(node) : livePaths.get(node);
                if (source == null) {
                    throw new IllegalStateException("no durable bytes for " + target + ": a change went unseen");
                }
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(dir)) {
                    Files.delete(path);
                }
            }
        }
    }
}
