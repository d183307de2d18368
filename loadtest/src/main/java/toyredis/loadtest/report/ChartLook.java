package toyredis.loadtest.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the command line says about the charts of a run: a title for a chart (by its file name
 * without {@code .png}), the charts that must have a log y axis, and how each server looks. It also
 * remembers which charts were drawn, so that a title given for a chart that does not exist (a typo)
 * is reported instead of silently ignored.
 */
public final class ChartLook {

    public static final ChartLook DEFAULT = new ChartLook(Map.of(), Set.of(), ServerStyles.NONE);

    private final Map<String, String> titles;
    private final Set<String> logY;
    private final ServerStyles servers;
    private final Set<String> drawn = new LinkedHashSet<>();

    public ChartLook(Map<String, String> titles, Set<String> logY, ServerStyles servers) {
        this.titles = Map.copyOf(titles);
        this.logY = Set.copyOf(logY);
        this.servers = servers;
    }

    public ChartLook withServers(ServerStyles newServers) {
        return new ChartLook(titles, logY, newServers);
    }

    /** The chart's title: the one given on the command line, else {@code standard}. */
    public String titleOf(String chart, String standard) {
        drawn.add(chart);
        return titles.getOrDefault(chart, standard);
    }

    boolean logY(String chart) {
        return logY.contains(chart);
    }

    public ServerStyles servers() {
        return servers;
    }

    /** The charts named by --title or --log-y that were not drawn, each with the list of those that were. */
    public List<String> unknownCharts() {
        List<String> unknown = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>(titles.keySet());
        named.addAll(logY);
        for (String chart : named) {
            if (!drawn.contains(chart)) {
                unknown.add(chart);
            }
        }
        return unknown;
    }

    public Set<String> drawn() {
        return Set.copyOf(drawn);
    }
}
