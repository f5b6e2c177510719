package io.kafkarpenter.sandbox.ec2;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a describe result: {@code MaxResults} items from the offset the {@code NextToken} names, and the token
 * of the next page (null on the last). Tokens are opaque to clients and bound to the action that issued them.
 */
record Page<T>(List<T> items, String nextToken) {

    static <T> Page<T> of(String action, List<T> all, Integer maxResults, String token, int defaultPageSize) {
        int offset = 0;
        if (token != null && !token.isEmpty()) {
            offset = decode(action, token);
        }
        int size = maxResults == null ? defaultPageSize : maxResults;
        if (offset > all.size()) {
            offset = all.size();
        }
        int end = (int) Math.min((long) offset + size, all.size());
        String next = end < all.size() ? encode(action, end) : null;
        return new Page<>(all.subList(offset, end), next);
    }

    private static String encode(String action, int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((action + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String action, String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(action + ":")) {
                return Integer.parseInt(decoded.substring(action.length() + 1));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw Ec2Error.badRequest("InvalidPaginationToken", "The pagination token '" + token + "' is invalid.");
    }

    /** EC2's range check for {@code MaxResults} (null when absent). */
    static Integer maxResults(QueryRequest request, int min, int max) {
        Integer value = request.integer("MaxResults");
        if (value != null && (value < min || value > max)) {
            throw Ec2Error.invalidParameterValue("Value ( " + value + " ) for parameter maxResults is invalid. "
                    + "Expecting a value between " + min + " and " + max + ".");
        }
        return value;
    }
}
