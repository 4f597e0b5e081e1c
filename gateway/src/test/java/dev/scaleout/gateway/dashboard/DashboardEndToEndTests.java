package dev.scaleout.gateway.dashboard;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.scaleout.gateway.support.HeadlessChromium;
import dev.scaleout.gateway.support.Topologies;
import dev.scaleout.gateway.support.Traffic;
import dev.scaleout.topology.Node;
import dev.scaleout.topology.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against the real topology:
 * three replicas appear, a SIGKILL shows on its card within seconds while the try-it
 * panel keeps answering with the same session, and a restart turns the card healthy
 * again. Screenshots of every step go to {@code target/dashboard/}.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardEndToEndTests {

	private static final Pattern VISITS = Pattern.compile("visits (\\d+)");

	Topology topology;

	HeadlessChromium chromium;

	WebDriver browser;

	@BeforeAll
	void start() throws IOException {
		this.topology = Topology.owned(Topologies.productionLike().noCanary().build()).start();
		this.chromium = HeadlessChromium.start(Path.of("target", "dashboard"));
		this.browser = this.chromium.driver();
		this.browser.get(this.topology.gateway().url() + "/");
	}

	@AfterAll
	void stop() {
		if (this.chromium != null) {
			this.chromium.screenshot("last");
			this.chromium.close();
		}
		if (this.topology != null) {
			this.topology.close();
		}
	}

	@AfterEach
	void noConsoleErrors() {
		assertThat(this.chromium.consoleErrors()).as("errors in the browser console").isEmpty();
	}

	@Test
	@Order(1)
	void showsACardPerReplicaWithItsStateVersionAndThePoolStrategy() {
		waitUpTo(Duration.ofSeconds(10)).until((browser) -> cards("healthy").size() == 3);

		assertThat(cards("healthy")).extracting((card) -> card.getAttribute("data-instance"))
			.containsExactly("app-1", "app-2", "app-3");
		WebElement card = card("app-1");
		assertThat(card.findElement(By.className("state")).getText()).isEqualTo("healthy");
		assertThat(card.getText()).contains("version", "requests/s", "share", "in flight", "errors", "since");
		assertThat(this.browser.findElement(By.cssSelector("[data-pool=app] .pool-heading")).getText())
			.contains("strategy round-robin", "3/3 healthy");
		assertThat(this.browser.findElement(By.id("connection")).getText()).isEqualTo("Live");
		assertThat(events()).anyMatch((event) -> event.contains("app-1 is healthy and takes traffic"));
		// What the session store costs, against its bound (the launcher's Redis: 256
		// MiB).
		waitUpTo(Duration.ofSeconds(10)).until((
				browser) -> browser.findElement(By.id("session-store")).getText().startsWith("Session store redis · "));
		assertThat(this.browser.findElement(By.id("session-store")).getText()).containsPattern(" [0-9,]+ sessions · ")
			.contains("of 256.0 MiB", "keys evicted");
		this.chromium.screenshot("1-three-replicas-healthy");
	}

	@Test
	@Order(2)
	void aKilledReplicaTurnsUnhealthyWithinThreeSecondsWhileTheSessionKeepsCountingThenRecovers()
			throws InterruptedException {
		logIn("alice", "password");
		long before = whoami().visits();

		Node victim = this.topology.replica("app-2");
		try (Traffic traffic = Traffic.start(this.topology.gateway().url(), 2)) {
			// The chart shows every replica taking its share before the kill.
			Thread.sleep(4000);
			long killedAt = System.nanoTime();
			victim.kill();
			waitUpTo(Duration.ofSeconds(3))
				.until((browser) -> "unhealthy".equals(card("app-2").getAttribute("data-state")));
			long seen = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
			System.out.println("app-2 shown unhealthy " + seen + " ms after SIGKILL");
			assertThat(card("app-2").findElement(By.className("state")).getText()).isEqualTo("unhealthy");
			// The count of replicas taking traffic, over time, drops with it.
			waitUpTo(Duration.ofSeconds(3)).until((browser) -> replicasChart().contains("now 2,"));
			assertThat(textsBelowContrastMinimum()).as("texts under WCAG AA contrast, a replica down").isEmpty();

			// Same session, other replicas: the visits keep counting.
			for (int i = 1; i <= 3; i++) {
				Answer answer = whoami();
				assertThat(answer.status()).isEqualTo("200");
				assertThat(answer.replica()).isIn("app-1", "app-3");
				assertThat(answer.visits()).isEqualTo(before + i);
			}
			// The others' rise is in the chart: let it show before the picture.
			Thread.sleep(4000);
			this.chromium.screenshot("2-app-2-killed");
			assertThat(traffic.failures()).as("requests that failed through the gateway").isEmpty();
		}
		assertThat(events()).anyMatch((event) -> event.matches(".*app-2 (ejected|is unhealthy).*"));

		victim.start().awaitReady(Topology.START);
		waitUpTo(Duration.ofSeconds(15)).until((browser) -> "healthy".equals(card("app-2").getAttribute("data-state")));
		assertThat(events()).anyMatch((event) -> event.contains("app-2 recovered"));
		assertThat(this.browser.findElement(By.id("chart")).getAttribute("aria-label")).contains("app-2");
		waitUpTo(Duration.ofSeconds(3)).until((browser) -> replicasChart().contains("now 3,"));
		this.chromium.screenshot("3-app-2-recovered");
	}

	@Test
	@Order(3)
	void everyControlHasALabelAndTheTryItPanelWorksFromTheKeyboard() {
		for (WebElement input : this.browser.findElements(By.cssSelector("input"))) {
			String id = input.getAttribute("id");
			assertThat(this.browser.findElements(By.cssSelector("label[for='" + id + "']"))).as("label of " + id)
				.hasSize(1);
		}
		for (WebElement button : this.browser.findElements(By.tagName("button"))) {
			assertThat(button.getText()).as("text of a button").isNotBlank();
		}

		String last = lastAnswer();
		Actions keyboard = new Actions(this.browser);
		for (int i = 0; i < 30 && !"whoami".equals(focused().getAttribute("id")); i++) {
			keyboard.sendKeys(Keys.TAB).perform();
		}
		assertThat(focused().getAttribute("id")).as("Tab reaches the whoami button").isEqualTo("whoami");
		keyboard.sendKeys(Keys.ENTER).perform();
		waitUpTo(Duration.ofSeconds(5)).until((browser) -> !lastAnswer().equals(last));
		assertThat(lastAnswer()).startsWith("whoami → 200 from app-");
		this.chromium.screenshot("4-keyboard");
	}

	@Test
	@Order(4)
	void everyTextMeetsTheWcagAaContrastMinimum() {
		assertThat(cards("healthy")).hasSize(3);
		assertThat(textsBelowContrastMinimum()).as("texts under WCAG AA contrast").isEmpty();
	}

	@Test
	@Order(5)
	void addingAKeyboardAfterAnotherTabChangedTheCartRetriesWithTheFreshVersion() {
		logIn("bob", "password");
		this.browser.findElement(By.id("view-cart")).click();
		waitUpTo(Duration.ofSeconds(5)).until((browser) -> lastAnswer().startsWith("view cart → 200"));
		// Another tab of the same browser changes the cart between this tab's read
		// and its write, once.
		((JavascriptExecutor) this.browser).executeScript("""
				const original = window.fetch;
				let done = false;
				window.fetch = async (path, options) => {
					if (!done && options && options.method === "PUT" && String(path).endsWith("cart/items/KB-101")) {
						done = true;
						const xsrf = document.cookie.split("; ").find((c) => c.startsWith("XSRF-TOKEN=")).substring(11);
						await original("api/cart/items/MS-102", { method: "PUT", credentials: "same-origin",
							headers: { "Content-Type": "application/json", "X-XSRF-TOKEN": decodeURIComponent(xsrf) },
							body: JSON.stringify({ quantity: 1 }) });
					}
					return original(path, options);
				};
				""");

		this.browser.findElement(By.id("add-to-cart")).click();

		waitUpTo(Duration.ofSeconds(10)).until((browser) -> lastAnswer().startsWith("add KB-101 → 200"));
		assertThat(lastAnswer()).contains("1 × KB-101", "1 × MS-102");
		List<String> statuses = this.browser.findElements(By.cssSelector("#answers tr"))
			.stream()
			.limit(4)
			.map((row) -> row.findElements(By.tagName("td")).get(1).getText() + " " + row.getAttribute("data-status"))
			.toList();
		// Newest first: the retry, its fresh read, the refusal, the first read.
		assertThat(statuses).containsExactly("add KB-101 200", "view cart 200", "add KB-101 412", "view cart 200");
		assertThat(this.chromium.consoleErrors()).as("the browser logs the refused request, and only that")
			.hasSize(1)
			.allMatch((error) -> error.contains("412"));
		this.chromium.screenshot("5-cart-retried-after-412");
	}

	@Test
	@Order(6)
	void eachRequestsReplicaIsExplainedByTheStrategysInputs() {
		String request = "GET /api/whoami";
		// Earlier tests' whoami decisions may still be shown: this one's is stamped after
		// the click (the gateway's clock is this machine's).
		Instant clicked = Instant.now();
		Answer answer = whoami();
		List<String> cells = waitUpTo(Duration.ofSeconds(3)).until((browser) -> decisions(request).stream()
			.filter((row) -> !Instant.parse(row.get(0)).isBefore(clicked))
			.findFirst()
			.orElse(null));
		assertThat(cells.get(2)).isEqualTo("first");
		assertThat(cells.get(3)).isEqualTo(answer.replica());
		assertThat(cells.get(4)).as("three replicas, one perhaps still in slow start after its restart")
			.matches("round-robin, [23] candidates: its turn: [123] of [23] in rotation");
		assertThat(cells.get(5)).isEqualTo("200");
		this.chromium.screenshot("6-decisions");
	}

	/**
	 * The cells of the decision rows for this request, newest first, read in one script
	 * (the table is rebuilt every second, and elements found one call earlier may be
	 * gone); the first cell is the decision's instant.
	 */
	@SuppressWarnings("unchecked")
	private List<List<String>> decisions(String request) {
		List<List<String>> rows = (List<List<String>>) ((JavascriptExecutor) this.browser).executeScript(
				"return [...document.querySelectorAll('#decisions tr')].map((row) => [...row.cells].map((cell, i) => "
						+ "i === 0 ? cell.querySelector('time').getAttribute('datetime') : cell.textContent));");
		return rows.stream().filter((cells) -> cells.get(1).equals(request)).toList();
	}

	private String replicasChart() {
		return this.browser.findElement(By.id("replicas-chart")).getAttribute("aria-label");
	}

	/**
	 * Every visible text on the page, measured as WCAG 2 defines it: the contrast ratio
	 * of its colour over the background it is drawn on (ancestors' backgrounds composed)
	 * must be at least 4.5:1, or 3:1 for large text.
	 */
	@SuppressWarnings("unchecked")
	private List<String> textsBelowContrastMinimum() {
		return (List<String>) ((JavascriptExecutor) this.browser).executeScript(CONTRAST_CHECK);
	}

	private static final String CONTRAST_CHECK = """
			const rgba = (css) => {
				const [r, g, b, a = 1] = css.match(/[\\d.]+/g).map(Number);
				return [r, g, b, a];
			};
			const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
			const background = (element) => {
				const layers = [];
				for (let e = element; e; e = e.parentElement) {
					const color = rgba(getComputedStyle(e).backgroundColor);
					if (color[3] > 0) layers.push(color);
					if (color[3] === 1) break;
				}
				return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255]);
			};
			const luminance = (rgb) => {
				const [r, g, b] = rgb.map((c) => {
					c /= 255;
					return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
				});
				return 0.2126 * r + 0.7152 * g + 0.0722 * b;
			};
			const failures = [];
			for (const element of document.body.querySelectorAll("*")) {
				const text = [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
					.map((n) => n.textContent.trim()).join(" ").trim();
				if (!text || element.getClientRects().length === 0) continue;
				const style = getComputedStyle(element);
				if (style.visibility !== "visible") continue;
				const back = background(element);
				const fore = over(rgba(style.color), back);
				const [light, dark] = [luminance(fore), luminance(back)].sort((x, y) => y - x);
				const ratio = (light + 0.05) / (dark + 0.05);
				const size = parseFloat(style.fontSize);
				const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
				if (ratio < (large ? 3 : 4.5)) {
					failures.push(`"${text.slice(0, 40)}" ${style.color} on rgb(${back.map(Math.round)}) = ${ratio.toFixed(2)}:1`);
				}
			}
			return failures;
			""";

	private void logIn(String user, String password) {
		WebElement username = this.browser.findElement(By.id("username"));
		username.clear();
		username.sendKeys(user);
		WebElement passwordField = this.browser.findElement(By.id("password"));
		// A second login types over the first one's password, not after it.
		passwordField.clear();
		passwordField.sendKeys(password);
		String last = lastAnswer();
		this.browser.findElement(By.id("login")).click();
		waitUpTo(Duration.ofSeconds(10)).until((browser) -> !lastAnswer().equals(last));
		assertThat(lastAnswer()).contains("logged in as " + user);
	}

	private Answer whoami() {
		String last = lastAnswer();
		this.browser.findElement(By.id("whoami")).click();
		waitUpTo(Duration.ofSeconds(5)).until((browser) -> !lastAnswer().equals(last));
		WebElement row = this.browser.findElement(By.cssSelector("#answers tr"));
		Matcher visits = VISITS.matcher(row.findElement(By.className("answer")).getText());
		return new Answer(row.getAttribute("data-status"), row.getAttribute("data-replica"),
				visits.find() ? Long.parseLong(visits.group(1)) : -1);
	}

	private String lastAnswer() {
		return this.browser.findElement(By.id("last-answer")).getText();
	}

	private List<WebElement> cards(String state) {
		return this.browser.findElements(By.cssSelector("[data-pool=app] .card[data-state=" + state + "]"));
	}

	private WebElement card(String id) {
		return this.browser.findElement(By.cssSelector("[data-pool=app] .card[data-instance='" + id + "']"));
	}

	private List<String> events() {
		return this.browser.findElements(By.cssSelector("#events li")).stream().map(WebElement::getText).toList();
	}

	private WebElement focused() {
		return this.browser.switchTo().activeElement();
	}

	private WebDriverWait waitUpTo(Duration timeout) {
		WebDriverWait wait = new WebDriverWait(this.browser, timeout, Duration.ofMillis(100));
		wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
		wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
		return wait;
	}

	record Answer(String status, String replica, long visits) {
	}

}
