package io.kafkarpenter.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a PromQL expression against deploy/metrics/metrics.txt: every metric it names is a series the services
 * export; a counter (or a histogram's {@code _bucket}/{@code _sum}/{@code _count}) is read through
 * {@code rate}/{@code irate}/{@code increase}, and a gauge never is; {@code histogram_quantile} reads
 * {@code _bucket} series; a matcher uses only labels the metric has (or the target labels Prometheus adds).
 */
final class QueryCheck {

    /** Functions that need a counter. */
    static final Set<String> COUNTER_FUNCTIONS = Set.of("rate", "irate", "increase");
    /** Labels Prometheus' scrape (kubernetes_sd / ServiceMonitor relabelling) adds to every series. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace", "pod", "service", "container",
        "endpoint");

    private final MetricsList list;

    QueryCheck(MetricsList list) {
        this.list = list;
    }

    /** What is wrong with the query (empty: nothing), each line prefixed with where it is. */
    List<String> problems(MonitoringQueries.Query query) {
        return problems(query.where(), query.expr(), !query.labelsOnly());
    }

    /** What is wrong with {@code expr} (empty: nothing), each line prefixed with {@code where}. */
    List<String> problems(String where, String expr) {
        return problems(where, expr, true);
    }

    /** {@code valuesRead} false: only names and labels are checked (the query reads labels, not values). */
    private List<String> problems(String where, String expr, boolean valuesRead) {
        List<String> problems = new ArrayList<>();
        PromQl.Parsed parsed;
        try {
            parsed = PromQl.parse(expr);
        } catch (IllegalArgumentException e) {
            return List.of(where + ": " + e.getMessage());
        }
        List<PromQl.Selector> selectors = parsed.selectors();
        if (selectors.isEmpty()) {
            problems.add(where + ": queries no metric: " + expr);
        }
        for (PromQl.Selector s : selectors) {
            Optional<MetricsList.Series> found = list.series(s.metric());
            if (found.isEmpty()) {
                problems.add(where + ": " + s.metric() + " is not a series of " + MetricsList.FILE);
                continue;
            }
            MetricsList.Series series = found.get();
            boolean counted = COUNTER_FUNCTIONS.contains(s.innermost());
            if (series.kind() == MetricsList.Kind.COUNTER && !counted && valuesRead) {
                problems.add(where + ": " + s.metric() + " (" + series.metric().type()
                    + ") is read without rate()/irate()/increase()");
            }
            if (series.kind() == MetricsList.Kind.GAUGE && counted) {
                problems.add(where + ": " + s.innermost() + "() of " + s.metric() + ", a "
                    + series.metric().type() + " (not a counter)");
            }
            if (s.functions().contains("histogram_quantile") && !series.bucket()) {
                problems.add(where + ": histogram_quantile() over " + s.metric() + ", not a histogram's _bucket");
            }
            Set<String> unknown = new TreeSet<>(s.matcherLabels());
            unknown.removeAll(series.labels());
            unknown.removeAll(TARGET_LABELS);
            if (!unknown.isEmpty()) {
                problems.add(where + ": " + s.metric() + " has no label " + unknown + " (it has "
                    + new TreeSet<>(series.labels()) + ")");
            }
        }
        parsed.groupings().forEach(g -> grouping(where, selectors, g, problems));
        return problems;
    }

    /**
     * An aggregation's {@code by} labels must be labels of a series it aggregates (else it groups everything under
     * one empty value, as Karpenter's capacity dashboard does with {@code nodepool} on a metric without it). Not
     * checked where a selector is unknown (reported already) or a label_replace/label_join may have made the label.
     */
    private void grouping(String where, List<PromQl.Selector> selectors, PromQl.Grouping g, List<String> problems) {
        Set<String> available = new TreeSet<>(TARGET_LABELS);
        for (PromQl.Selector s : selectors.subList(g.from(), g.to())) {
            Optional<MetricsList.Series> series = list.series(s.metric());
            if (series.isEmpty() || s.functions().contains("label_replace") || s.functions().contains("label_join")) {
                return;
            }
            available.addAll(series.get().labels());
        }
        Set<String> missing = new TreeSet<>(g.labels());
        missing.removeAll(available);
        if (!missing.isEmpty()) {
            problems.add(where + ": " + g.aggregation() + " by " + missing + ": no series it aggregates has "
                + (missing.size() == 1 ? "that label" : "those labels"));
        }
    }
}
