package toyredis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

// =================================================================================================
//  NOT THE LESSON. Tools ask a server about itself when they connect: redis-benchmark reads
//  CONFIG GET save and appendonly, redis-cli asks COMMAND DOCS for its hints, people type INFO.
//  This file answers just enough of INFO, CONFIG GET and COMMAND, with Redis's replies and error
//  texts, for them to work. Nothing else in the stage depends on it: skip it when you read.
// =================================================================================================

/** Just enough of INFO, CONFIG GET and COMMAND for redis-cli, redis-benchmark and Jedis. */
final class ToolCommands {

    /** The Redis version whose behaviour we copy; clients read it to decide what they may send. */
    static final String REDIS_VERSION = "7.0.0";

    private static final List<String> INFO_SECTIONS = List.of("server", "clients", "persistence", "stats", "keyspace");

    /** The settings CONFIG GET knows. */
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Supplier<Map<String, Object>> aofInfo;

    private final Store store;
    private final ServerConfig config;
    private final int port;
    private final CommandTable table;
    private final IntSupplier connectedClients;
    private final long startedAtMillis = System.currentTimeMillis();

    ToolCommands(Store store, ServerConfig config, int port, CommandTable table, IntSupplier connectedClients,
            Supplier<Map<String, Object>> aofInfo) {
        this.aofInfo = aofInfo;
        AofConfig aof = config.aof();
        settings.put("save", "");          // no snapshots
        settings.put("appendonly", aof.enabled() ? "yes" : "no");
        settings.put("appendfsync", aof.fsync().toString());
        settings.put("appendfilename", aof.fileName());
        settings.put("dir", aof.dir().toAbsolutePath().normalize().toString());
        settings.put("auto-aof-rewrite-percentage", Integer.toString(aof.rewritePercentage()));
        settings.put("auto-aof-rewrite-min-size", Long.toString(aof.rewriteMinSize()));
        settings.put("databases", "1");
        settings.put("maxclients", Integer.toString(config.maxClients()));
        settings.put("tcp-backlog", Integer.toString(config.backlog()));
        this.store = store;
        this.config = config;
        this.port = port;
        this.table = table;
        this.connectedClients = connectedClients;
    }

    /** Adds INFO, CONFIG and COMMAND to the table. */
    void addTo(CommandTable commands) {
        commands.add(new CommandTable.Command("info", -1, false, this::info));
        commands.add(new CommandTable.Command("config", -2, false, this::config));
        commands.add(new CommandTable.Command("command", -1, false, this::command));
    }

    /** INFO [section ...]: Redis's layout ("# Section", then field:value lines, CRLF throughout). */
    private Reply info(CommandTable.Args args) {
        List<String> wanted = new ArrayList<>();
        while (args.hasNext()) {
            String section = args.nextWord().toLowerCase(Locale.ROOT);
            wanted.addAll(List.of("all", "default", "everything").contains(section) ? INFO_SECTIONS : List.of(section));
        }
        if (wanted.isEmpty()) {
            wanted = INFO_SECTIONS;
        }
        StringBuilder text = new StringBuilder();
        for (String section : INFO_SECTIONS) {
            if (wanted.contains(section)) {
                text.append(text.isEmpty() ? "" : "\r\n").append("# ")
                        .append(Character.toUpperCase(section.charAt(0))).append(section.substring(1)).append("\r\n");
                fields(section).forEach((name, value) -> text.append(name).append(':').append(value).append("\r\n"));
            }
        }
        return Reply.bulk(text.toString());
    }

    private Map<String, Object> fields(String section) {
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (section) {
            case "server" -> {
                fields.put("redis_version", REDIS_VERSION);
                fields.put("redis_mode", "standalone");
                fields.put("process_id", ProcessHandle.current().pid());
                fields.put("tcp_port", port);
                fields.put("uptime_in_seconds", (System.currentTimeMillis() - startedAtMillis) / 1000);
                fields.put("toyredis_stage", 6);
                fields.put("toyredis_store", config.store());
                fields.put("toyredis_io", config.io() == IoModel.NIO ? "nio, event loops: " + config.eventLoops() : "threads (virtual)");
            }
            case "clients" -> fields.put("connected_clients", connectedClients.getAsInt());
            case "persistence" -> {
                fields.put("loading", 0);
                fields.put("aof_enabled", config.aof().enabled() ? 1 : 0);
                fields.putAll(aofInfo.get());
            }
            case "stats" -> {
                fields.put("total_commands_processed", table.commandsProcessed());
                fields.put("expired_keys", store.expiry().expiredKeys().sum());
            }
            case "keyspace" -> {
                if (store.size() > 0) {
                    fields.put("db0", "keys=" + store.size() + ",expires=" + store.withDeadline() + ",avg_ttl=0");
                }
            }
            default -> throw new IllegalArgumentException(section);
        }
        return fields;
    }

