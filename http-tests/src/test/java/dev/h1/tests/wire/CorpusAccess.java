package dev.h1.tests.wire;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The llhttp corpus and h1's decisions on it, as the decoder replay ({@code dev.h1.tests.conformance}) reads them:
 * {@code LlhttpCorpus.cases()}, {@code H1Policy.checksFor(..)} and {@code H1Policy.skipReason(..)}, converted into
 * this package's {@link WireCase}. Those classes are package-private, and the wire replay must judge every case by the
 * same single source of decisions rather than a copy of them, so they are read reflectively (the test class path is
 * not modular, so {@code setAccessible} is allowed). Should they become public, this class shrinks to direct calls.
 */
final class CorpusAccess {

    private static final String PACKAGE = "dev.h1.tests.conformance.";

    private CorpusAccess() {
    }

    /** Every case of the corpus, in its order, with h1's checks. */
    static List<WireCase> cases() {
        Method cases = method("LlhttpCorpus", "cases");
        Method checksFor = method("H1Policy", "checksFor", type("CorpusCase"));
        Method skipReason = method("H1Policy", "skipReason", type("CorpusCase"));
        List<WireCase> wireCases = new ArrayList<>();
        for (Object corpusCase : (List<?>) invoke(cases, null)) {
            List<WireCheck> checks = new ArrayList<>();
            for (Object check : (List<?>) invoke(checksFor, null, corpusCase)) {
                checks.add(toCheck(check));
            }
            Optional<?> skip = (Optional<?>) invoke(skipReason, null, corpusCase);
            wireCases.add(new WireCase(text(corpusCase, "id"), text(corpusCase, "mode"), text(corpusCase, "expect"),
                    text(corpusCase, "notes"), toMessages(component(corpusCase, "messages")), List.copyOf(checks),
                    skip.map(Object::toString)));
        }
        return List.copyOf(wireCases);
    }

    private static WireCheck toCheck(Object check) {
        Object verdict = component(check, "verdict");
        Object completed = component(verdict, "completed");
        Object partial = component(verdict, "partial");
        return new WireCheck(text(check, "name"), (byte[]) component(check, "input"),
                WireCheck.Kind.valueOf(component(verdict, "kind").toString()),
                completed == null ? null : toMessages(completed), (Integer) component(verdict, "status"),
                partial == null ? null : toPartial(partial), text(verdict, "passThrough"));
    }

    private static List<WireCheck.Message> toMessages(Object requests) {
        List<WireCheck.Message> messages = new ArrayList<>();
        for (Object request : (List<?>) requests) {
            messages.add(new WireCheck.Message(text(request, "method"), text(request, "target"),
                    text(request, "version"), toFields(component(request, "headers")), text(request, "body")));
        }
        return List.copyOf(messages);
    }

    private static WireCheck.Partial toPartial(Object partial) {
        boolean headersComplete = (Boolean) component(partial, "headersComplete");
        return new WireCheck.Partial(text(partial, "method"), text(partial, "target"), headersComplete,
                headersComplete ? toFields(component(partial, "headers")) : List.of());
    }

    private static List<WireCheck.Field> toFields(Object fields) {
        List<WireCheck.Field> converted = new ArrayList<>();
        for (Object field : (List<?>) fields) {
            converted.add(new WireCheck.Field(text(field, "name"), text(field, "value")));
        }
        return List.copyOf(converted);
    }

    private static String text(Object record, String name) {
        Object value = component(record, name);
        return value == null ? null : value.toString();
    }

    /** The value of record component {@code name} of {@code record}. */
    private static Object component(Object record, String name) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getName().equals(name)) {
                Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                return invoke(accessor, record);
            }
        }
        throw new IllegalStateException(record.getClass().getName() + " has no component " + name);
    }

    private static Class<?> type(String simpleName) {
        try {
            return Class.forName(PACKAGE + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the decoder replay's " + simpleName + " is gone; update this bridge", e);
        }
    }

    private static Method method(String type, String name, Class<?>... parameters) {
        try {
            Method method = type(type).getDeclaredMethod(name, parameters);
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + "." + name + " is gone; update this bridge", e);
        }
    }

    private static Object invoke(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(method + " failed", e.getCause());
        }
    }
}
