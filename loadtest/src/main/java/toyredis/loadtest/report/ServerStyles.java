package toyredis.loadtest.report;

import java.awt.Color;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each server looks in every chart of a run: its name in the legend and its colour. Each stage
 * and Redis have a colour of their own across the whole workbook (Redis is always red); a second,
 * third... variant of one stage in the same run (such as {@code stage5} and
 * {@code "stage5:--appendfsync always"}) takes the next colour of a list of variant colours, none of
 * which is close to a stage's colour. A server keeps its colour in every chart of the run, also in
 * a chart where another server has no line.
 */
public final class ServerStyles {

    /** A server of the run, in the order it was given. */
    public record Server(String label, int stage, String name) {
    }

    /** The colour of Redis (stage 0) and of stages 1 to 6, everywhere in the workbook. */
    static final List<Color> STAGE_COLOURS = List.of(
            new Color(214, 39, 40),   // Redis: red
            new Color(140, 86, 75),   // stage 1: brown
            new Color(255, 127, 14),  // stage 2: orange
            new Color(44, 160, 44),   // stage 3: green
            new Color(148, 103, 189), // stage 4: purple
            new Color(31, 119, 180),  // stage 5: blue
            new Color(23, 190, 207)); // stage 6: cyan
    /**
     * For the further variants of a stage, in turn: black, magenta, pure blue, dark red, indigo;
     * each far (more than 100 apart in RGB) from every stage's colour and from each other.
     */
    static final List<Color> VARIANT_COLOURS = List.of(
            Color.BLACK, new Color(255, 0, 255), new Color(0, 0, 255), new Color(120, 0, 0), new Color(60, 0, 135));

    public static final ServerStyles NONE = new ServerStyles(Map.of(), Map.of());

    private final Map<String, Color> colours;
    private final Map<String, String> names;

    private ServerStyles(Map<String, Color> colours, Map<String, String> names) {
        this.colours = colours;
        this.names = names;
    }

    /** The first server of each stage gets the stage's colour, the others a variant colour each. */
    public static ServerStyles of(List<Server> servers) {
        Map<String, Color> colours = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        Map<Integer, Boolean> stageTaken = new HashMap<>();
        int variants = 0;
        for (Server server : servers) {
            names.put(server.label(), server.name());
            if (colours.containsKey(server.label())) {
                continue;
            }
            if (stageTaken.putIfAbsent(server.stage(), true) == null && server.stage() < STAGE_COLOURS.size()) {
                colours.put(server.label(), STAGE_COLOURS.get(server.stage()));
            } else {
                colours.put(server.label(), VARIANT_COLOURS.get(variants++ % VARIANT_COLOURS.size()));
            }
        }
        return new ServerStyles(colours, names);
    }

    /** The server's colour, or null for a line that is not a server's (XChart then picks one). */
    public Color colour(String label) {
        return colours.get(label);
    }

    /** The server's name in a legend: the one given on the command line, else its label. */
    public String name(String label) {
        return names.getOrDefault(label, label);
    }
}
