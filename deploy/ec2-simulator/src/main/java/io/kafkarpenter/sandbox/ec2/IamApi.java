package io.kafkarpenter.sandbox.ec2;

final class IamApi {
    IamApi(Ec2State state, Faults faults) {
    }

    Ec2Api.Answer call(QueryRequest request, String requestId) {
        return new Ec2Api.Answer(400, XmlResponse.error("InvalidAction", "IAM not yet simulated", requestId), "InvalidAction");
    }
}
