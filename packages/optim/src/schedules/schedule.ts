/** Learning-rate schedules as pure functions of the step count. */

/** A learning-rate schedule: the rate at step `step` (0, 1, 2, …) for a group whose initial rate is `baseLr`. */
export interface Schedule {
  lrAt(step: number, baseLr: number): number;
}
