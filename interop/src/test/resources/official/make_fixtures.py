"""Checkpoints of the official S4 code's example.py model with its minimal S4D layer, for
OfficialImportTest. Needs PyTorch, einops and a copy of state-spaces/s4 (not part of this
repository):

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
from models.s4.s4d import S4D  # noqa: E402  (the official layer)


class ExampleShapedModel(nn.Module):
    def __init__(self, d_input, d_output, d_model, n_layers, d_state, prenorm):
        super().__init__()
        self.prenorm = prenorm
        self.encoder = nn.Linear(d_input, d_model)
        self.s4_layers = nn.ModuleList([S4D(d_model, d_state=d_state, dropout=0.1, transposed=True) for _ in range(n_layers)])
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


for prenorm in (False, True):
    torch.manual_seed(1 if prenorm else 0)
    model = ExampleShapedModel(d_input=3, d_output=5, d_model=16, n_layers=2, d_state=8, prenorm=prenorm)
    with torch.no_grad():                                         # not the initial values: a "trained" model
        for p in model.parameters():
            p.add_(0.05 * torch.randn_like(p))
    model.eval()
    x = torch.randn(4, 50, 3)
    with torch.no_grad():
        y = model(x)
    name = "s4d-prenorm" if prenorm else "s4d-postnorm"
    torch.save({"model": model.state_dict(), "acc": 0.5, "epoch": 1}, name + ".pth")
    np.save(name + "-x.npy", x.numpy())
    np.save(name + "-y.npy", y.numpy())
