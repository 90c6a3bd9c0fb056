/** A problem with an input file that stops the build: which file, and what is wrong with it. */
export class DataError extends Error {
  readonly file: string;
  readonly problem: string;

  constructor(file: string, problem: string, options?: {cause?: unknown}) {
    super(`${file}: ${problem}`, options);
    this.name = "DataError";
    this.file = file;
    this.problem = problem;
  }
}
