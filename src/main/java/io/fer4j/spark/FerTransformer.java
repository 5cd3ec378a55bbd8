package io.fer4j.spark;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * {@link FerScoring} as a Spark ML {@link Transformer}, so it stands in a {@code Pipeline}:
 * {@code new FerTransformer().setModel("savedmodels/fer/1").transform(images)} adds
 * {@code label}, {@code probabilities} and {@code error} to a DataFrame of image bytes.
 */
public final class FerTransformer extends Transformer {
  private final String uid;
  private final Param<String> model;
  private final Param<String> inputCol;
  private final IntParam batchSize;
  private final BooleanParam faces;

  public FerTransformer() { this(Identifiable$.MODULE$.randomUID("fer4j")); }

  /** For Spark's copy(): the same uid. Params are made after the uid, which they record. */
  public FerTransformer(String uid) {
    this.uid = uid;
    model = new Param<>(this, "model", "SavedModel directory or Keras file on the executors (unset: the pretrained FER2013 model on their classpath)");
    inputCol = new Param<>(this, "inputCol", "binary column of encoded images (default: content, as binaryFile names it)");
    batchSize = new IntParam(this, "batchSize", "images per model call within a partition (default: 64)");
    faces = new BooleanParam(this, "faces", "score the faces found in each photo, one row per face with face and box columns (default: false)");
  }

  public Param<String> model() { return model; }
  public Param<String> inputCol() { return inputCol; }
  public IntParam batchSize() { return batchSize; }
  public BooleanParam faces() { return faces; }

  public FerTransformer setModel(String path) { set(model, path); return this; }
  public FerTransformer setInputCol(String col) { set(inputCol, col); return this; }
  public FerTransformer setBatchSize(int n) { set(batchSize, n); return this; }
  public FerTransformer setFaces(boolean f) { set(faces, f); return this; }

  /** The options these params stand for. */
  public ScoringOptions options() {
    ScoringOptions o = ScoringOptions.of(isSet(model) ? getOrDefault(model) : null);
    if (isSet(inputCol)) o = o.withInputCol(getOrDefault(inputCol));
    if (isSet(batchSize)) o = o.withBatchSize((Integer) getOrDefault(batchSize));
    if (isSet(faces)) o = o.withFaces((Boolean) getOrDefault(faces));
    return o;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Dataset<Row> transform(Dataset<?> dataset) {
    return FerScoring.score((Dataset<Row>) dataset.toDF(), options());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return FerScoring.outputSchema(schema, options());
  }

  @Override
  public FerTransformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String uid() { return uid; }
}
