/** Callbacks for fit. */
export type { Callback, FitControl, StepLog, EpochLog } from './callback.js';
export { Monitor, type MonitorOptions } from './monitor.js';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
export { KeepBest, type KeepBestOptions } from './keep-best.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export { OneCycle, oneCycleLr, type OneCycleOptions } from './one-cycle.js';
export { History, type HistoryData, type StepRecord } from './history.js';
export { Progress, type ProgressOptions, type ProgressSink } from './progress.js';
export { MetricsLog, GradientNormLog, type MetricsLogOptions, type GradientNormLogOptions, type LineSink } from './metrics-log.js';
