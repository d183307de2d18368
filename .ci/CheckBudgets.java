import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The stages stay within the size budgets of .ci/budgets.txt: the lines of a stage's src/main, and
 * the non-blank lines one stage adds to the one before it (the lesson's diff, as
 * `diff -ruN EARLIER/src/main LATER/src/main` shows it to a learner). Prints each figure with its
 * budget; exits 1 if any is over.
 * Run from the repository root: java .ci/CheckBudgets.java
 */
public class CheckBudgets {

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String line : Files.readAllLines(Path.of(".ci/budgets.txt"))) {
            String[] word = line.strip().split("\\s+");
            if (word[0].isEmpty() || word[0].startsWith("#")) {
                continue;
            }
            String what;
            long actual;
            long max = Long.parseLong(word[word.length - 1]);
            switch (word[0]) {
                case "lines" -> {
                    what = word[1] + "/src/main lines";
                    actual = lines(Path.of(word[1], "src", "main"));
                }
                case "added" -> {
                    what = "lines added from " + word[1] + " to " + word[2];
                    actual = addedLines(word[1], word[2]);
                }
                default -> throw new IllegalArgumentException(".ci/budgets.txt: unknown budget '" + line + "'");
            }
            checked++;
            System.out.printf("ci: %-50s %,6d (budget %,d)%n", what, actual, max);
            if (actual > max) {
                problems.add(what + " is " + actual + ", over its budget of " + max);
            }
        }
        problems.forEach(p -> System.err.println("ci: " + p + " (.ci/budgets.txt)"));
        if (checked == 0) {
            System.err.println("ci: .ci/budgets.txt names no budget");
            System.exit(1);
        }
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    static long lines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no directory " + dir);
        }
        long count = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                count += new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).lines().count();
            }
        }
        return count;
    }

    static long addedLines(String earlier, String later) throws IOException, InterruptedException {
        Process diff = new ProcessBuilder("diff", "-ruN", earlier + "/src/main", later + "/src/main")
                .redirectErrorStream(true).start();
        String out = new String(diff.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        int exit = diff.waitFor();
        if (exit > 1) { // diff: 0 same, 1 different, 2 trouble
            throw new IOException("diff failed: " + out);
        }
        return out.lines().filter(l -> l.startsWith("+") && !l.startsWith("+++ ") && !l.substring(1).isBlank()).count();
    }
}
