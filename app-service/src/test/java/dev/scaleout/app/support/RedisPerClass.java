package dev.scaleout.app.support;

import dev.scaleout.testsupport.RedisServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Redis for a test class and all its nested classes: started before the first of
 * them, stopped after the last. ({@code @RegisterExtension static final RedisPerClass
 * redis = new RedisPerClass();} in the outer class; nested classes inherit it, and their
 * own before-all and after-all calls leave it running.)
 */
public final class RedisPerClass implements BeforeAllCallback, AfterAllCallback {

	private RedisServer server;

	private Class<?> owner;

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.server == null) {
			this.server = RedisServer.start();
			this.owner = context.getRequiredTestClass();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.server != null && context.getRequiredTestClass() == this.owner) {
			this.server.close();
			this.server = null;
		}
	}

	public RedisServer server() {
		if (this.server == null) {
			throw new IllegalStateException("Redis runs only between the test class's before-all and after-all");
		}
		return this.server;
	}

}
