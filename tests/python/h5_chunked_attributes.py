"""Rewrites a legacy Keras .h5 the way large models and older h5py store attributes: layer_names
split into chunks layer_names0, layer_names1 (as Keras does above the 64 KB header limit) and
every weight_names / layer_names stored as fixed-length byte strings instead of vlen strings.
Usage: h5_chunked_attributes.py IN.h5 OUT.h5"""
import shutil
import sys

import h5py
import numpy as np


def fixed(strings):
    return np.array([s.encode("utf8") if isinstance(s, str) else s for s in strings], dtype="S")


def main(src, dst):
    shutil.copyfile(src, dst)
    with h5py.File(dst, "r+") as f:
        g = f["model_weights"]
        names = [n.decode() if isinstance(n, bytes) else n for n in g.attrs["layer_names"]]
        del g.attrs["layer_names"]
        half = len(names) // 2
        g.attrs["layer_names0"] = fixed(names[:half])
        g.attrs["layer_names1"] = fixed(names[half:])
        for n in names:
            wn = list(g[n].attrs["weight_names"])
            if wn:
                g[n].attrs["weight_names"] = fixed(wn)


if __name__ == "__main__":
    main(*sys.argv[1:])
