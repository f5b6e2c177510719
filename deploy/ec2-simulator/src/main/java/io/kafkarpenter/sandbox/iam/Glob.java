package io.kafkarpenter.sandbox.iam;

/**
 * IAM's wildcard match: {@code *} is any run of characters (including none, and across {@code :} and {@code /}),
 * {@code ?} exactly one character; everything else literal. Iterative with backtracking to the last {@code *}.
 */
final class Glob {
    private Glob() {
    }

    static boolean matches(String pattern, String value, boolean ignoreCase) {
        if (ignoreCase) {
            pattern = pattern.toLowerCase(java.util.Locale.ROOT);
            value = value.toLowerCase(java.util.Locale.ROOT);
        }
        int p = 0;
        int v = 0;
        int star = -1;
        int starValue = 0;
        while (v < value.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                starValue = v;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (star >= 0) {
                p = star + 1;
                v = ++starValue;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
