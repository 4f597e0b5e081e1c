package dev.scaleout.loadtests.experiments;

import java.util.List;
import java.util.Locale;

import dev.scaleout.loadtests.experiments.OpenLoad.Phase;

/**
 * The {@code autoscale} experiment as a picture a person would rather look at than read:
 * the replicas the gateway routed to over time (above) and the p99 of each
 * {@value #BUCKET_MILLIS} ms of load (below, logarithmic), one line per fleet, the phases
 * of the load and the SIGKILL marked. Plain SVG, so that it shows on GitHub and in any
 * browser without a library.
 */
final class RampChart {

	static final long BUCKET_MILLIS = 2000;

	/** Okabe–Ito: told apart by colour-blind readers too. */
	private static final List<String> COLOURS = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7");

	private static final int WIDTH = 760;

	private static final int LEFT = 56;

	private static final int RIGHT = 16;

	private static final int REPLICAS_TOP = 48;

	private static final int REPLICAS_BOTTOM = 188;

	private static final int LATENCY_TOP = 228;

	private static final int LATENCY_BOTTOM = 388;

	private static final int HEIGHT = 420;

	/** The latency axis: 10 ms to 10 s. */
	private static final double LOG_LOW = 1;

	private static final double LOG_HIGH = 4;

	private RampChart() {
	}

	static String svg(String title, List<RampRun> runs) {
		List<Phase> phases = runs.get(0).load().phases();
		long total = phases.stream().mapToLong((phase) -> phase.length().toMillis()).sum();
		int most = Math.max(1, runs.stream().mapToInt(RampRun::peak).max().orElse(1));
		Axes axes = new Axes(total, most + 1);
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
						+ "font-family=\"system-ui, sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"%s\">%n",
				WIDTH, HEIGHT, WIDTH, HEIGHT, escape(title)));
		svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
		svg.append(text(LEFT, 18, escape(title), "font-size=\"14\" font-weight=\"600\""));

		// Phases: a light band for every other one, the name on top.
		long start = 0;
		for (int i = 0; i < phases.size(); i++) {
			Phase phase = phases.get(i);
			double x0 = axes.x(start);
			double x1 = axes.x(start + phase.length().toMillis());
			if (i % 2 == 1) {
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#f3f4f6\"/>%n", x0, REPLICAS_TOP,
						x1 - x0, LATENCY_BOTTOM - REPLICAS_TOP));
			}
			svg.append(text((x0 + x1) / 2, REPLICAS_TOP - 6, escape(phase.name()),
					"text-anchor=\"middle\" fill=\"#57606a\""));
			start += phase.length().toMillis();
		}

		// Axes and grid.
		for (int replicas = 0; replicas <= most + 1; replicas++) {
			double y = axes.replicas(replicas);
			svg.append(line(LEFT, y, WIDTH - RIGHT, y, "#d0d7de", ""));
			svg.append(text(LEFT - 8, y + 4, String.valueOf(replicas), "text-anchor=\"end\" fill=\"#57606a\""));
		}
		svg.append(text(8, REPLICAS_TOP + 70, "replicas",
				"fill=\"#24292f\" transform=\"rotate(-90 14 " + (REPLICAS_TOP + 70) + ")\""));
		for (long millis : new long[] { 10, 100, 1000, 10000 }) {
			double y = axes.latency(millis);
			svg.append(line(LEFT, y, WIDTH - RIGHT, y, "#d0d7de", ""));
			svg.append(text(LEFT - 8, y + 4, (millis < 1000) ? millis + " ms" : (millis / 1000) + " s",
					"text-anchor=\"end\" fill=\"#57606a\""));
		}
		svg.append(text(8, LATENCY_TOP + 80, "p99",
				"fill=\"#24292f\" transform=\"rotate(-90 14 " + (LATENCY_TOP + 80) + ")\""));
		for (long second = 0; second * 1000 <= total; second += 30) {
			double x = axes.x(second * 1000);
			svg.append(text(x, LATENCY_BOTTOM + 18, second + " s", "text-anchor=\"middle\" fill=\"#57606a\""));
		}

		// The SIGKILL, as a dashed mark across both panels.
		RampRun first = runs.get(0);
		double kill = axes.x(first.killedAtMillis());
		svg.append(line(kill, REPLICAS_TOP, kill, LATENCY_BOTTOM, "#a40e26", "stroke-dasharray=\"4 4\""));
		svg.append(text(kill + 4, REPLICAS_TOP + 12, "SIGKILL " + escape(first.killed()), "fill=\"#a40e26\""));

		for (int i = 0; i < runs.size(); i++) {
			RampRun run = runs.get(i);
			String colour = COLOURS.get(i % COLOURS.size());
			StringBuilder replicas = new StringBuilder();
			Integer previous = null;
			for (FleetWatch.Sample sample : run.fleet()) {
				double x = axes.x(Math.min(total, sample.atMillis()));
				if (previous != null) {
					replicas.append(point(x, axes.replicas(previous)));
				}
				replicas.append(point(x, axes.replicas(sample.count())));
				previous = sample.count();
			}
			svg.append(polyline(replicas, colour));
			StringBuilder latency = new StringBuilder();
			for (long[] bucket : run.p99Timeline(BUCKET_MILLIS)) {
				latency.append(point(axes.x(bucket[0] + BUCKET_MILLIS / 2), axes.latency(bucket[1])));
			}
			svg.append(polyline(latency, colour));
			int legendY = HEIGHT - 8;
			double legendX = LEFT + i * 260;
			svg.append(line(legendX, legendY - 4, legendX + 24, legendY - 4, colour, "stroke-width=\"3\""));
			svg.append(text(legendX + 30, legendY, escape(run.label()), "fill=\"#24292f\""));
		}
		return svg.append("</svg>\n").toString();
	}

	private record Axes(long totalMillis, int replicas) {

		double x(long millis) {
			return LEFT + (double) millis / this.totalMillis * (WIDTH - LEFT - RIGHT);
		}

		double replicas(int count) {
			return REPLICAS_BOTTOM - (double) count / this.replicas * (REPLICAS_BOTTOM - REPLICAS_TOP);
		}

		double latency(long millis) {
			double log = Math.log10(Math.max(1, millis));
			double clamped = Math.max(LOG_LOW, Math.min(LOG_HIGH, log));
			return LATENCY_BOTTOM - (clamped - LOG_LOW) / (LOG_HIGH - LOG_LOW) * (LATENCY_BOTTOM - LATENCY_TOP);
		}

	}

	private static String point(double x, double y) {
		return String.format(Locale.ROOT, "%.1f,%.1f ", x, y);
	}

	private static String polyline(CharSequence points, String colour) {
		return "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\" points=\""
				+ points.toString().trim() + "\"/>\n";
	}

	private static String line(double x1, double y1, double x2, double y2, String colour, String extra) {
		return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" %s/>%n",
				x1, y1, x2, y2, colour, extra);
	}

	private static String text(double x, double y, String content, String extra) {
		return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>%n", x, y, extra, content);
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
