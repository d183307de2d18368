package toyredis;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line of stage 1: picocli turns {@code --port} and {@code --bind} into a
 * {@link ServerConfig}, starts the {@link Server}, prints one line and waits. Bad options exit
 * with code 2 and picocli's message, a port already in use with code 1 and one line: a user
 * should never see a stack trace for a normal mistake.
 */
@Command(name = "stage1-hello-tcp",
        mixinStandardHelpOptions = true,
        version = "Toy Redis stage 1 (hello-tcp) 1.0",
        description = {
            "Stage 1 of the Toy Redis Workbook: a TCP server that greets each client and hangs up.",
            "Clients are served one after another on a single thread.",
            "Try it: nc localhost 6379"
        })
public final class Main implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "6379", paramLabel = "PORT",
            description = "TCP port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; use 0.0.0.0 to accept other machines).")
    private String bind;

    @Option(names = "--work", defaultValue = "0", paramLabel = "TIME", converter = WorkConverter.class,
            description = {
                "Simulated work per client before the greeting (default: 0, none): 0, or a whole number",
                "followed by ms, s, m (minutes) or h, such as 50ms or 2s.",
                "With one thread serving clients one at a time, the next clients queue meanwhile."
            })
    private Duration work;

    /** A duration: 0, or a whole number followed by ms, s, m (minutes) or h, in any case, no spaces. */
    static final class WorkConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

        @Override
        public Duration convert(String text) {
            if (text.equals("0")) {
                return Duration.ZERO;
            }
            Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("expected a duration such as 500ms, 10s, 2m or 0, got '" + text + "'");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
        Server server;
        try {
            server = new Server(new ServerConfig(bind, port, work)).start();
        } catch (IOException e) {
            spec.commandLine().getErr().printf("stage1-hello-tcp: cannot listen on %s:%d: %s%n", bind, port, e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        String working = work.isZero() ? "" : ", " + work.toMillis() + " ms of work per client";
        spec.commandLine().getOut().printf("stage 1 (hello-tcp) listening on %s:%d%s%n", bind, server.port(), working);
        spec.commandLine().getOut().flush();
        server.awaitTermination();
        return 0;
    }
}
