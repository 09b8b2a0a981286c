/** What a file reader (JSON, Excel) hands to the import: one raw procedure per entry, and where its parts came from. */

export interface ImportError {
  /** `procedures`, `cases`, `fees`, `components` (Excel) or `json`. */
  sheet: string;
  /** Excel row number (header = 1) or, for JSON, the position in the array from 1. */
  row: number;
  /** Excel column name, or for JSON the path in the document (`cases[0].fees[1].amountVnd`). */
  column: string;
  message: string;
}

/** One procedure as read from a file, before it is checked. */
export interface SourceEntry {
  sheet: string;
  row: number;
  raw: unknown;
  /** Problems found while reading (a fee of an unknown case …). */
  errors: ImportError[];
  locate(path: string): Omit<ImportError, 'message'>;
}
