/** The safetensors rule that tensor byte ranges tile the data section exactly. */

/** A tensor's byte range [begin, end) within the data section. */
export interface DataSpan {
  readonly name: string;
  readonly begin: number;
  readonly end: number;
}

/**
 * Check that `spans` tile [0, dataLength) exactly: no overlap, no hole, nothing after the last
 * tensor (as the reference implementation requires). Calls `fail` with the first problem.
 */
export function checkDataCoverage(spans: readonly DataSpan[], dataLength: number, fail: (message: string) => never): void {
  const sorted = [...spans].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous = '';
  for (const e of sorted) {
    if (e.begin < cursor) fail(`tensor '${e.name}' data [${e.begin}, ${e.end}] overlaps tensor '${previous}' (ends at ${cursor})`);
    if (e.begin > cursor) fail(`hole in the data: bytes [${cursor}, ${e.begin}) before tensor '${e.name}' belong to no tensor`);
    cursor = e.end;
    previous = e.name;
  }
  if (cursor > dataLength) fail(`tensor '${previous}' ends at byte ${cursor} but only ${dataLength} data bytes are present (truncated?)`);
  if (cursor < dataLength) fail(`${dataLength - cursor} trailing data bytes after the last tensor belong to no tensor`);
}
