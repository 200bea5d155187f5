package dev.nsh.junit;

import dev.nsh.sys.Sys;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Namespaces need root (CAP_NET_ADMIN and CAP_SYS_ADMIN). Without it a test is skipped, with the
 * reason in one line; a run that sets {@code -Dnsh.requireRoot=true} (as CI should, so that no
 * test is skipped unseen) fails the test instead. {@link NshExtension} applies it;
 * {@code @ExtendWith(RootCondition.class)} applies it alone, to tests that use nsh without labs.
 */
public final class RootCondition implements ExecutionCondition {
    /** The system property that turns a skip into a failure. */
    public static final String REQUIRE_ROOT = "nsh.requireRoot";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Sys.isRoot()) return ConditionEvaluationResult.enabled("running as root");
        if (Boolean.getBoolean(REQUIRE_ROOT)) {
            throw new IllegalStateException("this test needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) and the run requires it ("
                    + REQUIRE_ROOT + "=true)");
        }
        return ConditionEvaluationResult.disabled("nsh needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN); run the tests as root, or with -D"
                + REQUIRE_ROOT + "=true to fail instead of skipping");
    }
}
