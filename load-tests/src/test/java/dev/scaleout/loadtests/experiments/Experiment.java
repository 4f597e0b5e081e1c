package dev.scaleout.loadtests.experiments;

/**
 * One trade-off as numbers: it brings the topology up in each configuration it compares,
 * runs the traffic, performs its fault timed from the traffic, and returns a table.
 */
interface Experiment {

	/** As {@code ./scaleout experiment NAME} names it. */
	String name();

	/** What it compares and reads out, for {@code ./scaleout experiment help}. */
	String summary();

	Table run(Lab lab);

}
