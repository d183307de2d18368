import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes a lab: copies stage N to labs/STAGE/ (a copy that builds on its own) and replaces each lab
 * region of its code with a stub that compiles and fails with the lab's message. A lab region is
 * the end of a method body between two comments:
 *
 * <pre>
 *     // lab 5.2: reply only after the record is written
 *     ...the code an attendee writes...
 *     // end lab 5.2
 * }
 * </pre>
 *
 * The tests that guide a lab carry {@code @Tag("lab5.2")}. Run through docs/scripts/lab.sh, which
 * finds a JDK 21+ first; {@code --help} says the rest. .ci/CheckLabs.java uses {@code --list}.
 */
public class Lab {

    private static final Pattern START = Pattern.compile("^(\\s*)// lab (\\d+)\\.(\\d+): (.+)$");
    private static final Pattern TAG = Pattern.compile("@Tag\\(\"lab(\\d+\\.\\d+)\"\\)");
    private static final Pattern TEST_METHOD = Pattern.compile("\\bvoid\\s+(\\w+)\\s*\\(");
    private static final Pattern TEST_CLASS = Pattern.compile("\\bclass\\s+(\\w+)");

    static final String USAGE = """
            usage: bash docs/scripts/lab.sh N [--lab N.M] [--into DIR] [--reset] [--list]

            Copies stage N to labs/<stage>/ and replaces the code of each of its labs with a stub
            that compiles and fails with the lab's message ("lab N.M: ..."); then prints, per lab,
            the tests that guide it and the check command that proves the whole stage.

              N           the stage, 1 to 6
              --lab N.M   stub that lab only (the others keep their code): one piece at a time
              --into DIR  where the copy goes (default labs; git ignores it)
              --reset     remove the copy (your work in it too) and stop
              --list      print the stage's labs and their tests, one per line, and stop
            """;

    /** A lab region: lines start..end (0-based, the two comment lines) of one source file. */
    record Region(String id, Path file, int start, int end, String task) {
    }

