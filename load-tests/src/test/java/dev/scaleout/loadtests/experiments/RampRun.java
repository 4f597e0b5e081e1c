package dev.scaleout.loadtests.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;

import dev.scaleout.loadtests.BrowsingUsers;
import dev.scaleout.loadtests.experiments.OpenLoad.Recording;
import dev.scaleout.loadtests.experiments.OpenLoad.Request;

/**
 * One ramp of load against one fleet, and the figures of the {@code autoscale} experiment
 * computed from what was recorded: the load's requests, the replicas the gateway routed
 * to over time, the replica killed during the hold and the users who browsed meanwhile.
 * Phase names are those of {@link #UP}, {@link #HOLD} and {@link #DOWN}.
 *
 * @param min the fewest replicas the fleet has (both fleets start with it)
 * @param killedAtMillis when {@code killed} got SIGKILL, from the start of the load
 */
record RampRun(String label, int min, Recording load, List<FleetWatch.Sample> fleet, String killed, long killedAtMillis,
		BrowsingUsers.Outcome users) {

	static final String UP = "ramp up";

	static final String HOLD = "hold";

	static final String DOWN = "ramp down";

	long requests() {
		return this.load.requests().size();
	}

	long failed() {
		return this.load.requests().stream().filter(Request::failed).count();
	}

	/**
	 * The 99th percentile (nearest rank) of the time of the requests due in the phase, a
	 * failed request counted with the time it took to fail (a timeout: the whole of it):
	 * leaving failures out would make a collapsing fleet look fast.
	 */
	OptionalLong p99(String phase) {
		List<Request> requests = this.load.between(this.load.phaseStart(phase), this.load.phaseEnd(phase));
		return percentile(requests.stream().mapToLong(Request::millis).toArray(), 99);
	}

	static OptionalLong percentile(long[] values, double percent) {
		if (values.length == 0) {
			return OptionalLong.empty();
		}
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percent / 100 * sorted.length);
		return OptionalLong.of(sorted[Math.max(0, rank - 1)]);
	}

	/** The most replicas the gateway routed to at once. */
	int peak() {
		return this.fleet.stream().mapToInt(FleetWatch.Sample::count).max().orElse(0);
	}

	/** From the start of the ramp up until the gateway first routed to more than min. */
	OptionalLong firstScaleOut() {
		return firstAfter(this.load.phaseStart(UP), (sample) -> sample.count() > this.min);
	}

	/** From the start of the ramp up until the gateway first routed to the peak. */
	OptionalLong peakReached() {
		int peak = peak();
		return (peak > this.min) ? firstAfter(this.load.phaseStart(UP), (sample) -> sample.count() == peak)
				: OptionalLong.empty();
	}

	/**
	 * From the end of the hold (the load starts falling) until the gateway routed to min
	 * replicas for good: the first sample at min after which none is above it. Empty if
	 * it never grew, or had not shrunk back by the end.
	 */
	OptionalLong scaleIn() {
		long holdEnd = this.load.phaseEnd(HOLD);
		List<FleetWatch.Sample> after = this.fleet.stream().filter((sample) -> sample.atMillis() >= holdEnd).toList();
		if (peak() <= this.min || after.isEmpty() || after.get(after.size() - 1).count() > this.min) {
			return OptionalLong.empty();
		}
		int lastAbove = -1;
		for (int i = 0; i < after.size(); i++) {
			if (after.get(i).count() > this.min) {
				lastAbove = i;
			}
		}
		return (lastAbove + 1 < after.size()) ? OptionalLong.of(after.get(lastAbove + 1).atMillis() - holdEnd)
				: OptionalLong.empty();
	}

	/**
	 * From the SIGKILL until the gateway routed to a replica of that name again, after it
	 * had taken it out. Empty: never replaced.
	 */
	OptionalLong replaced() {
		boolean out = false;
		for (FleetWatch.Sample sample : this.fleet) {
			if (sample.atMillis() < this.killedAtMillis) {
				continue;
			}
			if (!sample.serving().contains(this.killed)) {
				out = true;
			}
			else if (out) {
				return OptionalLong.of(sample.atMillis() - this.killedAtMillis);
			}
		}
		return OptionalLong.empty();
	}

	/**
	 * The p99 of each bucket of {@code bucketMillis} of the load, for the chart: entries
	 * {@code [bucket start, p99]}, buckets without requests left out.
	 */
	List<long[]> p99Timeline(long bucketMillis) {
		List<long[]> timeline = new ArrayList<>();
		long end = this.load.phases().stream().mapToLong((phase) -> phase.length().toMillis()).sum();
		for (long from = 0; from < end; from += bucketMillis) {
			long start = from;
			percentile(this.load.between(from, from + bucketMillis).stream().mapToLong(Request::millis).toArray(), 99)
				.ifPresent((p99) -> timeline.add(new long[] { start, p99 }));
		}
		return timeline;
	}

	private OptionalLong firstAfter(long fromMillis, Predicate<FleetWatch.Sample> condition) {
		return this.fleet.stream()
			.filter((sample) -> sample.atMillis() >= fromMillis && condition.test(sample))
			.mapToLong((sample) -> sample.atMillis() - fromMillis)
			.findFirst();
	}

}
