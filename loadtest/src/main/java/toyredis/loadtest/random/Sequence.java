package toyredis.loadtest.random;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Requests in order, and the byte offsets at which the server under test receives them cut into
 * separate writes (the reference gets them whole). The seed says where the sequence came from;
 * a shrunk sequence keeps its seed, so the report can say how to make the original again.
 */
public record Sequence(long seed, List<Request> requests, List<Integer> cuts) {

    public Sequence {
        requests = List.copyOf(requests);
        cuts = List.copyOf(new TreeSet<>(cuts));
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        requests.forEach(r -> out.writeBytes(r.bytes()));
        return out.toByteArray();
    }

    /** The bytes as the server under test receives them: one array per write. */
    public List<byte[]> writes() {
        byte[] all = bytes();
        List<byte[]> writes = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            if (cut > from && cut < all.length) {
                writes.add(java.util.Arrays.copyOfRange(all, from, cut));
                from = cut;
            }
        }
        writes.add(java.util.Arrays.copyOfRange(all, from, all.length));
        return writes;
    }

    /** Without requests [from, to): the cuts inside them go, the cuts after them move back. */
    public Sequence without(int from, int to) {
        int start = offsetOf(from);
        int end = offsetOf(to);
        List<Integer> moved = new ArrayList<>();
        for (int cut : cuts) {
            if (cut <= start) {
                moved.add(cut);
            } else if (cut >= end) {
                moved.add(cut - (end - start));
            }
        }
        List<Request> kept = new ArrayList<>(requests.subList(0, from));
        kept.addAll(requests.subList(to, requests.size()));
        return new Sequence(seed, kept, moved);
    }

    /** True if a request ends the connection (then no end marker is sent after it). */
    public boolean closes() {
        return requests.stream().anyMatch(Request::closes);
    }

    public Sequence withCuts(List<Integer> newCuts) {
        return new Sequence(seed, requests, newCuts);
    }

    /** Index of the request that reply number {@code reply} answers, or -1. */
    public int requestAnswering(int reply) {
        int seen = 0;
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).answered() && seen++ == reply) {
                return i;
            }
        }
        return -1;
    }

    private int offsetOf(int request) {
        int offset = 0;
        for (int i = 0; i < request; i++) {
            offset += requests.get(i).bytes().length;
        }
        return offset;
    }
}
