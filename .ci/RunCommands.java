import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs every command block marked runnable in README.md and docs/, so that what the workbook
 * tells you to type still works. A runnable block is fenced as {@code ```sh runnable} (optionally
 * {@code timeout=SECONDS}, default 60). It runs with bash (-e -o pipefail) from the repository
 * root, in its own process group, which is killed when the block ends: a server started with
 * {@code &} in a block needs no clean-up. Its input is /dev/null. If the block is followed by a {@code ```text} block, the
 * output must match it line by line; a line {@code ...} there stands for any number of lines,
 * and trailing spaces do not count. A text block fenced {@code ```text numbers=any} is for output
 * whose figures vary from run to run: every number in it (digits, with {@code ,} or {@code .}
 * between digits) matches any number. Each block's running time is printed, for the agenda.
 *
 * <p>Run from the repository root after the jars are built: {@code java .ci/RunCommands.java [FILE...]}
 */
public class RunCommands {

    private static final Pattern BLOCK = Pattern.compile(
            "(?m)^```(?:sh|bash) runnable(?: timeout=(\\d+))?\\n(.*?)^```\\n(?:\\n?```text( numbers=any)?\\n(.*?)^```\\n)?", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");

    record Block(Path page, int line, String script, int timeoutSeconds, boolean anyNumbers, String expected) {
    }

    public static void main(String[] args) throws Exception {
        List<Path> pages = new ArrayList<>();
        if (args.length > 0) {
            for (String arg : args) {
                pages.add(Path.of(arg));
            }
        } else {
            pages.add(Path.of("README.md"));
            try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
                docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        List<Block> blocks = new ArrayList<>();
        for (Path page : pages) {
            String text = Files.readString(page);
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).lines().count() + 1;
                int timeout = m.group(1) == null ? 60 : Integer.parseInt(m.group(1));
                blocks.add(new Block(page, line, m.group(2), timeout, m.group(3) != null, m.group(4)));
            }
        }
        int failed = 0;
        for (Block block : blocks) {
            long start = System.nanoTime();
            String problem = run(block);
            System.out.printf("commands: %s line %d: %s in %.1f s%n", block.page(), block.line(),
                    problem == null ? "ok" : "FAILED", (System.nanoTime() - start) / 1e9);
            if (problem != null) {
                System.out.println(problem.indent(4));
                failed++;
            }
        }
        System.out.printf("commands: %d runnable blocks in %d pages, %d failed%n", blocks.size(), pages.size(), failed);
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Runs one block; returns null if it passed, else what went wrong and what it printed. */
    private static String run(Block block) throws IOException, InterruptedException {
        Path output = Files.createTempFile("runnable-", ".out");
        Process process = new ProcessBuilder("setsid", "bash", "-e", "-o", "pipefail", "-c", block.script())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))) // a block reads no input: nc must see EOF
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = process.waitFor(block.timeoutSeconds(), TimeUnit.SECONDS);
        // Whatever the block left running in the background goes with it.
        new ProcessBuilder("sh", "-c", "kill -KILL -" + process.pid() + " 2>/dev/null").start().waitFor();
        process.waitFor(10, TimeUnit.SECONDS);
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        if (!ended) {
            return "did not finish within " + block.timeoutSeconds() + " s; it printed:\n" + printed;
        }
        if (process.exitValue() != 0) {
            return "exit code " + process.exitValue() + "; it printed:\n" + printed;
        }
        if (block.expected() != null && !matches(masked(block, block.expected()), masked(block, printed))) {
            return "the output differs from the text block after it. Expected:\n" + block.expected() + "Printed:\n" + printed;
        }
        return null;
    }

    /** The lines of a text, with every number replaced by 0 when the block's figures may vary. */
    private static List<String> masked(Block block, String text) {
        return text.lines().map(l -> block.anyNumbers() ? NUMBER.matcher(l).replaceAll("0") : l).toList();
    }

    /** Line by line, trailing spaces ignored; an expected line "..." matches any number of lines. */
    static boolean matches(List<String> expected, List<String> actual) {
        if (expected.isEmpty()) {
            return actual.isEmpty();
        }
        if (expected.get(0).strip().equals("...")) {
            for (int skip = 0; skip <= actual.size(); skip++) {
                if (matches(expected.subList(1, expected.size()), actual.subList(skip, actual.size()))) {
                    return true;
                }
            }
            return false;
        }
        return !actual.isEmpty() && expected.get(0).stripTrailing().equals(actual.get(0).stripTrailing())
                && matches(expected.subList(1, expected.size()), actual.subList(1, actual.size()));
    }
}
