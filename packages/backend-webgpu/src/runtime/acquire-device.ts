import { WebGPUUnavailableError } from '../errors.js';

/** How to find a GPU. */
export interface DeviceOptions {
  /** A `GPU` object to use instead of `navigator.gpu` or Dawn. */
  readonly gpu?: GPU;
  /** Adapter power preference. */
  readonly powerPreference?: 'low-power' | 'high-performance';
  /** Dawn toggles passed to `create()` when running in Node (e.g. `['enable-dawn-features=...']`). */
  readonly dawnOptions?: readonly string[];
}

/** Shape of the optional `webgpu` (Dawn) Node module. */
interface DawnModule {
  create(options: string[]): GPU;
  globals: object;
}

let dawnGpu: Promise<GPU> | null = null;

/** The `GPU` entry point: `navigator.gpu` in browsers, else Dawn loaded on first use in Node. */
async function locateGpu(options: DeviceOptions): Promise<GPU> {
  if (options.gpu !== undefined) return options.gpu;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu !== undefined) return nav.gpu;
  dawnGpu ??= loadDawn(options.dawnOptions ?? []);
  return dawnGpu;
}

async function loadDawn(dawnOptions: readonly string[]): Promise<GPU> {
  const specifier = 'webgpu';
  let dawn: DawnModule;
  try {
    // Node only (browsers have navigator.gpu): bundlers must leave this import alone.
    dawn = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as DawnModule;
  } catch (error) {
    dawnGpu = null;
    throw new WebGPUUnavailableError(
      'createWebGPUBackend',
      `navigator.gpu is not available and the optional Node package 'webgpu' (Dawn) could not be loaded: ${String(error)}. ` +
        `Install it with \`pnpm add webgpu\` or run in a browser with WebGPU enabled.`,
    );
  }
  // Dawn needs its GPU* constants (GPUBufferUsage, GPUMapMode, ...) on the global object.
  const target = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(dawn.globals)) if (!(name in target)) target[name] = value;
  return dawn.create([...dawnOptions]);
}

/** Request an adapter and a device with the adapter's storage-buffer limits. */
export async function acquireDevice(options: DeviceOptions = {}): Promise<{ adapter: GPUAdapter; device: GPUDevice }> {
  const gpu = await locateGpu(options);
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : undefined);
  } catch (error) {
    throw new WebGPUUnavailableError('createWebGPUBackend', `requestAdapter() failed: ${String(error)}`);
  }
  if (adapter === null) {
    throw new WebGPUUnavailableError(
      'createWebGPUBackend',
      'requestAdapter() returned null: no WebGPU adapter is available (no GPU, or no Vulkan/Metal/D3D12 driver; ' +
        'on Linux without a GPU install Mesa lavapipe, e.g. scripts/install-vulkan.sh, and set XDG_RUNTIME_DIR).',
    );
  }
  const limits = adapter.limits;
  try {
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxStorageBuffersPerShaderStage: Math.min(limits.maxStorageBuffersPerShaderStage, 8),
      },
      label: 'nabla',
    });
    return { adapter, device };
  } catch (error) {
    throw new WebGPUUnavailableError('createWebGPUBackend', `requestDevice() failed: ${String(error)}`);
  }
}
