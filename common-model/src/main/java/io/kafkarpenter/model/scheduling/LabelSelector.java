package io.kafkarpenter.model.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A Kubernetes label selector (matchLabels AND matchExpressions). An empty selector matches everything. */
public record LabelSelector(Map<String, String> matchLabels, List<Expression> matchExpressions) {

    /** One selector expression: In, NotIn, Exists, DoesNotExist. */
    public record Expression(String key, String operator, List<String> values) {
        public Expression {
            values = values == null ? List.of() : List.copyOf(values);
        }

        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            switch (operator) {
                case "In":
                    return v != null && values.contains(v);
                case "NotIn":
                    return v == null || !values.contains(v);
                case "Exists":
                    return v != null;
                case "DoesNotExist":
                    return v == null;
                default:
                    return false;
            }
        }
    }

    public LabelSelector {
        matchLabels = matchLabels == null ? Map.of() : new TreeMap<>(matchLabels);
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    public static LabelSelector of(Map<String, String> labels) {
        return new LabelSelector(labels, List.of());
    }

    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Expression x : matchExpressions) {
            if (!x.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** This selector plus {@code key In [value]} (matchLabelKeys) or {@code key NotIn [value]} (mismatchLabelKeys). */
    public LabelSelector with(String key, String operator, String value) {
        List<Expression> exprs = new ArrayList<>(matchExpressions);
        exprs.add(new Expression(key, operator, List.of(value)));
        return new LabelSelector(matchLabels, exprs);
    }

    /** A canonical text, used to deduplicate topology groups. */
    public String canonical() {
        StringBuilder sb = new StringBuilder();
        sb.append(matchLabels);
        List<String> exprs = new ArrayList<>();
        for (Expression x : matchExpressions) {
            List<String> vals = new ArrayList<>(x.values());
            java.util.Collections.sort(vals);
            exprs.add(x.key() + " " + x.operator() + " " + vals);
        }
        java.util.Collections.sort(exprs);
        return sb.append(exprs).toString();
    }
}
