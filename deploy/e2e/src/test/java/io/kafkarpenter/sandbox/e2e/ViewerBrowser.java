package io.kafkarpenter.sandbox.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web viewer's page in a real browser: Debian's {@code chromium} driven through {@code chromium-driver}
 * ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}; {@code -Dkk.chromium=} and {@code -Dkk.chromedriver=}
 * point elsewhere), headless and without the sandbox (CI runs as root). Both paths are given to Selenium, so
 * Selenium Manager has nothing to find and downloads nothing.
 */
final class ViewerBrowser {

    static final Path CHROMIUM = Path.of(System.getProperty("kk.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("kk.chromedriver", "/usr/bin/chromedriver"));

    /** What the page showed once it had nodes, a cost and decisions. */
    record Seen(int nodes, String costPerHour, String costPerMonth, List<String> nodeRows, List<String> decisions,
                List<String> pendingPods, Path screenshot) {
    }

    private ViewerBrowser() {
    }

    /**
     * Opens the page and waits (up to {@code timeout}) until it shows at least one node, a cost per hour above $0 and
     * at least one decision; writes a screenshot to {@code screenshot} (also when it gives up).
     */
    static Seen look(URI page, Path screenshot, Duration timeout) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser IT needs Debian's chromium and chromium-driver (" + CHROMIUM
                + ", " + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver (.ci/run does)");
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1400,1600");
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(page.toString());
            try {
                new WebDriverWait(driver, timeout, Duration.ofMillis(500)).until(d -> nodes(d) > 0
                    && !text(d, "total-cost-hour").matches("[–$0.]*") && !d.findElements(By.cssSelector("li.decision")).isEmpty());
            } finally {
                Files.createDirectories(screenshot.getParent());
                Files.write(screenshot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            }
            return new Seen(nodes(driver), text(driver, "total-cost-hour"), text(driver, "total-cost-month"),
                texts(driver, "#nodes tbody tr.node"), texts(driver, "li.decision"),
                texts(driver, "#pending tbody tr"), screenshot);
        } finally {
            driver.quit();
        }
    }

    private static int nodes(WebDriver d) {
        try {
            return Integer.parseInt(text(d, "total-nodes"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String text(WebDriver d, String id) {
        return d.findElement(By.id(id)).getText().trim();
    }

    private static List<String> texts(WebDriver d, String css) {
        return d.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }
}
