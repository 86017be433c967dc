package io.jobline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.jobline.tenant.InMemoryTenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as the jar ships it, without a browser: every file the page reaches (from {@code index.html} through
 * its links and scripts, then through each module's imports) is served, under a name {@link DashboardRoutes} accepts
 * and with the right type. A renamed file or a misspelt import fails here, before the browser tests run.
 */
class ShippedDashboardTest {

    /** {@code src="x"} / {@code href="x"} in the page, {@code from './x.js'} and {@code import './x.js'} in modules. */
    private static final Pattern REFERENCE =
            Pattern.compile("(?:src|href)=\"([a-z0-9-]+\\.[a-z]+)\"|(?:from|import)\\s+'\\./([a-z0-9-]+\\.js)'");

    private final Routes routes;

    ShippedDashboardTest() {
        Router publicRoutes = new Router();
        new DashboardRoutes().register(publicRoutes);
        routes = new Routes(publicRoutes, new Authenticator(new InMemoryTenantStore(), Duration.ZERO,
                Clock.systemUTC()), new Router());
    }

    @Test
    void everyFileThePageReachesIsServed() {
        Set<String> reached = new TreeSet<>();
        Deque<String> toVisit = new ArrayDeque<>();
        toVisit.add("");
        while (!toVisit.isEmpty()) {
            String file = toVisit.poll();
            APIGatewayV2HTTPResponse response = get("/dashboard/" + file);
            assertEquals(200, response.getStatusCode(), "GET /dashboard/" + file);
            String type = response.getHeaders().get("Content-Type");
            assertEquals(expectedType(file.isEmpty() ? "index.html" : file), type, file);
            Matcher references = REFERENCE.matcher(response.getBody());
            while (references.find()) {
                String next = references.group(1) != null ? references.group(1) : references.group(2);
                if (reached.add(next)) {
                    toVisit.add(next);
                }
            }
        }
        assertTrue(reached.containsAll(Set.of("app.js", "api.js", "dom.js", "style.css", "overview.js", "jobs.js",
                "job.js", "submit.js", "schedules.js", "mailbox.js", "chart.js")), "reached: " + reached);
    }

    @Test
    void thePageLoadsItsScriptAsAModuleAndNothingFromElsewhere() {
        String page = get("/dashboard/").getBody();

        assertTrue(page.contains("<script type=\"module\" src=\"app.js\"></script>"), page);
        assertTrue(!page.contains("http://") && !page.contains("https://") && !page.contains("//cdn"),
                "no absolute URLs: the dashboard fetches nothing from another origin");
    }

    /** As ApiHandler answers: a missing file is a 404 response, not an exception. */
    private APIGatewayV2HTTPResponse get(String path) {
        try {
            return routes.handle(new HttpRequest("GET", path, Map.of(), Map.of(), new byte[0]));
        } catch (RuntimeException e) {
            return ErrorResponses.from(e, "test");
        }
    }

    private static String expectedType(String file) {
        String extension = file.substring(file.lastIndexOf('.') + 1);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml; charset=utf-8";
            default -> throw new AssertionError("the dashboard ships no ." + extension + " files: " + file);
        };
    }
}
