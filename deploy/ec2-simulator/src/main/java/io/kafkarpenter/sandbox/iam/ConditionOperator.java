package io.kafkarpenter.sandbox.iam;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A condition operator of the supported subset, parsed from its policy spelling: an optional set qualifier
 * ({@code ForAllValues:} / {@code ForAnyValue:}), a base ({@code StringEquals}, {@code StringNotEquals},
 * {@code StringEqualsIgnoreCase}, {@code StringNotEqualsIgnoreCase}, {@code StringLike}, {@code StringNotLike},
 * {@code Null}) and an optional {@code IfExists} suffix (not on {@code Null}).
 */
record ConditionOperator(Qualifier qualifier, Base base, boolean ifExists) {
    enum Qualifier { NONE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    enum Base {
        STRING_EQUALS("StringEquals", false),
        STRING_NOT_EQUALS("StringNotEquals", true),
        STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false),
        STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true),
        STRING_LIKE("StringLike", false),
        STRING_NOT_LIKE("StringNotLike", true),
        NULL("Null", false);

        final String spelling;
        /** Negated operators are true when no request value matches any policy value (and when the key is missing). */
        final boolean negated;

        Base(String spelling, boolean negated) {
            this.spelling = spelling;
            this.negated = negated;
        }
    }

    static final List<String> SUPPORTED = List.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "Null", "each String* with the IfExists suffix",
            "ForAllValues:String*", "ForAnyValue:String*");

    /** The operator, or empty when it is not in the supported subset. Operator names are case-sensitive, as in IAM. */
    static Optional<ConditionOperator> parse(String spelling) {
        String rest = spelling;
        Qualifier qualifier = Qualifier.NONE;
        if (rest.startsWith("ForAllValues:")) {
            qualifier = Qualifier.FOR_ALL_VALUES;
            rest = rest.substring("ForAllValues:".length());
        } else if (rest.startsWith("ForAnyValue:")) {
            qualifier = Qualifier.FOR_ANY_VALUE;
            rest = rest.substring("ForAnyValue:".length());
        }
        boolean ifExists = rest.endsWith("IfExists");
        if (ifExists) {
            rest = rest.substring(0, rest.length() - "IfExists".length());
        }
        for (Base base : Base.values()) {
            if (base.spelling.equals(rest)) {
                if (base == Base.NULL && (ifExists || qualifier != Qualifier.NONE)) {
                    return Optional.empty();
                }
                return Optional.of(new ConditionOperator(qualifier, base, ifExists));
            }
        }
        return Optional.empty();
    }

    /** Whether one request value matches one policy value, before negation. */
    boolean matches(String requestValue, String policyValue) {
        return switch (base) {
            case STRING_EQUALS, STRING_NOT_EQUALS -> requestValue.equals(policyValue);
            case STRING_EQUALS_IGNORE_CASE, STRING_NOT_EQUALS_IGNORE_CASE ->
                    requestValue.toLowerCase(Locale.ROOT).equals(policyValue.toLowerCase(Locale.ROOT));
            case STRING_LIKE, STRING_NOT_LIKE -> Glob.matches(policyValue, requestValue, false);
            case NULL -> throw new IllegalStateException("Null compares presence, not values");
        };
    }
}
