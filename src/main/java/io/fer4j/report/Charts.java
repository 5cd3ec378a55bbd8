package io.fer4j.report;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The XChart drawing behind {@link Reports}, kept apart so that XChart stays an optional dependency. */
final class Charts {
  private Charts() {}

  /** A heat map of percentages with the values shown; writes {@code file}.png. */
  static void heatMap(String title, List<String> xLabels, List<String> yLabels, List<Number[]> cells, String file) throws IOException {
    HeatMapChart chart = new HeatMapChartBuilder().width(760).height(640)
        .title(title).xAxisTitle("predicted").yAxisTitle("true").build();
    chart.getStyler().setShowValue(true);
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(100);
    chart.addSeries("recall %", xLabels, yLabels, cells);
    BitmapEncoder.saveBitmap(chart, file, BitmapEncoder.BitmapFormat.PNG);
  }

  /** Loss and accuracy (train and validation, when the columns exist) side by side; writes {@code file}.png. */
  static void lossAndAccuracy(List<Double> epochs, Map<String, List<Double>> cols, String file) throws IOException {
    XYChart loss = new XYChartBuilder().width(640).height(420).title("loss").xAxisTitle("epoch").build();
    XYChart acc = new XYChartBuilder().width(640).height(420).title("accuracy").xAxisTitle("epoch").build();
    for (String name : List.of("loss", "val_loss")) if (cols.containsKey(name)) loss.addSeries(name, epochs, cols.get(name));
    for (String name : List.of("accuracy", "val_accuracy")) if (cols.containsKey(name)) acc.addSeries(name, epochs, cols.get(name));
    BitmapEncoder.saveBitmap(List.of(loss, acc), 1, 2, file, BitmapEncoder.BitmapFormat.PNG);
  }
}
