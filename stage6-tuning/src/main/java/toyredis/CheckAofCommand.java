package toyredis;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code check-aof [--fix] FILE}: our {@code redis-check-aof}. It reads the file with the same
 * {@link AofReader} the server loads it with, prints redis-check-aof's summary line, and with
 * {@code --fix} cuts the file at the first bad record, which is all a tool can safely do: the
 * bytes after a damaged one cannot be trusted.
 */
@Command(name = "check-aof", mixinStandardHelpOptions = true,
        description = {
            "Checks an append-only file. Exit status 0 if it is valid (or was fixed), 1 if it is damaged.",
            "--fix truncates the file at the first bad record (the records after it are lost)."
        })
final class CheckAofCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--fix", description = "Truncate the file at the first bad record.")
    private boolean fix;

    @Parameters(paramLabel = "FILE", description = "The append-only file, e.g. appendonly.aof.")
    private Path file;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            out.printf("Cannot open file %s: No such file or directory, aborting...%n", file);
            return 1;
        }
        AofReader.BadRecordException bad = null;
        long okUpTo;
        long okUpToLine;
        try (InputStream in = Files.newInputStream(file); AofReader reader = new AofReader(in)) {
            try {
                while (reader.next() != null) {
                    // only checking
                }
            } catch (AofReader.BadRecordException e) {
                bad = e;
            }
            okUpTo = bad == null ? reader.offset() : bad.recordOffset();
            okUpToLine = bad == null ? reader.nextLine() : bad.okUpToLine();
        }
        if (bad != null) {
            out.println(bad.torn() ? "AOF " + file + " is truncated: " + bad.getMessage()
                    : "AOF " + file + " format error at " + bad.getMessage());
        }
        out.printf("AOF analyzed: filename=%s, size=%d, ok_up_to=%d, ok_up_to_line=%d, diff=%d%n",
                file, size, okUpTo, okUpToLine, size - okUpTo);
        if (bad == null) {
            out.printf("AOF %s is valid%n", file);
            return 0;
        }
        if (!fix) {
            out.printf("AOF %s is not valid. Use the --fix option to try fixing it.%n", file);
            return 1;
        }
        out.printf("This will shrink the AOF %s from %d bytes, with %d bytes, to %d bytes%n", file, size, size - okUpTo, okUpTo);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(okUpTo);
            channel.force(true);
        }
        out.printf("Successfully truncated AOF %s%n", file);
        return 0;
    }
}
