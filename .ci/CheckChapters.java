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
 * The core of a chapter (everything before a level-2 heading "Going further") fits its agenda
 * block: at most 2,000 words for chapters 1-2, 3,500 for chapters 3-6 and 4,000 for the harness
 * chapter, counting whitespace-separated words outside fenced code blocks. Every "What breaks"
 * part has a runnable command block followed by the output it prints, and a chart from docs/charts/.
 * Run from the repository root: java .ci/CheckChapters.java
 */
public class CheckChapters {

    private static final List<String> SECTIONS = List.of("What you build", "Run it", "Try it", "The key code",
            "What breaks", "Exercises");
    private static final Pattern EXERCISE = Pattern.compile("(?m)^(\\d+)\\. ");
    private static final Pattern PITFALL_COMMAND = Pattern.compile("(?m)^```(?:sh|bash) runnable.*\\n(?s:.*?)^```\\n\\n?```text");
    private static final Pattern CHART = Pattern.compile("!\\[[^\\]]+\\]\\((charts/[^)\\s]+\\.png)\\)");

    private static final List<String> cores = new ArrayList<>();

    /** The core's words: outside fenced code, before "## Going further". */
    private static void checkCore(Path chapter, String source, List<String> problems) {
        int words = 0;
        boolean inCode = false;
        for (String line : source.lines().toList()) {
            if (line.startsWith("## Going further")) {
                break;
            }
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode && !line.isBlank()) {
                words += line.strip().split("\\s+").length;
            }
        }
        String name = chapter.getFileName().toString();
        int budget = name.startsWith("stage1") || name.startsWith("stage2") ? 2000 : name.startsWith("loadtest") ? 4000 : 3500;
        cores.add(String.format("%s core %d words (budget %d)", chapter, words, budget));
        if (words > budget) {
            problems.add(chapter + ": the core (before \"## Going further\") has " + words + " words, budget " + budget);
        }
    }

    /** Each "What breaks" part: a runnable block with its output, and a chart that exists. */
    private static void checkPitfall(Path chapter, String source, List<String> problems) throws IOException {
        Matcher heading = Pattern.compile("(?m)^## What breaks.*$").matcher(source);
        if (!heading.find()) {
            return; // the missing heading is reported with the other sections
        }
        Matcher next = Pattern.compile("(?m)^## ").matcher(source);
        int end = next.find(heading.end()) ? next.start() : source.length();
        String part = source.substring(heading.start(), end);
        if (!PITFALL_COMMAND.matcher(part).find()) {
            problems.add(chapter + ": \"" + heading.group() + "\" has no ```sh runnable block followed by a ```text block of its output");
        }
        Matcher chart = CHART.matcher(part);
        if (!chart.find()) {
            problems.add(chapter + ": \"" + heading.group() + "\" shows no chart ![...](charts/NAME.png)");
        } else if (!Files.exists(chapter.resolveSibling(chart.group(1)))) {
            problems.add(chapter + ": \"" + heading.group() + "\" shows " + chart.group(1) + ", which does not exist");
        }
    }

    public static void main(String[] args) throws IOException {
        List<Path> chapters = new ArrayList<>();
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.getFileName().toString().matches("(stage\\d.*|loadtest)\\.md")).sorted().forEach(chapters::add);
        }
        List<String> problems = new ArrayList<>();
        int exercises = 0;
        for (Path chapter : chapters) {
            String source = Files.readString(chapter);
            checkCore(chapter, source, problems);
            checkPitfall(chapter, source, problems);
            String text = source.replaceAll("(?s)```.*?```", "");
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
        cores.forEach(c -> System.out.println("chapter: " + c));
        System.out.printf("chapters: %d chapters, %d exercises, %d problems%n", chapters.size(), exercises, problems.size());
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
