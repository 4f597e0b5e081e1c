package dev.scaleout.topology.autoscale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An Auto Scaling Group for the local replicas: every {@link #tick()} it starts again any
 * replica that died (nobody asked), then sizes the fleet to the load by the
 * {@link ScalingPolicy}. Scaling waits for the replicas it starts to be admitted, and the
 * load it measured before is forgotten afterwards: the next decision sees the new fleet,
 * not the queue the old one built up.
 */
public final class Supervisor {

	private record Sample(Instant at, Fleet.Load load) {
	}

	private final Fleet fleet;

	private final ScalingPolicy policy;

	private final Clock clock;

	private final Consumer<ScalingEvent> listener;

	private final Stabilizer stabilizer;

	private final Deque<Sample> samples = new ArrayDeque<>();

	private final List<ScalingEvent> events = new CopyOnWriteArrayList<>();

	public Supervisor(Fleet fleet, ScalingPolicy policy, Clock clock, Consumer<ScalingEvent> listener) {
		this.fleet = fleet;
		this.policy = policy;
		this.clock = clock;
		this.listener = listener;
		this.stabilizer = new Stabilizer(policy.scaleUpWindow(), policy.scaleDownWindow());
	}

	/** One round: heal, measure, scale. */
	public void tick() {
		heal();
		Instant now = this.clock.instant();
		this.fleet.load().ifPresent((load) -> this.samples.addLast(new Sample(now, load)));
		while (!this.samples.isEmpty()
				&& this.samples.peekFirst().at().isBefore(now.minus(this.policy.metricWindow()))) {
			this.samples.removeFirst();
		}
		Optional<Double> observed = inFlightPerReplica();
		if (observed.isEmpty()) {
			return;
		}
		int current = this.fleet.replicas().size();
		int recommended = this.policy.desired(current, observed.get());
		int stabilized = this.stabilizer.stabilize(current, recommended, now);
		int target = Math.min(stabilized, current + this.policy.scaleUpStep());
		if (target != current) {
			String reason = String.format(Locale.ROOT, "in-flight %.1f per replica %s target %s", observed.get(),
					(target > current) ? ">" : "<", number(this.policy.targetInFlight()));
			if (target < stabilized) {
				reason += " (" + stabilized + " wanted; " + ((this.policy.scaleUpStep() == 1) ? "one replica starts"
						: "up to " + this.policy.scaleUpStep() + " replicas start") + " at a time)";
			}
			else if (target != recommended) {
				Duration window = (target > current) ? this.policy.scaleUpWindow() : this.policy.scaleDownWindow();
				reason += " (" + recommended + " recommended; the " + window.toSeconds() + " s "
						+ ((target > current) ? "scale-up" : "scale-down") + " window keeps " + target + ")";
			}
			else if (target == this.policy.min() && target < current) {
				reason += " (min " + this.policy.min() + ")";
			}
			else if (target == this.policy.max() && target > current) {
				reason += " (max " + this.policy.max() + ")";
			}
			ScalingEvent.Kind kind = (target > current) ? ScalingEvent.Kind.SCALE_OUT : ScalingEvent.Kind.SCALE_IN;
			record(new ScalingEvent(now, kind, null, current, target, reason));
			this.fleet.scaleTo(target);
			this.samples.clear();
		}
	}

	/**
	 * Runs {@link #tick()} every {@code period} until the thread is interrupted.
	 * @param problems told of a round that failed; the next one tries again
	 */
	public void run(Duration period, Consumer<String> problems) {
		while (!Thread.currentThread().isInterrupted()) {
			try {
				tick();
			}
			catch (RuntimeException ex) {
				problems.accept("autoscaler: this round failed, trying again: " + ex);
			}
			try {
				Thread.sleep(period.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Everything it did so far, oldest first. */
	public List<ScalingEvent> events() {
		return List.copyOf(this.events);
	}

	private void heal() {
		List<String> dead = new ArrayList<>();
		for (String replica : this.fleet.replicas()) {
			if (!this.fleet.isRunning(replica)) {
				dead.add(replica);
			}
		}
		int replicas = this.fleet.replicas().size();
		for (String replica : dead) {
			this.fleet.replace(replica);
			record(new ScalingEvent(this.clock.instant(), ScalingEvent.Kind.REPLACED, replica, replicas, replicas,
					"its process had died"));
		}
		if (!dead.isEmpty()) {
			// Its queue was the others' while it was gone.
			this.samples.clear();
		}
	}

	private Optional<Double> inFlightPerReplica() {
		if (this.samples.isEmpty()) {
			return Optional.empty();
		}
		double sum = 0;
		for (Sample sample : this.samples) {
			sum += sample.load().inFlight() / (double) Math.max(1, sample.load().healthy());
		}
		return Optional.of(sum / this.samples.size());
	}

	private void record(ScalingEvent event) {
		this.events.add(event);
		this.listener.accept(event);
		this.fleet.announce(event);
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.valueOf(value);
	}

}
