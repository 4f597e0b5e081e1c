package dev.scaleout.gateway.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: nothing is
 * downloaded, and the flags keep Chromium from reaching for the network (this machine has
 * none beyond loopback). Paths can be changed with {@code -Dchromium.binary} and
 * {@code -Dchromedriver.binary}.
 */
public final class HeadlessChromium implements AutoCloseable {

	private static final String INSTALL = "install them with: sudo apt-get install -y chromium chromium-driver";

	private final ChromeDriver driver;

	private final Path screenshots;

	private HeadlessChromium(ChromeDriver driver, Path screenshots) {
		this.driver = driver;
		this.screenshots = screenshots;
	}

	/**
	 * @param screenshots where {@link #screenshot} writes, created if missing
	 */
	public static HeadlessChromium start(Path screenshots) throws IOException {
		File chromium = executable("chromium.binary", "/usr/bin/chromium");
		File chromedriver = executable("chromedriver.binary", "/usr/bin/chromedriver");
		Path profile = Files.createTempDirectory("chromium-profile");
		ChromeOptions options = new ChromeOptions().setBinary(chromium)
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=1366,1500", "--user-data-dir=" + profile);
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
			.usingAnyFreePort()
			.build();
		Files.createDirectories(screenshots);
		return new HeadlessChromium(new ChromeDriver(service, options), screenshots);
	}

	private static File executable(String property, String fallback) {
		File file = new File(System.getProperty(property, fallback));
		if (!file.canExecute()) {
			throw new IllegalStateException("The dashboard tests need Debian's Chromium and ChromeDriver; " + file
					+ " is missing (" + property + "): " + INSTALL);
		}
		return file;
	}

	public ChromeDriver driver() {
		return this.driver;
	}

	/** Saves what the browser shows now as {@code name}.png and returns the path. */
	public Path screenshot(String name) {
		try {
			Path target = this.screenshots.resolve(name + ".png");
			Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(), target,
					StandardCopyOption.REPLACE_EXISTING);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Console errors (and failed loads) since the last call. */
	public List<String> consoleErrors() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::toString)
			.toList();
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