    public static void main(String[] args) throws IOException {
        String stageArg = null;
        String only = null;
        Path into = Path.of("labs");
        boolean reset = false;
        boolean list = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--lab" -> only = value(args, ++i, "--lab");
                case "--into" -> into = Path.of(value(args, ++i, "--into"));
                case "--reset" -> reset = true;
                case "--list" -> list = true;
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return;
                }
                default -> {
                    if (stageArg != null || !args[i].matches("[1-9]")) {
                        fail("unexpected argument '" + args[i] + "'");
                    }
                    stageArg = args[i];
                }
            }
        }
        if (stageArg == null) {
            fail("which stage? give its number, 1 to 6");
        }
        Path stage = stageDirectory(stageArg);
        Path copy = into.resolve(stage.getFileName());
        if (reset) {
            deleteTree(copy);
            System.out.println("lab: removed " + copy);
            return;
        }
        List<Region> regions = regions(stage, stageArg);
        Map<String, List<String>> tests = taggedTests(stage.resolve("src/test/java"));
        if (list) {
            for (Region r : regions) {
                System.out.println(r.id() + "\t" + stage.relativize(r.file()) + "\t" + (r.start() + 1) + "\t"
                        + String.join(",", tests.getOrDefault(r.id(), List.of())) + "\t" + r.task());
            }
            return;
        }
        if (only != null) {
            String wanted = only.replaceFirst("^lab", "");
            regions = regions.stream().filter(r -> r.id().equals(wanted)).toList();
            if (regions.isEmpty()) {
                fail("stage " + stageArg + " has no lab " + wanted + " (bash docs/scripts/lab.sh " + stageArg + " --list)");
            }
        }
        if (Files.exists(copy)) {
            fail(copy + " exists, with your work in it: carry on there, or start again with"
                    + " bash docs/scripts/lab.sh " + stageArg + " --reset");
        }
        copyStage(stage, copy, into);
        for (Region r : regions) {
            stub(copy.resolve(stage.relativize(r.file())), r, stage.getFileName().toString());
        }
        printGuide(stage, copy, stageArg, regions, tests);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            fail(option + " needs a value");
        }
        return args[i];
    }

    static void fail(String message) {
        System.err.println("lab: " + message);
        System.err.print("\n" + USAGE);
        System.exit(2);
    }

    private static Path stageDirectory(String n) throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("."))) {
            List<Path> found = dirs.filter(d -> d.getFileName().toString().startsWith("stage" + n + "-"))
                    .filter(Files::isDirectory).map(d -> Path.of(d.getFileName().toString())).toList();
            if (found.size() != 1) {
                fail("no stage " + n + " here (run from the repository root)");
            }
            return found.get(0);
        }
    }

    /** The stage's own labs (N.M with N its number), in file and line order; checks their shape. */
    static List<Region> regions(Path stage, String n) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(stage.resolve("src/main/java"))) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        List<Region> regions = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = START.matcher(lines.get(i));
                if (!m.matches() || !m.group(2).equals(n)) {
                    continue;
                }
                String id = m.group(2) + "." + m.group(3);
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).strip().equals("// end lab " + id)) {
                    end++;
                }
                int next = end + 1;
                while (next < lines.size() && lines.get(next).isBlank()) {
                    next++;
                }
                if (end == lines.size() || next == lines.size() || !lines.get(next).strip().startsWith("}")) {
                    System.err.println("lab: " + file + " line " + (i + 1) + ": lab " + id
                            + " must close with '// end lab " + id + "' just before the '}' that ends its method");
                    System.exit(1);
                }
                regions.add(new Region(id, file, i, end, m.group(4).strip()));
                i = end;
            }
        }
        regions.sort(Comparator.comparing(Region::id));
        return regions;
    }

    /** Lab id to the tests tagged with it: "Class" for a tagged class, "Class#method" for a method. */
    static Map<String, List<String>> taggedTests(Path testRoot) throws IOException {
        Map<String, List<String>> tests = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(testRoot)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String className = file.getFileName().toString().replace(".java", "");
            List<String> pending = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                Matcher tag = TAG.matcher(line);
                while (tag.find()) {
                    pending.add(tag.group(1));
                }
                if (pending.isEmpty() || line.strip().startsWith("@")) {
                    continue;
                }
                Matcher method = TEST_METHOD.matcher(line);
                String test = method.find() ? className + "#" + method.group(1)
                        : TEST_CLASS.matcher(line).find() ? className : null;
                if (test != null) {
                    for (String id : pending) {
                        tests.computeIfAbsent(id, k -> new ArrayList<>()).add(test);
                    }
                    pending.clear();
                }
            }
        }
        return tests;
    }

    /** Copies the stage without its build output; its pom finds the workbook's pom from there. */
    private static void copyStage(Path stage, Path copy, Path into) throws IOException {
        try (Stream<Path> walk = Files.walk(stage)) {
            for (Path from : walk.filter(p -> !p.startsWith(stage.resolve("target"))).toList()) {
                Path to = copy.resolve(stage.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Path pom = copy.resolve("pom.xml");
        String parentPom = copy.toAbsolutePath().normalize().relativize(Path.of("pom.xml").toAbsolutePath()).toString();
        String text = Files.readString(pom);
        String patched = text.replaceFirst("(<parent>(?:(?!</parent>)[\\s\\S])*?)(\\s*)</parent>",
                "$1$2  <relativePath>" + parentPom + "</relativePath>$2</parent>");
        if (patched.equals(text)) {
            System.err.println("lab: " + pom + ": no <parent> to point at " + parentPom);
            System.exit(1);
        }
        Files.writeString(pom, patched);
    }

    /** Replaces the lines between the two comments with one statement that fails with the lab's message. */
    private static void stub(Path file, Region r, String stageName) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String indent = lines.get(r.start()).substring(0, lines.get(r.start()).indexOf("//"));
        String message = "lab " + r.id() + ": " + r.task() + " (see docs/" + stageName + ".md#labs)";
        lines.subList(r.start() + 1, r.end()).clear();
        lines.add(r.start() + 1, indent + "throw new UnsupportedOperationException(\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\");");
        Files.write(file, lines);
    }

    private static void printGuide(Path stage, Path copy, String n, List<Region> regions, Map<String, List<String>> tests) {
        String mvn = Path.of("mvnw").toAbsolutePath().normalize().toString();
        String mvnFromCopy = copy.toAbsolutePath().normalize().relativize(Path.of(mvn)).toString();
        System.out.println("lab: " + copy + " is stage " + n + " with " + regions.size() + " lab(s) to write:");
        for (Region r : regions) {
            System.out.println();
            System.out.println("  lab " + r.id() + ": " + r.task());
            System.out.println("    write it in " + copy.resolve(stage.relativize(r.file())) + ", line " + (r.start() + 1));
            System.out.println("    its tests: " + String.join(", ", tests.getOrDefault(r.id(), List.of("(none tagged)"))));
            System.out.println("    run them (red now, green when it works):");
            System.out.println("      (cd " + copy + " && " + mvnFromCopy + " -o test -Dgroups=lab" + r.id() + ")");
        }
        System.out.println();
        System.out.println("  then the stage's own tests, all of them: (cd " + copy + " && " + mvnFromCopy + " -o test)");
        int port = 7000 + Integer.parseInt(n);
        String jar = copy.resolve("target").resolve(stage.getFileName() + ".jar").toString();
        System.out.println("  and the harness's check, end to end (from the repository root):");
        if (n.compareTo("5") >= 0) {
            System.out.println("      (cd " + copy + " && " + mvnFromCopy + " -o package -DskipTests)");
            System.out.println("      java -jar loadtest/target/loadtest.jar check --stage " + n + " --port " + port
                    + " --start \"java -jar " + jar + " --port {port} --dir {dir}\"");
        } else {
            System.out.println("      (cd " + copy + " && " + mvnFromCopy + " -o compile exec:java -Dexec.args=\"--port " + port + "\")"
                    + "   # in one terminal");
            System.out.println("      java -jar loadtest/target/loadtest.jar check --stage " + n + " --port " + port
                    + "   # in another");
        }
        System.out.println("  start again: bash docs/scripts/lab.sh " + n + " --reset");
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
