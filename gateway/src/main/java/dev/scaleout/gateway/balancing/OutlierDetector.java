package dev.scaleout.gateway.balancing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envoy's statistical outlier detection, run once an interval over a pool: each
 * instance's outcomes since the last run are judged by their failure percentage and
 * against the other instances' success rates, then counted afresh. It finds what a run of
 * consecutive errors misses: a replica failing one request in five fails three in a row
 * only once every 125 requests, and its health checks pass throughout.
 */
final class OutlierDetector {

	private static final Logger log = LoggerFactory.getLogger(OutlierDetector.class);

	/** Intervals a window of too few requests is kept open at most. */
	static final int LONGEST_WINDOW = 10;

	private OutlierDetector() {
	}

	private record Outlier(Instance instance, Instance.Window window, String reason) {
	}

	/**
	 * Judges the outcomes since the last call and ejects the outliers, at most
	 * {@code maxEjectionPercent} of the pool at once (at least one).
	 * @return the instances ejected now
	 */
	static List<Instance> judge(List<Instance> instances, GatewayProperties.Outlier outlier, Instant now) {
		Map<Instance, Instance.Window> windows = new LinkedHashMap<>();
		long enough = outlier.failurePercentage().minimumRequests();
		Duration longest = outlier.interval().multipliedBy(LONGEST_WINDOW);
		for (Instance instance : instances) {
			Instance.Window window = instance.takeWindow(enough, longest, now);
			if (instance.state() == Instance.State.HEALTHY) {
				windows.put(instance, window);
			}
		}
		// One entry per instance: the first rule that finds it an outlier gives the
		// reason.
		Map<Instance, Outlier> found = new LinkedHashMap<>();
		failurePercentage(windows, outlier, found);
		successRate(windows, outlier, found);
		List<Outlier> outliers = new ArrayList<>(found.values());
		outliers.sort(Comparator.comparingDouble((Outlier o) -> o.window().failurePercent()).reversed());

		long ejected = instances.stream().filter((i) -> i.state() == Instance.State.EJECTED).count();
		long mostEjected = Math.max(1, instances.size() * outlier.maxEjectionPercent() / 100);
		List<Instance> ejectedNow = new ArrayList<>();
		for (Outlier candidate : outliers) {
			if (ejected >= mostEjected) {
				log.info("Instance {} is an outlier ({}) but {} of {} are ejected already (max-ejection-percent {})",
						candidate.instance(), candidate.reason(), ejected, instances.size(),
						outlier.maxEjectionPercent());
				break;
			}
			if (candidate.instance().ejectAsOutlier(outlier, now, candidate.reason())) {
				ejectedNow.add(candidate.instance());
				ejected++;
				log.info("Instance {} ejected: {}", candidate.instance(), candidate.reason());
			}
		}
		windows.forEach((instance, window) -> {
			if (window.requests() > 0 && window.failures() == 0) {
				instance.stayedClean();
			}
		});
		return ejectedNow;
	}

	private static void failurePercentage(Map<Instance, Instance.Window> windows, GatewayProperties.Outlier outlier,
			Map<Instance, Outlier> outliers) {
		GatewayProperties.FailurePercentage rule = outlier.failurePercentage();
		if (rule.threshold() == 0) {
			return;
		}
		windows.forEach((instance, window) -> {
			if (window.requests() >= rule.minimumRequests() && window.failurePercent() >= rule.threshold()) {
				outliers.putIfAbsent(instance,
						new Outlier(instance, window,
								String.format(Locale.ROOT,
										"%.0f %% of its last %d requests failed (failure-percentage %d %%)",
										window.failurePercent(), window.requests(), rule.threshold())));
			}
		});
	}

	private static void successRate(Map<Instance, Instance.Window> windows, GatewayProperties.Outlier outlier,
			Map<Instance, Outlier> outliers) {
		GatewayProperties.SuccessRate rule = outlier.successRate();
		Map<Instance, Instance.Window> judged = new LinkedHashMap<>();
		windows.forEach((instance, window) -> {
			if (window.requests() >= rule.requestVolume()) {
				judged.put(instance, window);
			}
		});
		if (judged.size() < rule.minimumHosts()) {
			return;
		}
		double mean = judged.values().stream().mapToDouble(Instance.Window::successRate).average().orElse(100);
		double variance = judged.values()
			.stream()
			.mapToDouble((w) -> (w.successRate() - mean) * (w.successRate() - mean))
			.average()
			.orElse(0);
		double limit = mean - rule.stdevFactor() * Math.sqrt(variance);
		judged.forEach((instance, window) -> {
			if (window.successRate() < limit) {
				outliers.putIfAbsent(instance, new Outlier(instance, window, String.format(Locale.ROOT,
						"success rate %.1f %% of %d requests, below the pool's %.1f %% less %.1f standard deviations",
						window.successRate(), window.requests(), mean, rule.stdevFactor())));
			}
		});
	}

}
