// fit in Chromium: on the page and in a Web Worker there is no setImmediate, so fit must yield
// through a MessageChannel for a timer to abort it; the model must also learn.
import { describe, expect, it } from 'vitest';
import { trainTask, type TaskReport } from './train-task.js';

function check(report: TaskReport): void {
  expect(report.hasSetImmediate).toBe(false);
  expect(report.status).toBe('aborted');
  expect(report.stepsAfterAbort).toBeGreaterThanOrEqual(0);
  expect(report.stepsAfterAbort).toBeLessThanOrEqual(1);
  expect(report.steps).toBeGreaterThan(12);
  expect(report.lastLoss).toBeLessThan(report.firstLoss * 0.5);
  expect(report.accuracy).toBeGreaterThan(0.8);
}

describe('fit in Chromium', () => {
  it('on the main thread: a timer aborts it within one step, and it learns', async () => {
    check(await trainTask(1500));
  });

  it('in a Web Worker: the same', async () => {
    const worker = new Worker(new URL('./fit-worker.ts', import.meta.url), { type: 'module' });
    try {
      const reply = await new Promise<{ report?: TaskReport; error?: string }>((resolve) => {
        worker.onmessage = (event: MessageEvent<{ report?: TaskReport; error?: string }>) => resolve(event.data);
        worker.onerror = (event) => resolve({ error: event.message });
        worker.postMessage({ abortAfterMs: 1500 });
      });
      expect(reply.error).toBeUndefined();
      check(reply.report as TaskReport);
    } finally {
      worker.terminate();
    }
  });
});
