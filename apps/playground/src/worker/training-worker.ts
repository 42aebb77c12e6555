/** The dedicated worker that trains: a TrainingSession answering TrainingRequest messages. */
import { TrainingSession } from './training-session.js';
import type { TrainingApi, TrainingRequest, TrainingResponse } from './training-api.js';

const session = new TrainingSession();
const scope = self as unknown as { onmessage: ((ev: MessageEvent<TrainingRequest>) => void) | null; postMessage(message: TrainingResponse): void };

/** Run one request on the session. */
function dispatch(request: TrainingRequest): Promise<unknown> {
  const api: TrainingApi = session;
  switch (request.method) {
    case 'build': return api.build(...request.args);
    case 'train': return api.train(...request.args);
    case 'gradients': return api.gradients(...request.args);
    case 'grid': return api.grid(...request.args);
    case 'weights': return api.weights(...request.args);
    case 'setParameter': return api.setParameter(...request.args);
    case 'setBackend': return api.setBackend(...request.args);
    case 'trace': return api.trace(...request.args);
    case 'inspect': return api.inspect(...request.args);
  }
}

// one request at a time, in arrival order: a trace never interleaves with a training step
let queue: Promise<unknown> = Promise.resolve();

scope.onmessage = (ev) => {
  const { id } = ev.data;
  const run = queue.then(() => dispatch(ev.data));
  queue = run.catch(() => undefined);
  run.then(
    (result) => scope.postMessage({ id, ok: true, result }),
    (error: unknown) => scope.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
};
