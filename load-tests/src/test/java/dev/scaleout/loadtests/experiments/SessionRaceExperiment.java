package dev.scaleout.loadtests.experiments;

import java.util.ArrayList;
import java.util.List;

import dev.scaleout.loadtests.SessionRace;
import dev.scaleout.loadtests.experiments.Table.Column;
import dev.scaleout.topology.Topology;
import dev.scaleout.topology.settings.CartStore;
import dev.scaleout.topology.settings.Choices;
import dev.scaleout.topology.settings.Replication;
import dev.scaleout.topology.settings.SessionSaveMode;
import dev.scaleout.topology.settings.SessionStore;
import dev.scaleout.topology.settings.Strategy;

import static dev.scaleout.loadtests.experiments.Table.column;

/**
 * Two tabs, one session: in every session store, the tabs of each user change one cart at
 * the same instant ({@link SessionRace}, the code {@code SessionRaceEndToEndTests} holds
 * to "nothing acknowledged is lost"), with the naive cart layouts and with the shared
 * cart. One topology per store, two replicas; between the layouts of one store only the
 * replicas are started again.
 */
final class SessionRaceExperiment implements Experiment {

	/** One store and the cart layouts it is raced with, in order. */
	private record Group(SessionStore store, Replication replication, List<Layout> layouts) {

		Strategy lb() {
			// Memory sessions exist on one replica only: they work behind sticky routing.
			return (this.store == SessionStore.MEMORY) ? Strategy.STICKY : Strategy.ROUND_ROBIN;
		}

		String storeText() {
			return (this.store == SessionStore.CLUSTER) ? "cluster/" + Choices.text(this.replication)
					: Choices.text(this.store);
		}

	}

	/**
	 * @param alsoIfMatch whether the layout is raced a second time with {@code If-Match}
	 */
	private record Layout(CartStore cart, SessionSaveMode saveMode, boolean alsoIfMatch) {

		static Layout of(CartStore cart) {
			return new Layout(cart, SessionSaveMode.ON_SET_ATTRIBUTE, false);
		}

		String text() {
			return Choices.text(this.cart)
					+ ((this.saveMode != SessionSaveMode.ON_SET_ATTRIBUTE) ? "/" + Choices.text(this.saveMode) : "");
		}

	}

	private record Row(Group group, Layout layout, boolean conditional, SessionRace.Result result) {
	}

	private static final List<Group> GROUPS = List.of(
			new Group(SessionStore.REDIS, Replication.ALL_TO_ALL,
					List.of(Layout.of(CartStore.SESSION), Layout.of(CartStore.SESSION_ATTRIBUTES),
							new Layout(CartStore.SESSION_ATTRIBUTES, SessionSaveMode.ALWAYS, false),
							new Layout(CartStore.SHARED, SessionSaveMode.ON_SET_ATTRIBUTE, true))),
			new Group(SessionStore.JWT, Replication.ALL_TO_ALL,
					List.of(Layout.of(CartStore.SESSION),
							new Layout(CartStore.SHARED, SessionSaveMode.ON_SET_ATTRIBUTE, true))),
			new Group(SessionStore.CLUSTER, Replication.ALL_TO_ALL,
					List.of(Layout.of(CartStore.SESSION), Layout.of(CartStore.SESSION_ATTRIBUTES),
							Layout.of(CartStore.SHARED))),
			new Group(SessionStore.CLUSTER, Replication.PRIMARY_BACKUP,
					List.of(Layout.of(CartStore.SESSION), Layout.of(CartStore.SHARED))),
			new Group(SessionStore.MEMORY, Replication.ALL_TO_ALL,
					List.of(Layout.of(CartStore.SESSION), Layout.of(CartStore.SHARED))));

	@Override
	public String name() {
		return "session-race";
	}

	@Override
	public String summary() {
		return "per session store, the tabs of each user change one cart at the same instant: the whole cart in\n"
				+ "the session, one attribute per line, the shared cart (with If-Match): changes acknowledged, lost";
	}

