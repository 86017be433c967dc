package io.jobline.local;

import static io.jobline.local.EmailJobs.address;
import static io.jobline.local.EmailJobs.email;
import static io.jobline.local.EndToEndScenarios.FINISH_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.Progress;
import io.jobline.TenantId;
import io.jobline.store.PostgresJobStore;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.PostgresTenantStore;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real browser (headless Chromium) against the whole local stack: sign-in, a job from the form
 * going from queued to succeeded, filtering, retry and bulk retry, cancel, schedules, the mailbox, and screenshots of
 * every view at laptop and phone widths under {@code local/target/dashboard-screenshots/}.
 *
 * <p>Each test signs in with a new tenant's key, so what it sees is only what it made.
 */
class DashboardBrowserIT {

    private static LocalJobline jobline;
    private static JoblineClient client;
    private static Browser browser;

    private ApiKey key;

    @BeforeAll
    static void start() {
        browser = Browser.start();
        jobline = LocalJobline.start(LocalSettings.fromEnv(Map.of(LocalSettings.PORT, "0")));
        client = new JoblineClient(jobline.url());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (jobline != null) {
            jobline.close();
        }
    }

    @BeforeEach
    void newTenant() {
        key = jobline.issueKey("dashboard-" + UUID.randomUUID());
    }

