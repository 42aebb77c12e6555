/** Learning-rate schedules as pure functions of the step count. */

/** A learning-rate schedule: the rate at step `step` (0, 1, 2, …) for a group whose initial rate is `baseLr`. */
export interface Schedule {
  /** The learning rate at `step` (an integer ≥ 0) for a group whose initial rate is `baseLr`. Must be pure: resuming relies on it. */
  lrAt(step: number, baseLr: number): number;
}
