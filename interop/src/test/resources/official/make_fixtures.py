"""Checkpoints of the official S4 code's example.py model with its minimal S4D layer and with its
full S4Block layer, for OfficialImportTest. Needs PyTorch, SciPy, einops and a copy of
state-spaces/s4 (not part of this repository; pytorch_lightning is not needed: s4.py only uses
its rank_zero_only decorator for logging, stubbed below):

    S4_REF=/path/to/state-spaces/s4 EINOPS_DIR=/path/to/einops-parent /usr/bin/python3 make_fixtures.py

The model below composes the official S4D layer the way example.py's S4Model does (encoder,
layers with dropout, residual and LayerNorm, pre- or post-norm, mean pooling, decoder), under the
same attribute names, so its state dict has example.py's keys. Writes, for post-norm and
pre-norm: the checkpoint as example.py saves it ({'model', 'acc', 'epoch'}), an input x (B, L,
d_in) and the model's output y (B, d_out) in evaluation, as .npy files.
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
    def __init__(self, d_input, d_output, d_model, n_layers, d_state, prenorm, full):
        super().__init__()
        self.prenorm = prenorm
        self.encoder = nn.Linear(d_input, d_model)
        layer = (lambda: S4Block(d_model, d_state=d_state, dropout=0.1, transposed=True)) if full else (
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

