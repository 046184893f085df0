package io.superlance.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** What the figures were measured on: CPU, memory, kernel, JDK, huge-page setting, load, image size. */
record Machine(String cpu, int cores, double memoryGiB, String kernel, String imageJdk, String harnessJdk,
               String hugePages, String loadAverage, double imageMb, Path image) {
    static Machine describe(Path image) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        Properties release = new Properties();
        Path releaseFile = image.resolve("release");
        if (Files.exists(releaseFile)) {
            try (var r = Files.newBufferedReader(releaseFile)) {
                release.load(r);
            }
        }
        String imageJdk = release.getProperty("JAVA_VERSION", "?").replace("\"", "")
                + " (jlink image, modules " + release.getProperty("MODULES", "?").replace("\"", "").replace(' ', ',') + ")";
        String harnessJdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memKb / 1048576.0,
                "Linux " + read("/proc/sys/kernel/osrelease"), imageJdk, harnessJdk,
                read("/sys/kernel/mm/transparent_hugepage/enabled"), read("/proc/loadavg"),
                Bench.size(image) / 1048576.0, image);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
