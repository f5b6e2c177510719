package io.kafkarpenter.model.crd.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.kafkarpenter.model.crd.Durations;
import io.kafkarpenter.model.crd.NodeClassReference;
import io.kafkarpenter.model.crd.NodeSelectorRequirementWithMinValues;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules NodePool and NodeClaim share: requirements, taints, node class reference, durations, quantities. */
final class CommonRules {
    static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Gte", "Lte");
    static final Set<String> BOUND_OPERATORS = Set.of("Gt", "Lt", "Gte", "Lte");
    static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    static final int MAX_REQUIREMENTS = 100;
    static final int MIN_VALUES_MAX = 50;
    /** Values Karpenter knows for well-known labels; a requirement {@code In} none of them can never be met. */
    static final Map<String, List<String>> WELL_KNOWN_VALUES = Map.of(
            "karpenter.sh/capacity-type", List.of("on-demand", "spot", "reserved"));

    static final Pattern DURATION_OR_NEVER = Pattern.compile("^(([0-9]+(s|m|h))+|Never)$");
    static final Pattern DURATION = Pattern.compile("^([0-9]+(s|m|h))+$");
    static final Pattern QUANTITY = Pattern.compile(
            "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$");
    private static final Pattern INTEGER = Pattern.compile("^[0-9]+$");

    private CommonRules() {
    }

    static void requirements(Violations out, String path, List<NodeSelectorRequirementWithMinValues> requirements) {
        if (requirements == null) {
            out.add(path, "required (use [] for no requirements)");
            return;
        }
        if (requirements.size() > MAX_REQUIREMENTS) {
            out.add(path, "at most " + MAX_REQUIREMENTS + " requirements, got " + requirements.size());
        }
        for (int i = 0; i < requirements.size(); i++) {
            requirement(out, path + "[" + i + "]", requirements.get(i));
        }
    }

    static void requirement(Violations out, String path, NodeSelectorRequirementWithMinValues requirement) {
        if (requirement == null) {
            out.add(path, "must be a requirement {key, operator, values}");
            return;
        }
        String key = requirement.getKey();
        if (key == null || key.isEmpty()) {
            out.add(path + ".key", "required");
        } else {
            labelKey(out, path + ".key", key);
        }
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        for (int v = 0; v < values.size(); v++) {
            String value = values.get(v);
            if (value == null) {
                out.add(path + ".values[" + v + "]", "must be a string");
            } else {
                int index = v;
                LabelRules.labelValueProblem(value).ifPresent(problem -> out.add(path + ".values[" + index + "]", problem));
            }
        }
        String operator = requirement.getOperator();
        if (operator == null || operator.isEmpty()) {
            out.add(path + ".operator", "required (must be " + String.join(", ", OPERATORS) + ")");
        } else if (!OPERATORS.contains(operator)) {
            out.add(path + ".operator", "unsupported operator \"" + operator + "\" (must be " + String.join(", ", OPERATORS) + ")");
        } else if (operator.equals("In") && values.isEmpty()) {
            out.add(path + ".values", "operator In needs at least one value");
        } else if ((operator.equals("Exists") || operator.equals("DoesNotExist")) && !values.isEmpty()) {
            out.add(path + ".values", "operator " + operator + " takes no values, got " + values);
        } else if (BOUND_OPERATORS.contains(operator)
                && (values.size() != 1 || values.get(0) == null || !INTEGER.matcher(values.get(0)).matches() || !fitsInt(values.get(0)))) {
            out.add(path + ".values", "operator " + operator + " needs a single non-negative integer value, got " + values);
        }
        Integer minValues = requirement.getMinValues();
        if (minValues != null) {
            if (minValues < 1 || minValues > MIN_VALUES_MAX) {
                out.add(path + ".minValues", "must be between 1 and " + MIN_VALUES_MAX + ", got " + minValues);
            } else if ("In".equals(operator) && values.size() < minValues) {
                out.add(path + ".minValues", "minValues " + minValues + " is larger than the number of values (" + values.size()
                        + "); operator In needs at least minValues values");
            }
        }
        if ("In".equals(operator) && key != null) {
            List<String> known = WELL_KNOWN_VALUES.get(LabelRules.normalize(key));
            if (known != null && !values.isEmpty()) {
                long valid = values.stream().filter(known::contains).count();
                if (valid == 0) {
                    out.add(path + ".values", "no valid values found in " + values + " for " + key + ", expected one of: "
                            + String.join(", ", known));
                } else if (minValues != null && valid < minValues) {
                    out.add(path + ".values", "only " + valid + " valid values in " + values + " for " + key
                            + ", minValues needs " + minValues + " (known values: " + String.join(", ", known) + ")");
                }
            }
        }
    }

