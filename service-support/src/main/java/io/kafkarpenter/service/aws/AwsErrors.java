package io.kafkarpenter.service.aws;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** How AWS errors are told apart: transient ones are retried later, the others are about one request. */
public final class AwsErrors {

    private AwsErrors() {
    }

    /**
     * Throttling, a 5xx answer, or no answer at all (connection refused, timeout): worth retrying with backoff. A 4xx
     * answer other than throttling (not authorized, not found, tag limit) is not.
     */
    public static boolean isTransient(SdkException e) {
        if (e instanceof SdkServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500 || service.statusCode() == 429;
        }
        return e instanceof SdkClientException;
    }

    /** The AWS error code and message, e.g. {@code UnauthorizedOperation: You are not authorized ...}. */
    public static String describe(SdkException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
            && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