	@Override
	public Table run(Lab lab) {
		int users = lab.number("EXPERIMENT_RACE_USERS", 5);
		int tabs = lab.number("EXPERIMENT_TABS", 4);
		int items = lab.number("EXPERIMENT_ITEMS", 5);
		List<Row> rows = new ArrayList<>();
		// Every race logs in users of its own: no session or cart is carried from one row
		// to the next.
		int firstUser = 1;
		for (Group group : GROUPS) {
			Topology topology = null;
			for (Layout layout : group.layouts()) {
				String description = "--replicas 2 --canary off --session " + group.storeText() + " --lb "
						+ Choices.text(group.lb()) + ", cart " + layout.text();
				if (topology == null) {
					topology = lab.up(description,
							(settings) -> settings.replicas(2)
								.canary(false)
								.session(group.store())
								.replication(group.replication())
								.lb(group.lb())
								.cartStore(layout.cart())
								.sessionSaveMode(layout.saveMode()));
				}
				else {
					topology = lab.restartReplicas(description,
							(settings) -> settings.cartStore(layout.cart()).sessionSaveMode(layout.saveMode()));
				}
				for (boolean conditional : layout.alsoIfMatch() ? List.of(false, true) : List.of(false)) {
					SessionRace.Settings race = SessionRace.Settings.of(topology.gateway().url())
						.withUsers(users, firstUser)
						.withTabs(tabs, items)
						.conditional(conditional);
					firstUser += users;
					lab.log("race: " + group.storeText() + ", cart " + layout.text()
							+ (conditional ? ", If-Match" : ""));
					SessionRace.Result result = SessionRace.run(race);
					lab.log("  " + result.figures());
					rows.add(new Row(group, layout, conditional, result));
				}
			}
		}
		List<Column<Row>> columns = List.of(column("session store", (row) -> row.group().storeText()),
				column("cart layout", (row) -> row.layout().text()),
				column("If-Match", (row) -> row.conditional() ? "yes" : "no"),
				column("changes acknowledged", (row) -> row.result().acknowledged()),
				column("changes lost", (row) -> row.result().lost()),
				column("refused (409/412)", (row) -> row.result().refusals()),
				column("gave up", (row) -> row.result().gaveUp()), column("failed", (row) -> row.result().failed()),
				column("reads that disagreed", (row) -> row.result().divergentReads()),
				column("write p99 (ms)", (row) -> row.result().writeP99Millis()),
				column("whoamis acknowledged", (row) -> row.result().visitsAcknowledged()),
				column("visits lost", (row) -> row.result().visitsLost()));
		return Table.of(name(),
				"Two tabs, one session: " + users + " users, each " + tabs + " tabs × " + items
						+ " products, all tabs at the same instant (2 replicas)",
				columns, rows,
				"Each user logs in once; its " + tabs + " tabs share one cookie jar (the last Set-Cookie wins, as "
						+ "in a browser) and, released together at every step, add their own products, set them to "
						+ "2, then remove every second one, each change followed by a whoami. After each phase the "
						+ "cart is read 4 times (round-robin: both replicas; sticky: the pinned one). Lost: an "
						+ "acknowledged change (2xx) that a read does not show, each counted once. Refused: 409/412 "
						+ "answers, each followed by GET /api/cart and the change again with the fresh version (at "
						+ "most 10 sends); gave up: still refused after all of them (not applied, and the client "
						+ "knows). Failed: 5xx or no answer. Reads that disagreed: reads of one cart after a phase "
						+ "that differed from the first (replicas holding different copies). If-Match yes: every "
						+ "change carries the version the tab last saw. session-attributes/always: Spring "
						+ "Session's SaveMode.ALWAYS instead of ON_SET_ATTRIBUTE. Visits lost: whoamis answered 200 "
						+ "that the counter does not show (it stays in the session, saved whole: the race, kept "
						+ "visible). memory runs behind the gateway's sticky strategy.");
	}

}
