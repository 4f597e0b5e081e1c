package dev.scaleout.loadtests.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.scaleout.loadtests.FilesSimulation;
import dev.scaleout.loadtests.experiments.SimulationFigures.Uploads;
import dev.scaleout.loadtests.experiments.Table.Column;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.settings.Choices;
import dev.scaleout.topology.settings.StorageType;

import static dev.scaleout.loadtests.experiments.Table.column;

/** Uploads on each replica's own disk against the shared object store. */
final class FilesExperiment implements Experiment {

	private record Row(StorageType storage, GatlingResult run, Optional<Uploads> uploads) {
	}

	@Override
	public String name() {
		return "files";
	}

	@Override
	public String summary() {
		return "storage local vs s3: downloads that fail on a replica other than the uploader's";
	}

	@Override
	public Table run(Lab lab) {
		List<Row> rows = new ArrayList<>();
		for (StorageType storage : List.of(StorageType.LOCAL, StorageType.S3)) {
			Topology topology = lab.up("--storage " + Choices.text(storage), (settings) -> settings.storage(storage));
			GatlingResult run = Traffic.await(lab.gatling()
				.start("files-" + Choices.text(storage), FilesSimulation.class, topology.gateway().url(),
						Map.of("users", String.valueOf(lab.users()))));
			rows.add(new Row(storage, run, Uploads.of(run)));
		}
		List<Column<Row>> columns = List.of(column("storage", (row) -> Choices.text(row.storage())),
				column("uploads", (row) -> row.uploads().map(Uploads::uploads)),
				column("downloads", (row) -> row.uploads().map(Uploads::downloads)),
				column("404 (file not on that replica)", (row) -> row.uploads().map(Uploads::notFound)),
				column("share failed", (row) -> row.uploads().map(Uploads::notFoundShare)),
				column("Gatling report", (row) -> Traffic.report(lab, row.run())));
		return Table.of(name(), "Uploads: each of " + lab.users()
				+ " users uploads one file and downloads it 6 times through the gateway (3 replicas, round-robin)",
				columns, rows,
				"local: each replica writes to its own disk, so only a download that lands on the uploader's "
						+ "replica finds the file.");
	}

}
