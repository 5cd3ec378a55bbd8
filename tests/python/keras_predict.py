"""Loads a .keras file with Keras (no compile needed) and predicts.
Usage: keras_predict.py MODEL.keras INPUT.bin N OUT.json  (INPUT: float32 little-endian, the model's input shape)."""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402


def main(path, inp, n, out):
    m = keras.saving.load_model(path)
    x = np.fromfile(inp, dtype="<f4").reshape((int(n),) + tuple(m.input_shape[1:]))
    json.dump({"predictions": m.predict(x, verbose=0).tolist(), "params": int(m.count_params())}, open(out, "w"))


if __name__ == "__main__":
    main(*sys.argv[1:])
