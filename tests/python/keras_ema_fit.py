"""Oracle for fer4j's EMA training: for each case directory under WORKDIR (model.keras compiled by
fer4j with an optimizer that has use_ema, spec.json, x.bin, y.bin, xv.bin, yv.bin), loads the model
with Keras, fits it without shuffling (with SwapEMAWeights(swap_on_epoch) when spec says so) and
writes out.json: the history, the final weights (get_weights order) and optimizer variables.
Usage: keras_ema_fit.py WORKDIR"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402


def run(work):
    spec = json.load(open(os.path.join(work, "spec.json")))
    m = keras.saving.load_model(os.path.join(work, "model.keras"))
    shape = list(m.input_shape[1:])
    k = m.output_shape[-1]

    def read(name, s):
        return np.fromfile(os.path.join(work, name), dtype="<f4").reshape([-1] + s)

    callbacks = []
    if spec["swap"] is not None:
        callbacks.append(keras.callbacks.SwapEMAWeights(swap_on_epoch=spec["swap"]))
    h = m.fit(read("x.bin", shape), read("y.bin", [k]), batch_size=spec["batch"], epochs=spec["epochs"], shuffle=False,
              validation_data=(read("xv.bin", shape), read("yv.bin", [k])), callbacks=callbacks, verbose=0)
    out = {"history": {key: [float(v) for v in vals] for key, vals in h.history.items()},
           "weights": [v.ravel().tolist() for v in m.get_weights()],
           "vars": [np.asarray(v.numpy()).ravel().tolist() for v in m.optimizer.variables]}
    json.dump(out, open(os.path.join(work, "out.json"), "w"))


if __name__ == "__main__":
    root = sys.argv[1]
    for d in sorted(os.listdir(root)):
        if os.path.isdir(os.path.join(root, d)):
            run(os.path.join(root, d))
