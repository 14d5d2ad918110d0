package apogee.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One `apogee standalone` on an ephemeral port, for one test; SIGTERM on close. */
final class ApogeeServer implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    final String endpoint; // "127.0.0.1:PORT"
    final Path log;
    private final Process process;
    private final String binary;
    private final Path dir;

    private ApogeeServer(String binary, Process process, String endpoint, Path log, Path dir) {
        this.binary = binary;
        this.dir = dir;
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts a server; `env` adds server settings such as APOGEE_BROKER__TRANSACTION_CHECK_INTERVAL. */
    static ApogeeServer start(String name, Map<String, String> env) throws Exception {
        String binary = System.getProperty("apogee.bin");
        if (binary == null || binary.isEmpty()) {
            throw new IllegalStateException("-Dapogee.bin is not set (run tests/clients/run.sh)");
        }
        Path logs = Path.of(System.getProperty("apogee.logs", "target/logs"));
        Path dir = Files.createTempDirectory("apogee-java-" + name + "-");
        Path ready = dir.resolve("ready");
        Path log = logs.resolve(name + ".apogee.log");
        Files.createDirectories(logs);

        ProcessBuilder pb = new ProcessBuilder(binary, "standalone", "--listen", "127.0.0.1:0",
                "--data-dir", dir.resolve("data").toString(), "--ready-file", ready.toString());
        // The server reads APOGEE_* variables as its configuration and rejects unknown keys.
        pb.environment().keySet().removeIf(k -> k.startsWith("APOGEE_"));
        pb.environment().putIfAbsent("RUST_LOG", "info");
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = pb.start();

        // Readiness = the server wrote its bound address into the ready file.
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String endpoint = "";
        while (endpoint.isEmpty()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("apogee exited early with " + process.exitValue() + "; log " + log);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("apogee not ready after " + READY_TIMEOUT + "; log " + log);
            }
            if (Files.exists(ready)) {
                endpoint = Files.readString(ready).trim();
            }
            if (endpoint.isEmpty()) {
                Thread.sleep(50); // poll interval, not a readiness guess
            }
        }
        return new ApogeeServer(binary, process, endpoint, log, dir);
    }

    /** `apogee admin --endpoint http://ENDPOINT ARGS... --json`; its output; fails on a non-zero exit. */
    String admin(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary, "admin", "--endpoint", "http://" + endpoint));
        cmd.addAll(List.of(args));
        cmd.add("--json");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("APOGEE_"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        // A clean exit on SIGTERM is part of what is tested.
        process.destroy(); // SIGTERM
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("apogee did not exit within " + STOP_TIMEOUT + " of SIGTERM; log " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("apogee exited with " + process.exitValue() + " after SIGTERM; log " + log);
        }
        try (var paths = Files.walk(dir)) { // the data directory; the log is kept
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
