// The live dashboard: server-sent events from the gateway, drawn with plain DOM and canvas.
"use strict";

(function () {
	const HISTORY_SECONDS = 180;
	// Okabe–Ito: told apart by colour-blind readers too.
	const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000", "#8C564B"];

	const samples = []; // {at: ms, rates: {url: perSecond}, serving: {pool: replicas}}
	const colours = new Map(); // url -> colour, stable for the page's life
	const names = new Map(); // url -> replica id, remembered after it leaves
	let events = [];
	let lastSampleAt = 0;

	const $ = (id) => document.getElementById(id);

	function element(tag, attributes, ...children) {
		const node = document.createElement(tag);
		for (const [name, value] of Object.entries(attributes || {})) {
			if (value !== undefined && value !== null) {
				node.setAttribute(name, value);
			}
		}
		for (const child of children) {
			node.append(child instanceof Node ? child : String(child));
		}
		return node;
	}

	function colourOf(url) {
		if (!colours.has(url)) {
			colours.set(url, PALETTE[colours.size % PALETTE.length]);
		}
		return colours.get(url);
	}

	function clock(iso) {
		return new Date(iso).toLocaleTimeString([], { hour12: false });
	}

	function ago(iso) {
		const seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
		if (seconds < 120) {
			return seconds + " s ago";
		}
		return Math.round(seconds / 60) + " min ago";
	}

	/** The state a person cares about: draining wins over what the balancer does meanwhile. */
	function shownState(instance) {
		return instance.draining && instance.state !== "ejected" ? "draining" : instance.state;
	}

	// ---- stream ---------------------------------------------------------------------------

	function connect() {
		const stream = new EventSource("gateway/dashboard/stream");
		stream.addEventListener("open", () => setConnection("live", "Live"));
		stream.addEventListener("error", () => setConnection("lost", "Connection to the gateway lost; retrying…"));
		stream.addEventListener("history", (message) => {
			samples.length = 0;
			lastSampleAt = 0;
			for (const sample of JSON.parse(message.data).samples) {
				addSample(sample);
			}
		});
		stream.addEventListener("snapshot", (message) => render(JSON.parse(message.data)));
	}

	function setConnection(state, text) {
		const status = $("connection");
		if (status.dataset.connection !== state) {
			status.dataset.connection = state;
			status.textContent = text;
		}
	}

	function addSample(sample) {
		const at = new Date(sample.at).getTime();
		if (at <= lastSampleAt) {
			return;
		}
		lastSampleAt = at;
		samples.push({ at: at, rates: sample.rates, serving: sample.serving || {} });
		while (samples.length && samples[0].at < at - HISTORY_SECONDS * 1000) {
			samples.shift();
		}
	}

	function render(snapshot) {
		addSample(snapshot.sample);
		renderPools(snapshot.pools);
		renderEvents(snapshot.events);
		renderDecisions(snapshot.decisions || []);
		drawChart();
		drawReplicasChart();
		renderLegend(snapshot.pools);
	}

	// ---- replicas -------------------------------------------------------------------------

	function renderPools(pools) {
		let instances = 0;
		let healthy = 0;
		let perSecond = 0;
		const container = $("pools");
		const seen = new Set();
		for (const [name, pool] of Object.entries(pools)) {
			seen.add(name);
			instances += pool.totals.instances;
			healthy += pool.totals.healthy;
			perSecond += pool.totals.requestsPerSecond;
			renderPool(poolSection(container, name), name, pool);
		}
		for (const section of container.querySelectorAll("[data-pool]")) {
			if (!seen.has(section.dataset.pool)) {
				section.remove();
			}
		}
		$("totals").textContent = `${healthy} of ${instances} replicas healthy · ${perSecond.toFixed(1)} requests/s through the gateway`;
	}

	// Elements are made once and updated in place: a screen reader's place and a
	// test's references survive the updates.
	function poolSection(container, name) {
		let section = container.querySelector(`[data-pool="${CSS.escape(name)}"]`);
		if (!section) {
			section = element("section", { class: "pool", "data-pool": name, "aria-label": "Pool " + name },
				element("div", { class: "pool-heading" },
					element("h3", {}, "Pool " + name),
					element("span", { class: "facts" }),
					element("span", { class: "panic", hidden: "" }, "panic: no healthy replica, trying those that answer")),
				element("ul", { class: "cards", "aria-label": "Replicas of pool " + name }));
			container.append(section);
		}
		return section;
	}

	function renderPool(section, name, pool) {
		const t = pool.totals;
		section.querySelector(".facts").textContent = t.instances === 0
			? `strategy ${pool.strategy} · no instances (discovery finds none)`
			: `strategy ${pool.strategy} · ${t.healthy}/${t.instances} healthy · ${t.requestsPerSecond.toFixed(1)} req/s · ` +
				`${t.inFlight} in flight · ${t.requests} requests · ${t.errors} errors`;
		section.querySelector(".panic").hidden = !pool.panic;
		const list = section.querySelector(".cards");
		const urls = new Set();
		for (const instance of pool.instances) {
			urls.add(instance.url);
			names.set(instance.url, instance.id);
			let card = list.querySelector(`[data-url="${CSS.escape(instance.url)}"]`);
			if (!card) {
				card = newCard(instance.url);
				list.append(card);
			}
			updateCard(card, instance);
		}
		for (const card of list.querySelectorAll(".card")) {
			if (!urls.has(card.dataset.url)) {
				card.remove();
			}
		}
	}

	function newCard(url) {
		const field = (label, name) => [element("dt", {}, label), element("dd", { "data-field": name })];
		return element("li", { class: "card", "data-url": url },
			element("div", { class: "card-heading" },
				element("h4", { class: "replica-id" }),
				element("span", { class: "state" })),
			element("dl", {},
				...field("version", "version"),
				...field("requests/s", "rate"),
				element("dt", {}, "share"),
				element("dd", {}, element("meter", { min: "0", max: "100", value: "0" }), element("span", { "data-field": "share" })),
				...field("in flight", "inFlight"),
				...field("errors", "errors"),
				element("dt", {}, "since"),
				element("dd", {}, element("time", {}), element("span", { "data-field": "ago" })),
				element("dt", {}, "address"),
				element("dd", {}, element("code", {}, url.replace(/^https?:\/\//, "")))),
			// Why the balancer took it out: the statistic that decided, while it is out.
			element("p", { class: "ejection-reason", "data-field": "ejectionReason" }),
			// Just admitted: the part of its share slow start gives it while it warms up.
			element("p", { class: "slow-start", "data-field": "slowStart" }));
	}

	function updateCard(card, instance) {
		const state = shownState(instance);
		const share = Math.round(instance.share * 100);
		const set = (name, text) => {
			card.querySelector(`[data-field="${name}"]`).textContent = text;
		};
		card.dataset.instance = instance.id;
		card.dataset.state = state;
		card.querySelector(".replica-id").textContent = instance.id;
		const badge = card.querySelector(".state");
		badge.dataset.state = state;
		badge.textContent = state;
		set("version", instance.version || "–");
		set("rate", instance.requestsPerSecond.toFixed(1));
		const meter = card.querySelector("meter");
		meter.value = share;
		meter.setAttribute("aria-label", `share of ${instance.id}`);
		set("share", ` ${share} %`);
		set("inFlight", instance.concurrencyLimit > 0 ? `${instance.inFlight} (limit ${instance.concurrencyLimit})` : instance.inFlight);
		set("errors", `${instance.errors} of ${instance.requests}`);
		const since = card.querySelector("time");
		since.setAttribute("datetime", instance.lastStateChange);
		since.textContent = clock(instance.lastStateChange);
		set("ago", ` (${ago(instance.lastStateChange)})`);
		set("ejectionReason", state === "ejected" && instance.ejectionReason ? `ejected: ${instance.ejectionReason}` : "");
		set("slowStart", state === "healthy" && instance.slowStartPercent < 100
			? `warming up: ${instance.slowStartPercent} % of its share (slow start)` : "");
	}

	// ---- decisions ------------------------------------------------------------------------

	function renderDecisions(decisions) {
		const rows = decisions.map((decision) => element("tr", { "data-outcome": decision.outcome },
			element("td", {}, element("time", { datetime: decision.at }, clock(decision.at))),
			element("td", {}, element("code", {}, `${decision.method} ${decision.path}`)),
			element("td", {}, decision.attempt > 1 ? `retry ${decision.attempt - 1}` : "first"),
			element("td", {}, decision.instance),
			element("td", { class: "reason" }, `${decision.strategy}, ${decision.candidates} candidate${decision.candidates === 1 ? "" : "s"}: ${decision.reason}`),
			element("td", {}, decision.outcome),
			element("td", {}, decision.millis.toFixed(1))));
		$("decisions").replaceChildren(...rows);
	}

	// ---- events ---------------------------------------------------------------------------

	function renderEvents(latest) {
		const known = new Set(events.map((event) => event.seq));
		const fresh = latest.filter((event) => !known.has(event.seq));
		if (!fresh.length) {
			return;
		}
		events = latest;
		const list = $("events");
		for (const event of fresh) {
			list.prepend(element("li", { "data-kind": event.kind },
				element("time", { datetime: event.at }, clock(event.at)), event.text));
		}
		while (list.children.length > 100) {
			list.lastElementChild.remove();
		}
	}

	// ---- chart ----------------------------------------------------------------------------

	// A canvas sized for the screen's pixels, cleared, with the time axis of the last
	// HISTORY_SECONDS drawn; the caller draws the values.
	function plot(canvas, max, steps, format) {
		const ratio = window.devicePixelRatio || 1;
		const width = canvas.clientWidth;
		const height = canvas.clientHeight;
		if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
			canvas.width = Math.round(width * ratio);
			canvas.height = Math.round(height * ratio);
		}
		const g = canvas.getContext("2d");
		g.setTransform(ratio, 0, 0, ratio, 0, 0);
		g.clearRect(0, 0, width, height);

		const left = 44, right = 10, top = 10, bottom = 24;
		const now = samples.length ? samples[samples.length - 1].at : Date.now();
		const from = now - HISTORY_SECONDS * 1000;
		const x = (at) => left + ((at - from) / (HISTORY_SECONDS * 1000)) * (width - left - right);
		const y = (value) => top + (1 - value / max) * (height - top - bottom);

		g.font = "12px system-ui, sans-serif";
		g.fillStyle = "#57606a";
		g.strokeStyle = "#d0d7de";
		g.lineWidth = 1;
		for (let i = 0; i <= steps; i++) {
			const value = (max / steps) * i;
			g.beginPath();
			g.moveTo(left, y(value));
			g.lineTo(width - right, y(value));
			g.stroke();
			g.fillText(format(value), 4, y(value) + 4);
		}
		for (let s = 0; s <= HISTORY_SECONDS; s += 30) {
			g.fillText(s === HISTORY_SECONDS ? "now" : `-${HISTORY_SECONDS - s}s`, x(from + s * 1000) - 12, height - 6);
		}
		return { g, x, y, from, top, bottom: height - bottom };
	}

	function drawChart() {
		let max = 1;
		for (const sample of samples) {
			for (const value of Object.values(sample.rates)) {
				max = Math.max(max, value);
			}
		}
		max = niceCeiling(max);
		const { g, x, y, from, top, bottom } = plot($("chart"), max, 5,
			(value) => max >= 5 ? String(Math.round(value)) : value.toFixed(1));

		// Kills and recoveries as marks, so a drop in one line lines up with its cause.
		for (const event of events) {
			const at = new Date(event.at).getTime();
			if (at < from || !["ejected", "unhealthy", "healthy", "left", "joined"].includes(event.kind)) {
				continue;
			}
			const bad = event.kind === "ejected" || event.kind === "unhealthy" || event.kind === "left";
			g.strokeStyle = bad ? "#a40e26" : "#116329";
			g.setLineDash([4, 4]);
			g.beginPath();
			g.moveTo(x(at), top);
			g.lineTo(x(at), bottom);
			g.stroke();
			g.setLineDash([]);
		}

		const urls = new Set();
		samples.forEach((sample) => Object.keys(sample.rates).forEach((url) => urls.add(url)));
		g.lineWidth = 2;
		for (const url of urls) {
			g.strokeStyle = colourOf(url);
			g.beginPath();
			let drawing = false;
			for (const sample of samples) {
				const value = sample.rates[url];
				if (value === undefined) {
					drawing = false;
					continue;
				}
				if (drawing) {
					g.lineTo(x(sample.at), y(value));
				}
				else {
					g.moveTo(x(sample.at), y(value));
					drawing = true;
				}
			}
			g.stroke();
		}
	}

	const SCALING = ["scale-out", "scale-in", "replaced"];

	// The replicas each pool routes to, as steps, with the autoscaler's decisions marked:
	// the count that --autoscale moves, next to the reason it gave.
	function drawReplicasChart() {
		const canvas = $("replicas-chart");
		let max = 1;
		const pools = new Set();
		for (const sample of samples) {
			for (const [pool, count] of Object.entries(sample.serving)) {
				pools.add(pool);
				max = Math.max(max, count);
			}
		}
		max += 1;
		// One grid line per replica.
		const { g, x, y, from, top, bottom } = plot(canvas, max, max, (value) => String(Math.round(value)));
		const decisions = events.filter((event) => SCALING.includes(event.kind) && new Date(event.at).getTime() >= from);
		for (const event of decisions) {
			const at = x(new Date(event.at).getTime());
			g.strokeStyle = event.kind === "scale-in" ? "#8250df" : event.kind === "replaced" ? "#a40e26" : "#116329";
			g.setLineDash([4, 4]);
			g.beginPath();
			g.moveTo(at, top);
			g.lineTo(at, bottom);
			g.stroke();
			g.setLineDash([]);
			g.fillStyle = "#24292f";
			g.fillText(event.text.split(":")[0], at + 3, top + 10);
		}
		g.lineWidth = 2;
		let index = 0;
		const legend = [];
		for (const pool of pools) {
			const colour = PALETTE[index++ % PALETTE.length];
			const current = samples.length ? samples[samples.length - 1].serving[pool] : undefined;
			legend.push(element("li", {}, element("span", { class: "swatch", "data-colour": colour }),
				`pool ${pool}: ${current === undefined ? "–" : current}`));
			g.strokeStyle = colour;
			g.beginPath();
			let previous = null;
			for (const sample of samples) {
				const count = sample.serving[pool];
				if (count === undefined) {
					continue;
				}
				if (previous === null) {
					g.moveTo(x(sample.at), y(count));
				}
				else {
					g.lineTo(x(sample.at), y(previous));
					g.lineTo(x(sample.at), y(count));
				}
				previous = count;
			}
			g.stroke();
		}
		$("replicas-legend").replaceChildren(...legend);
		for (const swatch of $("replicas-legend").querySelectorAll(".swatch[data-colour]")) {
			swatch.style.backgroundColor = swatch.dataset.colour;
		}
		const counts = samples.map((sample) => sample.serving.app).filter((count) => count !== undefined);
		const last = decisions.length ? decisions[decisions.length - 1].text : "none in the last 3 minutes";
		canvas.setAttribute("aria-label", counts.length
			? `Replicas of pool app taking traffic over the last 3 minutes: now ${counts[counts.length - 1]}, `
				+ `least ${Math.min(...counts)}, most ${Math.max(...counts)}. Last scaling decision: ${last}`
			: "Replicas taking traffic: no sample yet");
	}

	function niceCeiling(value) {
		const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
		for (const step of [1, 2, 2.5, 5, 10]) {
			if (step * magnitude >= value) {
				return step * magnitude;
			}
		}
		return 10 * magnitude;
	}

	function renderLegend(pools) {
		const items = [];
		const summary = [];
		for (const pool of Object.values(pools)) {
			for (const instance of pool.instances) {
				const rate = instance.requestsPerSecond.toFixed(1);
				items.push(element("li", {},
					element("span", { class: "swatch", "data-colour": colourOf(instance.url) }),
					`${instance.id}: ${rate}/s`));
				summary.push(`${instance.id} ${rate} per second, ${shownState(instance)}`);
			}
		}
		$("legend").replaceChildren(...items);
		// Swatch colours come from the script, not from inline style markup (the CSP forbids it).
		for (const swatch of document.querySelectorAll(".swatch[data-colour]")) {
			swatch.style.backgroundColor = swatch.dataset.colour;
		}
		$("chart").setAttribute("aria-label", "Requests per second per replica over the last 3 minutes. Now: " + summary.join("; "));
	}

	// ---- try it -------------------------------------------------------------------------

	function cookie(name) {
		const match = document.cookie.split("; ").find((pair) => pair.startsWith(name + "="));
		return match ? decodeURIComponent(match.substring(name.length + 1)) : null;
	}

	// Answers { status, ok, json, etag }, or null when the gateway did not answer at all.
	async function call(label, method, path, body, extraHeaders) {
		const headers = Object.assign({ Accept: "application/json" }, extraHeaders || {});
		if (method !== "GET") {
			if (!cookie("XSRF-TOKEN")) {
				// The app hands out the CSRF cookie on any answer; fetch one first.
				await fetch("api/whoami", { credentials: "same-origin" });
			}
			headers["X-XSRF-TOKEN"] = cookie("XSRF-TOKEN") || "";
		}
		if (body !== undefined) {
			headers["Content-Type"] = "application/json";
		}
		let response;
		try {
			response = await fetch(path, {
				method: method,
				headers: headers,
				credentials: "same-origin",
				body: body === undefined ? undefined : JSON.stringify(body)
			});
		}
		catch (error) {
			answer(label, "no answer", "–", "the gateway is unreachable: " + error.message, true);
			return null;
		}
		const replica = response.headers.get("X-Instance") || "–";
		const text = await response.text();
		let json = null;
		try {
			json = text ? JSON.parse(text) : null;
		}
		catch (ignored) {
			// not JSON: shown as text
		}
		const ok = response.ok;
		answer(label, response.status, replica, describe(json, text, ok), !ok);
		return { status: response.status, ok: ok, json: json, etag: response.headers.get("ETag") };
	}

	// Read, decide, write: the cart's version (ETag) goes along in If-Match, so a change made
	// in between by another tab or device is refused (412) instead of overwritten. Then, as the
	// problem's detail says: read the cart again and decide again, a few times at most.
	async function addKeyboard() {
		for (let attempt = 1; attempt <= 3; attempt++) {
			const cart = await call("view cart", "GET", "api/cart");
			if (!cart || !cart.ok) {
				return;
			}
			const line = cart.json.items.find((item) => item.sku === "KB-101");
			const quantity = Math.min((line ? line.quantity : 0) + 1, 99);
			const conditional = cart.etag ? { "If-Match": cart.etag } : {};
			const put = await call("add KB-101", "PUT", "api/cart/items/KB-101", { quantity: quantity }, conditional);
			if (!put || (put.status !== 409 && put.status !== 412)) {
				return;
			}
		}
	}

	function describe(json, text, ok) {
		if (!json) {
			return text ? text.substring(0, 120) : "(empty)";
		}
		if (!ok) {
			return json.detail || json.title || text;
		}
		if (json.visits !== undefined) {
			return `visits ${json.visits} · user ${json.user || "anonymous"} · session store ${json.sessionStore}`;
		}
		if (json.items !== undefined) {
			const items = json.items.map((item) => `${item.quantity} × ${item.sku}`).join(", ");
			return `cart: ${items || "empty"} · total ${json.total}`;
		}
		if (json.user !== undefined) {
			return `logged in as ${json.user}`;
		}
		return text.substring(0, 120);
	}

	function answer(label, status, replica, text, bad) {
		$("last-answer").textContent = `${label} → ${status} from ${replica}: ${text}`;
		const row = element("tr", { "data-replica": replica, "data-status": String(status) },
			element("td", {}, new Date().toLocaleTimeString([], { hour12: false })),
			element("td", {}, label),
			element("td", { class: bad ? "bad" : "" }, status),
			element("td", { class: "replica" }, replica),
			element("td", { class: "answer" }, text));
		const rows = $("answers");
		rows.prepend(row);
		while (rows.children.length > 12) {
			rows.lastElementChild.remove();
		}
	}

	function wireTryIt() {
		$("login-form").addEventListener("submit", (event) => {
			event.preventDefault();
			call("log in", "POST", "api/login", { username: $("username").value, password: $("password").value });
		});
		$("whoami").addEventListener("click", () => call("whoami", "GET", "api/whoami"));
		$("view-cart").addEventListener("click", () => call("view cart", "GET", "api/cart"));
		$("logout").addEventListener("click", () => call("log out", "POST", "api/logout"));
		$("add-to-cart").addEventListener("click", addKeyboard);
	}

	function bytes(value) {
		if (value >= 1024 * 1024) {
			return (value / (1024 * 1024)).toFixed(1) + " MiB";
		}
		return Math.round(value / 1024) + " KiB";
	}

	// What the session store costs where it runs: a bot's cookie-less requests must not move it.
	function describeSessionStore(usage) {
		const parts = ["Session store " + usage.store];
		if (usage.sessions === null || usage.sessions === undefined) {
			parts.push("sessions in the clients' cookies");
		} else {
			parts.push(usage.sessions.toLocaleString("en") + " sessions"
				+ (usage.maxSessions ? " of at most " + usage.maxSessions.toLocaleString("en") + " per replica" : ""));
		}
		const of = usage.memoryOf === "redis" ? "Redis" : "replica heap";
		parts.push(of + " " + bytes(usage.memoryUsedBytes)
			+ (usage.memoryLimitBytes > 0 ? " of " + bytes(usage.memoryLimitBytes) : " (unbounded)"));
		if (usage.evictedKeys !== null && usage.evictedKeys !== undefined) {
			parts.push(usage.evictedKeys.toLocaleString("en") + " keys evicted");
		}
		return parts.join(" · ");
	}

	async function pollSessionStore() {
		try {
			const response = await fetch("api/session-store", { credentials: "omit", headers: { Accept: "application/json" } });
			$("session-store").textContent = response.ok ? describeSessionStore(await response.json())
				: "Session store: answered " + response.status;
		} catch (error) {
			$("session-store").textContent = "Session store: no answer";
		}
	}

	wireTryIt();
	connect();
	pollSessionStore();
	setInterval(pollSessionStore, 3000);
})();
