package io.fer4j.regularizers;

import io.fer4j.Fer4jException;

/** Keras' validate_float_arg: a penalty factor must be a finite number >= 0. */
final class Penalties {
  private Penalties() {}

  static void check(String cls, String what, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) throw new Fer4jException(cls + ": " + what + " must be a finite number >= 0, got " + v);
  }
}
