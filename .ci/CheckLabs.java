import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every lab works both ways. For each lab of docs/scripts/Lab.java (a region "// lab N.M: ..." in
 * stage N's code, and the tests tagged "labN.M"):
 * <ul>
 *   <li>the stage has the labs it should (one at least in stages 1-4, two in 5 and 6), and each lab
 *       has tagged tests;</li>
 *   <li>original green: in the build that just ran (mvn verify), every tagged test ran and passed;</li>
 *   <li>stubbed red: in a copy made by lab.sh with that lab stubbed, built offline with the wrapper as
 *       an attendee would, every tagged test fails, and its report carries the lab's message
 *       "lab N.M:" (so it fails because of the stub, not for an unrelated reason).</li>
 * </ul>
 * Copies go to target/labcheck/ (labs/, the attendees' folder, is left alone). Labs run a few at a
 * time: most of their time is tests waiting for a server that never answers.
 * Run from the repository root after mvn verify: java .ci/CheckLabs.java [N.M ...] (only those labs)
 */
public class CheckLabs {

    private static final int PARALLEL = 3;
    private static final long LAB_TIMEOUT_SECONDS = 600;

    record Lab(String stage, String id, String file, List<String> tests) {
    }

    /** One test case of a surefire report. */
    record Case(String className, String name, boolean passed, String text) {
    }

    public static void main(String[] args) throws Exception {
        List<String> only = List.of(args);
        List<String> problems = new ArrayList<>();
        List<Lab> labs = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            List<Lab> ofStage = list(n);
            int wanted = n >= 5 ? 2 : 1;
            if (ofStage.size() < wanted && only.isEmpty()) {
                problems.add("stage " + n + " has " + ofStage.size() + " labs, at least " + wanted + " wanted");
            }
            for (Lab lab : ofStage) {
                if (lab.tests().isEmpty()) {
                    problems.add("lab " + lab.id() + ": no test is tagged @Tag(\"lab" + lab.id() + "\")");
                } else if (only.isEmpty() || only.contains(lab.id())) {
                    labs.add(lab);
                }
            }
        }
        for (Lab lab : labs) {
            checkOriginal(lab, problems);
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        List<Future<List<String>>> stubbed = new ArrayList<>();
        for (Lab lab : labs) {
            stubbed.add(pool.submit(() -> checkStubbed(lab)));
        }
        for (Future<List<String>> result : stubbed) {
            problems.addAll(result.get());
        }
        pool.shutdown();
        problems.forEach(p -> System.out.println("labs: " + p));
        System.out.printf("labs: %d labs, each red on its stub with its message and green on the original: %s%n",
                labs.size(), problems.isEmpty() ? "yes" : problems.size() + " problems");
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** The labs of stage n, as lab.sh --list prints them: id, file, line, tests, task. */
    private static List<Lab> list(int n) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(javaBinary(), "docs/scripts/Lab.java", String.valueOf(n), "--list")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("Lab.java " + n + " --list failed:\n" + out);
        }
        String stage = stageName(n);
        List<Lab> labs = new ArrayList<>();
        for (String line : out.lines().filter(l -> !l.isBlank()).toList()) {
            String[] field = line.split("\t", -1);
            List<String> tests = field[3].isEmpty() ? List.of() : List.of(field[3].split(","));
            labs.add(new Lab(stage, field[0], field[1] + ":" + field[2], tests));
        }
        return labs;
    }

    private static String stageName(int n) throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("."))) {
            return dirs.map(d -> d.getFileName().toString()).filter(d -> d.startsWith("stage" + n + "-")).findFirst().orElseThrow();
        }
    }

    private static void checkOriginal(Lab lab, List<String> problems) throws Exception {
        List<Case> cases = reports(Path.of(lab.stage(), "target", "surefire-reports"));
        for (String test : lab.tests()) {
            List<Case> mine = matching(cases, test);
            if (mine.isEmpty()) {
                problems.add("lab " + lab.id() + ": " + test + " did not run in " + lab.stage() + "'s build (run mvn verify first)");
            }
            for (Case c : mine) {
                if (!c.passed()) {
                    problems.add("lab " + lab.id() + ": " + c.className() + "." + c.name() + " fails (or was skipped) on the original " + lab.stage());
                }
            }
        }
    }

    private static List<String> checkStubbed(Lab lab) throws Exception {
        List<String> problems = new ArrayList<>();
        Path into = Path.of("target", "labcheck", "lab" + lab.id());
        Path copy = into.resolve(lab.stage());
        deleteTree(into);
        String n = lab.id().substring(0, lab.id().indexOf('.'));
        Path log = Files.createDirectories(into).resolve("build.log");
        int made = run(List.of("bash", "docs/scripts/lab.sh", n, "--lab", lab.id(), "--into", into.toString()), Path.of("."), log);
        if (made != 0) {
            return List.of("lab " + lab.id() + ": lab.sh failed (" + log + ")");
        }
        String mvnw = Path.of("mvnw").toAbsolutePath().toString();
        int built = run(List.of(mvnw, "-B", "-o", "-q", "test", "-Dgroups=lab" + lab.id()), copy, log);
        List<Case> cases = reports(copy.resolve("target").resolve("surefire-reports"));
        if (built == 0) {
            problems.add("lab " + lab.id() + ": its tests pass with the lab stubbed (" + log + ")");
        }
        if (cases.isEmpty()) {
            problems.add("lab " + lab.id() + ": the stubbed copy ran no tests: does it compile? (" + log + ")");
            return problems;
        }
        for (String test : lab.tests()) {
            List<Case> mine = matching(cases, test);
            if (mine.isEmpty()) {
                problems.add("lab " + lab.id() + ": " + test + " did not run in the stubbed copy (" + log + ")");
            }
            for (Case c : mine) {
                if (c.passed()) {
                    problems.add("lab " + lab.id() + ": " + c.className() + "." + c.name() + " passes with the lab stubbed");
                } else if (!c.text().contains("lab " + lab.id() + ":")) {
                    problems.add("lab " + lab.id() + ": " + c.className() + "." + c.name()
                            + " fails without the lab's message, for another reason (" + copy + "/target/surefire-reports)");
                }
            }
        }
        if (problems.isEmpty()) {
            deleteTree(into);
        }
        return problems;
    }

    private static int run(List<String> command, Path dir, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(LAB_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** A test id is "Class" (all its cases) or "Class#method" (the cases of that method). */
    private static List<Case> matching(List<Case> cases, String test) {
        String className = "toyredis." + test.split("#")[0];
        String method = test.contains("#") ? test.split("#")[1] : null;
        return cases.stream()
                .filter(c -> c.className().equals(className) || c.className().startsWith(className + "$"))
                .filter(c -> method == null || c.name().equals(method) || c.name().startsWith(method + "("))
                .toList();
    }

    private static List<Case> reports(Path dir) throws Exception {
        List<Case> cases = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return cases;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).toList();
        }
        for (Path file : files) {
            NodeList testcases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
                    .getElementsByTagName("testcase");
            for (int i = 0; i < testcases.getLength(); i++) {
                Element c = (Element) testcases.item(i);
                boolean passed = c.getElementsByTagName("failure").getLength() == 0
                        && c.getElementsByTagName("error").getLength() == 0
                        && c.getElementsByTagName("skipped").getLength() == 0;
                String text = c.getTextContent() + attributes(c, "failure") + attributes(c, "error");
                cases.add(new Case(c.getAttribute("classname"), c.getAttribute("name"), passed, text));
            }
        }
        return cases;
    }

    private static String attributes(Element c, String tag) {
        StringBuilder text = new StringBuilder();
        NodeList found = c.getElementsByTagName(tag);
        for (int i = 0; i < found.getLength(); i++) {
            text.append(' ').append(((Element) found.item(i)).getAttribute("message"));
        }
        return text.toString();
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
