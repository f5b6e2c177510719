package io.kafkarpenter.tagreconciler.aws;

import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** How the loop tells AWS errors apart: transient ones (5xx, throttling, timeouts) are retried with backoff. */
public final class AwsErrors {

    private static final Set<String> THROTTLING = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException",
        "TooManyRequestsException", "ServiceUnavailable", "InternalError", "InternalFailure", "ServiceFailure");
    private static final Set<String> NOT_FOUND = Set.of("NoSuchEntity", "InvalidInstanceID.NotFound",
        "InvalidInstanceID.Malformed", "ResourceNotFoundException");

    private AwsErrors() {
    }

    /** 5xx, 429, throttling codes, or no answer at all (timeouts, connection errors). */
    public static boolean isTransient(Throwable e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof AwsServiceException s) {
            return s.statusCode() >= 500 || s.statusCode() == 429 || s.isThrottlingException()
                || (s.awsErrorDetails() != null && THROTTLING.contains(s.awsErrorDetails().errorCode()));
        }
        return false;
    }

    public static boolean isNotFound(Throwable e) {
        return e instanceof AwsServiceException s && s.awsErrorDetails() != null
            && NOT_FOUND.contains(s.awsErrorDetails().errorCode());
    }

    public static boolean hasCode(Throwable e, String code) {
        return e instanceof AwsServiceException s && s.awsErrorDetails() != null
            && code.equals(s.awsErrorDetails().errorCode());
    }

    /** {@code Code: message} of an AWS error, else the exception's message. */
    public static String describe(Throwable e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            return s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
