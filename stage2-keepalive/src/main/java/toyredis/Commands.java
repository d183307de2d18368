package toyredis;

import java.util.Locale;

/** The stage 2 protocol: one text line in, one text line out. */
final class Commands {

    private Commands() {
    }

    /** The reply to one non-blank request line. */
    static Reply respond(String line) {
        String[] parts = line.strip().split("\\s+", 2);
        String name = parts[0];
        String argument = parts.length > 1 ? parts[1] : null;
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "PING" -> Reply.line(argument == null ? "PONG" : argument);
            case "ECHO" -> argument == null ? wrongArity("echo") : Reply.line(argument);
            case "QUIT" -> new Reply("BYE", true);
            default -> Reply.error("unknown command '" + name + "'");
        };
    }

    private static Reply wrongArity(String command) {
        return Reply.error("wrong number of arguments for '" + command + "' command");
    }
}
