package org.pollux.train.run;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.pollux.gguf.AtomicFileWriter;

/** The loss curve (training loss per step, validation loss per evaluation) as a PNG, drawn with XChart and written atomically. */
final class LossCurvePlot {
    static {
        // Rendering to an image needs no display; without this a server with no X would fail.
        System.setProperty("java.awt.headless", "true");
    }

    private LossCurvePlot() {}

    static void write(Path file, String title, List<MetricsLog.Point> train, List<MetricsLog.Point> validation) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        if (!train.isEmpty()) {
            XYSeries s = chart.addSeries("train", xs(train), ys(train));
            s.setMarker(SeriesMarkers.NONE);
        }
        if (!validation.isEmpty()) {
            XYSeries s = chart.addSeries("validation", xs(validation), ys(validation));
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            AtomicFileWriter.write(file, png.length,
                    seg -> MemorySegment.copy(MemorySegment.ofArray(png), 0, seg, 0, png.length));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot write the loss curve: " + e.getMessage(), e);
        }
    }

    private static double[] xs(List<MetricsLog.Point> p) {
        return p.stream().mapToDouble(MetricsLog.Point::step).toArray();
    }

    private static double[] ys(List<MetricsLog.Point> p) {
        return p.stream().mapToDouble(MetricsLog.Point::value).toArray();
    }
}
