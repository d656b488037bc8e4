package dev.anemone.internal;

import dev.anemone.IoBackend;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts the system property {@value IoBackend#PROPERTY} back as it was after each test of a class
 * that sets it, so that the tests after it (in anemone-epoll, every core test runs with it set to
 * {@code epoll}) see what their build set.
 */
final class IoBackendPropertyRestored implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace SAVED = ExtensionContext.Namespace.create(IoBackendPropertyRestored.class);
    /** Stands for "unset" in the store, which holds no nulls. */
    private static final String UNSET = "";

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(SAVED).put(IoBackend.PROPERTY, System.getProperty(IoBackend.PROPERTY, UNSET));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        String before = context.getStore(SAVED).remove(IoBackend.PROPERTY, String.class);
        if (before == null || before.equals(UNSET)) {
            System.clearProperty(IoBackend.PROPERTY);
        } else {
            System.setProperty(IoBackend.PROPERTY, before);
        }
    }
}
