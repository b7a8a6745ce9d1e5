package io.eventhubsnative.local.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A client of another language run as its users run it: a child process, bounded in time, its output kept. */
final class ClientProcess {

    private static final long TIMEOUT_MINUTES = 8;

    private ClientProcess() {}

    /** Runs {@code command} in {@code directory}; its output (stdout and stderr) when it exits 0, else fails with it. */
    static String run(List<String> command, Path directory, Map<String, String> env, String what)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("client-process", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(what + " did not end within " + TIMEOUT_MINUTES + " minutes:\n" + read(log));
            }
            String output = read(log);
            System.out.println(output);
            if (process.exitValue() != 0) {
                throw new AssertionError(what + " exited with " + process.exitValue() + ":\n" + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }
}
