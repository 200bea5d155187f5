package dev.nsh;

import groovy.lang.DelegatingMetaClass;
import groovy.lang.GroovySystem;
import groovy.lang.MetaClass;
import groovy.lang.MetaClassRegistry;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * nsh's accessors are named as a record's are ({@code pid()}, {@code nodes()}, {@code isUp()} for a
 * yes or no), in Java and Groovy alike. Groovy reads property notation as a record component or a
 * JavaBeans getter only, so for nsh's own classes this makes {@code bg.pid} call {@code bg.pid()}:
 * a public method without arguments that returns something, where the class has no getter of that
 * name. A property read must not act, so methods that do are not accessors: those named as actions
 * ({@code link.down} stays an error, it does not take the link down) and those that return their own
 * class to be chained. Everything else goes to the metaclass Groovy would have used.
 *
 * <p>Installed once per JVM, from the classes a Groovy program starts with ({@link Nsh},
 * {@link Namespace}, the labs), before Groovy makes a metaclass for any of nsh's classes.
 */
public final class GroovyAccessors {
    private static boolean installed;

    private GroovyAccessors() {}

    public static synchronized void install() {
        if (installed) return;
        installed = true;
        MetaClassRegistry registry = GroovySystem.getMetaClassRegistry();
        MetaClassRegistry.MetaClassCreationHandle usual = registry.getMetaClassCreationHandler();
        registry.setMetaClassCreationHandle(new MetaClassRegistry.MetaClassCreationHandle() {
            @Override
            protected MetaClass createNormalMetaClass(Class theClass, MetaClassRegistry r) {
                MetaClass made = usual.create(theClass, r);
                return isNsh(theClass) ? new Accessors(made) : made;
            }
        });
    }

    private static boolean isNsh(Class<?> c) {
        // Records too: Groovy reads their components, not their other accessors (ruleset.json).
        return c.getName().startsWith("dev.nsh.") && !c.isInterface();
    }

    /** The accessor Groovy's property notation stands for, or null. */
    static Method accessor(Class<?> c, String property) {
        return ACCESSORS.computeIfAbsent(c, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(property, p -> Holder.of(find(c, p))).method;
    }

    private static Method find(Class<?> c, String property) {
        if (property.isEmpty()) return null;
        String cap = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        try {
            Method m = c.getMethod(property);
            if (m.getReturnType() == void.class || Modifier.isStatic(m.getModifiers()) || ACTIONS.contains(property)) return null;
            if (!c.isRecord() && m.getReturnType().isAssignableFrom(c)) return null; // chained: link.up() returns the link
            for (String getter : new String[] {"get" + cap, "is" + cap}) {
                try {
                    c.getMethod(getter);
                    return null; // a getter: Groovy's own reading
                } catch (NoSuchMethodException absent) {
                    // none: the accessor it is
                }
            }
            return m;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private record Holder(Method method) {
        static final Holder NONE = new Holder(null);

        static Holder of(Method m) {
            return m == null ? NONE : new Holder(m);
        }
    }

    /** Names of nsh's methods that change something or wait (stop() returns an exit status, run() a capture). */
    private static final java.util.Set<String> ACTIONS = java.util.Set.of("up", "down", "start", "stop", "run", "waitFor",
            "delete", "destroy", "close", "clear", "kill", "pingAll", "route", "pair", "call", "apply");

    private static final Map<Class<?>, Map<String, Holder>> ACCESSORS = new ConcurrentHashMap<>();

    private static final class Accessors extends DelegatingMetaClass {
        Accessors(MetaClass delegate) {
            super(delegate);
            initialize();
        }

        @Override
        public Object getProperty(Object object, String property) {
            Method m = object == null ? null : accessor(object.getClass(), property);
            return m != null ? invokeMethod(object, property, new Object[0]) : super.getProperty(object, property);
        }

        @Override
        public Object getProperty(Class sender, Object receiver, String property, boolean isCallToSuper, boolean fromInsideClass) {
            Method m = receiver == null || receiver instanceof Class ? null : accessor(receiver.getClass(), property);
            return m != null ? invokeMethod(receiver, property, new Object[0])
                    : super.getProperty(sender, receiver, property, isCallToSuper, fromInsideClass);
        }
    }
}
