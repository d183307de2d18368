package toyredis;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the command a request names and runs it, after the checks Redis makes first and with
 * Redis's exact error texts ({@code processCommand} in server.c): unknown command, unknown
 * subcommand of a container such as CONFIG, wrong number of arguments.
 */
final class CommandTable {

    /** Redis quotes at most 128 bytes of a client's input in an error. */
    private static final int QUOTE_LIMIT = 128;

    private final Map<String, Command> commands = new TreeMap<>();
    private final ServerStats stats;

    CommandTable(Store store, ServerStats stats, ServerInfo info) {
        this.stats = stats;
        register(new KeyCommands(store).commands());
        register(new ConnectionCommands(info).commands());
        register(new ServerCommands(store, stats, info, this).commands());
    }

    private void register(List<Command> group) {
        for (Command command : group) {
            commands.put(command.name(), command);
        }
    }

    /** Every top-level command, in name order (for COMMAND and COMMAND COUNT). */
    Collection<Command> all() {
        return commands.values();
    }

    /** The command with this name (any case), or null. */
    Command find(byte[] name) {
        return commands.get(Command.normalize(name));
    }

    /** Runs one request: {@code args.get(0)} is the command name. */
    Reply execute(List<byte[]> args, ClientSession client) {
        Command base = find(args.get(0));
        Command command = base;
        if (base != null && base.isContainer() && args.size() > 1) {
            command = base.subcommands().get(Command.normalize(args.get(1)));
        }
        if (command == null) {
            return base != null ? unknownSubcommand(args) : unknownCommand(args);
        }
        if (!command.acceptsArgumentCount(args.size())) {
            return Reply.error("wrong number of arguments for '" + fullName(base, command) + "' command");
        }
        stats.commandProcessed();
        return command.handler().run(args, client);
    }

    /** {@code get}, or {@code config|get} for a subcommand, as Redis names them in errors. */
    private static String fullName(Command base, Command command) {
        return base == command ? command.name() : base.name() + "|" + command.name();
    }

    private static Reply unknownCommand(List<byte[]> args) {
        StringBuilder quoted = new StringBuilder();
        for (int i = 1; i < args.size() && quoted.length() < QUOTE_LIMIT; i++) {
            String arg = truncate(args.get(i), QUOTE_LIMIT - quoted.length());
            quoted.append('\'').append(arg).append("' ");
        }
        return Reply.error("unknown command '" + truncate(args.get(0), QUOTE_LIMIT)
                + "', with args beginning with: " + quoted);
    }

    private static Reply unknownSubcommand(List<byte[]> args) {
        String container = latin1(args.get(0)).toUpperCase(java.util.Locale.ROOT);
        return Reply.error("unknown subcommand '" + truncate(args.get(1), QUOTE_LIMIT) + "'. Try " + container + " HELP.");
    }

    /** The first {@code max} bytes, as Latin-1 text so that every byte survives unchanged. */
    private static String truncate(byte[] bytes, int max) {
        return new String(bytes, 0, Math.min(bytes.length, max), StandardCharsets.ISO_8859_1);
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
