"""Runs a SavedModel's serving_default signature in Python TF and through Keras' TFSMLayer.
Usage: savedmodel_predict.py DIR INPUT.bin N H W C OUT.json  (INPUT: float32 little-endian)."""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402


def main(d, inp, n, h, w, c, out):
    x = np.fromfile(inp, dtype="<f4").reshape(int(n), int(h), int(w), int(c))
    loaded = tf.saved_model.load(d)
    fn = loaded.signatures["serving_default"]
    (name,) = list(fn.structured_input_signature[1].keys())
    tf_out = fn(**{name: tf.constant(x)})
    tf_probs = tf_out["output_0"].numpy()
    layer = keras.layers.TFSMLayer(d, call_endpoint="serving_default")
    k_out = layer(x)
    k_probs = (k_out["output_0"] if isinstance(k_out, dict) else k_out).numpy()
    json.dump({"input_name": name, "tf": tf_probs.tolist(), "tfsm": k_probs.tolist()}, open(out, "w"))


if __name__ == "__main__":
    main(*sys.argv[1:])
