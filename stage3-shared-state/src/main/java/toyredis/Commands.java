package toyredis;

import java.util.Locale;
import java.util.Map;

/** The stage 3 protocol: one text line in, one text line out, against the shared {@link Store}. */
final class Commands {

    private final Store store;
    private final StoreKind kind;

    Commands(Store store, StoreKind kind) {
        this.store = store;
        this.kind = kind;
    }

    /** The reply to one non-blank request line. */
    Reply respond(String line) {
        String[] parts = line.strip().split("\\s+", 2);
        String name = parts[0];
        String argument = parts.length > 1 ? parts[1] : null;
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "PING" -> Reply.line(argument == null ? "PONG" : argument);
            case "ECHO" -> argument == null ? wrongArity("echo") : Reply.line(argument);
            case "QUIT" -> new Reply("BYE", true);
            case "GET" -> isOneWord(argument) ? get(argument) : wrongArity("get");
            case "SET" -> set(argument);
            case "INCR" -> isOneWord(argument) ? incr(argument) : wrongArity("incr");
            case "STATS" -> argument == null ? stats() : wrongArity("stats");
            default -> Reply.error("unknown command '" + name + "'");
        };
    }

    private Reply get(String key) {
        String value = store.get(key);
        return Reply.line(value == null ? "(nil)" : value);
    }

    /** SET key value: the value is the rest of the line after the key, inner spaces kept. */
    private Reply set(String argument) {
        String[] keyAndValue = argument == null ? new String[0] : argument.split("\\s+", 2);
        if (keyAndValue.length != 2) {
            return wrongArity("set");
        }
        store.set(keyAndValue[0], keyAndValue[1]);
        return Reply.line("OK");
    }

    private Reply incr(String key) {
        try {
            return Reply.line(Long.toString(store.incr(key)));
        } catch (Store.NotAnIntegerException e) {
            return Reply.error(e.getMessage());
        }
    }

    /** One line: the strategy, the key count, then the strategy's own counters. */
    private Reply stats() {
        StringBuilder line = new StringBuilder("store=").append(kind).append(" keys=").append(store.size());
        for (Map.Entry<String, Long> counter : store.stats().entrySet()) {
            line.append(' ').append(counter.getKey()).append('=').append(counter.getValue());
        }
        return Reply.line(line.toString());
    }

    private static boolean isOneWord(String argument) {
        return argument != null && argument.split("\\s+").length == 1;
    }

    private static Reply wrongArity(String command) {
        return Reply.error("wrong number of arguments for '" + command + "' command");
    }
}
