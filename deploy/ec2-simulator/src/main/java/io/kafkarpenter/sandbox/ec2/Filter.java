package io.kafkarpenter.sandbox.ec2;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One EC2 describe filter: a name and values that are ORed; filters are ANDed. Values may use EC2's wildcards
 * {@code *} (any run) and {@code ?} (one character); {@code \} escapes them. Tag filters ({@code tag:KEY},
 * {@code tag-key}, {@code tag-value}) are understood for every resource; other names come from the resource.
 */
record Filter(String name, List<String> values) {

    /** How a resource exposes the values of the filter names it supports (null for a name it does not know). */
    interface Attributes {
        /** The resource's tags, for {@code tag:KEY}, {@code tag-key} and {@code tag-value} filters; none by default. */
        default Map<String, String> tags() {
            return Map.of();
        }

        Collection<String> valuesOf(String filterName);
    }

    /** Checks every filter name up front, as EC2 does, even when nothing would match. */
    static void validate(List<Filter> filters, Set<String> supportedNames) {
        for (Filter f : filters) {
            if (f.name.startsWith("tag:") || f.name.equals("tag-key") || f.name.equals("tag-value")) {
                continue;
            }
            if (!supportedNames.contains(f.name)) {
                throw Ec2Error.invalidParameterValue("The filter '" + f.name + "' is invalid");
            }
        }
    }

    static boolean matchesAll(List<Filter> filters, Attributes resource) {
        for (Filter f : filters) {
            if (!f.matches(resource)) {
                return false;
            }
        }
        return true;
    }

    boolean matches(Attributes resource) {
        Collection<String> actual;
        if (name.startsWith("tag:")) {
            String value = resource.tags().get(name.substring(4));
            actual = value == null ? List.of() : List.of(value);
        } else if (name.equals("tag-key")) {
            actual = resource.tags().keySet();
        } else if (name.equals("tag-value")) {
            actual = resource.tags().values();
        } else {
            actual = resource.valuesOf(name);
            if (actual == null) {
                return false;
            }
        }
        for (String wanted : values) {
            Pattern pattern = glob(wanted);
            for (String candidate : actual) {
                if (candidate != null && pattern.matcher(candidate).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    static Pattern glob(String value) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                literal.append(value.charAt(++i));
            } else if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
