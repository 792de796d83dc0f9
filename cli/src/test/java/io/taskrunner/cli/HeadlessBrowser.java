package io.taskrunner.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through chromedriver, both found on the PATH (Debian: {@code chromium} and
 * {@code chromium-driver}; .ci/run installs them). Selenium is given both paths, so it downloads nothing.
 * A missing browser fails the test with the step that installs it; {@code -Dtaskrunner.browser=skip}
 * skips it instead, for a machine that cannot have one.
 */
final class HeadlessBrowser {
    private HeadlessBrowser() {
    }

    static ChromeDriver start() {
        Path browser = find("chromium", "chromium-browser", "google-chrome");
        Path driver = find("chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return chrome;
    }

    private static Path find(String... names) {
        for (String name : names) {
            Optional<Path> found = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                    .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        String missing = String.join(" or ", names) + " is not on the PATH: install it (Debian/Ubuntu: "
                + "sudo apt-get install chromium chromium-driver)";
        Assumptions.assumeFalse("skip".equals(System.getProperty("taskrunner.browser")),
                missing + "; skipped because -Dtaskrunner.browser=skip");
        throw new AssertionError(missing + ", or run with -Dtaskrunner.browser=skip to skip the browser test");
    }
}