    private static boolean fitsInt(String digits) {
        try {
            Integer.parseInt(digits);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A label key used in requirements or template labels: qualified name and not restricted. */
    static void labelKey(Violations out, String path, String key) {
        List<String> problems = LabelRules.qualifiedNameProblems(key);
        if (!problems.isEmpty()) {
            out.add(path, "\"" + key + "\" is not a valid label key: " + String.join("; ", problems));
            return;
        }
        LabelRules.restriction(key).ifPresent(reason -> out.add(path, reason));
    }

    static void labels(Violations out, String path, Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        if (labels.size() > 100) {
            out.add(path, "at most 100 labels, got " + labels.size());
        }
        labels.forEach((key, value) -> {
            String entryPath = path + "[\"" + key + "\"]";
            labelKey(out, entryPath, key);
            if (value == null) {
                out.add(entryPath, "label value must be a string");
            } else {
                LabelRules.labelValueProblem(value).ifPresent(problem -> out.add(entryPath, problem));
            }
        });
    }

    static void taints(Violations out, String basePath, List<Taint> taints, List<Taint> startupTaints) {
        Set<String> seen = new HashSet<>();
        taintList(out, basePath + ".taints", taints, seen);
        taintList(out, basePath + ".startupTaints", startupTaints, seen);
    }

    private static void taintList(Violations out, String path, List<Taint> taints, Set<String> seen) {
        if (taints == null) {
            return;
        }
        for (int i = 0; i < taints.size(); i++) {
            Taint taint = taints.get(i);
            String at = path + "[" + i + "]";
            if (taint == null) {
                out.add(at, "must be a taint {key, value, effect}");
                continue;
            }
            if (taint.getKey() == null || taint.getKey().isEmpty()) {
                out.add(at + ".key", "required");
            } else {
                List<String> problems = LabelRules.qualifiedNameProblems(taint.getKey());
                if (!problems.isEmpty()) {
                    out.add(at + ".key", "\"" + taint.getKey() + "\" is not a valid taint key: " + String.join("; ", problems));
                }
            }
            if (taint.getValue() != null && !taint.getValue().isEmpty()) {
                List<String> problems = LabelRules.qualifiedNameProblems(taint.getValue());
                if (!problems.isEmpty()) {
                    out.add(at + ".value", "\"" + taint.getValue() + "\" is not a valid taint value: " + String.join("; ", problems));
                }
            }
            if (taint.getEffect() == null || taint.getEffect().isEmpty()) {
                out.add(at + ".effect", "required (must be " + String.join(", ", TAINT_EFFECTS) + ")");
            } else if (!TAINT_EFFECTS.contains(taint.getEffect())) {
                out.add(at + ".effect", "unsupported effect \"" + taint.getEffect() + "\" (must be " + String.join(", ", TAINT_EFFECTS) + ")");
            }
            if (!seen.add(taint.getKey() + "\u0000" + taint.getEffect())) {
                out.add(at, "duplicate taint key/effect pair " + taint.getKey() + "=" + taint.getEffect());
            }
        }
    }

    static void nodeClassRef(Violations out, String path, NodeClassReference ref) {
        if (ref == null) {
            out.add(path, "required ({group, kind, name} of the node class, e.g. karpenter.k8s.aws EC2NodeClass default)");
            return;
        }
        if (ref.getGroup() == null || ref.getGroup().isEmpty()) {
            out.add(path + ".group", "required (group may not be empty)");
        } else if (ref.getGroup().contains("/")) {
            out.add(path + ".group", "\"" + ref.getGroup() + "\" must be an API group without a version (no '/')");
        }
        if (ref.getKind() == null || ref.getKind().isEmpty()) {
            out.add(path + ".kind", "required (kind may not be empty)");
        }
        if (ref.getName() == null || ref.getName().isEmpty()) {
            out.add(path + ".name", "required (name may not be empty)");
        }
    }

    /** A duration field that also accepts {@code Never} ({@code expireAfter}, {@code consolidateAfter}). */
    static void durationOrNever(Violations out, String path, String value) {
        if (value == null) {
            return;
        }
        if (!DURATION_OR_NEVER.matcher(value).matches()) {
            out.add(path, "invalid duration \"" + value + "\" (must be whole s/m/h units such as 30s, 10m, 1h30m, or Never)");
            return;
        }
        try {
            Durations.parseOrNever(value);
        } catch (IllegalArgumentException e) {
            out.add(path, e.getMessage());
        }
    }

    /** A duration field without {@code Never} ({@code terminationGracePeriod}). */
    static void duration(Violations out, String path, String value) {
        if (value == null) {
            return;
        }
        if (!DURATION.matcher(value).matches()) {
            out.add(path, "invalid duration \"" + value + "\" (must be whole s/m/h units such as 30s, 10m, 1h30m)");
        }
    }

    static void quantities(Violations out, String path, Map<String, Quantity> quantities) {
        if (quantities == null) {
            return;
        }
        quantities.forEach((name, quantity) -> {
            String at = path + "." + name;
            if (quantity == null) {
                out.add(at, "must be a quantity such as 10, 500m, 16Gi");
            } else {
                quantity(out, at, quantity.toString());
            }
        });
    }

    static void quantity(Violations out, String path, String text) {
        if (text == null || !QUANTITY.matcher(text).matches()) {
            out.add(path, "invalid quantity \"" + text + "\" (e.g. 10, 500m, 16Gi)");
        }
    }
}
