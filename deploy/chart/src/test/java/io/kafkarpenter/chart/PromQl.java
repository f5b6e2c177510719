package io.kafkarpenter.chart;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The vector selectors of a PromQL expression: each metric name, the label names its {@code {...}} matchers use, and
 * the functions around it (innermost first), so a test can check names and types against deploy/metrics/metrics.txt.
 * <p>
 * Maven Central has no maintained Java PromQL parser (Prometheus' parser is Go; the one Java port found,
 * {@code io.github.oatelauser:promql-java}, has a single 1.0.0 release and no users), so this is a small tokenizer,
 * not a parser. It skips comments ({@code #} to the end of the line), string literals ({@code "..."}, {@code '...'},
 * {@code `...`}), numbers and durations, range and subquery brackets {@code [...]}, Grafana variables ({@code $x},
 * {@code ${x}}, {@code $__rate_interval}), the label lists of {@code by}/{@code without}/{@code on}/{@code ignoring}/
 * {@code group_left}/{@code group_right}, keywords and operators; an identifier followed by {@code (} is a function
 * or aggregation; every other identifier is a metric name. It reads the label names of a selector's {@code {...}}
 * matchers and of an aggregation's {@code by (...)} (prefix or postfix), with the selectors the aggregation covers. It does not check syntax, and it refuses what it cannot attribute to a metric name: a selector without
 * a name ({@code {__name__="x"}}) and a {@code __name__} matcher.
 */
final class PromQl {

    /** A metric named in the expression, with its matchers' label names and its enclosing functions. */
    record Selector(String metric, Set<String> matcherLabels, List<String> functions) {
        /** The innermost function around the selector (aggregations included), or "" when there is none. */
        String innermost() {
            return functions.isEmpty() ? "" : functions.get(0);
        }
    }

    /**
     * An aggregation's {@code by (labels)}: the labels it keeps, and the selectors it aggregates ({@code from}
     * inclusive to {@code to} exclusive, indices into the selectors).
     */
    record Grouping(String aggregation, Set<String> labels, int from, int to) {
    }

    /** The selectors and the {@code by} groupings of an expression. */
    record Parsed(List<Selector> selectors, List<Grouping> groupings) {
    }

    /** An open parenthesis: the function that opened it ("" for a grouping one), where its selectors start. */
    private record Frame(String function, int from, Set<String> by) {
    }

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
        "group_right", "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan", "start", "end");
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
        "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
        "group_right");

    private final String text;
    private int pos;

    private PromQl(String text) {
        this.text = text;
    }

    /** The selectors of {@code expr}, in order of appearance. */
    static List<Selector> selectors(String expr) {
        return new PromQl(expr).scan().selectors();
    }

    /** The selectors and groupings of {@code expr}. */
    static Parsed parse(String expr) {
        return new PromQl(expr).scan();
    }

    private Parsed scan() {
        List<Selector> out = new ArrayList<>();
        List<Grouping> groupings = new ArrayList<>();
        Deque<Frame> parens = new ArrayDeque<>();
        String previousWord = null;
        String aggregation = null; // the aggregation before a "by"/"without": sum by (a) (x) is sum's call
        Set<String> pendingBy = null; // sum by (a) (x): the labels, until sum's parenthesis opens
        Grouping lastClosed = null; // sum(x) by (a): the aggregation that just closed
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
                continue;
            }
            Grouping closedBefore = lastClosed;
            lastClosed = null;
            if (c == '#') {
                skipUntil('\n');
            } else if (c == '"' || c == '\'' || c == '`') {
                skipString(c);
                previousWord = null;
            } else if (c == '$') {
                skipVariable();
                previousWord = null;
            } else if (c == '[') {
                skipBalanced('[', ']');
                previousWord = null;
            } else if (c == '{') {
                throw new IllegalArgumentException("a selector without a metric name at " + pos + " of: " + text);
            } else if (c == '(') {
                if (previousWord != null && LABEL_LIST_KEYWORDS.contains(previousWord)) {
                    Set<String> labels = labelList(); // by (a, b), on (x), group_left (y): label names
                    if ("by".equals(previousWord) && aggregation != null) {
                        pendingBy = labels;
                    } else if ("by".equals(previousWord) && closedBefore != null) {
                        groupings.add(new Grouping(closedBefore.aggregation(), labels, closedBefore.from(),
                            closedBefore.to()));
                    }
                    previousWord = aggregation;
                } else {
                    parens.push(new Frame(previousWord == null ? "" : previousWord, out.size(), pendingBy));
                    pendingBy = null;
                    pos++;
                    previousWord = null;
                }
                aggregation = null;
            } else if (c == ')') {
                if (parens.isEmpty()) {
                    throw new IllegalArgumentException("unbalanced ')' at " + pos + " of: " + text);
                }
                Frame frame = parens.pop();
                if (frame.by() != null) {
                    groupings.add(new Grouping(frame.function(), frame.by(), frame.from(), out.size()));
                } else if (AGGREGATIONS.contains(frame.function())) {
                    lastClosed = new Grouping(frame.function(), Set.of(), frame.from(), out.size());
                }
                pos++;
                previousWord = null;
            } else if (Character.isDigit(c) || c == '.' && pos + 1 < text.length()
                    && Character.isDigit(text.charAt(pos + 1))) {
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                        || text.charAt(pos) == '_')) {
                    pos++; // 0.99, 1e3, 0x1f, 5m, 1h30m (after offset)
                }
                previousWord = null;
            } else if (isIdentifierStart(c)) {
                String word = identifier();
                int next = skipWhitespace(pos);
                boolean call = next < text.length() && text.charAt(next) == '(';
                String lower = word.toLowerCase(java.util.Locale.ROOT);
                if ("by".equals(lower)) {
                    lastClosed = closedBefore; // sum(x) by (a)
                }
                if (call || KEYWORDS.contains(lower) || AGGREGATIONS.contains(lower)) {
                    aggregation = ("by".equals(lower) || "without".equals(lower)) && previousWord != null
                        && AGGREGATIONS.contains(previousWord) ? previousWord : null;
                    previousWord = lower;
                } else {
                    Set<String> labels = new LinkedHashSet<>();
                    if (next < text.length() && text.charAt(next) == '{') {
                        pos = next;
                        labels = matcherLabels();
                    }
                    List<String> functions = new ArrayList<>();
                    parens.forEach(f -> {
                        if (!f.function().isEmpty()) {
                            functions.add(f.function());
                        }
                    });
                    out.add(new Selector(word, labels, List.copyOf(functions)));
                    previousWord = null;
                }
            } else {
                pos++; // operators, commas, '@'
                previousWord = null;
            }
        }
        if (!parens.isEmpty()) {
            throw new IllegalArgumentException("unbalanced '(' in: " + text);
        }
        return new Parsed(List.copyOf(out), List.copyOf(groupings));
    }

    /** The label names of the {@code (a, b)} at pos; pos ends after the ')'. */
    private Set<String> labelList() {
        int start = pos;
        skipBalanced('(', ')');
        Set<String> labels = new LinkedHashSet<>();
        for (String label : text.substring(start + 1, pos - 1).split(",")) {
            if (!label.isBlank()) {
                labels.add(label.strip());
            }
        }
        return labels;
    }

    /** The label names of the {@code {a="x", b=~"y"}} at pos; pos ends after the '}'. */
    private Set<String> matcherLabels() {
        Set<String> labels = new LinkedHashSet<>();
        pos++; // '{'
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '}') {
                pos++;
                return labels;
            } else if (c == '"' || c == '\'' || c == '`') {
                skipString(c);
            } else if (isIdentifierStart(c)) {
                String label = identifier();
                if ("__name__".equals(label)) {
                    throw new IllegalArgumentException("a __name__ matcher (name the metric instead) in: " + text);
                }
                labels.add(label);
            } else {
                pos++; // = != =~ !~ ,
            }
        }
        throw new IllegalArgumentException("unclosed '{' in: " + text);
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == ':')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private int skipWhitespace(int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private void skipUntil(char end) {
        while (pos < text.length() && text.charAt(pos) != end) {
            pos++;
        }
    }

    private void skipString(char quote) {
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\' && quote != '`') {
                pos += 2;
            } else if (c == quote) {
                pos++;
                return;
            } else {
                pos++;
            }
        }
        throw new IllegalArgumentException("unclosed string in: " + text);
    }

    /** {@code $name}, {@code ${name}}, {@code ${name:format}}, {@code [[name]]} is not PromQL and not handled. */
    private void skipVariable() {
        pos++;
        if (pos < text.length() && text.charAt(pos) == '{') {
            skipBalanced('{', '}');
        } else {
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
        }
    }

    private void skipBalanced(char open, char close) {
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"' || c == '\'' || c == '`') {
                skipString(c);
                continue;
            }
            pos++;
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return;
            }
        }
        throw new IllegalArgumentException("unclosed '" + open + "' in: " + text);
    }
}
