"""Loads a fer4j-written .keras in Keras: checks every HDF5 object is readable, predicts, and trains one step.
Usage: keras_load_fer4j.py MODEL.keras INPUT.bin N OUT.json
OUT: {"predictions", "iterations", "iterations_after_step", "loss", "h5_objects"}"""
import io
import json
import os
import sys
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import h5py  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402


def main(path, inp, n, out):
    n = int(n)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        f = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
        objs = []
        f.visititems(lambda name, o: objs.append(name))  # raises on a corrupt object header
    m = keras.saving.load_model(path)
    shape = (n,) + tuple(m.input_shape[1:])
    x = np.fromfile(inp, dtype="<f4").reshape(shape)
    p = m.predict(x, verbose=0)
    it = int(m.optimizer.iterations.numpy())
    y = keras.utils.to_categorical(np.arange(n) % m.output_shape[-1], m.output_shape[-1])
    loss = m.train_on_batch(x, y)
    json.dump({"predictions": p.tolist(), "iterations": it, "zip_members": names,
               "iterations_after_step": int(m.optimizer.iterations.numpy()),
               "loss": float(loss[0] if isinstance(loss, (list, tuple)) else loss), "h5_objects": objs,
               "learning_rate": float(m.optimizer.learning_rate.numpy())}, open(out, "w"))


if __name__ == "__main__":
    main(*sys.argv[1:])
