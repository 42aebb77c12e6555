/**
 * The `train_ddp.py` written next to an exported language model: it reads the run's own corpus
 * file, rebuilds the app's split and token streams with the exported vocabulary (refusing to go on
 * if they differ from Nabla's by a single token), trains data-parallel with torch.distributed (each
 * rank a disjoint shard of the training stream) and scores the test split exactly as `lm eval` does.
 */
import { pyLiteral } from '@nabla/layers/interop';
import type { ModelKind } from '../models/architecture.js';
import { DEFAULT_EVAL_LAYOUT } from '../evaluate.js';

/** One part of the split as Nabla tokenized it: token count, characters, SHA-256 of the int32 little-endian ids. */
export interface SplitFingerprint {
  readonly tokens: number;
  readonly chars: number;
  readonly sha256: string;
}

/** What the script bakes in (the training values are command-line flags too). */
export interface LmDdpDefaults {
  readonly kind: ModelKind;
  /** Absolute path of the corpus text file (Moby-Dick's data.txt when the run used the default). */
  readonly corpusPath: string;
  readonly limitChars: number | null;
  /** SHA-256 of the text after newline normalisation and --limit-chars (the run's manifest). */
  readonly textSha256: string;
  readonly level: 'char' | 'word';
  readonly split: { readonly train: SplitFingerprint; readonly validation: SplitFingerprint; readonly test: SplitFingerprint };
  /** The window model's context length. */
  readonly window: number;
  /** The GPT's block size. */
  readonly blockSize: number;
  readonly batchSize: number;
  readonly seqLength: number;
  readonly lr: number;
  readonly clip: number;
  readonly seed: number;
  readonly epochs: number;
  /** GPT: optimizer steps, warmup steps, AdamW weight decay of the matrices. */
  readonly steps: number;
  readonly warmup: number;
  readonly weightDecay: number;
  /** Python module of the exported model (without .py) and the vocabulary file. */
  readonly module: string;
  readonly vocabulary: string;
}

