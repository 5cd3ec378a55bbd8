"""Oracle for fer4j's optimizers: for each case directory under WORKDIR (model.keras compiled by
fer4j with one optimizer, spec.json, and the batches), loads the model with Keras (architecture,
regularizers, weights, optimizer config and variables) and trains it on the same data:
- spec {"batch", "steps"}: train_on_batch on x0.bin/y0.bin ... (one batch each);
- spec {"batch", "epochs", "swap"}: fit on x.bin/y.bin without shuffling, validating on
  xv.bin/yv.bin, with SwapEMAWeights(swap_on_epoch=swap) unless swap is null.
Writes out.json: losses or the fit history, weights (get_weights order), optimizer variables
(saved order, iterations and learning_rate first), the optimizer's class and config.
Usage: keras_optimizer_parity.py WORKDIR"""
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

    before = [v.numpy().ravel().tolist() for v in m.optimizer.variables]
    out = {}
    if "epochs" in spec:
        callbacks = [] if spec["swap"] is None else [keras.callbacks.SwapEMAWeights(swap_on_epoch=spec["swap"])]
        h = m.fit(read("x.bin", shape), read("y.bin", [k]), batch_size=spec["batch"], epochs=spec["epochs"], shuffle=False,
                  validation_data=(read("xv.bin", shape), read("yv.bin", [k])), callbacks=callbacks, verbose=0)
        out["history"] = {key: [float(v) for v in vals] for key, vals in h.history.items()}
    else:
        out["losses"] = [float(m.train_on_batch(read(f"x{b}.bin", shape), read(f"y{b}.bin", [k]), return_dict=True)["loss"])
                         for b in range(spec["steps"])]
    out.update({"weights": [v.ravel().tolist() for v in m.get_weights()],
                "optimizer": type(m.optimizer).__name__, "config": m.optimizer.get_config(),
                "loaded_vars": before,
                "vars": [np.asarray(v.numpy()).ravel().tolist() for v in m.optimizer.variables],
                "var_paths": [v.path for v in m.optimizer.variables]})
    json.dump(out, open(os.path.join(work, "out.json"), "w"))


if __name__ == "__main__":
    root = sys.argv[1]
    for d in sorted(os.listdir(root)):
        if os.path.isdir(os.path.join(root, d)):
            run(os.path.join(root, d))
