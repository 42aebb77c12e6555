/**
 * A real macrotask yield, so timers, I/O and signal handlers run between training steps
 * (awaiting an already-resolved promise only runs microtasks). setImmediate where it exists
 * (Node), otherwise a MessageChannel message (browsers and Web Workers), otherwise setTimeout.
 */

type Immediate = (callback: () => void) => unknown;

let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

function viaChannel(resolve: () => void): void {
  if (channel === null) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  waiting.push(resolve);
  channel.port2.postMessage(null);
}

/** Resolve after the event loop has run one macrotask turn. */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: Immediate }).setImmediate;
  return new Promise((resolve) => {
    if (typeof immediate === 'function') immediate(resolve);
    else if (typeof MessageChannel === 'function') viaChannel(resolve);
    else setTimeout(resolve, 0);
  });
}

/** Yields when at least `intervalMs` passed since the last yield; cheap to call after every step. */
export class EventLoopYielder {
  private last = performance.now();

  constructor(private readonly intervalMs: number) {}

  /** Yield if the interval has passed; resolves at once otherwise. */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.last < this.intervalMs) return;
    await yieldToEventLoop();
    this.last = performance.now();
  }
}