/** The Python source of train_ddp.py for `d.kind`. */
export function lmTrainDdpScript(d: LmDdpDefaults): string {
  const layout = DEFAULT_EVAL_LAYOUT;
  return `"""Data-parallel training of an exported Nabla language model (${d.kind}, ${d.level} level) with torch.distributed.

    torchrun --nproc_per_node 2 train_ddp.py --out trained.safetensors
    torchrun --nnodes 2 --node_rank 0 --master_addr HOST --master_port 29500 --nproc_per_node 8 train_ddp.py
    pnpm lm eval --from-pytorch trained.safetensors --out RUN      # back in Nabla (RUN: the exported run)

(Debian's PyTorch 1.13 on Python 3.11 cannot parse torchrun's default --redirects/--tee values;
add '--redirects 1 --tee 1' there.)

gloo on CPU, NCCL when CUDA is present. Every rank reads the run's corpus file, cuts it 90/5/5 as
Nabla does and tokenizes it with the exported vocabulary (${d.vocabulary}); the token streams must
match Nabla's exactly (their SHA-256 is checked). Each rank trains on a disjoint shard of the
training stream (${shardingNote(d.kind)}), DistributedDataParallel averages the gradients, so the ranks
stay identical. Rank 0 writes the trained state dict as safetensors (PyTorch layout, Nabla's
parameter names) and its test-split score, computed as 'lm eval' computes it (<out>.eval.json).
Written by \`nabla-lm export --pytorch\`.
"""
import argparse
import hashlib
import json
import math
import os
import re
import unicodedata

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler

import ${d.module} as exported

HERE = os.path.dirname(os.path.abspath(__file__))
KIND = ${pyLiteral(d.kind)}
CORPUS = ${pyLiteral(d.corpusPath)}
LIMIT_CHARS = ${d.limitChars === null ? 'None' : d.limitChars}
TEXT_SHA256 = ${pyLiteral(d.textSha256)}
LEVEL = ${pyLiteral(d.level)}
SPLIT = ${JSON.stringify(d.split)}
WINDOW = ${d.window}
BLOCK_SIZE = ${d.blockSize}
EVAL_ROWS, EVAL_STEPS, EVAL_WINDOWS = ${layout.rows}, ${layout.steps}, ${layout.windows}


def load_text(path, limit):
    """The corpus as Nabla reads it: UTF-8 (a BOM dropped), newlines normalised, cut to its first \`limit\` characters."""
    with open(path, 'rb') as f:
        text = f.read().decode('utf-8-sig')
    text = re.sub(r'\\r\\n?', '\\n', text)
    return text if limit is None else text[:limit]


def split_text(text):
    """The 90/5/5 contiguous split, cut (like JavaScript) at UTF-16 code units, never inside a surrogate pair."""
    units = text.encode('utf-16-le')
    n = len(units) // 2

    def unit(i):
        return int.from_bytes(units[2 * i:2 * i + 2], 'little')

    def avoid_pair(i):
        return i + 1 if 0 < i < n and 0xDC00 <= unit(i) <= 0xDFFF else i

    a = avoid_pair(math.floor(n * 0.9 + 0.5))
    b = avoid_pair(min(n, a + math.floor(n * 0.05 + 0.5)))
    part = lambda i, j: units[2 * i:2 * j].decode('utf-16-le')
    return {'train': part(0, a), 'validation': part(a, b), 'test': part(b, n)}


def js_space(ch):
    return ch in '\\t\\n\\x0b\\x0c\\r\\ufeff\\u2028\\u2029' or unicodedata.category(ch) == 'Zs'


def word_char(ch):
    return ch == "'" or unicodedata.category(ch)[0] in 'LNM'


def words(text):
    """Nabla's WordTokenizer split: runs of letters, digits, marks and apostrophes, and single other non-space characters."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if word_char(ch):
            j = i + 1
            while j < n and word_char(text[j]):
                j += 1
            out.append(text[i:j])
            i = j
        else:
            if not js_space(ch):
                out.append(ch)
            i += 1
    return out


def tokenize(vocabulary, text):
    ids = {t: i for i, t in enumerate(vocabulary['tokens'])}
    if vocabulary['lowercase']:
        text = text.lower()
    pieces = list(text) if vocabulary['kind'] == 'char' else words(text)
    return np.array([ids.get(p, 0) for p in pieces], dtype=np.int32)


def load_streams(corpus, vocabulary_path):
    """Train / validation / test token streams (int64 tensors), checked against Nabla's."""
    text = load_text(corpus, LIMIT_CHARS)
    digest = hashlib.sha256(text.encode('utf-8')).hexdigest()
    if digest != TEXT_SHA256:
        raise SystemExit(f'{corpus}: its text (SHA-256 {digest[:12]}…) is not the one the run was trained on ({TEXT_SHA256[:12]}…)')
    with open(vocabulary_path, encoding='utf-8') as f:
        vocabulary = json.load(f)
    streams = {}
    for part, piece in split_text(text).items():
        ids = tokenize(vocabulary, piece)
        want = SPLIT[part]
        got = hashlib.sha256(ids.astype('<i4').tobytes()).hexdigest()
        if len(ids) != want['tokens'] or got != want['sha256'] or len(piece) != want['chars']:
            raise SystemExit(f'the {part} split tokenizes differently from Nabla ({len(ids)} tokens, {len(piece)} characters, SHA-256 {got[:12]}…; '
                             f'Nabla: {want["tokens"]}, {want["chars"]}, {want["sha256"][:12]}…)')
        streams[part] = torch.from_numpy(ids.astype(np.int64))
    return streams, vocabulary


# ---- scoring, exactly as Nabla's meanNll (src/evaluate.ts) ----

def score_recurrent_rows(run, block, rows, bos):
    length = len(block) // rows
    grid = block[:rows * length].reshape(rows, length)
    previous = torch.cat([torch.full((rows, 1), bos, dtype=torch.long), grid[:, :-1]], 1)
    state, total = None, 0.0
    for start in range(0, length, EVAL_STEPS):
        t = min(EVAL_STEPS, length - start)
        logits, state = run(previous[:, start:start + t], state)
        total += F.cross_entropy(logits, grid[:, start:start + t].reshape(-1).to(logits.device), reduction='sum').item()
    return total


def gpt_windows(n, block):
    stride, out, scored, start = max(1, block // 2), [], 0, 0
    while scored < n:
        begin = min(start, max(0, n - block))
        out.append((begin, scored - begin))
        scored = min(n, begin + block)
        start += stride
    return out


def total_nll(model, stream, bos):
    dev = next(model.parameters()).device
    run = lambda *xs: model(*[x.to(dev) if torch.is_tensor(x) else x for x in xs])
    n = len(stream)
    if KIND in ('rnn', 'lstm', 'gru'):
        rows = min(EVAL_ROWS, n)
        length = n // rows
        total = score_recurrent_rows(run, stream[:rows * length], rows, bos)
        if n > rows * length:
            total += score_recurrent_rows(run, stream[rows * length:], 1, bos)
        return total
    if KIND == 'gpt':
        t = min(BLOCK_SIZE, n)
        shifted = torch.cat([torch.tensor([bos]), stream[:-1]])
        windows, per_batch, total = gpt_windows(n, t), max(1, EVAL_WINDOWS // 32), 0.0
        for first in range(0, len(windows), per_batch):
            group = windows[first:first + per_batch]
            inputs = torch.stack([shifted[s:s + t] for s, _ in group])
            targets = torch.stack([stream[s:s + t] for s, _ in group])
            weight = torch.stack([(torch.arange(t) >= k).float() for _, k in group])
            losses = F.cross_entropy(run(inputs), targets.reshape(-1).to(dev), reduction='none')
            total += (losses * weight.reshape(-1).to(dev)).sum().item()
        return total
    padded = torch.cat([torch.full((WINDOW,), bos, dtype=torch.long), stream])
    total = 0.0
    for start in range(0, n, EVAL_WINDOWS):
        idx = torch.arange(start, min(n, start + EVAL_WINDOWS))
        inputs = padded[idx[:, None] + torch.arange(WINDOW)[None, :]]
        total += F.cross_entropy(run(inputs), padded[idx + WINDOW].to(dev), reduction='sum').item()
    return total


def evaluate(model, stream, chars, bos):
    """Mean NLL (nats per token), perplexity and bits per character of \`stream\`, in eval mode."""
    model.eval()
    with torch.no_grad():
        nats = total_nll(model, stream.cpu(), bos) / len(stream)
    model.train()
    return {'tokens': len(stream), 'chars': chars, 'nats': nats, 'perplexity': math.exp(nats), 'bitsPerChar': nats * len(stream) / chars / math.log(2)}


# ---- training shards ----

def window_loader(train, args, rank, world):
    """The training windows (previous WINDOW tokens → next), a disjoint shuffled share per rank each epoch."""
    idx = torch.arange(len(train) - WINDOW)
    dataset = TensorDataset(train[idx[:, None] + torch.arange(WINDOW)[None, :]], train[idx + WINDOW])
    sampler = DistributedSampler(dataset, num_replicas=world, rank=rank, shuffle=True, seed=args.seed, drop_last=True)
    return sampler, DataLoader(dataset, batch_size=args.batch_size, sampler=sampler, drop_last=True)


def recurrent_rows(train, args, rank, world):
    """The training stream cut into world × batch-size contiguous rows (as Nabla's SequenceBatches); this rank's batch-size rows."""
    rows = world * args.batch_size
    length = len(train) // rows
    if length < 2:
        raise SystemExit(f'{len(train)} training tokens are too few for {rows} rows')
    return train[:rows * length].reshape(rows, length)[rank * args.batch_size:(rank + 1) * args.batch_size]


def gpt_batch(segment, args, generator):
    """batch-size random blocks of BLOCK_SIZE + 1 tokens of this rank's segment (nanoGPT's batches)."""
    at = torch.randint(0, len(segment) - BLOCK_SIZE, (args.batch_size,), generator=generator)
    blocks = torch.stack([segment[a:a + BLOCK_SIZE + 1] for a in at.tolist()])
    return blocks[:, :-1], blocks[:, 1:].reshape(-1)


def gpt_lr_factor(step, warmup, steps):
    """Nabla's GPT schedule: linear warmup from 0, then cosine decay to a tenth of the rate at \`steps\`."""
    if step < warmup:
        return step / warmup
    t_max = max(1, steps - warmup)
    k = min(step - warmup, t_max)
    return 0.1 + 0.9 * (1 + math.cos(math.pi * k / t_max)) / 2


def main():
    p = argparse.ArgumentParser(description='Train the exported Nabla language model data-parallel (run it with torchrun).')
    p.add_argument('--corpus', default=CORPUS, help='the run\\'s corpus text file (default: %(default)s)')
    p.add_argument('--vocabulary', default=os.path.join(HERE, ${pyLiteral(d.vocabulary)}))
    p.add_argument('--weights', default=exported.WEIGHTS, help='initial weights (default: the exported ones)')
    p.add_argument('--out', default='trained.safetensors', help='where rank 0 writes the trained state dict')
    p.add_argument('--epochs', type=int, default=${d.epochs}, help='passes over the training stream (window and recurrent models)')
    p.add_argument('--steps', type=int, default=${d.steps}, help='GPT: optimizer steps of the schedule')
    p.add_argument('--warmup', type=int, default=${d.warmup}, help='GPT: linear warmup steps')
    p.add_argument('--weight-decay', type=float, default=${pyLiteral(d.weightDecay)}, help='GPT: AdamW weight decay of the matrices')
    p.add_argument('--batch-size', type=int, default=${d.batchSize}, help='rows, windows or blocks per rank per step')
    p.add_argument('--seq-length', type=int, default=${d.seqLength}, help='recurrent models: truncated-BPTT length')
    p.add_argument('--lr', type=float, default=${pyLiteral(d.lr)})
    p.add_argument('--clip', type=float, default=${pyLiteral(d.clip)}, help='global gradient-norm bound')
    p.add_argument('--seed', type=int, default=${d.seed})
    p.add_argument('--max-steps', type=int, default=0, help='stop after N optimizer steps')
    p.add_argument('--save-every-rank', action='store_true', help='every rank also writes <out>.rank<R>.safetensors')
    args = p.parse_args()

    cuda = torch.cuda.is_available()
    dist.init_process_group('nccl' if cuda else 'gloo')
    rank, world = dist.get_rank(), dist.get_world_size()
    local_rank = int(os.environ.get('LOCAL_RANK', '0'))
    device = torch.device('cuda', local_rank) if cuda else torch.device('cpu')
    if cuda:
        torch.cuda.set_device(device)
    torch.manual_seed(args.seed)

    streams, vocabulary = load_streams(args.corpus, args.vocabulary)
    bos = vocabulary['tokens'].index('<bos>')
    train = streams['train']
    model = exported.load(args.weights).to(device)
    ddp = DistributedDataParallel(model, device_ids=[local_rank] if cuda else None)
    if KIND == 'gpt':
        params = list(model.parameters())
        groups = [{'params': [q for q in params if q.dim() >= 2], 'weight_decay': args.weight_decay}, {'params': [q for q in params if q.dim() < 2], 'weight_decay': 0.0}]
        optimizer = torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.99))
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: gpt_lr_factor(s, min(args.warmup, args.steps), args.steps))
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
        scheduler = None

    step = 0

    def update(loss):
        nonlocal step
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        step += 1
        if rank == 0 and (step == 1 or step % 50 == 0):
            print(f'step {step} loss {loss.item():.4f}', flush=True)
        return args.max_steps and step >= args.max_steps

    if rank == 0:
        print(f'{world} rank(s) on {device} ({dist.get_backend()}), {KIND}, {len(train)} training tokens', flush=True)
    ddp.train()
    if KIND == 'gpt':
        share = len(train) // world
        segment = train[rank * share:(rank + 1) * share]
        generator = torch.Generator().manual_seed(args.seed * 1000003 + rank)
        while step < args.steps:
            inputs, targets = gpt_batch(segment, args, generator)
            if update(F.cross_entropy(ddp(inputs.to(device)), targets.to(device))):
                break
    elif KIND == 'window':
        sampler, loader = window_loader(train, args, rank, world)
        for epoch in range(args.epochs):
            sampler.set_epoch(epoch)
            stop = False
            for inputs, targets in loader:
                stop = update(F.cross_entropy(ddp(inputs.to(device)), targets.to(device)))
                if stop:
                    break
            if stop:
                break
    else:
        rows = recurrent_rows(train, args, rank, world).to(device)
        stop = False
        for _ in range(args.epochs):
            state = None
            for start in range(0, rows.shape[1] - 1, args.seq_length):
                t = min(args.seq_length, rows.shape[1] - 1 - start)
                logits, state = ddp(rows[:, start:start + t], state)
                state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
                stop = update(F.cross_entropy(logits, rows[:, start + 1:start + 1 + t].reshape(-1)))
                if stop:
                    break
            if stop:
                break

    metadata = {'trained_by': f'torch {torch.__version__} DistributedDataParallel, {world} rank(s)', 'steps': str(step)}
    if args.save_every_rank:
        exported.save(model, f'{args.out}.rank{rank}.safetensors', metadata)
    if rank == 0:
        exported.save(model, args.out, metadata)
        result = evaluate(model, streams['test'].to(device), SPLIT['test']['chars'], bos)
        result['steps'] = step
        with open(args.out + '.eval.json', 'w') as f:
            json.dump(result, f)
        print(f'wrote {args.out} after {step} steps; test bits/char {result["bitsPerChar"]:.4f}, perplexity {result["perplexity"]:.3f} on {result["tokens"]} tokens', flush=True)
    dist.barrier()
    dist.destroy_process_group()


if __name__ == '__main__':
    main()
`;
}

function shardingNote(kind: ModelKind): string {
  if (kind === 'gpt') return 'GPT: random blocks drawn from the rank\'s own contiguous segment';
  if (kind === 'window') return 'window model: a DistributedSampler over the training windows';
  return 'recurrent models: the stream cut into ranks × batch-size contiguous rows, each rank its own rows, state carried across chunks';
}