    /** A failed test leaves a picture of what the browser showed, named after the test. */
    @RegisterExtension
    final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.screenshot("FAILED-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @AfterEach
    void signOut() {
        browser.script("sessionStorage.clear()");
    }

    @Test
    void signInRefusesAWrongKeyThenKeepsTheRightOneInSessionStorageOnly() {
        browser.open(dashboard(""));
        WebElement keyField = browser.find(By.id("api-key"));
        keyField.sendKeys("jl_not-a-real-key", Keys.ENTER);
        browser.awaitText(By.cssSelector("[role=alert]"), "not accepted");
        assertNull(browser.script("return sessionStorage.getItem('jobline.apiKey')"));

        keyField = browser.find(By.id("api-key"));
        keyField.clear();
        keyField.sendKeys(key.secret(), Keys.ENTER);
        browser.awaitText(By.tagName("h1"), "Overview");
        browser.find(By.cssSelector("[data-testid=count-queued]"));
        assertEquals(key.secret(), browser.script("return sessionStorage.getItem('jobline.apiKey')"));
        assertEquals(0L, browser.script("return localStorage.length"), "nothing in local storage");
        assertEquals("", browser.script("return document.cookie"), "no cookies");

        browser.find(By.id("sign-out")).click();
        browser.find(By.id("api-key"));
        assertNull(browser.script("return sessionStorage.getItem('jobline.apiKey')"));
    }

    @Test
    void aJobSubmittedFromTheFormGoesFromQueuedToSucceededAndItsMailIsInTheMailbox() {
        signIn("#/submit");
        String to = address("form");
        String subject = "Dashboard " + UUID.randomUUID();
        WebElement payload = browser.find(By.id("submit-payload"));
        payload.clear();
        payload.sendKeys("{\"to\":[\"" + to + "\"],\"subject\":\"" + subject + "\",\"text\":\"From the form\","
                + "\"html\":\"<p>From the <b>form</b>, in HTML</p><script>parent.document.title='owned'</script>\"}");
        // Held in the queue for a few seconds, so the page is seen queued before it is seen succeeded.
        browser.find(By.id("submit-delay")).sendKeys("4");
        browser.find(By.cssSelector("form button[type=submit]")).click();

        browser.until(driver -> driver.getCurrentUrl().matches(".*#/jobs/[0-9a-f-]{36}$"));
        browser.awaitText(By.cssSelector("[data-testid=job-status]"), "queued");
        browser.screenshot("job-queued");
        browser.awaitText(By.cssSelector("[data-testid=job-status]"), "succeeded");
        browser.awaitText(By.cssSelector("[data-testid=result]"), "messageId");
        browser.awaitText(By.cssSelector("[data-testid=attempts]"), "Attempt 1");
        browser.screenshot("job-succeeded");

        browser.open(dashboard("#/mailbox"));
        browser.awaitText(By.cssSelector("[data-testid=mailbox]"), subject);
        WebElement message = browser.find(By.xpath("//summary[.//span[text()='" + subject + "']]"));
        message.click();
        browser.awaitText(By.cssSelector("[data-testid=mailbox] details[open]"), "From the form");
        browser.screenshot("mailbox");
        // The HTML body is shown in a sandboxed frame: its markup renders, its script never runs.
        browser.driver().switchTo().frame(browser.find(By.cssSelector("[data-testid=mailbox] details[open] iframe")));
        browser.awaitText(By.tagName("body"), "From the form, in HTML");
        browser.driver().switchTo().defaultContent();
        assertEquals("Mailbox · Jobline", browser.driver().getTitle());
    }

    @Test
    void filtersNarrowTheTableAndStayInTheAddress() {
        String failed = finished(email(address("bad") + ".invalid"));
        String succeeded = finished(email(address("good")));
        finished(email(address("good")));
        signIn("#/jobs");
        awaitRows(3);

        new Select(browser.find(By.id("filter-status"))).selectByValue("failed");
        browser.find(By.cssSelector("form.filters button[type=submit]")).click();
        browser.until(driver -> driver.getCurrentUrl().contains("status=failed"));
        awaitRows(1);
        assertEquals(List.of(failed), rowIds());
        browser.awaitText(By.cssSelector("[data-testid=match-count]"), "1 job matches");
        browser.screenshot("jobs-filtered-failed");

        browser.open(dashboard("#/jobs?errorContains=NOT%20VERIFIED"));
        awaitRows(1);
        assertEquals(List.of(failed), rowIds(), "error text is matched without regard to case");

        browser.open(dashboard("#/jobs?status=succeeded&type=email.send"));
        awaitRows(2);
        assertTrue(rowIds().contains(succeeded));

        browser.open(dashboard("#/jobs?errorContains=no-such-error-text"));
        browser.awaitText(By.cssSelector("[data-testid=jobs-results]"), "No jobs match");
    }

    @Test
    void retryingAFailedJobRunsItAgain() {
        String failed = finished(email(address("bad") + ".invalid"));
        signIn("#/jobs/" + failed);
        browser.awaitText(By.cssSelector("[data-testid=job-status]"), "failed");
        browser.find(By.xpath("//button[text()='Retry']")).click();
        confirm("Retry this job?");
        // The address is still refused: a second attempt runs and fails. It is the second entry of the timeline and
        // the first of the fresh budget a manual retry gives.
        browser.awaitText(By.cssSelector("[data-testid=attempts] li[data-attempt='2']"), "failed");
        browser.awaitText(By.cssSelector("[data-testid=job-attempts]"), "1 of 5 since the last manual retry (2 in all)");
        browser.awaitText(By.cssSelector("[data-testid=job-status]"), "failed");
        browser.screenshot("job-retried");
    }

    @Test
    void bulkRetryConfirmsHowManyFailedJobsItQueuesAgain() {
        finished(email(address("bad") + ".invalid"));
        finished(email(address("bad") + ".invalid"));
        finished(email(address("good")));
        signIn("#/jobs?status=failed");
        awaitRows(2);
        browser.find(By.cssSelector("[data-testid=bulk-retry]")).click();
        WebElement dialog = browser.find(By.id("confirm"));
        browser.awaitText(By.id("confirm-title"), "Retry 2 failed jobs?");
        browser.screenshot("bulk-retry-confirmation");
        dialog.findElement(By.id("confirm-ok")).click();
        browser.awaitText(By.cssSelector("[role=status].notice"), "Queued 2 failed jobs again.");
    }

    @Test
    void theKeyboardAloneReachesEverySectionAndFocusLandsOnTheNewHeading() {
        signIn("#/overview");
        for (String section : List.of("Jobs", "Submit", "Schedules", "Mailbox", "Overview")) {
            // Focus is on the open view's heading: Shift+Tab walks back up into the navigation.
            for (int presses = 0; presses < 15 && !section.equals(activeText()); presses++) {
                browser.driver().switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
            }
            assertEquals(section, activeText(), "Tab reaches the " + section + " link");
            browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
            browser.until(driver -> "H1".equals(browser.script("return document.activeElement.tagName"))
                    && activeText().startsWith(section.equals("Submit") ? "Submit a job" : section));
        }
    }

    private String activeText() {
        return (String) browser.script("return document.activeElement.textContent.trim()");
    }

    /**
     * A job type that runs in steps reports progress; the built-in ones are single steps, so this job is written
     * straight to the store as a worker running such a type would leave it.
     */
    @Test
    void aRunningJobShowsItsProgressAndItsOpenAttempt() {
        TenantId tenant = new PostgresTenantStore(jobline.dataSource()).findTenantByKeyHash(key.hash()).orElseThrow();
        PostgresJobStore store = new PostgresJobStore(jobline.dataSource());
        Instant now = Instant.now();
        Job job = Job.submit(JobId.random(), tenant, EmailJobs.spec(address("steps")), null, now);
        store.insert(job);
        Job running = store.update(job.start(now, Duration.ofMinutes(10), "worker-request-1")).orElseThrow();
        store.update(running.reportProgress(new Progress(40, "Rendering page 2 of 5"), now.plusMillis(5)))
                .orElseThrow();

        signIn("#/jobs/" + job.id());
        browser.awaitText(By.cssSelector("[data-testid=job-status]"), "running");
        browser.awaitText(By.cssSelector("[data-testid=progress-text]"), "40% — Rendering page 2 of 5");
        assertEquals("40", browser.find(By.cssSelector("progress")).getDomProperty("value"));
        browser.awaitText(By.cssSelector("[data-testid=attempts] li[data-attempt='1']"), "running");
        browser.screenshot("job-progress");
    }

    @Test
    void aQueuedJobCanBeCancelled() {
        JoblineClient.Response submitted =
                client.submit(key.secret(), email(address("later")).replace("}}", "},\"delaySeconds\":600}"));
        assertEquals(202, submitted.status(), submitted.raw().body());
        String id = submitted.json().get("id").textValue();
        signIn("#/jobs/" + id);
        browser.awaitText(By.cssSelector("[data-testid=job-status]"), "queued");
        browser.find(By.xpath("//button[text()='Cancel job']")).click();
        // Escape closes the confirmation and changes nothing.
        browser.awaitText(By.id("confirm-title"), "Cancel this job?");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.until(driver -> !driver.findElement(By.id("confirm")).isDisplayed());
        assertEquals("queued", client.get(key.secret(), id).json().get("status").textValue());

        browser.find(By.xpath("//button[text()='Cancel job']")).click();
        confirm("Cancel this job?");
        browser.awaitText(By.cssSelector("[data-testid=job-status]"), "cancelled");
        assertEquals("cancelled", client.get(key.secret(), id).json().get("status").textValue());
        // A cancelled job can be queued again.
        browser.find(By.xpath("//button[text()='Retry']"));
    }

    @Test
    void schedulesShowTheirNextFireTimesAndPauseAndResume() {
        JoblineClient.Response created = client.send(HttpRequest.newBuilder(jobline.url().resolve("/schedules"))
                .header("Authorization", "Bearer " + key.secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"nightly-report\",\"cron\":\"0 3 * * *\","
                        + "\"timezone\":\"Europe/Paris\",\"job\":" + email(address("report")) + "}")));
        assertEquals(201, created.status(), created.raw().body());
        signIn("#/schedules");
        browser.awaitText(By.cssSelector("[data-schedule=nightly-report]"), "0 3 * * *");
        assertEquals(5, browser.findAll(By.cssSelector("[data-schedule=nightly-report] .fire-times li")).size());

        browser.find(By.cssSelector("button[aria-label='Pause nightly-report']")).click();
        browser.awaitText(By.cssSelector("[data-schedule=nightly-report]"), "Nothing fires while paused");
        browser.screenshot("schedules-paused");
        browser.find(By.cssSelector("button[aria-label='Resume nightly-report']")).click();
        browser.until(driver -> driver.findElements(
                By.cssSelector("[data-schedule=nightly-report] .fire-times li")).size() == 5);
    }

