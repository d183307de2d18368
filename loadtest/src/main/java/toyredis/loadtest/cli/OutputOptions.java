package toyredis.loadtest.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/** Where files go, and whether a progress bar is shown. */
final class OutputOptions {

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for CSV, JSON and charts (default: target/loadtest/<timestamp>/).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar on stderr.")
    boolean quiet;

    /** The output directory, created on first use. */
    Path directory() {
        if (out == null) {
            out = Path.of("target", "loadtest", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        try {
            return Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory " + out, e);
        }
    }

    Path write(String fileName, String content) {
        Path file = directory().resolve(fileName);
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
