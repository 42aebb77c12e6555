/**
 * The Python source of a dependency-free safetensors reader and writer (numpy + struct + json),
 * shipped with every PyTorch export so the generated code needs nothing beyond torch and numpy.
 */

/** File name the exports give the module (`import nabla_safetensors`). */
export const PYTHON_SAFETENSORS_FILE = 'nabla_safetensors.py';

/** `load_safetensors(path) -> (dict[str, torch.Tensor], dict[str, str])` and `save_safetensors(path, tensors, metadata=None)`. */
export const PYTHON_SAFETENSORS_SOURCE = `"""Read and write safetensors files with numpy and struct only (written by Nabla's exportPyTorch)."""
import json
import os
import struct

import numpy as np
import torch

_CODES = {
    'F64': np.float64, 'F32': np.float32, 'F16': np.float16, 'I64': np.int64, 'I32': np.int32,
    'I16': np.int16, 'I8': np.int8, 'U8': np.uint8, 'BOOL': np.bool_,
}
_NAMES = {np.dtype(v).str[1:]: k for k, v in _CODES.items()}


def load_safetensors(path):
    """The tensors (CPU, in file order) and the string metadata of a safetensors file."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f'{path}: too short for a safetensors file')
    (size,) = struct.unpack('<Q', data[:8])
    if 8 + size > len(data):
        raise ValueError(f'{path}: header of {size} bytes runs past the end of the file')
    header = json.loads(data[8:8 + size].decode('utf-8'))
    metadata = header.pop('__metadata__', None) or {}
    base = 8 + size
    tensors = {}
    for name, info in header.items():
        code = info['dtype']
        if code not in _CODES:
            raise ValueError(f"{path}: tensor '{name}' has unsupported dtype {code}")
        dtype = np.dtype(_CODES[code]).newbyteorder('<')
        start, end = info['data_offsets']
        shape = [int(d) for d in info['shape']]
        count = int(np.prod(shape, dtype=np.int64))
        if end - start != count * dtype.itemsize or base + end > len(data):
            raise ValueError(f"{path}: tensor '{name}' {code} {shape} does not match its byte range [{start}, {end})")
        array = np.frombuffer(data, dtype=dtype, count=count, offset=base + start).reshape(shape)
        tensors[name] = torch.from_numpy(array.astype(array.dtype.newbyteorder('='), copy=True))
    return tensors, metadata


def save_safetensors(path, tensors, metadata=None):
    """Write tensors (any device; stored contiguous, little-endian) and string metadata atomically."""
    header = {}
    if metadata:
        header['__metadata__'] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name, value in tensors.items():
        array = value.detach().cpu().contiguous().numpy()
        key = array.dtype.str[1:]
        if key not in _NAMES:
            raise ValueError(f"tensor '{name}' has dtype {array.dtype}, which safetensors cannot store")
        blob = array.astype(array.dtype.newbyteorder('<'), copy=False).tobytes()
        header[name] = {'dtype': _NAMES[key], 'shape': list(array.shape), 'data_offsets': [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    encoded = json.dumps(header, separators=(',', ':')).encode('utf-8')
    encoded += b' ' * ((8 - len(encoded) % 8) % 8)
    tmp = f'{path}.tmp-{os.getpid()}'
    with open(tmp, 'wb') as f:
        f.write(struct.pack('<Q', len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)
`;
