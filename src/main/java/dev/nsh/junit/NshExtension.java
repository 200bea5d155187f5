package dev.nsh.junit;

import dev.nsh.lab.Lab;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * A fresh {@link Lab} for every test, as a parameter of the test method, its class's constructor
 * or a {@code @BeforeEach} method (all of one test get the same lab), removed when the test is
 * over, whether it passed, failed or timed out. A failed test's lab is printed ({@link Lab#show})
 * first.
 * <pre>
 * &#64;ExtendWith(NshExtension.class)
 * class RouterTest {
 *     &#64;Test
 *     void hostsReachEachOtherThroughTheRouter(Lab lab) {
 *         lab.chain(Map.of("routers", true), 2);
 *         NshAssertions.assertReachable(lab.node("h1"), lab.node("h2"));
 *     }
 * }
 * </pre>
 * Each lab is named after the test's class and method and this run ({@link LabNames}), so tests
 * running in parallel ({@code junit.jupiter.execution.parallel.enabled}) with the same node names
 * never meet. A {@code Lab} parameter of a {@code @BeforeAll} method (or of the constructor of a
 * {@code PER_CLASS} test class) is a lab for the whole class, removed after its last test.
 * {@link NshLab} sets the options. Without root the tests are skipped, or fail under
 * {@code -Dnsh.requireRoot=true} ({@link RootCondition}).
 */
public final class NshExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback, ExecutionCondition {
    private static final ExtensionContext.Namespace LABS = ExtensionContext.Namespace.create(NshExtension.class);
    private final RootCondition root = new RootCondition();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return root.evaluateExecutionCondition(context);
    }

    /** A constructor sees the test method's context, so that its lab is the test's own. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Lab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // Keyed by the context's id: a test's store also sees its class's, whose lab is not the test's.
        return context.getStore(LABS).getOrComputeIfAbsent(context.getUniqueId(), id -> open(context), TestLab.class).lab();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        finish(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        finish(context);
    }

    private static TestLab open(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<Method> method = context.getTestMethod();
        NshLab options = method.flatMap(m -> AnnotationSupport.findAnnotation(m, NshLab.class))
                .or(() -> AnnotationSupport.findAnnotation(testClass, NshLab.class, context.getEnclosingTestClasses()))
                .orElse(null);
        String name = LabNames.next(testClass, method.map(Method::getName).orElse(null));
        String test = testClass.getSimpleName() + method.map(m -> "." + m.getName()).orElse("");
        return TestLab.open(name, test, options, System.out);
    }

    private static void finish(ExtensionContext context) {
        TestLab lab = context.getStore(LABS).remove(context.getUniqueId(), TestLab.class);
        if (lab != null) lab.finish(context.getExecutionException());
    }
}
