"""Checkpoints of the official S4 code's example.py model with its minimal S4D layer and with its
full S4Block layer, for OfficialImportTest. Needs PyTorch, SciPy, einops and a copy of
state-spaces/s4 (not part of this repository; pytorch_lightning is not needed: s4.py only uses
its rank_zero_only decorator for logging, stubbed below):

    S4_REF=/path/to/state-spaces/s4 EINOPS_DIR=/path/to/einops-parent /usr/bin/python3 make_fixtures.py

The model below composes the official S4D layer the way example.py's S4Model does (encoder,
layers with dropout, residual and LayerNorm, pre- or post-norm, mean pooling, decoder), under the
same attribute names, so its state dict has example.py's keys. Writes, for post-norm and
pre-norm: the checkpoint as example.py saves it ({'model', 'acc', 'epoch'}), an input x (B, L,
d_in) and the model's output y (B, d_out) in evaluation, as .npy files. Then a model trained
briefly on s4j's bundled MNIST sample (s4d-mnist*, with its outputs in float64 too), and the
official outputs of models s4j exported (s4j-*.safetensors and s4j-*-x.npy, written first by the
test class dev.s4j.interop.ExportFixtures): the official model loads each file with
load_state_dict(strict=True) and writes s4j-*-y.npy.
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.environ["EINOPS_DIR"])
sys.path.insert(0, os.environ["S4_REF"])
import types  # noqa: E402

if "pytorch_lightning" not in sys.modules:
    try:
        import pytorch_lightning.utilities  # noqa: F401
    except ImportError:
        pl = types.ModuleType("pytorch_lightning")
        plu = types.ModuleType("pytorch_lightning.utilities")
        plu.rank_zero_only = lambda f: f
        pl.utilities = plu
        sys.modules["pytorch_lightning"] = pl
        sys.modules["pytorch_lightning.utilities"] = plu

from models.s4.s4 import S4Block  # noqa: E402  (the official layers)
from models.s4.s4d import S4D  # noqa: E402


class ExampleShapedModel(nn.Module):
    def __init__(self, d_input, d_output, d_model, n_layers, d_state, prenorm, full, **options):
        super().__init__()
        self.prenorm = prenorm
        self.encoder = nn.Linear(d_input, d_model)
        layer = (lambda: S4Block(d_model, d_state=d_state, dropout=0.1, transposed=True, **options)) if full else (
            lambda: S4D(d_model, d_state=d_state, dropout=0.1, transposed=True))
        self.s4_layers = nn.ModuleList([layer() for _ in range(n_layers)])
        self.norms = nn.ModuleList([nn.LayerNorm(d_model) for _ in range(n_layers)])
        self.dropouts = nn.ModuleList([nn.Dropout1d(0.1) for _ in range(n_layers)])
        self.decoder = nn.Linear(d_model, d_output)

    def forward(self, x):
        x = self.encoder(x).transpose(-1, -2)                     # (B, H, L)
        for layer, norm, dropout in zip(self.s4_layers, self.norms, self.dropouts):
            z = x
            if self.prenorm:
                z = norm(z.transpose(-1, -2)).transpose(-1, -2)
            z, _ = layer(z)
            x = dropout(z) + x
            if not self.prenorm:
                x = norm(x.transpose(-1, -2)).transpose(-1, -2)
        return self.decoder(x.transpose(-1, -2).mean(dim=1))


for full, prenorm in ((False, False), (False, True), (True, False), (True, True)):
    torch.manual_seed(1 if prenorm else 0)
    model = ExampleShapedModel(d_input=3, d_output=5, d_model=16, n_layers=2, d_state=8, prenorm=prenorm, full=full)
    with torch.no_grad():                                         # not the initial values: a "trained" model
        for name, p in model.named_parameters():
            p.add_(0.05 * torch.randn_like(p))
    model.eval()
    x = torch.randn(4, 50, 3)
    name = ("s4-" if full else "s4d-") + ("prenorm" if prenorm else "postnorm")
    raw = full and prenorm                                        # saved before any forward: C raw, l_kernel = 0
    if raw:
        torch.save({"model": model.state_dict(), "acc": 0.5, "epoch": 1}, name + ".pth")
    with torch.no_grad():
        y = model(x)                                              # the full S4Block ties its C to L = 50 here
    if not raw:
        torch.save({"model": model.state_dict(), "acc": 0.5, "epoch": 1}, name + ".pth")
    np.save(name + "-x.npy", x.numpy())
    np.save(name + "-y.npy", y.numpy())


def save_safetensors(state, path):
    """The safetensors layout (8-byte header length, JSON header, raw little-endian data), written
    here so that no safetensors package is needed; complex tensors would go as (..., 2) pairs, as
    the official code stores them anyway."""
    import json as _json
    import struct
    kinds = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.bfloat16: "BF16"}
    header, blobs, at = {}, [], 0
    for key, t in state.items():
        raw = t.contiguous().view(torch.uint8).numpy().tobytes() if t.dtype == torch.bfloat16 else t.contiguous().numpy().tobytes()
        header[key] = {"dtype": kinds[t.dtype], "shape": list(t.shape), "data_offsets": [at, at + len(raw)]}
        blobs.append(raw)
        at += len(raw)
    text = _json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


save_safetensors(torch.load("s4-postnorm.pth")["model"], "s4-postnorm.safetensors")



def read_idx(path):
    """An IDX file (gzipped) of unsigned bytes as an array of its shape."""
    import gzip
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


# A model trained as example.py trains one (--dataset mnist: pixels / 255 as a (784, 1) sequence,
# AdamW, cross-entropy), briefly, on s4j's bundled MNIST sample (sorted by class: shuffled here),
# 8,000 digits for training and 2,000 held out.
data = os.environ.get("MNIST_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                              "../../../../../examples/src/main/resources/dev/s4j/examples/data"))
images = read_idx(os.path.join(data, "mnist-10k-images-idx3-ubyte.gz")).reshape(-1, 784, 1).astype(np.float32) / 255
labels = read_idx(os.path.join(data, "mnist-10k-labels-idx1-ubyte.gz")).astype(np.int64)
order = np.random.default_rng(0).permutation(len(labels))
images, labels = images[order], labels[order]
torch.manual_seed(0)
model = ExampleShapedModel(d_input=1, d_output=10, d_model=32, n_layers=2, d_state=64, prenorm=False, full=False)
opt = torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.01)
train_x, train_y = torch.from_numpy(images[:8000]), torch.from_numpy(labels[:8000])
for epoch in range(2):
    model.train()
    order = torch.randperm(8000)
    for i in range(0, 8000, 64):
        idx = order[i:i + 64]
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(train_x[idx]), train_y[idx])
        loss.backward()
        opt.step()
    print("epoch", epoch, "last batch loss", float(loss))
model.eval()
with torch.no_grad():
    rest = torch.from_numpy(images[8000:])
    logits = torch.cat([model(rest[i:i + 250]) for i in range(0, 2000, 250)])
acc = float((logits.argmax(1) == torch.from_numpy(labels[8000:])).float().mean())
print("held-out accuracy:", acc)
torch.save({"model": model.state_dict(), "acc": acc, "epoch": 2}, "s4d-mnist.pth")
np.save("s4d-mnist-x.npy", images[8000:8064])
np.save("s4d-mnist-y.npy", logits[:64].numpy())
with torch.no_grad():                                             # the same parameters in float64: the exact outputs
    exact = model.double()(torch.from_numpy(images[8000:8064]).double())
np.save("s4d-mnist-y64.npy", exact.numpy())
print("float32 outputs differ from float64 ones by up to", float((logits[:64].double() - exact).abs().max()))


def load_safetensors(path):
    """A safetensors file's F32/F64 tensors (complex parameters are (..., 2) pairs, which is how the
    official layers keep them), read here so that no safetensors package is needed."""
    import json as _json
    import struct
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = _json.loads(raw[8:8 + n])
    kinds = {"F32": np.float32, "F64": np.float64}
    out = {}
    for key, e in header.items():
        if key == "__metadata__":
            continue
        begin, end = e["data_offsets"]
        a = np.frombuffer(raw[8 + n + begin:8 + n + end], dtype=kinds[e["dtype"]]).reshape(e["shape"])
        out[key] = torch.from_numpy(a.copy())
    return out


for name, full, prenorm in (("s4j-s4d", False, False), ("s4j-s4", True, True)):
    model = ExampleShapedModel(d_input=3, d_output=5, d_model=16, n_layers=2, d_state=8, prenorm=prenorm, full=full)
    model.load_state_dict(load_safetensors(name + ".safetensors"), strict=True)
    model.eval()
    with torch.no_grad():
        y = model(torch.from_numpy(np.load(name + "-x.npy")))
    np.save(name + "-y.npy", y.numpy())


# S4Block options that the state dict shows (kernel mode, channels, bidirectional, n_ssm) and that it
# does not (discretization, dt and real transforms: given to the importer), post-norm, trained-looking.
VARIANTS = {
    "s4-diag": dict(mode="diag"),
    "s4-diag-bilinear-none": dict(mode="diag", disc="bilinear", real_transform="none"),
    "s4-bidir-ch2-nssm4": dict(bidirectional=True, channels=2, n_ssm=4),
    "s4-softplus-relu": dict(dt_transform="softplus", real_transform="relu"),
}
for i, (name, options) in enumerate(VARIANTS.items()):
    torch.manual_seed(10 + i)
    model = ExampleShapedModel(d_input=3, d_output=5, d_model=16, n_layers=2, d_state=8, prenorm=False, full=True, **options)
    with torch.no_grad():
        for _, p in model.named_parameters():
            p.add_(0.05 * torch.randn_like(p))
    model.eval()
    x = torch.randn(4, 50, 3)
    with torch.no_grad():
        y = model(x)
    torch.save({"model": model.state_dict(), "acc": 0.5, "epoch": 1}, name + ".pth")
    np.save(name + "-x.npy", x.numpy())
    np.save(name + "-y.npy", y.numpy())

# Standalone layers: an S4Block and an S4D layer on (B, H, L), and a Lightning-style checkpoint
# ({'state_dict': {'model.' + key: ...}}) of an example.py model with S4Block layers.
torch.manual_seed(20)
for name, layer in (("layer-s4block", S4Block(16, d_state=8, transposed=True)), ("layer-s4d", S4D(16, d_state=8, transposed=True))):
    with torch.no_grad():
        for _, p in layer.named_parameters():
            p.add_(0.05 * torch.randn_like(p))
    layer.eval()
    x = torch.randn(4, 16, 50)
    with torch.no_grad():
        y, _ = layer(x)
    torch.save(layer.state_dict(), name + ".pt")
    np.save(name + "-x.npy", x.numpy())
    np.save(name + "-y.npy", y.numpy())
from models.s4.s4 import FFTConv  # noqa: E402
conv = FFTConv(16, d_state=8, transposed=True, mode="diag", bidirectional=True)   # the convolution alone, then GELU
with torch.no_grad():
    for _, p in conv.named_parameters():
        p.add_(0.05 * torch.randn_like(p))
conv.eval()
x = torch.randn(4, 16, 50)
with torch.no_grad():
    y, _ = conv(x)
torch.save(conv.state_dict(), "layer-fftconv.pt")
np.save("layer-fftconv-x.npy", x.numpy())
np.save("layer-fftconv-y.npy", y.numpy())
state = torch.load("s4-postnorm.pth")["model"]
torch.save({"epoch": 3, "global_step": 120, "pytorch-lightning_version": "1.9.5",
            "state_dict": {"model." + k: v for k, v in state.items()}}, "s4-lightning.ckpt")
