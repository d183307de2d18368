package toyredis;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * How one request becomes one reply, and the commands this server knows. A request is a list of
 * byte strings, the command name first. The table finds the command (any case), makes the checks
 * Redis makes before running anything, with Redis's exact error texts ({@code processCommand} in
 * server.c: unknown command, wrong number of arguments), then runs it against the {@link Store}.
 *
 * <p>Adding a command is one line in the constructor: a name, an arity, whether it changes data,
 * and a method that reads its arguments with an {@link Args} cursor and returns a {@link Reply}.
 */
final class CommandTable {

    /**
     * One command. The arity counts the name, as in Redis: {@code 2} means exactly two words
     * ({@code GET key}), {@code -3} at least three ({@code SET key value [options]}). {@code writes}
     * says whether it may change data; COMMAND reports it to tools such as redis-cli.
     */
    record Command(String name, int arity, boolean writes, Handler handler) {

        boolean acceptsArgumentCount(int argc) {
            return arity >= 0 ? argc == arity : argc >= -arity;
        }
    }

    /** The code of a command: its arguments in, one reply out. */
    @FunctionalInterface
    interface Handler {
        Reply run(Args args);
    }

    /**
     * A cursor over a request's arguments (like mini-redis's {@code Parse}): each command takes
     * what it expects in order, so no command indexes into the raw list or decodes bytes itself.
     */
    static final class Args {

        private final List<byte[]> words;
        private int next = 1; // the name is words[0]

        Args(List<byte[]> words) {
            this.words = words;
        }

        /** How many words the request has, the name included (what arity counts). */
        int count() {
            return words.size();
        }

        boolean hasNext() {
            return next < words.size();
        }

        byte[] nextBytes() {
            return words.get(next++);
        }

        /** A key: Latin-1 keeps every byte as one char, so binary keys survive unchanged. */
        String nextKey() {
            return latin1(nextBytes());
        }

        /** An option such as NX, in upper case so that {@code nx} means the same. */
        String nextWord() {
            return nextOption().toUpperCase(Locale.ROOT);
        }

        /** An option as typed. Redis compares options as C strings, which end at a NUL byte: {@code "NX\0x"} is NX. */
        String nextOption() {
            String option = latin1(nextBytes());
            int nul = option.indexOf('\0');
            return nul < 0 ? option : option.substring(0, nul);
        }

        /** The next argument as Redis reads an integer, or null if it is not one. */
        Long nextLong() {
            byte[] bytes = nextBytes();
            return RespReader.parseLong(bytes, 0, bytes.length);
        }

        /** Every argument not taken yet, as keys. */
        List<String> remainingKeys() {
            List<String> keys = words.subList(next, words.size()).stream().map(CommandTable::latin1).toList();
            next = words.size();
            return keys;
        }
    }

    static final Reply SYNTAX_ERROR = Reply.error("syntax error");
    private static final Reply NOT_AN_INTEGER = Reply.error("value is not an integer or out of range");
    /** Redis quotes at most 128 bytes of a client's input in an error. */
    private static final int QUOTE_LIMIT = 128;

    private final Map<String, Command> commands = new TreeMap<>();
    private final LongAdder processed = new LongAdder();
    private final Store store;

    CommandTable(Store store) {
        this.store = store;
        add(new Command("ping", -1, false, this::ping));
        add(new Command("echo", 2, false, args -> Reply.bulk(args.nextBytes())));
        add(new Command("quit", -1, false, args -> Reply.OK)); // the client handler then hangs up
        add(new Command("select", 2, false, this::select));
        add(new Command("get", 2, false, args -> Reply.bulk(store.get(args.nextKey()))));
        add(new Command("set", -3, true, this::set));
        add(new Command("del", -2, true, this::del));
        add(new Command("exists", -2, false, this::exists));
        add(new Command("incr", 2, true, args -> incrBy(args.nextKey(), 1)));
        add(new Command("decr", 2, true, args -> incrBy(args.nextKey(), -1)));
        add(new Command("incrby", 3, true, this::incrBy));
        add(new Command("decrby", 3, true, this::decrBy));
        add(new Command("dbsize", 1, false, args -> Reply.integer(store.size())));
        add(new Command("flushall", -1, true, this::flush));
        add(new Command("flushdb", -1, true, this::flush));
        add(new Command("getex", -2, true, this::getex));
        add(new Command("expire", -3, true, args -> expire(args, "expire", 1000, false)));
        add(new Command("pexpire", -3, true, args -> expire(args, "pexpire", 1, false)));
        add(new Command("expireat", -3, true, args -> expire(args, "expireat", 1000, true)));
        add(new Command("pexpireat", -3, true, args -> expire(args, "pexpireat", 1, true)));
        add(new Command("ttl", 2, false, args -> ttl(args, false, false)));
        add(new Command("pttl", 2, false, args -> ttl(args, true, false)));
        add(new Command("expiretime", 2, false, args -> ttl(args, false, true)));
        add(new Command("pexpiretime", 2, false, args -> ttl(args, true, true)));
        add(new Command("persist", 2, true, this::persist));
    }

