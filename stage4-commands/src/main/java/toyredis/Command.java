package toyredis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One command, described the way Redis describes it in its command table: a lowercase name, an
 * arity (positive: exactly that many arguments counting the name; negative: at least that many),
 * flags and key positions (shown by COMMAND, which redis-cli reads), and the code that runs it.
 * A container command such as CONFIG has subcommands instead of code of its own.
 */
record Command(String name, int arity, List<String> flags, int firstKey, int lastKey, int keyStep,
        String group, String summary, Handler handler, Map<String, Command> subcommands) {

    /** The code of a command: the arguments (the name first) in, one reply out. */
    @FunctionalInterface
    interface Handler {
        Reply run(List<byte[]> args, ClientSession client);
    }

    /** A command without keys. */
    static Command of(String name, int arity, String flags, String group, String summary, Handler handler) {
        return new Command(name, arity, words(flags), 0, 0, 0, group, summary, handler, Map.of());
    }

    /** A command whose keys are arguments firstKey..lastKey (-1: up to the last argument). */
    static Command withKeys(String name, int arity, String flags, int firstKey, int lastKey, String group,
            String summary, Handler handler) {
        return new Command(name, arity, words(flags), firstKey, lastKey, 1, group, summary, handler, Map.of());
    }

    /**
     * A container such as CONFIG: {@code CONFIG GET ...} runs the subcommand {@code config|get}.
     * Every container also gets a HELP subcommand listing the others, as in Redis.
     */
    static Command container(String name, String group, String summary, List<Command> subcommands) {
        Map<String, Command> byName = new TreeMap<>();
        for (Command sub : subcommands) {
            byName.put(sub.name(), sub);
        }
        Reply help = helpText(name, byName.values());
        byName.put("help", of("help", 2, "loading stale", group, "Print this help.", (args, client) -> help));
        return new Command(name, -2, List.of(), 0, 0, 0, group, summary, null, Map.copyOf(byName));
    }

    /** The lines of CONFIG HELP, CLIENT HELP...: Redis's layout, our subcommands. */
    private static Reply helpText(String container, Collection<Command> subcommands) {
        String upper = container.toUpperCase(Locale.ROOT);
        List<Reply> lines = new ArrayList<>();
        lines.add(new Reply.SimpleString(upper + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
        for (Command sub : subcommands) {
            lines.add(new Reply.SimpleString(sub.name().toUpperCase(Locale.ROOT)));
            lines.add(new Reply.SimpleString("    " + sub.summary()));
        }
        lines.add(new Reply.SimpleString("HELP"));
        lines.add(new Reply.SimpleString("    Print this help."));
        return Reply.array(lines);
    }

    /** A container that also does something on its own, as COMMAND without a subcommand does. */
    Command whenAlone(Handler alone) {
        return new Command(name, -1, flags, firstKey, lastKey, keyStep, group, summary, alone, subcommands);
    }

    boolean isContainer() {
        return !subcommands.isEmpty();
    }

    /** Redis's check: exactly {@code arity} arguments, or at least {@code -arity}. */
    boolean acceptsArgumentCount(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /** Redis's ACL categories, derived from flags and group (shown by COMMAND INFO). */
    List<String> aclCategories() {
        List<String> categories = new ArrayList<>();
        if (flags.contains("write")) {
            categories.add("@write");
        } else if (flags.contains("readonly")) {
            categories.add("@read");
        }
        categories.add("@" + group);
        categories.add(flags.contains("fast") ? "@fast" : "@slow");
        return categories;
    }

    /** ASCII-lowercase of a command name as sent (Redis command names are case-insensitive). */
    static String normalize(byte[] name) {
        return new String(name, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    private static List<String> words(String flags) {
        return flags.isBlank() ? List.of() : List.of(flags.split(" "));
    }
}
