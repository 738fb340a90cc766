"""Writes the torch.save fixtures of TorchCheckpointTest (run with a Python that has PyTorch:
/usr/bin/python3 make_fixtures.py, from this directory). Deterministic: fixed seed, fixed values."""
import collections
import json
import zipfile

import torch

torch.manual_seed(0)
base = torch.arange(10, dtype=torch.float32) * 0.5
grid = torch.randn(2, 3, dtype=torch.float32)
sd = collections.OrderedDict()
sd["w32"] = grid
sd["w64"] = torch.tensor([1.5, -2.25, 1e300], dtype=torch.float64)
sd["steps"] = torch.tensor(7, dtype=torch.int64)
sd["half"] = torch.tensor([1.0, -2.5, 0.15625, 3e4], dtype=torch.bfloat16)
sd["cplx"] = torch.complex(torch.randn(2, 2), torch.randn(2, 2))
sd["view"] = grid.t()                      # shares w32's storage, strides (1, 3)
sd["base"] = base
sd["tail"] = base[4:7]                     # storage offset 4
sd["flag"] = torch.tensor([True, False])
torch.save(sd, "plain.pt")

torch.save({"model": sd, "acc": 0.9, "epoch": 3}, "wrapped.pt")


class AttributeDict(dict):
    """Stands in for Lightning's hyper-parameter dict: a class the reader does not know."""


torch.save(collections.OrderedDict(w=torch.zeros(2), odd=AttributeDict(a=1)), "foreign.pt")
torch.save({"state_dict": collections.OrderedDict((("model." + k, v) for k, v in sd.items())), "epoch": 1,
            "hyper_parameters": AttributeDict(lr=0.01, d_model=64)}, "lightning.ckpt")

torch.save(torch.nn.Linear(2, 3), "module.pt")

linear = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3))
torch.save(linear.state_dict(), "module_state.pt")          # a real state dict: _metadata, num_batches_tracked
with open("module_state.json", "w") as f:
    json.dump({k: v.to(torch.float64).flatten().tolist() for k, v in linear.state_dict().items()}, f)

with zipfile.ZipFile("notorch.zip", "w") as z:
    z.writestr("readme.txt", "not a checkpoint")

with zipfile.ZipFile("plain.pt") as src, zipfile.ZipFile("truncated.pt", "w") as dst:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename.endswith("/data/1"):
            data = data[: len(data) // 2]
        dst.writestr(item, data)


def describe(t):
    if t.is_complex():
        return {"dtype": str(t.dtype), "shape": list(t.shape), "re": t.real.flatten().tolist(), "im": t.imag.flatten().tolist()}
    return {"dtype": str(t.dtype), "shape": list(t.shape), "values": t.to(torch.float64).flatten().tolist()}


with open("expected.json", "w") as f:
    json.dump({k: describe(v) for k, v in sd.items()}, f, indent=1)