    /** Adds a command, or replaces the one with the same name. */
    void add(Command command) {
        commands.put(command.name(), command);
    }

    /** Every command, in name order. */
    Collection<Command> all() {
        return commands.values();
    }

    /** The command with this name (any case), or null. */
    Command find(byte[] name) {
        return commands.get(nameOf(name));
    }

    /** How many requests have been run (INFO's total_commands_processed). */
    long commandsProcessed() {
        return processed.sum();
    }

    /** Runs one request: {@code request.get(0)} is the command name. */
    Reply execute(List<byte[]> request) {
        Command command = find(request.get(0));
        if (command == null) {
            return unknownCommand(request);
        }
        if (!command.acceptsArgumentCount(request.size())) {
            return wrongArgumentCount(command.name());
        }
        processed.increment();
        try {
            return command.handler().run(new Args(request));
        } catch (Failure failure) {
            return failure.reply;
        }
    }

    /** Thrown by a helper deep inside a command to answer with an error right away. */
    private static final class Failure extends RuntimeException {
        final Reply reply;

        Failure(Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }

    static Reply wrongArgumentCount(String name) {
        return Reply.error("wrong number of arguments for '" + name + "' command");
    }

    // ---- the commands -------------------------------------------------------------------------

    private Reply ping(Args args) {
        if (args.count() > 2) {
            return wrongArgumentCount("ping");
        }
        return args.hasNext() ? Reply.bulk(args.nextBytes()) : new Reply.SimpleString("PONG");
    }

    /** SELECT index: there is only database 0, but clients send SELECT 0 and expect OK. */
    private Reply select(Args args) {
        Long index = args.nextLong();
        if (index == null) {
            return NOT_AN_INTEGER;
        }
        if (index != (int) (long) index) {
            return Reply.error("value is out of range, value must between -2147483648 and 2147483647");
        }
        return index == 0 ? Reply.OK : Reply.error("DB index is out of range");
    }

    /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL]: Redis's rules and errors. */
    private Reply set(Args args) {
        // lab 4.2: read SET's options in any order and case, answer what Redis refuses with its error, then write the key in one store step
        String key = args.nextKey();
        byte[] value = args.nextBytes();
        Store.SetCondition condition = Store.SetCondition.ALWAYS;
        boolean returnOld = false;
        boolean keepTtl = false;
        String unit = null; // EX, PX, EXAT or PXAT: repeating the same one is allowed, as in Redis
        byte[] time = null;
        while (args.hasNext()) {
            String option = args.nextWord();
            if (option.equals("NX") && condition != Store.SetCondition.IF_PRESENT) {
                condition = Store.SetCondition.IF_ABSENT;
            } else if (option.equals("XX") && condition != Store.SetCondition.IF_ABSENT) {
                condition = Store.SetCondition.IF_PRESENT;
            } else if (option.equals("GET")) {
                returnOld = true;
            } else if (option.equals("KEEPTTL") && unit == null) {
                keepTtl = true;
            } else if (EXPIRE_UNITS.contains(option) && !keepTtl && (unit == null || unit.equals(option)) && args.hasNext()) {
                unit = option;
                time = args.nextBytes();
            } else {
                return SYNTAX_ERROR;
            }
        }
        long deadline = unit == null ? Store.Entry.NO_DEADLINE : deadline("set", unit, time);
        Store.SetCondition when = condition;
        boolean keep = keepTtl;
        Store.Entry before = store.update(key, entry -> !when.allows(valueOf(entry)) ? entry
                : new Store.Entry(value, keep && entry != null ? entry.deadline() : deadline));
        return returnOld ? Reply.bulk(valueOf(before)) : condition.allows(valueOf(before)) ? Reply.OK : Reply.NULL;
        // end lab 4.2
    }

