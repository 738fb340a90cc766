#!/usr/bin/env python3
"""Runs the official PyTorch S4 (github.com/state-spaces/s4) on the configurations of `s4j bench`.

It prints JSON lines that `benchmarks/tools/side_by_side.py` joins with the output of
`./s4j bench`. No code of the official repository is part of s4j: this script imports
`models/s4/s4.py` from a copy you fetch yourself and uses it as a user would, through its public
classes (`SSMKernelDPLR`, `SSMKernelDiag`, `S4Block`: constructors, forward, setup_step, step).

Setup (Debian 12; elsewhere, any PyTorch with NumPy, SciPy and jemalloc):

    sudo apt-get install -y python3-torch python3-numpy python3-scipy libjemalloc2
    git clone https://github.com/state-spaces/s4 ../s4 && git -C ../s4 checkout e757cef
    git clone --depth 1 --branch v0.8.1 https://github.com/arogozhnikov/einops ../einops

Run from the repository root (about 8 minutes on 2 cores; --quick is a smoke test of a minute or
so), with Debian's /usr/bin/python3 where another python3 (pyenv, a venv) does not see its torch:

    S4_DIR=../s4 EINOPS_DIR=../einops /usr/bin/python3 benchmarks/tools/official_bench.py > official.jsonl
    /usr/bin/python3 benchmarks/tools/official_bench.py --s4-dir ../s4 --einops-dir ../einops --quick --suite kernel

`--s4-dir` (or S4_DIR) is the clone, or any directory holding s4.py; `--einops-dir` (or EINOPS_DIR)
a directory holding the `einops` package, unless einops is installed. s4.py also imports
`rank_zero_only` from pytorch_lightning, a decorator for logging in multi-process training; when
pytorch_lightning is missing, an identity decorator stands in for it. Without the CUDA extension
and pykeops (so on any CPU), s4.py takes its naive Cauchy and Vandermonde path; the `env` line
says which path it found.

What is measured, as in `s4j bench` (float32, `--threads` threads, 2 by default):
  kernel  S4 (mode dplr, init legs) and S4D (mode diag, init legs, zoh) kernels alone, H = 256,
          N = 64, L = 1024, 4096, 16384: `fwd_nograd` generates K (1, H, L) without gradients,
          `fwd_bwd` adds the backward of sum(K * R) for a fixed random R. The S4 backward at
          L = 16384 is skipped (its naive Cauchy backward needs more than 22 GiB) unless --try-oom.
  block   1 or 4 default S4Blocks (residual adds between the 4), B = 8, H = 128, N = 64,
          L = 1024, 4096: `fwd_nograd`, and `train_step_fwd_bwd` (forward, backward of mean(y * R)).
  gen     one default S4Block (H = 128, N = 64, eval, no gradients) producing 1024 tokens, each
          input the previous output: `recurrent_step` (setup_step / default_state / step, every
          step mode of S4: dense, the default, then linear and diagonal; also at 1 thread for
          batch 1), `conv_recompute` (the block's forward over the whole prefix for every token)
          and `conv_cached_kernel` (the same, the kernel module returning a kernel computed
          once). The prefix costs are timed at a few lengths and summed over 1..1024 by linear
          interpolation.

Time: median and minimum over repetitions after warm-up runs. Memory: `peak_over_build_mib` is
the process's peak resident set during a phase (VmHWM, reset through /proc/self/clear_refs) minus
the resident set right after the model was built. Every configuration runs in a fresh process,
with an address-space limit (--mem-limit-gib) so that running out of memory fails cleanly.

Allocator: by default the measured processes preload jemalloc with freed memory kept for reuse
(MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1); their lines say "profile": "tuned". With glibc's
malloc every large temporary is mapped and unmapped again, and page faults make the big kernels
10-50x slower on a virtual machine: `--allocator system` measures that ("profile": "default"),
and side_by_side.py ignores those lines.
"""
import argparse
import ctypes.util
import gc
import hashlib
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import time
import types

