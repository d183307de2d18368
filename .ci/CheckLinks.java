import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every relative link and image in README.md and docs/ must resolve: the file exists, and a
 * #fragment names a heading of the target (GitHub's anchors: lower case, punctuation dropped,
 * spaces to hyphens). Run from the repository root: java .ci/CheckLinks.java
 */
public class CheckLinks {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.*)$");

    public static void main(String[] args) throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            String text = stripCode(Files.readString(page));
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("^[a-z]+:.*")) {
                    continue; // http:, https:, mailto: are not checked offline
                }
                links++;
                int hash = link.indexOf('#');
                String file = hash >= 0 ? link.substring(0, hash) : link;
                Path target = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(target)) {
                    broken.add(page + ": " + link + " (no such file)");
                } else if (hash >= 0 && target.toString().endsWith(".md")
                        && !anchors.computeIfAbsent(target, CheckLinks::headings).contains(link.substring(hash + 1))) {
                    broken.add(page + ": " + link + " (no such heading in " + target + ")");
                }
            }
        }
        broken.forEach(b -> System.out.println("broken link: " + b));
        System.out.printf("links: %d relative links in %d pages, %d broken%n", links, pages.size(), broken.size());
        System.exit(broken.isEmpty() ? 0 : 1);
    }

    /** Links inside code blocks and code spans are examples, not links. */
    private static String stripCode(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\n]*`", "");
    }

    private static Set<String> headings(Path page) {
        Set<String> slugs = new HashSet<>();
        try {
            Matcher m = HEADING.matcher(Files.readString(page).replaceAll("(?s)```.*?```", ""));
            while (m.find()) {
                slugs.add(m.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-'));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return slugs;
    }
}
