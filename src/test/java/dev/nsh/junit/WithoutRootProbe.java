package dev.nsh.junit;

import dev.nsh.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Run by {@code WithoutRootTest} in a child JVM that is not root: runs {@link Sample} with
 * EngineTestKit and prints what became of it, a line per skipped or finished test or class:
 * "skipped CLASS: REASON", "failed CLASS: MESSAGE", "successful needsALab(Lab)".
 */
public final class WithoutRootProbe {
    @ExtendWith(NshExtension.class)
    static class Sample {
        @Test
        void needsALab(Lab lab) {
            lab.pair();
        }
    }

    public static void main(String[] args) {
        for (Event e : EngineTestKit.engine("junit-jupiter").selectors(selectClass(Sample.class)).execute().allEvents().list()) {
            String name = e.getTestDescriptor().getLegacyReportingName();
            if (e.getType() == EventType.SKIPPED) {
                System.out.println("skipped " + name + ": " + e.getPayload(String.class).orElse(""));
            } else if (e.getType() == EventType.FINISHED && e.getTestDescriptor().getSource().isPresent()) {
                TestExecutionResult r = e.getPayload(TestExecutionResult.class).orElseThrow();
                System.out.println(r.getStatus().name().toLowerCase() + " " + name
                        + r.getThrowable().map(t -> ": " + t.getMessage()).orElse(""));
            }
        }
    }
}
