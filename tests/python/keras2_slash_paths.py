"""Rewrites a tf.keras 2.13 .keras written on Windows (HDF5 groups named
"_layer_checkpoint_dependencies\\conv2d") into the form written elsewhere
("_layer_checkpoint_dependencies/conv2d", i.e. nested groups). Usage: keras2_slash_paths.py IN.keras OUT.keras"""
import io
import sys
import zipfile

import h5py


def main(src, dst):
    zin = zipfile.ZipFile(src)
    data = zin.read("model.weights.h5")
    buf = io.BytesIO(data)
    out = io.BytesIO()
    with h5py.File(buf, "r") as f, h5py.File(out, "w") as g:
        for k in f.keys():
            g.copy(f[k], k.replace("\\", "/"))
    with zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            zout.writestr(name, out.getvalue() if name == "model.weights.h5" else zin.read(name))


if __name__ == "__main__":
    main(*sys.argv[1:])
