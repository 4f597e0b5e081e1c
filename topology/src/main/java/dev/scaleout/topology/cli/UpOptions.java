package dev.scaleout.topology.cli;

import java.util.List;

import dev.scaleout.topology.local.LocalSettings;
import dev.scaleout.topology.settings.Guard;
import dev.scaleout.topology.settings.Replication;
import dev.scaleout.topology.settings.SessionStore;
import dev.scaleout.topology.settings.StorageType;
import dev.scaleout.topology.settings.Strategy;

/** The options of {@code ./scaleout up}, applied to the remembered settings. */
final class UpOptions {

	private UpOptions() {
	}

	static LocalSettings parse(List<String> options, LocalSettings remembered) {
		Builder settings = new Builder(remembered);
		for (int i = 0; i < options.size(); i++) {
			String option = options.get(i);
			switch (option) {
				case "--ha" -> settings.ha = true;
				case "--replicas", "--session", "--replication", "--lb", "--guard", "--storage", "--slow", "--errors",
						"--hedge", "--weights", "--canary", "--autoscale", "--capacity" -> {
					if (i + 1 >= options.size()) {
						throw new IllegalArgumentException(option + " needs " + expected(option));
					}
					settings.set(option, options.get(++i));
				}
				default ->
					throw new IllegalArgumentException("unknown option '" + option + "' (see ./scaleout up --help)");
			}
		}
		return settings.build();
	}

	private static String expected(String option) {
		return switch (option) {
			case "--replicas" -> "a number, 1..99";
			case "--session" -> "redis, jwt, memory or cluster";
			case "--replication" -> "all-to-all or primary-backup";
			case "--lb" -> "a strategy";
			case "--guard" -> "redlock, rlock, fenced, atomic or none";
			case "--storage" -> "s3 or local";
			case "--slow" -> "NAME=DELAY, e.g. app-3=100ms, or none";
			case "--errors" -> "NAME=PERCENT, e.g. app-3=20%, or none";
			case "--hedge" -> "DELAY, e.g. 50ms, or none";
			case "--weights" -> "NAME=W,..., e.g. app-1=3,app-2=3, or none";
			case "--autoscale" -> "MIN..MAX, e.g. 2..6, or off";
			case "--capacity" -> "AT_ONCE@DELAY, e.g. 8@100ms, or none";
			default -> "on or off";
		};
	}

	/** The remembered settings with what the options change. */
	private static final class Builder {

		private final LocalSettings.Builder settings;

		private boolean ha;

		Builder(LocalSettings base) {
			this.settings = base.toBuilder();
			this.ha = base.ha();
		}

		void set(String option, String value) {
			switch (option) {
				case "--replicas" -> this.settings.replicas(LocalSettings.replicas(value, "--replicas"));
				case "--session" -> this.settings.session(LocalSettings.choice(SessionStore.class, value, "--session"));
				case "--replication" ->
					this.settings.replication(LocalSettings.choice(Replication.class, value, "--replication"));
				case "--lb" -> this.settings.lb(LocalSettings.choice(Strategy.class, value, "--lb"));
				case "--guard" -> this.settings.guard(LocalSettings.choice(Guard.class, value, "--guard"));
				case "--storage" -> this.settings.storage(LocalSettings.choice(StorageType.class, value, "--storage"));
				case "--slow" -> this.settings.slow(LocalSettings.slow(value));
				case "--errors" -> this.settings.errors(LocalSettings.errors(value));
				case "--hedge" -> this.settings.hedge(LocalSettings.hedge(value));
				case "--weights" -> this.settings.weights(LocalSettings.weights(value));
				case "--autoscale" -> this.settings.autoscale(LocalSettings.autoscale(value));
				case "--capacity" -> this.settings.capacity(LocalSettings.capacity(value));
				default -> {
					if (!value.equals("on") && !value.equals("off")) {
						throw new IllegalArgumentException("--canary must be on or off, was '" + value + "'");
					}
					this.settings.canary(value.equals("on"));
				}
			}
		}

		LocalSettings build() {
			return this.settings.ha(this.ha).build();
		}

	}

}
