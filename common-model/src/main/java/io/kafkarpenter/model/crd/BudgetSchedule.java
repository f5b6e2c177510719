package io.kafkarpenter.model.crd;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;

/**
 * The cron schedule of a disruption {@link Budget}: Kubernetes CronJob syntax (5 fields: minute, hour, day of month,
 * month, day of week; or {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @midnight}, {@code @hourly}), always in UTC, parsed by cron-utils.
 */
public final class BudgetSchedule {
    private static final CronDefinition DEFINITION = CronDefinitionBuilder.defineCron()
            .withMinutes().withValidRange(0, 59).withStrictRange().and()
            .withHours().withValidRange(0, 23).withStrictRange().and()
            .withDayOfMonth().withValidRange(1, 31).supportsQuestionMark().withStrictRange().and()
            .withMonth().withValidRange(1, 12).withStrictRange().and()
            .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0)
            .supportsQuestionMark().withStrictRange().and()
            .withSupportedNicknameYearly()
            .withSupportedNicknameAnnually()
            .withSupportedNicknameMonthly()
            .withSupportedNicknameWeekly()
            .withSupportedNicknameDaily()
            .withSupportedNicknameMidnight()
            .withSupportedNicknameHourly()
            .instance();
    private static final CronParser PARSER = new CronParser(DEFINITION);

    private final String expression;
    private final ExecutionTime executionTime;

    private BudgetSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /**
     * Parses a budget schedule.
     *
     * @throws IllegalArgumentException with the parser's reason when it is not a valid schedule
     */
    public static BudgetSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("empty cron schedule");
        }
        String trimmed = expression.trim();
        if (trimmed.startsWith("@every")) {
            throw new IllegalArgumentException("\"@every\" is not supported; use a 5-field cron or @hourly/@daily/@weekly/@monthly/@yearly");
        }
        if (trimmed.startsWith("TZ=") || trimmed.startsWith("CRON_TZ=")) {
            throw new IllegalArgumentException("time zones are not supported; schedules are in UTC");
        }
        String normalized = trimmed.startsWith("@") ? trimmed.toLowerCase(Locale.ROOT) : trimmed.toUpperCase(Locale.ROOT);
        if (!normalized.startsWith("@") && normalized.split("\\s+").length != 5) {
            throw new IllegalArgumentException("expected 5 fields (minute hour day-of-month month day-of-week), got "
                    + normalized.split("\\s+").length);
        }
        try {
            return new BudgetSchedule(expression, PARSER.parse(normalized).validate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Whether {@code expression} parses. */
    public static boolean isValid(String expression) {
        try {
            parse(expression);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public String expression() {
        return expression;
    }

    /** The first schedule hit strictly after {@code instant}. */
    public Optional<Instant> nextHitAfter(Instant instant) {
        return executionTime.nextExecution(ZonedDateTime.ofInstant(instant, ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    /**
     * Karpenter's rule: a budget is active at {@code now} iff the next hit after {@code now - duration} is not after
     * {@code now} (so a hit exactly {@code duration} ago still counts).
     */
    public boolean isActive(Duration duration, Instant now) {
        Instant checkpoint = now.minus(duration).minusNanos(1);
        return nextHitAfter(checkpoint).map(hit -> !hit.isAfter(now)).orElse(false);
    }
}
