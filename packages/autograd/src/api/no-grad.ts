/** Switching gradient recording off and on around a computation. */
import { isRecording, withRecording, withoutRecording } from '@nabla/tensor-core';

/** Run `fn` without recording a graph: nothing is saved for backward, no memory held. */
export function noGrad<T>(fn: () => T): T {
  return withoutRecording(fn);
}

/** Run `fn` with recording on, even inside noGrad (e.g. a gradient inside an evaluation loop). */
export function enableGrad<T>(fn: () => T): T {
  return withRecording(fn);
}

/** True when ops are currently being recorded for gradients. */
export function isGradEnabled(): boolean {
  return isRecording();
}
