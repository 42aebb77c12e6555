/** Describing any value a caller passed, for error messages (no dependency on the Tensor class). */

function isTensorLikeObject(value: unknown): value is { dtype: string; shape: readonly number[] } {
  return typeof value === 'object' && value !== null && 'dtype' in value && 'shape' in value && Array.isArray((value as { shape: unknown }).shape);
}

/** A short description of any value for an error message: `string "1"`, `an array [1,2]`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (isTensorLikeObject(value)) return `a tensor ${value.dtype} [${value.shape.join(',')}]`;
  if (Array.isArray(value)) {
    const text = JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? '';
    return `an array ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
  }
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}${typeof value === 'bigint' ? 'n' : ''}`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    case 'undefined': // handled above; listed so every typeof result is named
    case 'object':
    default: {
      const name = Object.getPrototypeOf(value)?.constructor?.name as string | undefined;
      return name && name !== 'Object' ? `a ${name} object` : 'a plain object';
    }
  }
}
