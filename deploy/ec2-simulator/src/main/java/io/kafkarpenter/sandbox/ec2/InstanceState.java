package io.kafkarpenter.sandbox.ec2;

/** EC2 instance states with their API codes. */
enum InstanceState {
    PENDING(0, "pending"),
    RUNNING(16, "running"),
    SHUTTING_DOWN(32, "shutting-down"),
    TERMINATED(48, "terminated"),
    STOPPING(64, "stopping"),
    STOPPED(80, "stopped");

    final int code;
    final String wireName;

    InstanceState(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    /** Counts against subnet IPs and vCPU quotas. */
    boolean isLive() {
        return this == PENDING || this == RUNNING || this == SHUTTING_DOWN || this == STOPPING;
    }
}
