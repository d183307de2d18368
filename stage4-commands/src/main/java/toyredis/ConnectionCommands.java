package toyredis;

import java.util.List;
import java.util.Locale;

/** What a client says about its own connection: PING, ECHO, QUIT, SELECT, HELLO, CLIENT ... */
final class ConnectionCommands {

    private final ServerInfo info;

    ConnectionCommands(ServerInfo info) {
        this.info = info;
    }

    List<Command> commands() {
        return List.of(
                Command.of("ping", -1, "fast", "connection", "Returns the server's liveliness response.", this::ping),
                Command.of("echo", 2, "fast", "connection", "Returns the given string.",
                        (args, client) -> Reply.bulk(args.get(1))),
                Command.of("quit", -1, "fast", "connection", "Closes the connection.", this::quit),
                Command.of("select", 2, "loading stale fast", "connection",
                        "Changes the selected database (this server has only database 0).", this::select),
                Command.of("hello", -1, "noscript loading stale fast", "connection",
                        "Handshakes with the server (RESP2 only).", this::hello),
                Command.container("client", "connection", "A container for client connection commands.", List.of(
                        Command.of("id", 2, "loading stale", "connection",
                                "Returns the unique client ID of the connection.",
                                (args, client) -> Reply.integer(client.id())),
                        Command.of("getname", 2, "loading stale", "connection",
                                "Returns the name of the connection.",
                                (args, client) -> Reply.bulk(client.name())),
                        Command.of("setname", 3, "loading stale", "connection",
                                "Sets the connection name.", this::setName),
                        Command.of("setinfo", 4, "loading stale", "connection",
                                "Sets information about the client library (LIB-NAME, LIB-VER).", this::setInfo))));
    }

    private Reply ping(List<byte[]> args, ClientSession client) {
        if (args.size() > 2) {
            return Reply.error("wrong number of arguments for 'ping' command");
        }
        return args.size() == 1 ? new Reply.SimpleString("PONG") : Reply.bulk(args.get(1));
    }

    private Reply quit(List<byte[]> args, ClientSession client) {
        client.closeAfterReply();
        return Reply.OK;
    }

    private Reply select(List<byte[]> args, ClientSession client) {
        Long index = RedisNumbers.parseLong(args.get(1));
        if (index == null) {
            return Reply.error("value is not an integer or out of range");
        }
        if (index != (int) (long) index) {
            return Reply.error("value is out of range, value must between -2147483648 and 2147483647");
        }
        return index == 0 ? Reply.OK : Reply.error("DB index is out of range");
    }

    /** HELLO [protover [AUTH username password] [SETNAME name]], checked in Redis's order. */
    private Reply hello(List<byte[]> args, ClientSession client) {
        if (args.size() >= 2) {
            Long version = RedisNumbers.parseLong(args.get(1));
            if (version == null) {
                return Reply.error("Protocol version is not an integer or out of range");
            }
            if (version != 2) { // Redis also speaks 3 (RESP3); this server only RESP2
                return new Reply.Error("NOPROTO unsupported protocol version");
            }
        }
        byte[] newName = null;
        for (int i = 2; i < args.size(); i++) {
            String option = CommandTable.latin1(args.get(i)).toUpperCase(Locale.ROOT);
            int more = args.size() - 1 - i;
            if (option.equals("AUTH") && more >= 2) {
                // Like Redis without a password: the "default" user accepts any password.
                if (!CommandTable.latin1(args.get(i + 1)).equals("default")) {
                    return new Reply.Error("WRONGPASS invalid username-password pair or user is disabled.");
                }
                i += 2;
            } else if (option.equals("SETNAME") && more >= 1) {
                newName = args.get(++i);
                if (!isPrintableWord(newName)) {
                    return Reply.error("Client names cannot contain spaces, newlines or special characters.");
                }
            } else {
                return Reply.error("Syntax error in HELLO option '" + CommandTable.latin1(args.get(i)) + "'");
            }
        }
        if (newName != null) {
            client.setName(newName.length == 0 ? null : newName);
        }
        return Reply.array(
                Reply.bulk("server"), Reply.bulk("redis"),
                Reply.bulk("version"), Reply.bulk(ServerInfo.REDIS_VERSION),
                Reply.bulk("proto"), Reply.integer(2),
                Reply.bulk("id"), Reply.integer(client.id()),
                Reply.bulk("mode"), Reply.bulk("standalone"),
                Reply.bulk("role"), Reply.bulk("master"),
                Reply.bulk("modules"), Reply.array());
    }

    private Reply setName(List<byte[]> args, ClientSession client) {
        byte[] name = args.get(2);
        if (!isPrintableWord(name)) {
            return Reply.error("Client names cannot contain spaces, newlines or special characters.");
        }
        client.setName(name.length == 0 ? null : name);
        return Reply.OK;
    }

    /** CLIENT SETINFO (Redis 7.2, sent by Jedis on connect): accepted, checked, and not stored. */
    private Reply setInfo(List<byte[]> args, ClientSession client) {
        String attribute = CommandTable.latin1(args.get(2));
        if (!attribute.equalsIgnoreCase("lib-name") && !attribute.equalsIgnoreCase("lib-ver")) {
            return Reply.error("Unrecognized option '" + attribute + "'");
        }
        if (!isPrintableWord(args.get(3))) {
            return Reply.error(attribute + " cannot contain spaces, newlines or special characters.");
        }
        return Reply.OK;
    }

    /** Redis allows only '!' to '~' in client names, so CLIENT LIST can be split on spaces. */
    private static boolean isPrintableWord(byte[] text) {
        for (byte b : text) {
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }
}
