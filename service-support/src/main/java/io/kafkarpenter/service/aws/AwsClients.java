package io.kafkarpenter.service.aws;

import java.net.URI;

import io.kafkarpenter.service.ec2.Ec2Clients;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.EksClientBuilder;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;

/**
 * AWS SDK v2 clients over the JDK's HTTP client, for a region and an optional endpoint (the simulator serves EC2, EKS
 * and IAM on one endpoint). Credentials: the SDK's default chain; against an overridden endpoint with no credentials
 * in the environment, placeholder credentials (the simulator does not check signatures).
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** @param endpoint null = the SDK's default endpoint for the region */
    public static Ec2Client ec2(String region, URI endpoint) {
        return Ec2Clients.create(region, endpoint);
    }

    /** @param endpoint null = the SDK's default endpoint for the region */
    public static EksClient eks(String region, URI endpoint) {
        EksClientBuilder builder = EksClient.builder().region(Region.of(region))
            .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.credentialsProvider(Ec2Clients.credentials(endpoint)).build();
    }

    /** IAM is global: region {@code aws-global} unless an endpoint is given (then the region signs the requests). */
    public static IamClient iam(String region, URI endpoint) {
        IamClientBuilder builder = IamClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        if (endpoint != null) {
            builder.region(Region.of(region)).endpointOverride(endpoint);
        } else {
            builder.region(Region.AWS_GLOBAL);
        }
        return builder.credentialsProvider(Ec2Clients.credentials(endpoint)).build();
    }
}
