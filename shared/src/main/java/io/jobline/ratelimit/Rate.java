package io.jobline.ratelimit;

/** A sustained rate with a burst: {@code 14/s} lets 14 through at once, then one every 1/14 s. */
public record Rate(double perSecond, int burst) {

    public Rate {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate needs perSecond > 0 and burst >= 1");
        }
    }

    /** {@code "14/s"}, {@code "600/m"}; the burst is one second's worth (at least 1). */
    public static Rate parse(String text) {
        String[] parts = text.strip().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a rate looks like 14/s or 600/m, got '" + text + "'");
        }
        double count;
        try {
            count = Double.parseDouble(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a rate looks like 14/s or 600/m, got '" + text + "'");
        }
        double perSecond = switch (parts[1]) {
            case "s" -> count;
            case "m" -> count / 60;
            case "h" -> count / 3600;
            default -> throw new IllegalArgumentException("a rate's unit is s, m or h, got '" + parts[1] + "'");
        };
        return new Rate(perSecond, Math.max(1, (int) Math.floor(perSecond)));
    }
}
