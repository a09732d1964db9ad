#!/usr/bin/env python3
"""Reference training throughput of PyTorch (CPU, fp32) on this machine, for docs/benchmarks.md.

Not part of the build or CI. A nanoGPT-style decoder (learned positions, pre-LayerNorm, causal
self-attention, 4*d GELU MLP, tied output head) trained with AdamW on random tokens: the baseline
convention of ../shared/ANCHORS.md, so its configs S and M have the same parameter counts as
Pollux's train-s and train-m. Prints the median step time after warm-up.

    apt-get install python3-torch libopenblas0-pthread     # Debian's PyTorch 1.13 and a tuned BLAS
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_train_reference.py S 1     # CONFIG THREADS [STEPS]

Without libopenblas0-pthread Debian's torch runs on the reference BLAS (libblas3), about 20x
slower. OPENBLAS_NUM_THREADS keeps OpenBLAS to the thread count asked for (it otherwise uses
every core, whatever torch.set_num_threads says).

(Use the system interpreter: a pyenv python3 earlier on PATH does not see the Debian package.)
"""
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {
    # layers, heads, d, context, vocab, batch
    "S": (6, 6, 384, 256, 8192, 16),
    "M": (12, 12, 768, 512, 32000, 4),
}


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d, bias=False)
        self.proj = nn.Linear(d, d, bias=False)
        self.ln2 = nn.LayerNorm(d)
        self.up = nn.Linear(d, 4 * d, bias=False)
        self.down = nn.Linear(4 * d, d, bias=False)

    def forward(self, x, mask):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = (z.view(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(d // self.heads)
        att = att.masked_fill(mask[:t, :t], float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(y)
        return x + self.down(F.gelu(self.up(self.ln2(x))))


class Gpt(nn.Module):
    def __init__(self, layers, heads, d, ctx, vocab):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(ctx, d)
        self.blocks = nn.ModuleList(Block(d, heads) for _ in range(layers))
        self.ln = nn.LayerNorm(d)
        self.register_buffer("mask", torch.triu(torch.ones(ctx, ctx, dtype=torch.bool), diagonal=1))

    def forward(self, idx, targets):
        x = self.tok(idx) + self.pos(torch.arange(idx.shape[1]))
        for blk in self.blocks:
            x = blk(x, self.mask)
        logits = self.ln(x) @ self.tok.weight.t()
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), targets.view(-1))


def main():
    name, threads = sys.argv[1], int(sys.argv[2])
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    layers, heads, d, ctx, vocab, batch = CONFIGS[name]
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Gpt(layers, heads, d, ctx, vocab)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.1)
    n = sum(p.numel() for p in model.parameters()) - ctx * d  # ANCHORS counts without positions
    times = []
    for s in range(steps + 1):
        x = torch.randint(0, vocab, (batch, ctx))
        y = torch.randint(0, vocab, (batch, ctx))
        t0 = time.perf_counter()
        loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if s > 0:  # the first step warms up allocators and kernels
            times.append(time.perf_counter() - t0)
    step = statistics.median(times)
    tokens = batch * ctx
    flops = 6 * n + 12 * layers * ctx * d
    print(f"config {name} threads {threads}: {n / 1e6:.1f}M params, median step {step:.3f} s, "
          f"{tokens / step:.0f} tok/s, {flops * tokens / step / 1e9:.1f} GFLOP/s (torch {torch.__version__})")


if __name__ == "__main__":
    main()
