package toyredis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** What clients and tools ask about the server: INFO, CONFIG GET, COMMAND. */
final class ServerCommands {

    /** The settings CONFIG GET knows; redis-benchmark reads save and appendonly on start. */
    private static final Map<String, String> CONFIG = new LinkedHashMap<>();

    static {
        CONFIG.put("save", "");          // no snapshots (stage 5 brings the append-only file)
        CONFIG.put("appendonly", "no");
        CONFIG.put("databases", "1");
    }

    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "stats", "keyspace");

    private final Store store;
    private final ServerStats stats;
    private final ServerInfo info;
    private final CommandTable table;

    ServerCommands(Store store, ServerStats stats, ServerInfo info, CommandTable table) {
        this.store = store;
        this.stats = stats;
        this.info = info;
        this.table = table;
    }

    List<Command> commands() {
        return List.of(
                Command.of("info", -1, "loading stale", "server",
                        "Returns information and statistics about the server.", this::info),
                Command.container("config", "server", "A container for server configuration commands.", List.of(
                        Command.of("get", -3, "admin noscript loading stale", "server",
                                "Returns the effective values of configuration parameters.", this::configGet))),
                Command.container("command", "server", "Returns detailed information about all commands.", List.of(
                        Command.of("count", 2, "loading stale", "server",
                                "Returns a count of commands.", (args, c) -> Reply.integer(table.all().size())),
                        Command.of("docs", -2, "loading stale", "server",
                                "Returns documentary information about one, multiple or all commands.", this::docs),
                        Command.of("info", -2, "loading stale", "server",
                                "Returns information about one, multiple or all commands.", this::commandInfo)))
                        .whenAlone(this::commandInfo));
    }

    /** INFO [section ...]: Redis's layout ("# Section" then field:value lines, CRLF throughout). */
    private Reply info(List<byte[]> args, ClientSession client) {
        List<String> wanted = new ArrayList<>();
        for (byte[] arg : args.subList(1, args.size())) {
            String section = CommandTable.latin1(arg).toLowerCase(Locale.ROOT);
            wanted.addAll(List.of("all", "default", "everything").contains(section) ? DEFAULT_SECTIONS : List.of(section));
        }
        if (wanted.isEmpty()) {
            wanted = DEFAULT_SECTIONS;
        }
        StringBuilder text = new StringBuilder();
        for (String section : DEFAULT_SECTIONS) {
            if (!wanted.contains(section)) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append("\r\n");
            }
            text.append("# ").append(Character.toUpperCase(section.charAt(0))).append(section.substring(1)).append("\r\n");
            fields(section).forEach((name, value) -> text.append(name).append(':').append(value).append("\r\n"));
        }
        return Reply.bulk(text.toString());
    }

    private Map<String, Object> fields(String section) {
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (section) {
            case "server" -> {
                fields.put("redis_version", ServerInfo.REDIS_VERSION);
                fields.put("redis_mode", "standalone");
                fields.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
                fields.put("arch_bits", 64);
                fields.put("process_id", ProcessHandle.current().pid());
                fields.put("tcp_port", info.port());
                fields.put("uptime_in_seconds", stats.uptimeSeconds());
                fields.put("uptime_in_days", stats.uptimeSeconds() / 86_400);
                fields.put("toyredis_stage", 4);
                fields.put("toyredis_store", info.store());
                fields.put("toyredis_threads", info.threads().name().toLowerCase(Locale.ROOT));
            }
            case "clients" -> {
                fields.put("connected_clients", stats.connectedClients());
                fields.put("blocked_clients", 0);
            }
            case "stats" -> {
                fields.put("total_connections_received", stats.totalConnectionsReceived());
                fields.put("total_commands_processed", stats.totalCommandsProcessed());
                fields.put("instantaneous_ops_per_sec", stats.instantaneousOpsPerSec());
                store.stats().forEach((name, value) -> fields.put("store_" + name, value));
            }
            case "keyspace" -> {
                int keys = store.size();
                if (keys > 0) {
                    fields.put("db0", "keys=" + keys + ",expires=0,avg_ttl=0");
                }
            }
            default -> throw new IllegalArgumentException(section);
        }
        return fields;
    }

    /**
     * CONFIG GET pattern [pattern ...]: name/value pairs. A plain name is answered with the name
     * as the client typed it, a glob ({@code *}, {@code ?}) with the names it matches: as Redis does.
     */
    private Reply configGet(List<byte[]> args, ClientSession client) {
        Map<String, String> matches = new LinkedHashMap<>();
        for (byte[] arg : args.subList(2, args.size())) {
            String pattern = CommandTable.latin1(arg);
            String lower = pattern.toLowerCase(Locale.ROOT);
            if (!pattern.contains("*") && !pattern.contains("?")) {
                if (CONFIG.containsKey(lower)) {
                    matches.put(pattern, CONFIG.get(lower));
                }
                continue;
            }
            Pattern glob = globToRegex(lower);
            CONFIG.forEach((name, value) -> {
                if (glob.matcher(name).matches()) {
                    matches.put(name, value);
                }
            });
        }
        List<Reply> reply = new ArrayList<>();
        matches.forEach((name, value) -> {
            reply.add(new Reply.Bulk(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            reply.add(Reply.bulk(value));
        });
        return Reply.array(reply);
    }

    /** Redis's glob subset that CONFIG GET users rely on: {@code *} and {@code ?}. */
    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString());
    }

    /** COMMAND and COMMAND INFO [name ...]: Redis 7's ten-field description of each command. */
    private Reply commandInfo(List<byte[]> args, ClientSession client) {
        if (args.size() <= 2) { // COMMAND, or COMMAND INFO without names: every command
            return Reply.array(table.all().stream().map(ServerCommands::describe).toList());
        }
        List<Reply> reply = new ArrayList<>();
        for (byte[] name : args.subList(2, args.size())) {
            Command command = table.find(name);
            reply.add(command == null ? Reply.NULL : describe(command));
        }
        return Reply.array(reply);
    }

    private static Reply describe(Command command) {
        return Reply.array(
                Reply.bulk(command.name()),
                Reply.integer(command.arity()),
                simpleStrings(command.flags()),
                Reply.integer(command.firstKey()),
                Reply.integer(command.lastKey()),
                Reply.integer(command.keyStep()),
                simpleStrings(command.aclCategories()),
                Reply.array(), // tips
                Reply.array(), // key specifications
                Reply.array(command.subcommands().values().stream().map(ServerCommands::describe).toList()));
    }

    /** COMMAND DOCS [name ...]: name, then summary/since/group pairs, which redis-cli shows as hints. */
    private Reply docs(List<byte[]> args, ClientSession client) {
        List<Command> wanted = new ArrayList<>();
        if (args.size() == 2) {
            wanted.addAll(table.all());
        }
        for (byte[] name : args.subList(2, args.size())) {
            Command command = table.find(name);
            if (command != null) {
                wanted.add(command);
            }
        }
        List<Reply> reply = new ArrayList<>();
        for (Command command : wanted) {
            reply.add(Reply.bulk(command.name()));
            reply.add(Reply.array(
                    Reply.bulk("summary"), Reply.bulk(command.summary()),
                    Reply.bulk("since"), Reply.bulk("1.0.0"),
                    Reply.bulk("group"), Reply.bulk(command.group())));
        }
        return Reply.array(reply);
    }

    private static Reply simpleStrings(List<String> words) {
        return Reply.array(words.stream().map(word -> (Reply) new Reply.SimpleString(word)).toList());
    }
}
