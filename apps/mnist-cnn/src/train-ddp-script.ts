/** The `train_ddp.py` written next to an exported MNIST model: data-parallel training with torch.distributed. */
import { pyLiteral } from '@nabla/layers/interop';

/** Defaults baked into the script (each is a command-line flag too). */
export interface DdpDefaults {
  /** Folder holding the four MNIST-format IDX files (plain or .gz). */
  readonly dataDir: string;
  readonly optimizer: 'sgd' | 'adam';
  readonly lr: number;
  /** Images per rank per step. */
  readonly batchSize: number;
  readonly epochs: number;
  readonly seed: number;
  /** Python module of the exported model (without .py). */
  readonly module: string;
}

/** The Python source of train_ddp.py. */
export function trainDdpScript(d: DdpDefaults): string {
  return `"""Data-parallel training of an exported Nabla MNIST CNN with torch.distributed.

    torchrun --nproc_per_node 2 train_ddp.py --out trained.safetensors
    torchrun --nnodes 2 --node_rank 0 --master_addr HOST --master_port 29500 --nproc_per_node 8 train_ddp.py
    pnpm mnist eval --from-pytorch trained.safetensors      # back in Nabla

(Debian's PyTorch 1.13 on Python 3.11 cannot parse torchrun's default --redirects/--tee values;
add '--redirects 1 --tee 1' there.)

gloo on CPU, NCCL when CUDA is present. Every rank starts from the exported weights and reads the
same IDX files; a DistributedSampler gives each rank its own shard of every epoch, and DDP averages
the gradients, so the ranks stay identical. Rank 0 writes the trained state dict as safetensors
(PyTorch layout, Nabla's parameter names) and evaluates it on the test split (<out>.eval.json).
Written by \`nabla-mnist export --pytorch\`.
"""
import argparse
import gzip
import json
import os
import struct

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler

import ${d.module} as exported

DATA_DIR = ${pyLiteral(d.dataDir)}


def read_idx(data_dir, name):
    """An unsigned-byte IDX file (plain or .gz) as a numpy array."""
    path = os.path.join(data_dir, name)
    opener = open
    if not os.path.exists(path) and os.path.exists(path + '.gz'):
        path, opener = path + '.gz', gzip.open
    with opener(path, 'rb') as f:
        data = f.read()
    zero, code, ndim = struct.unpack('>HBB', data[:4])
    if zero != 0 or code != 0x08:
        raise ValueError(f'{path} is not an unsigned-byte IDX file')
    dims = struct.unpack('>' + 'I' * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_split(data_dir, prefix, limit):
    """Images [N, 1, 28, 28] scaled to [0, 1] exactly as Nabla does (x / 255 in float64, then float32) and int64 labels."""
    images = read_idx(data_dir, f'{prefix}-images-idx3-ubyte')
    labels = read_idx(data_dir, f'{prefix}-labels-idx1-ubyte')
    if limit:
        images, labels = images[:limit], labels[:limit]
    x = torch.from_numpy((images.astype(np.float64) / 255.0).astype(np.float32)).reshape(-1, 1, 28, 28)
    return x, torch.from_numpy(labels.astype(np.int64))


def evaluate(model, data_dir, limit, device, classes=10):
    """Accuracy and confusion matrix (rows: true label) on the test split."""
    x, y = load_split(data_dir, 't10k', limit)
    confusion = [[0] * classes for _ in range(classes)]
    model.eval()
    with torch.no_grad():
        for start in range(0, len(y), 500):
            predicted = model(x[start:start + 500].to(device)).argmax(1).cpu()
            for t, p in zip(y[start:start + 500].tolist(), predicted.tolist()):
                confusion[t][p] += 1
    correct = sum(confusion[i][i] for i in range(classes))
    return {'images': len(y), 'accuracy': correct / max(1, len(y)), 'confusion': confusion}


def main():
    p = argparse.ArgumentParser(description='Train the exported Nabla MNIST CNN data-parallel (run it with torchrun).')
    p.add_argument('--data-dir', default=DATA_DIR, help='folder with the four IDX files (default: %(default)s)')
    p.add_argument('--weights', default=exported.WEIGHTS, help='initial weights (default: the exported ones)')
    p.add_argument('--out', default='trained.safetensors', help='where rank 0 writes the trained state dict')
    p.add_argument('--epochs', type=int, default=${d.epochs})
    p.add_argument('--batch-size', type=int, default=${d.batchSize}, help='images per rank per step')
    p.add_argument('--lr', type=float, default=${pyLiteral(d.lr)})
    p.add_argument('--optimizer', choices=['adam', 'sgd'], default=${pyLiteral(d.optimizer)})
    p.add_argument('--seed', type=int, default=${d.seed})
    p.add_argument('--limit-train', type=int, default=0, help='use only the first N training images')
    p.add_argument('--limit-test', type=int, default=0, help='evaluate on the first N test images only')
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

    x, y = load_split(args.data_dir, 'train', args.limit_train)
    dataset = TensorDataset(x, y)
    sampler = DistributedSampler(dataset, num_replicas=world, rank=rank, shuffle=True, seed=args.seed, drop_last=True)
    loader = DataLoader(dataset, batch_size=args.batch_size, sampler=sampler, drop_last=True)

    model = exported.load(args.weights).to(device)
    ddp = DistributedDataParallel(model, device_ids=[local_rank] if cuda else None)
    if args.optimizer == 'adam':
        optimizer = torch.optim.Adam(ddp.parameters(), lr=args.lr)
    else:
        optimizer = torch.optim.SGD(ddp.parameters(), lr=args.lr, momentum=0.9)
    if rank == 0:
        print(f'{world} rank(s) on {device} ({dist.get_backend()}), {len(dataset)} images, {len(loader)} steps per epoch', flush=True)

    step = 0
    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        ddp.train()
        for images, labels in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(ddp(images.to(device)), labels.to(device))
            loss.backward()
            optimizer.step()
            step += 1
            if rank == 0 and (step == 1 or step % 50 == 0):
                print(f'epoch {epoch + 1} step {step} loss {loss.item():.4f}', flush=True)
            if args.max_steps and step >= args.max_steps:
                break
        if args.max_steps and step >= args.max_steps:
            break

    metadata = {'trained_by': f'torch {torch.__version__} DistributedDataParallel, {world} rank(s)', 'steps': str(step)}
    if args.save_every_rank:
        exported.save(model, f'{args.out}.rank{rank}.safetensors', metadata)
    if rank == 0:
        exported.save(model, args.out, metadata)
        result = evaluate(model, args.data_dir, args.limit_test, device)
        with open(args.out + '.eval.json', 'w') as f:
            json.dump(result, f)
        print(f'wrote {args.out} after {step} steps; test accuracy {100 * result["accuracy"]:.2f}% on {result["images"]} images', flush=True)
    dist.barrier()
    dist.destroy_process_group()


if __name__ == '__main__':
    main()
`;
}
