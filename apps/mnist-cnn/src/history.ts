/** The training log kept next to a checkpoint: per-step and per-epoch figures. */

/** One logged training step (smoothed over the last logging interval). */
export interface StepRecord {
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
}

/** One finished epoch. */
export interface EpochRecord {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly seconds: number;
  readonly imagesPerSecond: number;
}

/** Everything the report plots. */
export interface History {
  steps: StepRecord[];
  epochs: EpochRecord[];
}

/** An empty history. */
export function emptyHistory(): History {
  return { steps: [], epochs: [] };
}

/** Parse and check a history.json. */
export function parseHistory(text: string): History {
  const value = JSON.parse(text) as Partial<History>;
  if (!Array.isArray(value.steps) || !Array.isArray(value.epochs)) throw new Error('history.json lacks steps/epochs arrays');
  return { steps: value.steps, epochs: value.epochs };
}
