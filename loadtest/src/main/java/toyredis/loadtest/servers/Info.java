package toyredis.loadtest.servers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a server says about itself in its reply to {@code INFO}: lines {@code field:value} under
 * {@code # Section} headers, as Redis writes them and the stages imitate. The harness reads a few
 * of them ({@code used_memory}, {@code expired_keys}, {@code aof_rewrite_in_progress}, the
 * keyspace's {@code db0}) and trusts nothing else a server prints there.
 */
public final class Info {

    private Info() {
    }

    /** The fields of an INFO reply by name, in the order given; headers and blank lines left out. */
    public static Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    /**
     * A number of INFO keyspace's {@code db0:keys=1000,expires=1000,avg_ttl=0} line, such as
     * {@code expires}: 0 when there is no db0 line (Redis leaves out a database with no keys).
     */
    public static long keyspace(Map<String, String> fields, String name) {
        String db0 = fields.get("db0");
        if (db0 == null) {
            return 0;
        }
        for (String pair : db0.split(",")) {
            if (pair.startsWith(name + "=")) {
                return Long.parseLong(pair.substring(name.length() + 1));
            }
        }
        return 0;
    }
}
