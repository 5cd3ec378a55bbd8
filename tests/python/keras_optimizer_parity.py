"""Oracle for fer4j's optimizers: for each case directory under WORKDIR (model.keras compiled by
fer4j with one optimizer, spec.json, x*.bin, y*.bin), loads the model with Keras (architecture,
regularizers, weights, optimizer config and variables), runs train_on_batch on the same batches
and writes out.json: losses, weights (get_weights order), optimizer variables (saved order,
iterations and learning_rate first) and the optimizer's class.
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
    shape = [spec["batch"]] + list(m.input_shape[1:])
    k = m.output_shape[-1]
    before = [v.numpy().ravel().tolist() for v in m.optimizer.variables]
    losses = []
    for b in range(spec["steps"]):
        x = np.fromfile(os.path.join(work, f"x{b}.bin"), dtype="<f4").reshape(shape)
        y = np.fromfile(os.path.join(work, f"y{b}.bin"), dtype="<f4").reshape([spec["batch"], k])
        losses.append(float(m.train_on_batch(x, y, return_dict=True)["loss"]))
    out = {"losses": losses, "weights": [v.ravel().tolist() for v in m.get_weights()],
           "optimizer": type(m.optimizer).__name__, "config": m.optimizer.get_config(),
           "loaded_vars": before,
           "vars": [np.asarray(v.numpy()).ravel().tolist() for v in m.optimizer.variables],
           "var_paths": [v.path for v in m.optimizer.variables]}
    json.dump(out, open(os.path.join(work, "out.json"), "w"))


if __name__ == "__main__":
    root = sys.argv[1]
    for d in sorted(os.listdir(root)):
        if os.path.isdir(os.path.join(root, d)):
            run(os.path.join(root, d))