    @Test
    void overviewCountsTheTenantsJobsAndChartsWhatFinished() {
        finished(email(address("good")));
        finished(email(address("good")));
        finished(email(address("bad") + ".invalid"));
        signIn("#/overview");
        browser.awaitText(By.cssSelector("[data-testid=count-succeeded]"), "2");
        browser.awaitText(By.cssSelector("[data-testid=count-failed]"), "1");
        browser.awaitText(By.cssSelector("[data-testid=throughput-summary]"), "2 succeeded and 1 failed");
        browser.find(By.cssSelector("[data-queue=jobs-dlq]"));
        browser.awaitText(By.cssSelector("[data-type='email.send'] td[data-status=succeeded]"), "2");
        browser.awaitText(By.cssSelector("[data-type='email.send'] td[data-status=failed]"), "1");
        browser.find(By.cssSelector("button[data-window='24h']")).click();
        browser.awaitText(By.cssSelector("[data-testid=throughput-summary]"), "last 24 hours");

        // A count opens the jobs it counts.
        browser.find(By.cssSelector("[data-type='email.send'] td[data-status=failed] a")).click();
        browser.until(driver -> driver.getCurrentUrl().endsWith("#/jobs?type=email.send&status=failed"));
        awaitRows(1);
    }

    /** Every view at laptop and phone widths; also checks every form control has a label. */
    @Test
    void screenshotsOfEveryViewAndEveryControlLabelled() throws Exception {
        finished(email(address("good")));
        finished(email(address("bad") + ".invalid"));
        String views = "overview jobs submit schedules mailbox";
        for (int[] size : new int[][] {{1280, 900}, {390, 844}}) {
            browser.resize(size[0], size[1]);
            signIn("#/overview");
            for (String view : views.split(" ")) {
                browser.open(dashboard("#/" + view));
                browser.until(driver -> driver.findElements(By.cssSelector("main h1")).stream()
                        .anyMatch(h1 -> h1.getText().toLowerCase().startsWith(view.substring(0, 4))));
                Thread.sleep(300); // lets the view's first answers render before the picture
                assertEquals(List.of(), browser.script("""
                        return [...document.querySelectorAll('main input, main select, main textarea')]
                          .filter(control => control.labels.length === 0 && !control.getAttribute('aria-label'))
                          .map(control => control.id || control.name);"""), view + ": controls without a label");
                String name = view + (size[0] < 600 ? "-phone" : "");
                assertTrue(Files.size(browser.screenshot(name)) > 0);
            }
            browser.script("sessionStorage.clear()");
        }
        browser.resize(1280, 900);
    }

