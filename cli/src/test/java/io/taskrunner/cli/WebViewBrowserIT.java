package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.testing.Await;
import io.taskrunner.testing.TaskrunnerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web view in a real headless browser, against a broker, two workers, a producer and {@code taskrunner ui}
 * as processes: the page follows a run to its end without being reloaded, shows a failed task's error, and
 * marks a worker stale once it is SIGKILLed. Leaves a screenshot in {@code target/webview.png} (the README's).
 */
class WebViewBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String STILL_HERE = "the page was not reloaded";

    @TempDir
    Path dir;

    @Test
    void thePageFollowsARunOfRealWorkersLiveShowsItsFailureAndAWorkerKilledGoesStale() throws Exception {
        ChromeDriver browser = HeadlessBrowser.start();
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            int port = ProcessFixtures.freePort();
            TaskrunnerProcess ui = deployment.run("ui", "ui", "--port", "" + port);
            ui.awaitOutput("Web view on http://127.0.0.1:" + port + "/ (read-only)", LocalDeployment.START);
            TaskrunnerProcess doomed = deployment.worker("--concurrency", "2");
            TaskrunnerProcess survivor = deployment.worker("--concurrency", "2");

            browser.get("http://127.0.0.1:" + port + "/");
            browser.executeScript("window.marker = arguments[0]", STILL_HERE);
            Await.until(() -> "both workers live on the page: " + text(browser, "#workers tbody"), WAIT,
                    () -> retry(() -> browser.findElements(By.cssSelector("#workers .state-live")).size()) == 2);

            Path input = dir.resolve("tasks.jsonl");
            Files.writeString(input, "{\"type\":\"sleep\",\"payload\":{\"ms\":250}}\n".repeat(60)
                    + "{\"type\":\"fail\",\"payload\":{\"message\":\"disk full on /data\"}}\n");
            // Every count the row shows is recorded in the page itself, from before the first task is submitted.
            browser.executeScript("window.seen = [];"
                    + "new MutationObserver(() => { const cell = document.querySelector(\"tr[data-run='web'] .done\");"
                    + " if (cell && window.seen[window.seen.length - 1] !== cell.textContent) window.seen.push(cell.textContent); })"
                    + ".observe(document.getElementById('runs'), {childList: true, subtree: true, characterData: true});");
            TaskrunnerProcess producer = deployment.run("producer", "producer", "--run", "web", "--input", input.toString());

            Set<String> progress = new LinkedHashSet<>();
            Await.until(() -> "run 'web' complete on the page; seen " + progress, WAIT, () -> {
                progress.add(text(browser, "tr[data-run='web'] .done"));
                return text(browser, "tr[data-run='web'] .state").equals("complete");
            });
            assertThat(producer.awaitExit(WAIT)).as(producer.stderr()).isZero();
            Object seen = browser.executeScript("return window.seen");
            assertThat((java.util.List<?>) seen).as("the counts the open page showed, " + progress)
                    .hasSizeGreaterThan(2).last().isEqualTo("61/61");
            assertThat(text(browser, "tr[data-run='web'] .done")).isEqualTo("61/61");
            assertThat(text(browser, "tr[data-run='web'] .failed")).isEqualTo("1");
            assertThat(browser.executeScript("return window.marker")).isEqualTo(STILL_HERE);
            // Once no worker reports a task of the run, the run's figures no longer change: the task page loads
            // what the filter asks for because the filter was chosen, not because a figure changed after it.
            Await.until(() -> "no task of 'web' in flight: " + text(browser, "tr[data-run='web'] .in-flight"), WAIT,
                    () -> text(browser, "tr[data-run='web'] .in-flight").equals("0"));

            retry(() -> {
                browser.findElement(By.cssSelector("tr[data-run='web']")).click();
                return true;
            });
            Await.until("the run's page shown", WAIT, () -> retry(() -> browser.findElement(By.id("filter-status"))
                    .isDisplayed()));
            retry(() -> {
                browser.findElement(By.cssSelector("#filter-status option[value='FAILURES']")).click();
                return true;
            });
            Await.until("the failed task listed", WAIT, () -> text(browser, "#tasks tbody").contains("FAILED"));
            retry(() -> {
                browser.findElement(By.cssSelector("#tasks tbody tr")).click();
                return true;
            });
            Await.until("the failed task's error shown", WAIT,
                    () -> text(browser, "#task-detail .error-message").equals("disk full on /data"));
            assertThat(text(browser, "#task-detail .error-type")).isEqualTo("RequestedFailure");
            assertThat(text(browser, "#task-detail .error-trace")).contains("FailHandler.handle(");

            browser.executeScript("location.hash = '#/'");
            doomed.kill();
            String doomedRow = "tr[data-worker$=':" + doomed.pid() + "'] .state";
            String survivorRow = "tr[data-worker$=':" + survivor.pid() + "'] .state";
            Await.until("the killed worker stale on the page", WAIT, () -> text(browser, doomedRow).equals("stale"));
            assertThat(text(browser, survivorRow)).isEqualTo("live");
            assertThat(browser.executeScript("return window.marker")).isEqualTo(STILL_HERE);

            Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Path.of("target", "webview.png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }

    /** The text of the first element matching {@code css}, "" while there is none. */
    private static String text(ChromeDriver browser, String css) {
        return retry(() -> browser.findElements(By.cssSelector(css)).stream().findFirst()
                .map(element -> element.getText().trim()).orElse(""));
    }

    /** The page redraws its tables on every push: an element found a moment ago may be gone; try again. */
    private static <T> T retry(Supplier<T> action) {
        WebDriverException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                return action.get();
            } catch (WebDriverException e) {
                last = e;
            }
        }
        throw last;
    }
}
