/** A Web Worker that runs the training task on request and posts its report. */
import { trainTask } from './train-task.js';

self.onmessage = async (event: MessageEvent<{ abortAfterMs: number }>) => {
  try {
    self.postMessage({ report: await trainTask(event.data.abortAfterMs) });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