JEMALLOC = ["/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
            "/usr/lib64/libjemalloc.so.2", "/usr/local/lib/libjemalloc.so.2", "/opt/homebrew/lib/libjemalloc.2.dylib"]
S4_BWD_16K = "the naive Cauchy backward at L = 16384 needs more than 22 GiB; pass --try-oom to attempt it"


def plan(quick, try_oom):
    """Configurations in run order. rf/wf, rb/wb: timed and warm-up runs of the two phases."""
    lengths = [1024, 4096] if quick else [1024, 4096, 16384]
    if quick:
        reps = {L: (1, 0, 1, 0) for L in lengths}
    else:
        reps = {1024: (7, 2, 5, 1), 4096: (5, 1, 3, 1), 16384: (3, 1, 1, 0)}
    cfgs = []
    for kernel in ("s4", "s4d"):
        for L in lengths:
            rf, wf, rb, wb = reps[L]
            if kernel == "s4d" and L == 16384:
                rb, wb = 2, 1
            skip = S4_BWD_16K if kernel == "s4" and L == 16384 and not try_oom else None
            cfgs.append(dict(bench="kernel", kernel=kernel, H=256, N=64, L=L, rf=rf, wf=wf, rb=rb, wb=wb, skip_bwd=skip))
    blocks = [(1, 1024, (1, 0, 1, 0)), (4, 1024, (1, 0, 1, 0))] if quick else [
        (1, 1024, (5, 1, 5, 1)), (1, 4096, (3, 1, 3, 1)), (4, 1024, (3, 1, 3, 1)), (4, 4096, (3, 1, 2, 1))]
    for layers, L, (rf, wf, rb, wb) in blocks:
        cfgs.append(dict(bench="block", layers=layers, B=8, H=128, N=64, L=L, rf=rf, wf=wf, rb=rb, wb=wb))
    for kernel in ("s4", "s4d"):
        for batch in (1, 16):
            cfgs.append(dict(bench="gen", kernel=kernel, H=128, N=64, batch=batch, tokens=1024,
                             step_reps=1 if quick else 3, step_rep_s=0.3 if quick else 1.5,
                             one_thread=batch == 1 and not quick,
                             prefixes=[1, 512, 1024] if quick else [1, 256, 512, 768, 1024],
                             prefix_reps=1 if quick else 3))
    return cfgs


# ---------------------------------------------------------------- inside a measured process

def find_s4_py(s4_dir):
    """The official s4.py in s4_dir (the clone, or the folder holding s4.py), or None."""
    return next((p for p in (os.path.join(s4_dir, "s4.py"), os.path.join(s4_dir, "models", "s4", "s4.py"))
                 if os.path.isfile(p)), None)


def load_official(s4_dir, einops_dir):
    """Imports the official s4.py from s4_dir."""
    path = find_s4_py(s4_dir)
    if einops_dir:
        sys.path.insert(0, einops_dir)
    try:
        import pytorch_lightning.utilities  # noqa: F401
    except ImportError:
        lightning = types.ModuleType("pytorch_lightning")
        lightning.utilities = types.ModuleType("pytorch_lightning.utilities")
        lightning.utilities.rank_zero_only = lambda fn: fn
        sys.modules.update({"pytorch_lightning": lightning, "pytorch_lightning.utilities": lightning.utilities})
    spec = importlib.util.spec_from_file_location("s4", path)
    s4 = importlib.util.module_from_spec(spec)
    sys.modules["s4"] = s4
    spec.loader.exec_module(s4)
    s4.log.setLevel("ERROR")
    return s4, path


