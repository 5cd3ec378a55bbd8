"""Oracle for fer4j's training numerics on a DAG model: loads the compiled .keras fer4j wrote
(its architecture, frozen layers and weights), runs train_on_batch on the batches fer4j used
and writes losses, weights (get_weights order) and optimizer iterations.
Usage: keras_dag_parity.py WORKDIR (reads model.keras, spec.json, x*.bin, y*.bin; writes out.json)."""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402


def main(work):
    spec = json.load(open(os.path.join(work, "spec.json")))
    m = keras.saving.load_model(os.path.join(work, "model.keras"))
    shape = [spec["batch"]] + list(m.input_shape[1:])
    k = m.output_shape[-1]
    losses = []
    for b in range(spec["steps"]):
        x = np.fromfile(os.path.join(work, f"x{b}.bin"), dtype="<f4").reshape(shape)
        y = np.fromfile(os.path.join(work, f"y{b}.bin"), dtype="<f4").reshape([spec["batch"], k])
        res = m.train_on_batch(x, y, return_dict=True)
        losses.append(float(res["loss"]))
    out = {"losses": losses, "weights": [v.ravel().tolist() for v in m.get_weights()],
           "trainable": [w.path for w in m.trainable_weights],
           "layers": [l.name for l in m.layers],
           "iterations": int(m.optimizer.iterations.numpy())}
    json.dump(out, open(os.path.join(work, "out.json"), "w"))


if __name__ == "__main__":
    main(sys.argv[1])