    private void signIn(String hash) {
        browser.open(dashboard(""));
        browser.find(By.id("api-key")).sendKeys(key.secret(), Keys.ENTER);
        browser.awaitText(By.tagName("h1"), "Overview");
        if (!hash.isEmpty() && !hash.equals("#/overview")) {
            browser.open(dashboard(hash));
        }
    }

    private String dashboard(String hash) {
        return jobline.url().resolve("/dashboard/").toString() + hash;
    }

    private void confirm(String title) {
        browser.awaitText(By.id("confirm-title"), title);
        browser.find(By.id("confirm-ok")).click();
    }

    private void awaitRows(int count) {
        browser.until(driver -> driver.findElements(By.cssSelector("[data-testid=jobs-table] tbody tr")).size() == count);
    }

    private List<String> rowIds() {
        return browser.findAll(By.cssSelector("[data-testid=jobs-table] tbody tr")).stream()
                .map(row -> row.getDomAttribute("data-job-id"))
                .toList();
    }

    /** Submits a job through the API and waits for it to finish; returns its id. */
    private String finished(String body) {
        JoblineClient.Response submitted = client.submit(key.secret(), body);
        assertEquals(202, submitted.status(), submitted.raw().body());
        String id = submitted.json().get("id").textValue();
        assertTrue(JoblineClient.isFinished(client.awaitFinished(key.secret(), id, FINISH_TIMEOUT)), "job " + id);
        return id;
    }
}
