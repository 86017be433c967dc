package io.jobline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: no browser or driver is downloaded (Selenium
 * Manager is never asked, since the driver's path is given).
 *
 * <p>Where the packages are missing the browser tests are skipped, unless {@value #REQUIRED} is {@code true}, as
 * {@code .ci/run} sets it after installing them: on CI a missing browser fails the build rather than hiding the tests.
 */
final class Browser implements AutoCloseable {

    static final String REQUIRED = "JOBLINE_BROWSER_TESTS_REQUIRED";
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final int MAX_SCREENSHOT_HEIGHT = 4000;

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts Chromium, or skips the calling test class when it is not installed and not required. */
    static Browser start() {
        boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        if (!installed && "true".equals(System.getenv(REQUIRED))) {
            throw new IllegalStateException(REQUIRED + " is true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(installed, "Chromium and chromedriver are not installed"
                + " (apt-get install chromium chromium-driver); skipping the browser tests");
        try {
            // Pictures of this run only: a FAILED-... from an earlier run must not pass for one of this run.
            deleteTree(SCREENSHOTS);
            Path profile = Files.createTempDirectory("jobline-chromium");
            ChromeOptions options = new ChromeOptions()
                    .setBinary(CHROMIUM.toFile())
                    // As root (CI, containers) Chromium needs --no-sandbox. The network flags stop its calls home,
                    // which a machine without internet answers with refusals and slow DNS failures.
                    .addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-quic", "--no-first-run", "--no-default-browser-check",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--disable-extensions", "--window-size=1280,900", "--user-data-dir=" + profile));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(By by) {
        return until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** Waits until {@code condition} gives a non-null, non-false value, and returns it. */
    <T> T until(Function<WebDriver, T> condition) {
        // Views re-render as answers arrive: an element found a moment ago may be gone, so look again.
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    /** Waits until the element's visible text contains {@code text}. */
    void awaitText(By by, String text) {
        until(d -> {
            List<WebElement> found = d.findElements(by);
            return !found.isEmpty() && found.get(0).getText().contains(text);
        });
    }

    Object script(String javaScript, Object... args) {
        return driver.executeScript(javaScript, args);
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /**
     * Saves the whole page (not only the part in the window) as {@code target/dashboard-screenshots/NAME.png}, for a
     * person to look at: the window is made as tall as the page for the picture, then put back.
     */
    Path screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        long pageHeight = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        long viewportHeight = (Long) driver.executeScript("return window.innerHeight");
        try {
            if (pageHeight > viewportHeight) {
                int chrome = window.getHeight() - (int) viewportHeight;
                resize(window.getWidth(), (int) Math.min(MAX_SCREENSHOT_HEIGHT, pageHeight + chrome));
            }
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try {
            deleteTree(profile);
        } catch (IOException e) {
            // A temporary profile left behind is harmless.
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