    private static final List<String> EXPIRE_UNITS = List.of("EX", "PX", "EXAT", "PXAT");

    private static byte[] valueOf(Store.Entry entry) {
        return entry == null ? null : entry.value();
    }

    private long now() {
        return store.expiry().clock().getAsLong();
    }

    /**
     * The deadline (Unix ms) that SET's or GETEX's {@code unit} and {@code time} ask for, with the
     * checks of Redis's getExpireMillisecondsOrReply (t_string.c): a time must be positive, and
     * neither seconds to milliseconds nor adding the current time may overflow.
     */
    private long deadline(String command, String unit, byte[] time) {
        Long number = RespReader.parseLong(time, 0, time.length);
        if (number == null) {
            throw new Failure(NOT_AN_INTEGER);
        }
        boolean seconds = unit.startsWith("E");
        if (number <= 0 || seconds && number > Long.MAX_VALUE / 1000) {
            throw new Failure(invalidExpireTime(command));
        }
        long millis = seconds ? number * 1000 : number;
        if (!unit.endsWith("AT")) {
            long now = now();
            if (millis > Long.MAX_VALUE - now) {
                throw new Failure(invalidExpireTime(command));
            }
            millis += now;
        }
        return millis;
    }

    private static Reply invalidExpireTime(String command) {
        return Reply.error("invalid expire time in '" + command + "' command");
    }

    /** GETEX key [EX s | PX ms | EXAT s | PXAT ms | PERSIST]: GET that also sets or clears the time. */
    private Reply getex(Args args) {
        String key = args.nextKey();
        boolean persist = false;
        String unit = null;
        byte[] time = null;
        while (args.hasNext()) {
            String option = args.nextWord();
            if (option.equals("PERSIST") && unit == null) {
                persist = true;
            } else if (EXPIRE_UNITS.contains(option) && !persist && (unit == null || unit.equals(option)) && args.hasNext()) {
                unit = option;
                time = args.nextBytes();
            } else {
                return SYNTAX_ERROR;
            }
        }
        if (store.read(key) == null) {
            return Reply.NULL; // before the time is checked, as in Redis
        }
        long deadline = unit == null ? Store.Entry.NO_DEADLINE : deadline("getex", unit, time);
        long now = now();
        boolean change = persist || unit != null;
        boolean absolute = unit != null && unit.endsWith("AT");
        Store.Entry before = store.update(key, entry -> entry == null || !change ? entry
                : absolute && deadline <= now ? null // EXAT or PXAT in the past: deleted
                : new Store.Entry(entry.value(), deadline));
        return Reply.bulk(valueOf(before));
    }

    /**
     * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT key time [NX | XX | GT | LT], as expireGenericCommand
     * (expire.c): options first, then the time, then the key; a time already past deletes the key.
     */
    private Reply expire(Args args, String command, long unit, boolean absolute) {
        String key = args.nextKey();
        Long number = args.nextLong(); // checked after the options, as Redis does
        Set<String> flags = new HashSet<>();
        while (args.hasNext()) {
            String option = args.nextOption();
            if (!List.of("NX", "XX", "GT", "LT").contains(option.toUpperCase(Locale.ROOT))) {
                return Reply.error("Unsupported option " + option);
            }
            flags.add(option.toUpperCase(Locale.ROOT));
        }
        if (flags.contains("NX") && flags.size() > 1) {
            return Reply.error("NX and XX, GT or LT options at the same time are not compatible");
        }
        if (flags.contains("GT") && flags.contains("LT")) {
            return Reply.error("GT and LT options at the same time are not compatible");
        }
        if (number == null) {
            return NOT_AN_INTEGER;
        }
        if (number > Long.MAX_VALUE / unit || number < Long.MIN_VALUE / unit) {
            return invalidExpireTime(command);
        }
        long now = now();
        long base = absolute ? 0 : now;
        if (number * unit > Long.MAX_VALUE - base) {
            return invalidExpireTime(command);
        }
        long deadline = number * unit + base;
        Predicate<Store.Entry> allowed = entry -> entry != null
                && !(flags.contains("NX") && entry.deadline() != Store.Entry.NO_DEADLINE)
                && !(flags.contains("XX") && entry.deadline() == Store.Entry.NO_DEADLINE)
                && !(flags.contains("GT") && (entry.deadline() == Store.Entry.NO_DEADLINE || deadline <= entry.deadline()))
                && !(flags.contains("LT") && entry.deadline() != Store.Entry.NO_DEADLINE && deadline >= entry.deadline());
        Store.Entry before = store.update(key, entry -> !allowed.test(entry) ? entry
                : deadline <= now ? null : new Store.Entry(entry.value(), deadline));
        return Reply.integer(allowed.test(before) ? 1 : 0);
    }

