package dev.nsh.testing;

import dev.nsh.sys.Sys;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips root tests when not root, or fails them when the run requires root (CI). */
public final class RootCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Sys.isRoot()) return ConditionEvaluationResult.enabled("running as root");
        if (Boolean.getBoolean("nsh.requireRoot")) {
            throw new IllegalStateException("this test needs root and the run requires root (nsh.requireRoot=true)");
        }
        return ConditionEvaluationResult.disabled("needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN)");
    }
}