def status_mib(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return None


class Meter:
    """Times a phase and reads its peak resident set above the level after building the model."""

    def __init__(self):
        gc.collect()
        self.built_mib = status_mib("VmRSS")

    def __call__(self, fn, reps, warmup):
        gc.collect()
        with open("/proc/self/clear_refs", "w") as f:  # resets VmHWM to the current resident set
            f.write("5")
        for _ in range(warmup):
            fn()
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        s = sorted(times)
        median = s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2
        return dict(median_s=median, min_s=s[0], times_s=[round(t, 6) for t in times], reps=reps, warmup=warmup,
                    peak_over_build_mib=round(status_mib("VmHWM") - self.built_mib, 1),
                    rss_after_build_mib=round(self.built_mib, 1))


def run_kernel(s4, torch, cfg, emit):
    H, N, L = cfg["H"], cfg["N"], cfg["L"]
    line = dict(bench="kernel", kernel=cfg["kernel"], H=H, N=N, L=L)
    torch.manual_seed(0)
    if cfg["kernel"] == "s4":
        k = s4.SSMKernelDPLR(d_model=H, d_state=N, init="legs", verbose=False)
    else:
        k = s4.SSMKernelDiag(d_model=H, d_state=N, init="legs", disc="zoh", verbose=False)
    meter = Meter()
    t0 = time.perf_counter()
    with torch.no_grad():
        K, _ = k(L=L)  # the first call also prepares the S4 kernel for length L
    first = round(time.perf_counter() - t0, 4)

    def forward():
        with torch.no_grad():
            k(L=L)
    emit(dict(line, phase="fwd_nograd", first_call_s=first, **meter(forward, cfg["rf"], cfg["wf"])))
    if cfg["skip_bwd"]:
        emit(dict(line, phase="fwd_bwd", status="skipped", reason=cfg["skip_bwd"]))
        return
    R = torch.randn(K.shape, generator=torch.Generator().manual_seed(1))

    def forward_backward():
        k.zero_grad(set_to_none=True)
        (k(L=L)[0] * R).sum().backward()
    try:
        emit(dict(line, phase="fwd_bwd", **meter(forward_backward, cfg["rb"], cfg["wb"])))
    except (RuntimeError, MemoryError) as e:
        emit(dict(line, phase="fwd_bwd", status="failed", error=str(e)[:300],
                  peak_over_build_mib=round(status_mib("VmHWM") - meter.built_mib, 1)))


def run_block(s4, torch, cfg, emit):
    B, H, N, L, layers = cfg["B"], cfg["H"], cfg["N"], cfg["L"], cfg["layers"]
    torch.manual_seed(0)
    blocks = torch.nn.ModuleList(s4.S4Block(d_model=H, d_state=N) for _ in range(layers)).train()

    def net(x):
        if layers == 1:
            return blocks[0](x)[0]
        for block in blocks:
            x = x + block(x)[0]
        return x
    g = torch.Generator().manual_seed(1)
    x, R = torch.randn(B, H, L, generator=g), torch.randn(B, H, L, generator=g)
    meter = Meter()
    with torch.no_grad():
        net(x)  # prepares the kernels for length L

    def forward():
        with torch.no_grad():
            net(x)

    def train_step():
        blocks.zero_grad(set_to_none=True)
        (net(x) * R).mean().backward()
    line = dict(bench="block", layers=layers, B=B, H=H, N=N, L=L, params=sum(p.numel() for p in blocks.parameters()))
    emit(dict(line, phase="fwd_nograd", **meter(forward, cfg["rf"], cfg["wf"])))
    emit(dict(line, phase="train_step_fwd_bwd", **meter(train_step, cfg["rb"], cfg["wb"])))


def run_gen(s4, torch, cfg, emit):
    import numpy as np
    H, N, b, T, kernel = cfg["H"], cfg["N"], cfg["batch"], cfg["tokens"], cfg["kernel"]
    line = dict(bench="gen", kernel=kernel, H=H, N=N, batch=b, tokens=T)
    threads = torch.get_num_threads()
    torch.manual_seed(0)
    block = s4.S4Block(d_model=H, d_state=N, mode="dplr" if kernel == "s4" else "diag").eval()
    g = torch.Generator().manual_seed(1)
    x0, xs = torch.randn(b, H, generator=g), torch.randn(b, H, T, generator=g)
    meter = Meter()
    torch.set_grad_enabled(False)
    block(xs)  # prepares the kernel for length T, as after training at that length

    modes = ["dense", "linear", "diagonal"] if kernel == "s4" else [None]
    for n_threads in ([threads, 1] if cfg["one_thread"] and threads > 1 else [threads]):
        torch.set_num_threads(n_threads)
        for mode in modes:
            block.setup_step(**({"mode": mode} if mode else {}))

            def steps(n):
                state, x = block.default_state(b), x0
                for _ in range(n):
                    x, state = block.step(x, state)
            t0 = time.perf_counter()
            steps(16)  # warm-up, and a probe for the number of steps per timed run
            per_step = (time.perf_counter() - t0) / 16
            n = int(min(T, max(32, cfg["step_rep_s"] / per_step)))
            r = meter(lambda: steps(n), cfg["step_reps"], 0)
            emit(dict(line, phase="recurrent_step", step_mode=mode or "diag(default)", threads=n_threads,
                      steps_per_rep=n, tokens_per_s=b * n / r["median_s"], **r))
    torch.set_num_threads(threads)

    def prefix_cost(phase):
        per_token, peak = [], 0
        for t in cfg["prefixes"]:
            t0 = time.perf_counter()
            block(xs[:, :, :t])  # warm-up; short calls get more repetitions
            reps = cfg["prefix_reps"] if time.perf_counter() - t0 > 0.1 else max(9, cfg["prefix_reps"])
            r = meter(lambda: block(xs[:, :, :t]), reps, 0)
            per_token.append(r["median_s"])
            peak = max(peak, r["peak_over_build_mib"])
        total = float(np.interp(np.arange(1, T + 1), cfg["prefixes"], per_token).sum())
        emit(dict(line, phase=phase, threads=threads, prefixes=cfg["prefixes"], prefix_s=per_token,
                  est_total_s=total, tokens_per_s=b * T / total, peak_over_build_mib=peak))
    prefix_cost("conv_recompute")
    K = block.layer.kernel(L=T)[0]  # then the block's kernel module returns this kernel, cut to the prefix
    block.layer.kernel.forward = lambda state=None, rate=1.0, L=None: (K[..., :L], None)
    prefix_cost("conv_cached_kernel")


def worker(cfg):
    if cfg["mem_limit_gib"] > 0:
        resource.setrlimit(resource.RLIMIT_AS, (int(cfg["mem_limit_gib"] * 2**30), resource.RLIM_INFINITY))
    s4, path = load_official(cfg["s4_dir"], cfg["einops_dir"])
    import torch
    torch.set_num_threads(cfg["threads"])
    with open("/proc/self/maps") as f:
        jemalloc = "jemalloc" in f.read()
    tags = dict(profile="tuned" if jemalloc else "default", alloc="jemalloc" if jemalloc else "system")

    def emit(rec):
        rec = {**rec, **tags}
        rec.setdefault("threads", cfg["threads"])
        print(json.dumps(rec), flush=True)
    if cfg["bench"] == "env":
        import einops
        import numpy
        with open(path, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        emit(dict(bench="env", s4_py=path, s4_py_sha256=sha, torch=torch.__version__, numpy=numpy.__version__,
                  einops=einops.__version__, python=platform.python_version(), cpu=platform.processor() or platform.machine(),
                  cores=os.cpu_count(), dtype="float32", quick=cfg["quick"],
                  cauchy="cuda" if s4.has_cuda_extension else "keops" if s4.has_pykeops else "naive"))
        return
    try:
        {"kernel": run_kernel, "block": run_block, "gen": run_gen}[cfg["bench"]](s4, torch, cfg, emit)
    except Exception as e:  # report the configuration as failed rather than losing it
        emit(dict(bench=cfg["bench"], status="failed", config=cfg, error=f"{type(e).__name__}: {str(e)[:300]}"))


# ---------------------------------------------------------------- driver

def child_env(allocator, jemalloc):
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "MALLOC_CONF", "OMP_WAIT_POLICY")}
    if allocator == "jemalloc":
        lib = jemalloc or next((p for p in JEMALLOC if os.path.exists(p)), None) or ctypes.util.find_library("jemalloc")
        if not lib:
            sys.exit("jemalloc not found: install it (Debian: apt-get install libjemalloc2), "
                     "pass --jemalloc PATH, or measure with --allocator system")
        env.update(LD_PRELOAD=lib, MALLOC_CONF="dirty_decay_ms:-1,muzzy_decay_ms:-1")
    return env


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--s4-dir", default=os.environ.get("S4_DIR"), help="clone of state-spaces/s4 (or $S4_DIR)")
    ap.add_argument("--einops-dir", default=os.environ.get("EINOPS_DIR"),
                    help="directory holding the einops package (or $EINOPS_DIR); not needed if einops is installed")
    ap.add_argument("--suite", default="kernel,block,gen", help="comma list of kernel, block, gen")
    ap.add_argument("--quick", action="store_true",
                    help="the configurations of `s4j bench --quick` (kernels up to L = 4096, blocks at L = 1024), "
                         "one timed run each: a smoke test")
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    ap.add_argument("--allocator", choices=["jemalloc", "system"], default="jemalloc")
    ap.add_argument("--jemalloc", default=None, help="path of libjemalloc.so.2, if not found by itself")
    ap.add_argument("--mem-limit-gib", type=float, default=20, help="address-space limit per process (0: none)")
    ap.add_argument("--try-oom", action="store_true", help="attempt the S4 kernel's backward at L = 16384")
    ap.add_argument("--out", default=None, help="also write the lines to this file")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return
    if not args.s4_dir or not find_s4_py(args.s4_dir):
        ap.error("pass --s4-dir or set S4_DIR to a clone of github.com/state-spaces/s4 "
                 f"(no s4.py in {args.s4_dir} or its models/s4)")
    suites = args.suite.split(",")
    unknown = set(suites) - {"kernel", "block", "gen"}
    if unknown:
        ap.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    env = child_env(args.allocator, args.jemalloc)
    common = dict(s4_dir=os.path.abspath(args.s4_dir), einops_dir=args.einops_dir and os.path.abspath(args.einops_dir),
                  threads=args.threads, mem_limit_gib=args.mem_limit_gib, quick=args.quick)
    out = open(args.out, "w") if args.out else None

    def emit(line):
        print(line, flush=True)
        if out:
            out.write(line + "\n")
            out.flush()
    start = time.perf_counter()
    for cfg in [dict(bench="env")] + [c for c in plan(args.quick, args.try_oom) if c["bench"] in suites]:
        cfg.update(common)
        label = " ".join(f"{k}={v}" for k, v in cfg.items() if k in ("bench", "kernel", "layers", "batch", "L"))
        print(f"[official_bench] {label} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        p = subprocess.run([sys.executable, os.path.abspath(__file__), "--worker", json.dumps(cfg)],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
        for ln in lines:
            emit(ln)
        if p.returncode != 0 or not lines:
            if cfg["bench"] == "env":
                sys.exit(f"the official code does not load:\n{p.stderr[-1500:]}")
            emit(json.dumps(dict(bench=cfg["bench"], status="failed", config=cfg, returncode=p.returncode,
                                 stderr_tail=p.stderr[-600:])))
        print(f"[official_bench]   {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    emit(json.dumps(dict(bench="done", total_s=round(time.perf_counter() - start, 1), platform=platform.platform())))


if __name__ == "__main__":
    main()
