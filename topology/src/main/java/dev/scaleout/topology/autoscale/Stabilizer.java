package dev.scaleout.topology.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The HPA's stabilization windows: a scale-up goes only as far as the lowest
 * recommendation of the scale-up window, a scale-down only as far as the highest of the
 * scale-down window, so that one noisy reading moves nothing.
 */
final class Stabilizer {

	private record Recommendation(Instant at, int replicas) {
	}

	private final Duration upWindow;

	private final Duration downWindow;

	private final Deque<Recommendation> history = new ArrayDeque<>();

	Stabilizer(Duration upWindow, Duration downWindow) {
		this.upWindow = upWindow;
		this.downWindow = downWindow;
	}

	int stabilize(int current, int recommended, Instant now) {
		this.history.addLast(new Recommendation(now, recommended));
		Duration longest = (this.upWindow.compareTo(this.downWindow) > 0) ? this.upWindow : this.downWindow;
		while (!this.history.isEmpty() && this.history.peekFirst().at().isBefore(now.minus(longest))) {
			this.history.removeFirst();
		}
		if (recommended > current) {
			int lowest = this.history.stream()
				.filter((r) -> !r.at().isBefore(now.minus(this.upWindow)))
				.mapToInt(Recommendation::replicas)
				.min()
				.orElse(recommended);
			return Math.max(current, lowest);
		}
		if (recommended < current) {
			int highest = this.history.stream()
				.filter((r) -> !r.at().isBefore(now.minus(this.downWindow)))
				.mapToInt(Recommendation::replicas)
				.max()
				.orElse(recommended);
			return Math.min(current, highest);
		}
		return current;
	}

}
