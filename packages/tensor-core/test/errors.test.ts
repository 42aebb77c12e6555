import { describe, expect, it } from 'vitest';
import {
  ArgumentError, BackendError, DTypeError, DisposedError, NablaError, ShapeError, fmtShape, setBackend, tidy,
  type TensorContainer,
} from '../src/index.js';

describe('error classes', () => {
  it('prefix the message with the op and keep it on .op', () => {
    const e = new ShapeError('matmul', 'inner dimensions differ');
    expect(e.message).toBe('matmul: inner dimensions differ');
    expect(e.op).toBe('matmul');
    expect(new NablaError('', 'plain').message).toBe('plain');
  });
  it('are named after their class and form one hierarchy', () => {
    const cases: [NablaError, string][] = [
      [new NablaError('op', 'm'), 'NablaError'],
      [new ShapeError('op', 'm'), 'ShapeError'],
      [new DTypeError('op', 'm'), 'DTypeError'],
      [new ArgumentError('op', 'm'), 'ArgumentError'],
      [new DisposedError('op', 'm'), 'DisposedError'],
      [new BackendError('op', 'm'), 'BackendError'],
    ];
    for (const [err, name] of cases) {
      expect(err.name).toBe(name);
      expect(err).toBeInstanceOf(NablaError);
      expect(err).toBeInstanceOf(Error);
      expect(String(err)).toBe(`${name}: op: m`);
    }
    expect(new ShapeError('op', 'm')).not.toBeInstanceOf(DTypeError);
  });
  it('fmtShape prints shapes compactly', () => {
    expect(fmtShape([2, 3])).toBe('[2,3]');
    expect(fmtShape([])).toBe('[]');
    expect(fmtShape([0])).toBe('[0]');
  });
});

describe('registry and engine errors that need no backend', () => {
  it('setBackend rejects an unknown name and says how to fix it', async () => {
    await expect(setBackend('nonexistent')).rejects.toThrow(BackendError);
    await expect(setBackend('nonexistent')).rejects.toThrow("setBackend: no backend named 'nonexistent' is registered");
    await expect(setBackend('nonexistent')).rejects.toThrow("'@nabla/backend-nonexistent'");
  });
  it('tidy refuses an asynchronous function', () => {
    const asyncFn = (async () => 1) as unknown as () => TensorContainer;
    expect(() => tidy(asyncFn)).toThrow('tidy: fn must be synchronous');
  });
  it('tidy passes through non-tensor results and rethrows errors', () => {
    expect(tidy(() => 5)).toBe(5);
    expect(tidy(() => ({ a: [1, 'x'] }))).toEqual({ a: [1, 'x'] });
    expect(() => tidy(() => { throw new ArgumentError('inner', 'boom'); })).toThrow('inner: boom');
  });
});
