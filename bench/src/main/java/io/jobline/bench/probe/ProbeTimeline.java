package io.jobline.bench.probe;

/**
 * The moments of one cold start, in wall-clock milliseconds since the benchmark launched this JVM (it passes {@link
 * System#currentTimeMillis()} taken just before spawning the process; both clocks are the same machine's), and the CPU
 * time the JVM had used by then (all threads: JIT and GC included), printed on stdout as one JSON line that starts
 * with {@link #PREFIX}.
 */
public final class ProbeTimeline {

    public static final String PREFIX = "coldstart-probe ";
    public static final String MAIN_MS = "main_ms";
    public static final String READY_MS = "ready_ms";
    public static final String DONE_MS = "done_ms";
    public static final String CPU_MS = "cpu_ms";
    public static final String OK = "ok";
    public static final String DETAIL = "detail";

    private final long launchedAt;
    private final long mainAt;
    private long readyAt = -1;
    private long doneAt = -1;

    private ProbeTimeline(long launchedAt, long mainAt) {
        this.launchedAt = launchedAt;
        this.mainAt = mainAt;
    }

    /** Call first thing in {@code main}, with the launch time the benchmark passed and the time main was entered. */
    static ProbeTimeline launchedAt(String launchedAtMillis, long mainAtMillis) {
        return new ProbeTimeline(Long.parseLong(launchedAtMillis), mainAtMillis);
    }

    /** The handler is constructed: Lambda's init phase ends here. */
    void ready() {
        readyAt = System.currentTimeMillis();
    }

    /** The first invocation has returned. */
    void done() {
        doneAt = System.currentTimeMillis();
    }

    void print(String function, String variant, boolean ok, String detail) {
        // Read after the last mark, so reading it costs the figures nothing.
        long cpuMillis = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
        StringBuilder json = new StringBuilder(PREFIX)
                .append("{\"function\":\"").append(function)
                .append("\",\"variant\":\"").append(variant)
                .append("\",\"").append(MAIN_MS).append("\":").append(mainAt - launchedAt)
                .append(",\"").append(READY_MS).append("\":").append(since(readyAt))
                .append(",\"").append(DONE_MS).append("\":").append(since(doneAt))
                .append(",\"").append(CPU_MS).append("\":").append(cpuMillis)
                .append(",\"").append(OK).append("\":").append(ok)
                .append(",\"").append(DETAIL).append("\":\"").append(escape(detail)).append("\"}");
        System.out.println(json);
    }

    private long since(long moment) {
        return moment < 0 ? -1 : moment - launchedAt;
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
