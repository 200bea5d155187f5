package dev.nsh.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Options of the labs {@link NshExtension} gives a test class or method; on the method it wins
 * over the class (and the class over an enclosing one):
 * <pre>
 * &#64;ExtendWith(NshExtension.class)
 * &#64;NshLab(ipv6 = true)
 * class DualStackTest {
 *     &#64;Test &#64;NshLab(ipv6 = true, keepOnFailure = true)
 *     void reaches(Lab lab) { ... }
 * }
 * </pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface NshLab {
    /** A dual-stack lab ({@link dev.nsh.lab.Lab#ipv6}): every subnet also gets an IPv6 /64. */
    boolean ipv6() default false;

    /**
     * When the test fails, leave its lab up to look at ({@code ip netns list}); it says how to
     * remove it ({@code nsh --clean LAB}). A passing test's lab is always removed.
     */
    boolean keepOnFailure() default false;
}
