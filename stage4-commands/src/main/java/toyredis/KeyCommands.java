package toyredis;

import java.util.List;
import java.util.Locale;

/** The commands on keys and values: GET, SET, DEL, EXISTS, INCR and friends, DBSIZE, FLUSHALL. */
final class KeyCommands {

    static final Reply SYNTAX_ERROR = Reply.error("syntax error");
    private static final Reply NOT_AN_INTEGER = Reply.error("value is not an integer or out of range");

    private final Store store;

    KeyCommands(Store store) {
        this.store = store;
    }

    List<Command> commands() {
        return List.of(
                Command.withKeys("get", 2, "readonly fast", 1, 1, "string",
                        "Returns the string value of a key.", this::get),
                Command.withKeys("set", -3, "write denyoom", 1, 1, "string",
                        "Sets the string value of a key, ignoring its type.", this::set),
                Command.withKeys("del", -2, "write", 1, -1, "keyspace",
                        "Deletes one or more keys.", this::del),
                Command.withKeys("exists", -2, "readonly fast", 1, -1, "keyspace",
                        "Determines whether one or more keys exist.", this::exists),
                Command.withKeys("incr", 2, "write denyoom fast", 1, 1, "string",
                        "Increments the integer value of a key by one.", (args, c) -> incrBy(args, 1)),
                Command.withKeys("decr", 2, "write denyoom fast", 1, 1, "string",
                        "Decrements the integer value of a key by one.", (args, c) -> incrBy(args, -1)),
                Command.withKeys("incrby", 3, "write denyoom fast", 1, 1, "string",
                        "Increments the integer value of a key by a number.", this::incrBy),
                Command.withKeys("decrby", 3, "write denyoom fast", 1, 1, "string",
                        "Decrements a number from the integer value of a key.", this::decrBy),
                Command.of("dbsize", 1, "readonly fast", "keyspace",
                        "Returns the number of keys in the database.", (args, c) -> Reply.integer(store.size())),
                Command.of("flushall", -1, "write", "keyspace",
                        "Removes all keys from all databases.", this::flush),
                Command.of("flushdb", -1, "write", "keyspace",
                        "Removes all keys from the current database.", this::flush));
    }

    private Reply get(List<byte[]> args, ClientSession client) {
        return Reply.bulk(store.get(Key.of(args.get(1))));
    }

    /** SET key value [NX | XX] [GET] [KEEPTTL]: options parsed with Redis's rules and errors. */
    private Reply set(List<byte[]> args, ClientSession client) {
        SetCondition condition = SetCondition.ALWAYS;
        boolean returnOld = false;
        boolean keepTtl = false;
        boolean expiry = false;
        for (int i = 3; i < args.size(); i++) {
            String option = CommandTable.latin1(args.get(i)).toUpperCase(Locale.ROOT);
            boolean hasNext = i + 1 < args.size();
            if (option.equals("NX") && condition != SetCondition.IF_PRESENT) {
                condition = SetCondition.IF_ABSENT;
            } else if (option.equals("XX") && condition != SetCondition.IF_ABSENT) {
                condition = SetCondition.IF_PRESENT;
            } else if (option.equals("GET")) {
                returnOld = true;
            } else if (option.equals("KEEPTTL") && !expiry) {
                keepTtl = true; // no key ever has a time to live here, so there is nothing to keep
            } else if (List.of("EX", "PX", "EXAT", "PXAT").contains(option) && !keepTtl && !expiry && hasNext) {
                expiry = true;
                i++;
            } else {
                return SYNTAX_ERROR;
            }
        }
        if (expiry) {
            return Reply.error("this toy server does not support expiry (EX, PX, EXAT, PXAT)");
        }
        byte[] before = store.set(Key.of(args.get(1)), args.get(2), condition);
        if (returnOld) {
            return Reply.bulk(before);
        }
        return condition.allows(before) ? Reply.OK : Reply.NULL;
    }

    private Reply del(List<byte[]> args, ClientSession client) {
        int deleted = 0;
        for (byte[] key : args.subList(1, args.size())) {
            deleted += store.delete(Key.of(key)) ? 1 : 0;
        }
        return Reply.integer(deleted);
    }

    /** Counts every argument that exists, so {@code EXISTS a a} is 2 when a exists. */
    private Reply exists(List<byte[]> args, ClientSession client) {
        int found = 0;
        for (byte[] key : args.subList(1, args.size())) {
            found += store.get(Key.of(key)) != null ? 1 : 0;
        }
        return Reply.integer(found);
    }

    private Reply incrBy(List<byte[]> args, ClientSession client) {
        Long delta = RedisNumbers.parseLong(args.get(2));
        return delta == null ? NOT_AN_INTEGER : incrBy(args, delta);
    }

    private Reply decrBy(List<byte[]> args, ClientSession client) {
        Long delta = RedisNumbers.parseLong(args.get(2));
        if (delta == null) {
            return NOT_AN_INTEGER;
        }
        if (delta == Long.MIN_VALUE) {
            return Reply.error("decrement would overflow"); // -MIN does not exist in 64 bits
        }
        return incrBy(args, -delta);
    }

    private Reply incrBy(List<byte[]> args, long delta) {
        try {
            return Reply.integer(store.incrBy(Key.of(args.get(1)), delta));
        } catch (Store.NotAnIntegerException | Store.OverflowException e) {
            return Reply.error(e.getMessage());
        }
    }

    /** FLUSHALL and FLUSHDB [ASYNC | SYNC]: with one database they are the same thing. */
    private Reply flush(List<byte[]> args, ClientSession client) {
        if (args.size() > 2 || args.size() == 2 && !List.of("ASYNC", "SYNC").contains(
                CommandTable.latin1(args.get(1)).toUpperCase(Locale.ROOT))) {
            return SYNTAX_ERROR;
        }
        store.clear();
        return Reply.OK;
    }
}
