import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The code on the page is the code in the repository. Every ```java block in docs/ (except one
 * fenced ```java sketch, which is not the project's code) quotes a source file, named by the last
 * non-blank line before it:
 *
 * <pre>From [`AppendOnlyFile.java`](../stage5-aof/src/main/java/toyredis/AppendOnlyFile.java), method `awaitWritten`:</pre>
 *
 * (or {@code class}, {@code record}, {@code interface}, {@code enum}, {@code constructor}). The
 * quoted lines must appear, in order, in that method (all its overloads, with the comments and
 * annotations just above it) or type: compared without leading and trailing spaces, blank lines
 * ignored, a line {@code // ...} marking a cut. Each chapter quotes code in "The key code";
 * chapters 5 and 6 at least 20 lines.
 *
 * <p>Labs are quoted the same way: {@code lab `5.2` in method `awaitWritten`} names the lab region
 * ({@code // lab 5.2: ...} to {@code // end lab 5.2}, see docs/scripts/Lab.java); the quote lies in
 * the method around it and shows the line {@code // lab 5.2: ...}. Every lab of stage N is quoted
 * so in chapter N: the code on the page is the code an attendee writes. The table "Where each idea lives" in docs/README.md names
 * a file and methods on each row; each method must be declared in that file.
 * Run from the repository root: java .ci/CheckQuotedCode.java
 */
public class CheckQuotedCode {

    private static final Pattern CAPTION = Pattern.compile(
            "\\]\\(([^)\\s]+\\.java)\\),? (method|constructor|class|record|interface|enum|lab) `([\\w.]+)`");
    private static final Pattern LAB_START = Pattern.compile("^\\s*// lab (\\d+)\\.(\\d+): ");
    private static final Pattern KEYWORD_START = Pattern.compile(
            "^(return|new|throw|if|else|while|for|switch|case|yield|do|try|catch|assert)\\b");
    private static final Pattern TABLE_LINK = Pattern.compile("\\]\\(([^)\\s]+\\.java)\\)");
    private static final Pattern NAME = Pattern.compile("`(\\w+)`");
    private static final int MIN_LINES_5_6 = 20;

    record Quote(Path page, int line, String section, Path source, String kind, String name, List<String> lines) {
    }

    public static void main(String[] args) throws IOException {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> problems = new ArrayList<>();
        int quotes = 0;
        for (Path page : pages) {
            List<Quote> found = quotes(page, problems);
            quotes += found.size();
            int quotedLines = 0;
            boolean inKeyCode = false;
            for (Quote quote : found) {
                String mismatch = check(quote);
                if (mismatch != null) {
                    problems.add(page + " line " + quote.line() + ": " + mismatch);
                }
                quotedLines += (int) quote.lines().stream().filter(l -> !l.isBlank() && !isCut(l)).count();
                inKeyCode |= quote.section().startsWith("The key code");
            }
            String name = page.getFileName().toString();
            boolean chapter = page.getParent().equals(Path.of("docs")) && name.matches("(stage\\d.*|loadtest)\\.md");
            if (chapter && !inKeyCode) {
                problems.add(page + ": \"The key code\" quotes no source (a ```java block under a \"From [...](....java), method `...`:\" line)");
            }
            if (chapter && name.startsWith("stage")) {
                checkLabsQuoted(page, found, problems);
            }
            if (chapter && name.matches("stage[56].*") && quotedLines < MIN_LINES_5_6) {
                problems.add(page + ": " + quotedLines + " lines of quoted code, at least " + MIN_LINES_5_6 + " wanted");
            }
        }
        int rows = checkIdeaTable(Path.of("docs", "README.md"), problems);
        problems.forEach(p -> System.out.println("quoted code: " + p));
        System.out.printf("quoted code: %d quotes in %d pages, %d rows in \"Where each idea lives\", %d problems%n",
                quotes, pages.size(), rows, problems.size());
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** The ```java blocks of a page, each with the file and name its caption gives. */
    private static List<Quote> quotes(Path page, List<String> problems) throws IOException {
        List<String> lines = Files.readAllLines(page);
        List<Quote> quotes = new ArrayList<>();
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                section = line.substring(3);
            }
            if (!line.startsWith("```")) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            String info = line.substring(3).strip();
            if (info.startsWith("java") && !info.equals("java sketch")) {
                int before = i - 1;
                while (before >= 0 && lines.get(before).isBlank()) {
                    before--;
                }
                Matcher caption = CAPTION.matcher(before >= 0 ? lines.get(before) : "");
                if (!caption.find()) {
                    problems.add(page + " line " + (i + 1) + ": a ```java block without a caption naming its source "
                            + "(\"From [`File.java`](../path/File.java), method `name`:\"); fence code that is not the project's as ```java sketch");
                } else {
                    Path source = page.getParent().resolve(caption.group(1)).normalize();
                    quotes.add(new Quote(page, i + 1, section, source, caption.group(2), caption.group(3), lines.subList(i + 1, end)));
                }
            }
            i = end;
        }
        return quotes;
    }

    private static boolean isCut(String line) {
        return line.strip().equals("// ...");
    }

    /** Null if the quote's lines appear in order in the named method or type, else what does not. */
    private static String check(Quote quote) throws IOException {
        if (!Files.isRegularFile(quote.source())) {
            return quote.source() + " does not exist";
        }
        List<String> source = Files.readAllLines(quote.source());
        List<String> region = quote.kind().equals("lab") ? labRegion(source, quote.name()) : region(source, quote.kind(), quote.name());
        if (region.isEmpty()) {
            return quote.source() + " declares no " + quote.kind() + " " + quote.name();
        }
        if (quote.kind().equals("lab") && quote.lines().stream().noneMatch(l -> l.strip().startsWith("// lab " + quote.name() + ": "))) {
            return "a quote of lab " + quote.name() + " shows its line \"// lab " + quote.name() + ": ...\"";
        }
        List<String> wanted = new ArrayList<>();
        int at = 0;
        for (String line : quote.lines()) {
            if (isCut(line)) {
                at = find(region, wanted, at);
                if (at < 0) {
                    return mismatch(quote, wanted);
                }
                wanted.clear();
            } else if (!line.isBlank()) {
                wanted.add(line.strip());
            }
        }
        return find(region, wanted, at) < 0 ? mismatch(quote, wanted) : null;
    }

    private static String mismatch(Quote quote, List<String> wanted) {
        return "these lines are not, one after the other, in " + quote.kind() + " " + quote.name() + " of " + quote.source()
                + " (after the part before them):\n    " + String.join("\n    ", wanted);
    }

    /** Where the run of lines ends if it appears at or after index from, else -1. */
    private static int find(List<String> region, List<String> run, int from) {
        for (int start = from; start + run.size() <= region.size(); start++) {
            if (region.subList(start, start + run.size()).equals(run)) {
                return start + run.size();
            }
        }
        return -1;
    }

    /** The stripped, non-blank lines of every declaration of the name, with the comments above each. */
    static List<String> region(List<String> source, String kind, String name) {
        Pattern declaration = switch (kind) {
            case "method" -> Pattern.compile("^[\\w<>\\[\\],.?@ ]+\\s" + name + "\\s*\\(");  // a return type (and modifiers) first
            case "constructor" -> Pattern.compile("^(?:[\\w<>\\[\\],.?@ ]+\\s)?" + name + "\\s*\\(.*[{,(]$");
            default -> Pattern.compile("\\b" + kind + "\\s+" + name + "\\b");
        };
        List<String> region = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            String line = source.get(i).strip();
            if (line.startsWith("//") || line.startsWith("*") || line.startsWith("/*") || KEYWORD_START.matcher(line).find()
                    || line.contains("=") && line.indexOf('=') < line.indexOf(name) || !declaration.matcher(line).find()) {
                continue;
            }
            int first = i;
            while (first > 0 && isCommentOrAnnotation(source.get(first - 1).strip())) {
                first--;
            }
            int last = bodyEnd(source, i);
            for (int j = first; j <= last; j++) {
                if (!source.get(j).isBlank()) {
                    region.add(source.get(j).strip());
                }
            }
            i = last;
        }
        return region;
    }

    /**
     * The stripped, non-blank lines of the method (or lambda) that holds lab id, with the comments
     * above it; empty if no "// lab id: " line with its "// end lab id" is there.
     */
    static List<String> labRegion(List<String> source, String id) {
        int start = -1;
        int end = -1;
        for (int i = 0; i < source.size(); i++) {
            String line = source.get(i).strip();
            if (start < 0 && line.startsWith("// lab " + id + ": ")) {
                start = i;
            } else if (start >= 0 && line.equals("// end lab " + id)) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return List.of();
        }
        for (int j = start - 1; j >= 0; j--) {
            String line = source.get(j).strip();
            if (line.endsWith("{") && !line.startsWith("}") && !line.startsWith("//") && !KEYWORD_START.matcher(line).find()
                    && bodyEnd(source, j) >= end) {
                int first = j;
                while (first > 0 && isCommentOrAnnotation(source.get(first - 1).strip())) {
                    first--;
                }
                return source.subList(first, bodyEnd(source, j) + 1).stream().filter(l -> !l.isBlank()).map(String::strip).toList();
            }
        }
        return List.of();
    }

    /** Each lab of the chapter's stage ("// lab N.M: " in stageN-.../src/main) is quoted on the page. */
    private static void checkLabsQuoted(Path page, List<Quote> quotes, List<String> problems) throws IOException {
        String stage = page.getFileName().toString().replace(".md", "");
        String n = stage.substring("stage".length(), stage.indexOf('-'));
        Path main = Path.of(stage, "src", "main", "java");
        if (!Files.isDirectory(main)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(main)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                Matcher lab = LAB_START.matcher(line);
                if (!lab.find() || !lab.group(1).equals(n)) {
                    continue;
                }
                String id = lab.group(1) + "." + lab.group(2);
                boolean quoted = quotes.stream().anyMatch(q -> q.kind().equals("lab") && q.name().equals(id)
                        && q.source().normalize().equals(file.normalize()));
                if (!quoted) {
                    problems.add(page + ": lab " + id + " (" + file + ") is not quoted (\"From [`" + file.getFileName()
                            + "`](...), lab `" + id + "` in method `...`:\")");
                }
            }
        }
    }

    private static boolean isCommentOrAnnotation(String line) {
        return line.startsWith("//") || line.startsWith("/*") || line.startsWith("*") || line.startsWith("@");
    }

    /** The line where the body that starts at or after line i closes (i itself for a declaration ending in ';'). */
    private static int bodyEnd(List<String> source, int i) {
        int depth = 0;
        boolean opened = false;
        for (int j = i; j < source.size(); j++) {
            String code = source.get(j).replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("'(?:\\\\.|[^'\\\\])'", "''")
                    .replaceAll("//.*", "");
            for (char c : code.toCharArray()) {
                if (c == '{') {
                    depth++;
                    opened = true;
                } else if (c == '}') {
                    depth--;
                } else if (c == ';' && !opened) {
                    return j;
                }
            }
            if (opened && depth <= 0) {
                return j;
            }
        }
        return source.size() - 1;
    }

    /** Each row of the table under "## Where each idea lives": its file exists and declares its methods. */
    private static int checkIdeaTable(Path readme, List<String> problems) throws IOException {
        String text = Files.readString(readme);
        int start = text.indexOf("\n## Where each idea lives");
        if (start < 0) {
            problems.add(readme + ": no \"## Where each idea lives\" table");
            return 0;
        }
        int end = text.indexOf("\n## ", start + 1);
        int rows = 0;
        for (String row : text.substring(start, end < 0 ? text.length() : end).lines().filter(l -> l.startsWith("|")).toList()) {
            String[] cells = row.split("\\|");
            for (int c = 0; c + 1 < cells.length; c++) {
                Matcher link = TABLE_LINK.matcher(cells[c]);
                if (!link.find()) {
                    continue;
                }
                rows++;
                Path source = readme.getParent().resolve(link.group(1)).normalize();
                if (!Files.isRegularFile(source)) {
                    problems.add(readme + ": \"" + row + "\": " + source + " does not exist");
                    break;
                }
                List<String> lines = Files.readAllLines(source);
                Matcher names = NAME.matcher(cells[c + 1]);
                boolean any = false;
                while (names.find()) {
                    any = true;
                    String name = names.group(1);
                    if (region(lines, "method", name).isEmpty() && region(lines, "class", name).isEmpty()
                            && region(lines, "record", name).isEmpty() && region(lines, "enum", name).isEmpty()
                            && region(lines, "interface", name).isEmpty()) {
                        problems.add(readme + ": \"" + row.strip() + "\": " + source + " declares no " + name);
                    }
                }
                if (!any) {
                    problems.add(readme + ": \"" + row.strip() + "\": no `method` named after the file");
                }
                break;
            }
        }
        if (rows == 0) {
            problems.add(readme + ": \"## Where each idea lives\" has no rows naming a .java file");
        }
        return rows;
    }
}
