package io.taskrunner.cli;

import java.nio.file.Path;
import java.time.Duration;
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
        Path browser = RequiredPrograms.find("chromium chromium-driver", "browser", "chromium", "chromium-browser",
                "google-chrome");
        Path driver = RequiredPrograms.find("chromium chromium-driver", "browser", "chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions",
                // Nothing but the page under test: no update checks, sync or QUIC, which a machine with a
                // closed network refuses, many connections at a time.
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return chrome;
    }
}
