package dev.scaleout.topology.process;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A live process the launcher started: a child of this JVM, or one a launcher of an
 * earlier call started and left running. Signals are real ones.
 */
public final class RunningProcess {

	private final ProcessHandle handle;

	RunningProcess(ProcessHandle handle) {
		this.handle = handle;
	}

	public long pid() {
		return this.handle.pid();
	}

	public boolean isAlive() {
		return this.handle.isAlive();
	}

	public void signal(Signal signal) {
		if (signal == Signal.KILL) {
			this.handle.destroyForcibly();
		}
		else {
			this.handle.destroy();
		}
	}

	/**
	 * @return whether it has exited within {@code timeout}
	 */
	public boolean awaitExit(Duration timeout) {
		try {
			this.handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public String toString() {
		return "pid " + pid();
	}

}
