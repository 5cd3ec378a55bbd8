package io.fer4j.spark;

import io.fer4j.Fer4jException;
import io.fer4j.data.ImageDecoder;
import io.fer4j.data.Interpolation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Scores one partition: rows go through in their order, {@code batchSize} at a time, each batch
 * one model call on the executor's {@link SharedModels shared model}. Each row comes back with
 * {@code label}, {@code probabilities} (the model's output row) and {@code error}: an image that
 * does not decode gets its one-line error and null scores instead of failing the job.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private final ScoringOptions options;
  private final ImageColumns columns;

  PartitionScorer(ScoringOptions options, StructType schema) {
    this.options = options;
    this.columns = ImageColumns.of(options, schema);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    SharedModels.Loaded m = SharedModels.get(options.model());
    Interpolation interp = Interpolation.parse(options.interpolation());
    return new Iterator<>() {
      private Iterator<Row> scored = List.<Row>of().iterator();

      @Override
      public boolean hasNext() {
        while (!scored.hasNext() && rows.hasNext()) {
          List<Row> batch = new ArrayList<>(options.batchSize());
          while (batch.size() < options.batchSize() && rows.hasNext()) batch.add(rows.next());
          scored = score(m, interp, batch).iterator();
        }
        return scored.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return scored.next();
      }
    };
  }

  private List<Row> score(SharedModels.Loaded m, Interpolation interp, List<Row> batch) {
    long[] s = m.model().inputShape();
    int h = (int) s[0], w = (int) s[1], c = (int) s[2], per = h * w * c;
    float[] x = new float[batch.size() * per];
    int[] slot = new int[batch.size()];
    String[] error = new String[batch.size()];
    int n = 0;
    for (int i = 0; i < batch.size(); i++) {
      Row r = batch.get(i);
      String what = columns.what(r, i);
      slot[i] = -1;
      byte[] bytes = columns.bytes(r);
      if (bytes == null) {
        error[i] = what + ": no image bytes";
        continue;
      }
      try {
        ImageDecoder.Image img = m.decoder().decode(bytes, h, w, interp, what);
        float[] px = img.pixels();
        for (int k = 0; k < per; k++) x[n * per + k] = px[k] * m.scale() + m.offset();
        slot[i] = n++;
      } catch (Fer4jException e) {
        error[i] = e.getMessage();
      }
    }
    float[][] p = n == 0 ? new float[0][] : m.model().predict(n == batch.size() ? x : Arrays.copyOf(x, n * per), n);
    List<Row> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Row r = batch.get(i);
      Object[] v = new Object[r.length() + 3];
      for (int k = 0; k < r.length(); k++) v[k] = r.get(k);
      if (slot[i] >= 0) {
        float[] row = p[slot[i]];
        int best = 0;
        for (int j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
        v[r.length()] = m.classes().get(best);
        v[r.length() + 1] = row; // array<float>: a Java array is a valid external value
      }
      v[r.length() + 2] = error[i];
      out.add(RowFactory.create(v));
    }
    return out;
  }
}
