package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
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
 * The console in a real headless Chromium (Debian's chromium and chromedriver, which
 * {@code finegrid test} installs; Selenium is pointed at them and never downloads a browser): a
 * grid manager signs in, sees the alert a pump raised over MQTT arrive live, opens it,
 * acknowledges it, sees the state change, and the escalation due later never comes. A
 * screenshot of each page goes to target/console-*.png.
 */
class ConsoleBrowserIT {
    static final String COMMUNITY = "web";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String RULES = """
            rules:
              - {id: pump-low-pressure, kind: threshold, deviceType: water_pump, metric: pressure_mpa,
                 below: 0.15, clear: 0.18, for: 2s, severity: major, category: water_supply}
            """;

    static WebDriver browser() {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are needed (./finegrid test installs them)");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toString());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    static void screenshot(WebDriver d, String name) throws Exception {
        Path target = Path.of("target");
        Files.createDirectories(target);
        Path shot = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target.resolve("console-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aManagerSeesTheAlertLiveAcknowledgesItAndTheEscalationStops() throws Exception {
        String responsibilities = """
                recipients:
                  - {id: crew-1, org: utility-water}
                  - {id: gm-1, org: committee}
                  - {id: office, org: street-office}
                assignments:
                  - {grid: "*", category: "*", crew: crew-1, escalate: [{after: 40s, to: office}]}
                notify: {groupWait: 1s}
                """;
        WebDriver web = browser();
        try (Platform platform = TestCommunity.start(COMMUNITY, RULES, responsibilities, s -> s.withAlerting(
                new Platform.Alerting(s.alerting().service(), List.of("gm-token gm-1"))));
             TestCommunity.Publisher mqtt = new TestCommunity.Publisher()) {
            WebDriverWait wait = new WebDriverWait(web, Duration.ofSeconds(60));
            String base = "http://127.0.0.1:" + platform.httpPort() + "/console/";

            long t0 = System.nanoTime();
            web.get(base);
            wait.until(d -> d.findElement(By.id("token")));
            long loadMs = (System.nanoTime() - t0) / 1_000_000;
            web.findElement(By.id("token")).sendKeys("wrong-token");
            web.findElement(By.id("login")).click();
            wait.until(d -> d.findElement(By.cssSelector(".login .error")).getText().contains("not known"));
            screenshot(web, "login");
            web.findElement(By.id("token")).clear();
            web.findElement(By.id("token")).sendKeys("gm-token");
            web.findElement(By.id("login")).click();
            wait.until(d -> d.findElement(By.cssSelector(".grid-card[data-grid='G1']")));
            wait.until(d -> d.findElement(By.id("live")).getText().contains("live"));
            assertTrue(web.findElement(By.id("who")).getText().contains("gm-1 (manager)"));
            assertTrue(!web.findElements(By.id("no-alerts")).isEmpty(), "quiet before the fault");
            screenshot(web, "overview-quiet");

            // A pump loses pressure: the alert reaches the open page by itself.
            TestCommunity.LowPressure feeder = new TestCommunity.LowPressure(mqtt, COMMUNITY, "wp-1");
            WebElement row = wait.until(d -> d.findElement(By.cssSelector("tr.alert-row")));
            String alertId = row.getAttribute("data-alert-id");
            wait.until(d -> d.findElement(By.cssSelector(".building-tile[data-building='B01']")).getAttribute("class")
                    .contains("sev-major"));
            screenshot(web, "overview-alert");

            web.findElement(By.cssSelector(".grid-card[data-grid='G1']")).click();
            wait.until(d -> d.findElement(By.cssSelector("#alerts tr.alert-row")));
            wait.until(d -> !d.findElements(By.id("backlog-chart")).isEmpty() || !d.findElements(By.id("no-backlog")).isEmpty());
            screenshot(web, "grid");

            web.findElement(By.cssSelector("#alerts tr.alert-row")).click();
            wait.until(d -> d.findElement(By.id("alert-state")).getText().equals("firing"));
            assertEquals("crew-1 (utility-water)", web.findElement(By.id("alert-owner")).getText());
            screenshot(web, "alert-firing");
            web.findElement(By.id("ack")).click();
            wait.until(d -> d.findElement(By.id("toast")).getText().contains("Acknowledgement recorded"));
            wait.until(d -> d.findElement(By.id("alert-state")).getText().equals("acknowledged"));
            assertTrue(web.findElement(By.id("ack")).getAttribute("disabled") != null, "nothing left to acknowledge");
            screenshot(web, "alert-acknowledged");

            // Event time passes the street office's escalation: nobody escalates an acknowledged alert.
            long startsAt = TestCommunity.alertsUntil(COMMUNITY, a -> !a.isEmpty()).get(0).startsAt();
            while (System.currentTimeMillis() < startsAt + 50_000) {
                Thread.sleep(500);
            }
            List<AlertState> states = TestCommunity.alertsUntil(COMMUNITY, a -> a.stream().filter(t -> t.alertId().equals(alertId)).count() >= 2).stream()
                    .filter(t -> t.alertId().equals(alertId)).map(AlertTransition::state).toList();
            assertEquals(List.of(AlertState.FIRING, AlertState.ACKNOWLEDGED), states);
            web.get(base + "#/alert/" + alertId);
            wait.until(d -> d.findElement(By.id("alert-level")).getText().equals("0"));
            assertEquals("acknowledged", web.findElement(By.id("alert-state")).getText());

            // The pump's one-minute readings, with the rule's threshold and clear level drawn in.
            web.get(base + "#/device/wp-1");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (web.findElements(By.cssSelector(".telemetry-chart canvas")).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    screenshot(web, "device");
                    StringBuilder logs = new StringBuilder();
                    web.manage().logs().get("browser").forEach(l -> logs.append(l).append('\n'));
                    throw new AssertionError("no telemetry chart: " + web.findElement(By.id("view")).getText() + "\n"
                            + ((org.openqa.selenium.JavascriptExecutor) web).executeScript(
                                    "return typeof echarts + ' ' + document.querySelector('.telemetry-chart')?.outerHTML")
                            + "\n" + logs);
                }
                Thread.sleep(3_000);
                web.navigate().refresh();
                wait.until(d -> !d.findElements(By.cssSelector(".telemetry-chart canvas")).isEmpty()
                        || !d.findElements(By.id("no-telemetry")).isEmpty());
            }
            Object marks = ((org.openqa.selenium.JavascriptExecutor) web).executeScript(
                    "const c = echarts.getInstanceByDom(document.querySelector('.telemetry-chart'));"
                            + "return c.getOption().series[0].markLine.data.map(d => d.yAxis);");
            assertEquals(List.of(0.15, 0.18), marks, "threshold and clear level drawn in");
            screenshot(web, "device");

            // A phone: the same pages, readable on a narrow screen.
            web.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            web.get(base + "#/");
            wait.until(d -> d.findElement(By.cssSelector(".grid-card[data-grid='G1']")));
            screenshot(web, "phone-overview");
            web.get(base + "#/alert/" + alertId);
            wait.until(d -> d.findElement(By.id("alert-state")));
            screenshot(web, "phone-alert");
            System.out.println("console page load to sign-in form: " + loadMs + " ms");
        } finally {
            
            web.quit();
        }
    }
}
