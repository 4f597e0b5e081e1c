package dev.scaleout.app.support;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.scaleout.app.AppServiceApplication;
import dev.scaleout.testsupport.RedisServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One app-service replica: a full Spring context with its own web server on a free port,
 * talking to a real Redis. Several of them in one JVM behave like separate replicas: they
 * share nothing but what they share through Redis.
 */
public final class AppInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final String name;

	private AppInstance(String name, ConfigurableApplicationContext context) {
		this.name = name;
		this.context = context;
	}

	public static AppInstance start(String name, RedisServer redis, String... extraProperties) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("app.instance-id", name);
		properties.put("spring.data.redis.host", redis.host());
		properties.put("spring.data.redis.port", String.valueOf(redis.port()));
		properties.put("app.shutdown.drain-delay", "0s");
		properties.put("app.identity.load-test-users", "0");
		// Tests about other things need no lock nodes; inventory tests choose their
		// guard.
		properties.put("app.inventory.guard", "atomic");
		// ... and no object storage; file tests choose theirs.
		properties.put("app.storage.type", "local");
		for (String property : extraProperties) {
			int eq = property.indexOf('=');
			properties.put(property.substring(0, eq), property.substring(eq + 1));
		}
		// Command-line arguments, so they outrank application.yml as a replica's launcher
		// would.
		String[] args = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AppServiceApplication.class)
			.profiles("dev")
			.run(args);
		return new AppInstance(name, context);
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	/** A client logged in as {@code user} (password "password") through this replica. */
	public HttpTestClient login(String user) {
		HttpTestClient client = new HttpTestClient();
		// whoami hands out the CSRF cookie that login must echo.
		client.get(url("/api/whoami"));
		HttpTestClient.Response login = client.post(url("/api/login"),
				"{\"username\":\"" + user + "\",\"password\":\"password\"}");
		if (login.status() != 200) {
			throw new IllegalStateException("login of " + user + " answered " + login.status() + ": " + login.body());
		}
		return client;
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
