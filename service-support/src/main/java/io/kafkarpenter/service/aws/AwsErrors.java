package io.kafkarpenter.service.aws;

import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** How AWS errors are told apart: transient ones are retried later with backoff, the others are about one request. */
public final class AwsErrors {

    private static final Set<String> TRANSIENT_CODES = Set.of("RequestLimitExceeded", "Throttling",
        "ThrottlingException", "TooManyRequestsException", "ServiceUnavailable", "InternalError", "InternalFailure",
        "ServiceFailure");
    private static final Set<String> NOT_AUTHORIZED = Set.of("UnauthorizedOperation", "AccessDenied",
        "AccessDeniedException", "AuthFailure", "InvalidClientTokenId", "UnrecognizedClientException");
    private static final Set<String> NOT_FOUND = Set.of("NoSuchEntity", "InvalidInstanceID.NotFound",
        "InvalidInstanceID.Malformed", "ResourceNotFoundException");

    private AwsErrors() {
    }

    /**
     * Throttling, a 5xx or 429 answer, a transient error code, or no answer at all (connection refused, timeout):
     * worth retrying with backoff. A 4xx answer other than throttling (not authorized, not found, tag limit) is not.
     */
    public static boolean isTransient(Throwable e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof AwsServiceException s) {
            return s.statusCode() >= 500 || s.statusCode() == 429 || s.isThrottlingException()
                || (s.awsErrorDetails() != null && TRANSIENT_CODES.contains(s.awsErrorDetails().errorCode()));
        }
        return false;
    }

    /** IAM {@code NoSuchEntity}, EC2 {@code InvalidInstanceID.NotFound}/{@code .Malformed}, EKS {@code ResourceNotFoundException}. */
    public static boolean isNotFound(Throwable e) {
        return e instanceof AwsServiceException s && s.awsErrorDetails() != null
            && NOT_FOUND.contains(s.awsErrorDetails().errorCode());
    }

    /**
     * The caller's identity may not make this call (EC2 {@code UnauthorizedOperation}/{@code AuthFailure}, IAM
     * {@code AccessDenied}/{@code InvalidClientTokenId}, EKS {@code AccessDeniedException}/
     * {@code UnrecognizedClientException}): permanent until its IAM policy changes, never worth a quick retry.
     */
    public static boolean isNotAuthorized(Throwable e) {
        return e instanceof AwsServiceException s && s.awsErrorDetails() != null
            && NOT_AUTHORIZED.contains(s.awsErrorDetails().errorCode());
    }

    public static boolean hasCode(Throwable e, String code) {
        return e instanceof AwsServiceException s && s.awsErrorDetails() != null
            && code.equals(s.awsErrorDetails().errorCode());
    }

    /** The AWS error code and message, e.g. {@code UnauthorizedOperation: You are not authorized ...}. */
    public static String describe(Throwable e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            return s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