    /** CONFIG GET pattern [pattern ...] and CONFIG HELP. */
    private Reply config(CommandTable.Args args) {
        byte[] subcommand = args.nextBytes();
        return switch (CommandTable.nameOf(subcommand)) {
            case "get" -> args.hasNext() ? configGet(args) : CommandTable.wrongArgumentCount("config|get");
            case "help" -> help("CONFIG", "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.");
            default -> unknownSubcommand("CONFIG", subcommand);
        };
    }

    /**
     * Name/value pairs. A plain name is answered with the name as the client typed it, a glob
     * ({@code *}, {@code ?}) with the names it matches: as Redis does.
     */
    private Reply configGet(CommandTable.Args args) {
        Map<String, String> matches = new LinkedHashMap<>();
        while (args.hasNext()) {
            String pattern = CommandTable.latin1(args.nextBytes());
            String lower = pattern.toLowerCase(Locale.ROOT);
            if (!pattern.contains("*") && !pattern.contains("?")) {
                if (settings.containsKey(lower)) {
                    matches.put(pattern, settings.get(lower));
                }
            } else {
                Pattern glob = Pattern.compile(Pattern.quote(lower).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
                settings.forEach((name, value) -> {
                    if (glob.matcher(name).matches()) {
                        matches.put(name, value);
                    }
                });
            }
        }
        List<Reply> reply = new ArrayList<>();
        matches.forEach((name, value) -> {
            reply.add(new Reply.Bulk(name.getBytes(StandardCharsets.ISO_8859_1)));
            reply.add(Reply.bulk(value));
        });
        return Reply.array(reply);
    }

    /** COMMAND, COMMAND COUNT, COMMAND INFO [name ...], COMMAND DOCS [name ...], COMMAND HELP. */
    private Reply command(CommandTable.Args args) {
        if (!args.hasNext()) {
            return Reply.array(table.all().stream().map(ToolCommands::describe).toList());
        }
        byte[] subcommand = args.nextBytes();
        return switch (CommandTable.nameOf(subcommand)) {
            case "count" -> args.hasNext() ? CommandTable.wrongArgumentCount("command|count") : Reply.integer(table.all().size());
            case "info" -> commandInfo(args);
            case "docs" -> Reply.array(); // no hints: redis-cli then shows none
            case "help" -> help("COMMAND", "COUNT", "    Return the total number of commands in this server.",
                    "INFO [<command-name> ...]", "    Return details about the given commands, or all of them.");
            default -> unknownSubcommand("COMMAND", subcommand);
        };
    }

    private Reply commandInfo(CommandTable.Args args) {
        if (!args.hasNext()) {
            return Reply.array(table.all().stream().map(ToolCommands::describe).toList());
        }
        List<Reply> reply = new ArrayList<>();
        while (args.hasNext()) {
            CommandTable.Command command = table.find(args.nextBytes());
            reply.add(command == null ? Reply.NULL : describe(command));
        }
        return Reply.array(reply);
    }

    /** Redis 7's ten fields, with only what we know: name, arity, and a write/readonly flag. */
    private static Reply describe(CommandTable.Command command) {
        Reply flag = new Reply.SimpleString(command.writes() ? "write" : "readonly");
        return Reply.array(Reply.bulk(command.name()), Reply.integer(command.arity()), Reply.array(flag),
                Reply.integer(0), Reply.integer(0), Reply.integer(0),
                Reply.array(), Reply.array(), Reply.array(), Reply.array());
    }

    private static Reply help(String container, String... lines) {
        List<Reply> reply = new ArrayList<>();
        reply.add(new Reply.SimpleString(container + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
        for (String line : lines) {
            reply.add(new Reply.SimpleString(line));
        }
        reply.add(new Reply.SimpleString("HELP"));
        reply.add(new Reply.SimpleString("    Print this help."));
        return Reply.array(reply);
    }

    private static Reply unknownSubcommand(String container, byte[] subcommand) {
        return Reply.error("unknown subcommand '" + CommandTable.truncate(subcommand, 128) + "'. Try " + container + " HELP.");
    }
}
