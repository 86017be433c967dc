package io.jobline.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColdStartReportTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertEquals(700.0, ColdStartReport.median(900, 650, 700, 1200, 680));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertEquals(690.0, ColdStartReport.median(700, 650, 680, 1200));
        assertEquals(2.5, ColdStartReport.median(3, 2));
    }

    @Test
    void medianOfOneValueIsThatValue() {
        assertEquals(42.0, ColdStartReport.median(42));
    }

    @Test
    void medianOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, ColdStartReport::median);
    }

    @Test
    void medianLeavesItsInputAsItWas() {
        long[] values = {3, 1, 2};
        ColdStartReport.median(values);
        assertArrayEquals(new long[] {3, 1, 2}, values);
    }

    @Test
    void eachFigureIsTheMedianOfThatFigureNotADifferenceOfMedians() {
        // Given runs whose slowest init and slowest first invocation are in different runs
        List<ColdStartRun> runs = List.of(
                new ColdStartRun(50, 600, 900, 1500, 920),   // first 300, total 900
                new ColdStartRun(60, 800, 900, 1400, 915),   // first 100, total 900
                new ColdStartRun(40, 500, 1000, 1600, 1010)); // first 500, total 1000

        // When
        ColdStartReport.Medians medians = ColdStartReport.Medians.of(runs);

        // Then
        assertEquals(50.0, medians.jvmMs());
        assertEquals(600.0, medians.initMs());
        assertEquals(300.0, medians.firstMs());
        assertEquals(900.0, medians.totalMs());
        assertEquals(1500.0, medians.cpuMs());
        assertEquals(920.0, medians.wallMs());
        assertEquals(900, medians.minTotalMs());
        assertEquals(1000, medians.maxTotalMs());
        assertEquals(3, medians.runs());
    }

    @Test
    void runsOutOfOrderAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ColdStartRun(50, 40, 900, 1000, 920));
        assertThrows(IllegalArgumentException.class, () -> new ColdStartRun(50, 600, 500, 1000, 920));
    }

    @Test
    void summaryLineNamesTheVariantAndItsMedians() {
        ColdStartReport report = aReport(Map.of(
                ColdStartVariant.API_TUNED, List.of(
                        new ColdStartRun(50, 400, 600, 900, 620),
                        new ColdStartRun(50, 420, 640, 950, 650),
                        new ColdStartRun(50, 380, 610, 800, 630))));

        assertEquals(List.of("coldstart api tuned: init_ms=400 first_ms=220 total_ms=610 cpu_ms=900 wall_ms=630"
                        + " jar_mb=12.00 runs=3"),
                report.summaryLines());
    }

    @Test
    void ratiosDivideNaiveByTuned() {
        ColdStartReport report = aReport(Map.of(
                ColdStartVariant.WORKER_TUNED, List.of(new ColdStartRun(50, 500, 800, 1000, 810)),
                ColdStartVariant.WORKER_NAIVE, List.of(new ColdStartRun(50, 50, 1200, 1250, 1215))));

        List<String> ratios = report.ratios();

        assertEquals(1, ratios.size());
        String line = ratios.get(0);
        assertTrue(line.contains("worker:"), line);
        assertTrue(line.contains("init x0.10"), line);
        assertTrue(line.contains("first x3.83"), line);
        assertTrue(line.contains("total x1.50"), line);
        assertTrue(line.contains("cpu x1.25"), line);
        assertTrue(line.contains("wall x1.50"), line);
    }

    @Test
    void renderShowsTargetsMetAndMissed() {
        ColdStartReport report = aReport(Map.of(
                ColdStartVariant.API_TUNED, List.of(new ColdStartRun(50, 400, 650, 900, 660)),
                ColdStartVariant.WORKER_TUNED, List.of(new ColdStartRun(50, 600, 950, 1100, 960))));

        String printed = report.render();

        assertTrue(printed.contains("api-tuned total 650 ms (< 700) met"), printed);
        assertTrue(printed.contains("worker-tuned total 950 ms (< 900) MISSED"), printed);
        assertTrue(printed.contains("api jar 12.00 MB (< 15) met"), printed);
        assertTrue(printed.contains("worker jar 16.00 MB (< 15) MISSED"), printed);
    }

    private static ColdStartReport aReport(Map<ColdStartVariant, List<ColdStartRun>> runs) {
        Map<ColdStartVariant, List<ColdStartRun>> ordered = new EnumMap<>(ColdStartVariant.class);
        ordered.putAll(runs);
        long mb = 1024 * 1024;
        return new ColdStartReport(ordered, Map.of("api", 12 * mb, "worker", 16 * mb), Map.of(), "java test");
    }
}
