/** Python literals and identifiers for generated source. */

/** A number, string, boolean or tuple as a Python literal. */
export type PythonValue = number | string | boolean | null | readonly PythonValue[];

/** `value` written as Python source: numbers round-trip exactly, strings are quoted, arrays become tuples. */
export function pyLiteral(value: PythonValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return "float('nan')";
    if (!Number.isFinite(value)) return value > 0 ? "float('inf')" : "-float('inf')";
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  const items = value.map(pyLiteral);
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** Keyword arguments `k=v, …` in order, skipping undefined values. */
export function pyKwargs(args: Readonly<Record<string, PythonValue | undefined>>): string {
  return Object.entries(args).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${pyLiteral(v as PythonValue)}`).join(', ');
}

const KEYWORDS = new Set(('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '));

/** Whether `name` can be a Python attribute written as `self.name`. */
export function isPythonIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name);
}

/** `name` made into a Python class name (letters, digits, '_'; not starting with a digit). */
export function pyClassName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) && !KEYWORDS.has(cleaned) ? cleaned : `M_${cleaned}`;
}
