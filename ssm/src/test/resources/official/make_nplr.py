"""The official S4 code's NPLR form of HiPPO-LegS at N = 64, with its default B_clip = 2, for
NplrTest: rows Re W, Im W, Re B, Im B, Re P, Im P (32 modes each) as float64 .npy. Needs PyTorch,
einops and a copy of state-spaces/s4 (not part of this repository):

    S4_REF=/path/to/state-spaces/s4 EINOPS_DIR=/path/to/einops-parent /usr/bin/python3 make_nplr.py
"""
import os
import sys
import types

import numpy as np
import torch

sys.path.insert(0, os.environ["EINOPS_DIR"])
sys.path.insert(0, os.environ["S4_REF"])
if "pytorch_lightning" not in sys.modules:                  # s4.py only uses its rank_zero_only decorator
    pl = types.ModuleType("pytorch_lightning")
    plu = types.ModuleType("pytorch_lightning.utilities")
    plu.rank_zero_only = lambda f: f
    pl.utilities = plu
    sys.modules["pytorch_lightning"] = pl
    sys.modules["pytorch_lightning.utilities"] = plu

from models.s4 import s4  # noqa: E402

w, P, B, V = s4.nplr("legs", 64, 1, dtype=torch.float, diagonalize_precision=True, B_clip=2.0)
np.save("nplr-legs-64.npy", np.stack([w.real.numpy(), w.imag.numpy(), B.real.numpy(), B.imag.numpy(),
                                      P[0].real.numpy(), P[0].imag.numpy()]).astype(np.float64))
