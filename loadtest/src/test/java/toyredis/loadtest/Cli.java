package toyredis.loadtest;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import toyredis.loadtest.cli.Main;

/** Runs the harness's command line in-process and keeps what it printed. */
record Cli(int code, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
