import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every chapter (docs/stage*.md and docs/loadtest.md) has the workbook's structure: these level-2
 * headings in this order (other sections may come between them), and under "Exercises" at least
 * three numbered exercises, each with a line starting "Done when" that says how to check it.
 * Solutions live in docs/solutions/, one file per chapter, never beside the exercise.
 * Run from the repository root: java .ci/CheckChapters.java
 */
public class CheckChapters {

    private static final List<String> SECTIONS = List.of("What you build", "Run it", "Try it", "The key code",
            "What breaks", "Exercises");
    private static final Pattern EXERCISE = Pattern.compile("(?m)^(\\d+)\\. ");

    public static void main(String[] args) throws IOException {
        List<Path> chapters = new ArrayList<>();
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.getFileName().toString().matches("(stage\\d.*|loadtest)\\.md")).sorted().forEach(chapters::add);
        }
        List<String> problems = new ArrayList<>();
        int exercises = 0;
        for (Path chapter : chapters) {
            String text = Files.readString(chapter).replaceAll("(?s)```.*?```", "");
            List<String> headings = text.lines().filter(l -> l.startsWith("## ")).map(l -> l.substring(3)).toList();
            int at = 0;
            for (String section : SECTIONS) {
                int found = -1;
                for (int i = at; i < headings.size(); i++) {
                    if (headings.get(i).startsWith(section)) {
                        found = i;
                        break;
                    }
                }
                if (found < 0) {
                    problems.add(chapter + ": no \"## " + section + "...\" heading after \"## " + SECTIONS.get(Math.max(0, SECTIONS.indexOf(section) - 1)) + "\"");
                } else {
                    at = found + 1;
                }
            }
            int start = text.indexOf("\n## Exercises");
            if (start < 0) {
                continue;
            }
            int end = text.indexOf("\n## ", start + 1);
            String section = text.substring(start, end < 0 ? text.length() : end);
            Matcher m = EXERCISE.matcher(section);
            List<Integer> starts = new ArrayList<>();
            while (m.find()) {
                starts.add(m.start());
            }
            if (starts.size() < 3) {
                problems.add(chapter + ": " + starts.size() + " exercises, at least 3 wanted");
            }
            for (int i = 0; i < starts.size(); i++) {
                String exercise = section.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : section.length());
                if (!exercise.contains("**Done when**")) {
                    problems.add(chapter + ": exercise " + (i + 1) + " has no \"**Done when**\" line");
                }
            }
            exercises += starts.size();
            Path solutions = Path.of("docs", "solutions", chapter.getFileName().toString());
            if (!Files.exists(solutions)) {
                problems.add(chapter + ": no solutions in " + solutions);
            }
        }
        problems.forEach(p -> System.out.println("chapter: " + p));
        System.out.printf("chapters: %d chapters, %d exercises, %d problems%n", chapters.size(), exercises, problems.size());
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
