package io.fer4j.spark;

import io.fer4j.Fer4jException;
import io.fer4j.data.Interpolation;
import io.fer4j.faces.FerPredictor;
import io.fer4j.faces.Photos;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Scores the faces in one partition's photos, as {@code fer4j predict --faces} does (the same
 * {@link FerPredictor}): each photo becomes one row per face found, left to right, with
 * {@code face} (its index), {@code box}, {@code label} and {@code probabilities}; a photo with no
 * face one row with those null; a photo that does not decode one row with its {@code error}. The
 * model is the executor's {@link SharedModels shared model}; the detector (OpenCV's cascade is not
 * safe to share between threads) is the task's own, closed when the partition ends.
 */
final class PartitionFaceScorer implements MapPartitionsFunction<Row, Row> {
  private final ScoringOptions options;
  private final ImageColumns columns;

  PartitionFaceScorer(ScoringOptions options, StructType schema) {
    this.options = options;
    this.columns = ImageColumns.of(options, schema);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    SharedModels.Loaded m = SharedModels.get(options.model());
    FerPredictor faces = FerPredictor.sharing(m.model(), m.classes(), m.scale(), m.offset(), Interpolation.parse(options.interpolation()));
    TaskContext task = TaskContext.get();
    if (task != null) task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> faces.close());
    return new Iterator<>() {
      private Iterator<Row> scored = List.<Row>of().iterator();
      private int seen;
      private boolean closed;

      @Override
      public boolean hasNext() {
        while (!scored.hasNext() && rows.hasNext()) scored = score(faces, rows.next(), seen++).iterator();
        if (!scored.hasNext() && task == null && !closed) { // outside a task: when the rows end
          closed = true;
          faces.close();
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

  private List<Row> score(FerPredictor faces, Row r, int i) {
    String what = columns.what(r, i);
    List<Row> out = new ArrayList<>();
    try {
      byte[] bytes = columns.bytes(r);
      if (bytes == null) throw new Fer4jException(what + ": no image bytes");
      List<FerPredictor.Face> found = faces.detect(Photos.decode(bytes, what));
      for (int k = 0; k < found.size(); k++) {
        FerPredictor.Face f = found.get(k);
        int[] box = {f.box().x(), f.box().y(), f.box().width(), f.box().height()};
        out.add(row(r, k, box, f.label(), f.probabilities(), null));
      }
      if (found.isEmpty()) out.add(row(r, null, null, null, null, null));
    } catch (Fer4jException e) {
      out.add(row(r, null, null, null, null, e.getMessage()));
    }
    return out;
  }

  private static Row row(Row r, Integer face, int[] box, String label, float[] probabilities, String error) {
    Object[] v = Arrays.copyOf(rowValues(r), r.length() + 5);
    v[r.length()] = face;
    v[r.length() + 1] = box;
    v[r.length() + 2] = label;
    v[r.length() + 3] = probabilities;
    v[r.length() + 4] = error;
    return RowFactory.create(v);
  }

  private static Object[] rowValues(Row r) {
    Object[] v = new Object[r.length()];
    for (int k = 0; k < r.length(); k++) v[k] = r.get(k);
    return v;
  }
}
