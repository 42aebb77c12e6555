import { NablaError } from '@nabla/tensor-core';

/** Base class of every error thrown by @nabla/datasets; `op` names the function that refused. */
export class DatasetError extends NablaError {}

/** A malformed, truncated or mismatched IDX file; names the file and what is wrong. */
export class IdxFormatError extends DatasetError {
  /** Name (path or URL) of the offending file. */
  readonly file: string;
  constructor(file: string, problem: string) {
    super('readIdx', `IDX file '${file}': ${problem}`);
    this.file = file;
  }
}

/** A CSV row that does not parse; names the 1-based line number and what is wrong. */
export class CsvFormatError extends DatasetError {
  /** 1-based line number of the offending row. */
  readonly line: number;
  constructor(source: string, line: number, problem: string) {
    super('parsePlaygroundCsv', `CSV '${source}' line ${line}: ${problem}`);
    this.line = line;
  }
}

/** A data source (npm package, system package, file or URL) that is missing or unreadable. */
export class DataSourceError extends DatasetError {}

/** Invalid tokenizer input: unknown token id, bad saved JSON, impossible options. */
export class TokenizerError extends DatasetError {}

/** Invalid argument to a dataset, generator, split or loader (names the function and value). */
export class DatasetArgumentError extends DatasetError {}

/** A text file that is not UTF-8 text (Latin-1, UTF-16, binary): names the file and the first bad byte. */
export class TextEncodingError extends DataSourceError {}
