package apogee.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Records each {@link Scenario} test's outcome into -Dapogee.results (results/java.json):
 * passed = "pass", failed = "fail", aborted by an assumption = "unsupported" (by the client).
 * The file is rewritten after every test, so a crash later keeps what was decided.
 */
public final class ScenarioResults implements TestWatcher {
    private static final Map<String, String> STATUS = new TreeMap<>();
    private static final Map<String, String> DETAIL = new TreeMap<>();

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, "pass", null);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, "fail", String.valueOf(cause));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, "unsupported", cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        record(context, "unsupported", reason.orElse("disabled"));
    }

    private static synchronized void record(ExtensionContext context, String status, String detail) {
        Scenario scenario = context.getRequiredTestMethod().getAnnotation(Scenario.class);
        if (scenario == null) {
            return;
        }
        STATUS.put(scenario.value(), status);
        if (detail != null) {
            DETAIL.put(scenario.value(), detail);
        }
        write();
    }

    private static void write() {
        String out = System.getProperty("apogee.results");
        if (out == null || out.isEmpty()) {
            return;
        }
        String json = "{\n"
                + "  \"client\": \"java\",\n"
                + "  \"library\": \"org.apache.rocketmq:rocketmq-client-java\",\n"
                + "  \"version\": " + quote(clientVersion()) + ",\n"
                + "  \"scenarios\": " + object(STATUS) + ",\n"
                + "  \"details\": " + object(DETAIL) + "\n"
                + "}\n";
        try {
            Files.createDirectories(Path.of(out).toAbsolutePath().getParent());
            Files.writeString(Path.of(out), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of the client jar actually on the class path. */
    private static String clientVersion() {
        String res = "/META-INF/maven/org.apache.rocketmq/rocketmq-client-java/pom.properties";
        try (InputStream in = ScenarioResults.class.getResourceAsStream(res)) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String object(Map<String, String> map) {
        return map.entrySet().stream()
                .map(e -> quote(e.getKey()) + ": " + quote(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