    /** TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 for no key, -1 for no deadline, seconds rounded as Redis does. */
    private Reply ttl(Args args, boolean millis, boolean absolute) {
        Store.Entry entry = store.read(args.nextKey());
        if (entry == null || entry.deadline() == Store.Entry.NO_DEADLINE) {
            return Reply.integer(entry == null ? -2 : -1);
        }
        long left = Math.max(0, absolute ? entry.deadline() : entry.deadline() - now());
        return Reply.integer(millis ? left : Long.divideUnsigned(left + 500, 1000)); // unsigned: as C compiles it
    }

    /** PERSIST key: 1 if it removed a deadline. */
    private Reply persist(Args args) {
        Store.Entry before = store.update(args.nextKey(), entry -> entry == null || entry.deadline() == Store.Entry.NO_DEADLINE
                ? entry : new Store.Entry(entry.value()));
        return Reply.integer(before != null && before.deadline() != Store.Entry.NO_DEADLINE ? 1 : 0);
    }

    private Reply del(Args args) {
        int deleted = 0;
        for (String key : args.remainingKeys()) {
            deleted += store.delete(key) ? 1 : 0;
        }
        return Reply.integer(deleted);
    }

    /** Counts every argument that exists, so {@code EXISTS a a} is 2 when a exists. */
    private Reply exists(Args args) {
        int found = 0;
        for (String key : args.remainingKeys()) {
            found += store.get(key) != null ? 1 : 0;
        }
        return Reply.integer(found);
    }

    private Reply incrBy(Args args) {
        String key = args.nextKey();
        Long delta = args.nextLong();
        return delta == null ? NOT_AN_INTEGER : incrBy(key, delta);
    }

    private Reply decrBy(Args args) {
        String key = args.nextKey();
        Long delta = args.nextLong();
        if (delta == null) {
            return NOT_AN_INTEGER;
        }
        if (delta == Long.MIN_VALUE) {
            return Reply.error("decrement would overflow"); // -MIN does not exist in 64 bits
        }
        return incrBy(key, -delta);
    }

    private Reply incrBy(String key, long delta) {
        try {
            return Reply.integer(store.incrBy(key, delta));
        } catch (Store.NotAnIntegerException | Store.OverflowException e) {
            return Reply.error(e.getMessage());
        }
    }

    /** FLUSHALL and FLUSHDB [ASYNC | SYNC]: with one database they are the same thing. */
    private Reply flush(Args args) {
        if (args.count() > 2 || args.hasNext() && !List.of("ASYNC", "SYNC").contains(args.nextWord())) {
            return SYNTAX_ERROR;
        }
        store.clear();
        return Reply.OK;
    }

    // ---- errors and names ---------------------------------------------------------------------

    private static Reply unknownCommand(List<byte[]> request) {
        StringBuilder quoted = new StringBuilder();
        for (int i = 1; i < request.size() && quoted.length() < QUOTE_LIMIT; i++) {
            String argument = truncate(request.get(i), QUOTE_LIMIT - quoted.length());
            quoted.append('\'').append(argument).append("' ");
        }
        return Reply.error("unknown command '" + truncate(request.get(0), QUOTE_LIMIT)
                + "', with args beginning with: " + quoted);
    }

    /**
     * At most the first {@code max} bytes, as Latin-1 text so that every byte survives unchanged,
     * and only up to a NUL byte: Redis prints these with C's %.128s, which ends a string there.
     */
    static String truncate(byte[] bytes, int max) {
        int end = 0;
        while (end < Math.min(bytes.length, max) && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** A command name as the table keys it: Redis command names are case-insensitive. */
    static String nameOf(byte[] name) {
        return latin1(name).toLowerCase(Locale.ROOT);
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
