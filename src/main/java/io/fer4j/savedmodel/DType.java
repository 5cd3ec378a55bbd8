package io.fer4j.savedmodel;

import io.fer4j.Fer4jException;
import org.tensorflow.proto.DataType;

/**
 * The tensor element types fer4j exchanges with SavedModels. Image and classifier signatures use
 * float32, uint8 (raw pixels) and integer ids; anything else is reported by name instead of
 * being silently converted.
 */
public enum DType {
  FLOAT32(DataType.DT_FLOAT),
  INT32(DataType.DT_INT32),
  INT64(DataType.DT_INT64),
  UINT8(DataType.DT_UINT8);

  private final DataType proto;

  DType(DataType proto) { this.proto = proto; }

  public DataType proto() { return proto; }

  /** TF's name, e.g. {@code DT_FLOAT}, as saved_model_cli and TF Serving print it. */
  public String tfName() { return proto.name(); }

  public boolean isInteger() { return this != FLOAT32; }

  /** The fer4j type of a TF dtype, or null when fer4j cannot feed or read it. */
  public static DType of(DataType t) {
    for (DType d : values()) if (d.proto == t) return d;
    return null;
  }

  public static DType require(DataType t, String what) {
    DType d = of(t);
    if (d == null) throw new Fer4jException(what + " has dtype " + t.name() + "; supported: DT_FLOAT, DT_INT32, DT_INT64, DT_UINT8");
    return d;
  }
}
