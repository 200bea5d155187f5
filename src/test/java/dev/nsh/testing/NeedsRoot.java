package dev.nsh.testing;

import dev.nsh.junit.RootCondition;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that talks to the real kernel and so needs root. Without root it is skipped,
 * unless -Dnsh.requireRoot=true (as scripts/test and CI set), where it fails instead: the test
 * library's {@link RootCondition}, which nsh's own tests use as any project would. Each of its
 * tests has two minutes (a class's own {@code @Timeout} overrides): a hang fails that test, not
 * the run. junit-platform.properties bounds the lifecycle methods too.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(RootCondition.class)
@Timeout(120)
public @interface NeedsRoot {}
