import { importError } from "../errors";

/** One cell with where it starts in the file (1-based), so errors can say `file:line:col`. */
export interface CsvCell {
  value: string;
  line: number;
  col: number;
}

export interface CsvTable {
  /** lower-cased column names of the header row */
  header: string[];
  headerCells: CsvCell[];
  rows: CsvCell[][];
  delimiter: "," | ";";
}

/**
 * RFC 4180 CSV: quoted fields may hold delimiters, quotes (doubled) and line breaks; CRLF or LF. The
 * delimiter is `,` unless the header row has `;` and no `,` (spreadsheets in many locales export that).
 * Blank lines are skipped. Pure: the caller reads the file.
 */
export function parseCsv(text: string, fileName: string): CsvTable {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const delimiter: "," | ";" = firstLine.includes(";") && !firstLine.includes(",") ? ";" : ",";
  const records: CsvCell[][] = [];
  let row: CsvCell[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  const n = src.length;
  let atRecordStart = true;
  while (i < n || !atRecordStart) {
    // one field
    const startLine = line;
    const startCol = col;
    let value = "";
    if (src[i] === '"') {
      i++;
      col++;
      for (;;) {
        if (i >= n) throw importError(`${fileName}:${startLine}:${startCol}`, "quoted field is not closed");
        const c = src[i]!;
        if (c === '"') {
          if (src[i + 1] === '"') {
            value += '"';
            i += 2;
            col += 2;
            continue;
          }
          i++;
          col++;
          break;
        }
        if (c === "\n") {
          line++;
          col = 1;
        } else col++;
        value += c;
        i++;
      }
      if (i < n && src[i] !== delimiter && src[i] !== "\n" && src[i] !== "\r") {
        throw importError(
          `${fileName}:${line}:${col}`,
          `expected "${delimiter}" or end of line after a quoted field`,
        );
      }
    } else {
      while (i < n && src[i] !== delimiter && src[i] !== "\n" && src[i] !== "\r") {
        value += src[i];
        i++;
        col++;
      }
    }
    row.push({ value, line: startLine, col: startCol });
    if (i < n && src[i] === delimiter) {
      i++;
      col++;
      atRecordStart = false;
      continue;
    }
    // end of record
    if (src[i] === "\r") i++;
    if (src[i] === "\n") i++;
    const blank = row.length === 1 && row[0]!.value.trim() === "";
    if (!blank) records.push(row);
    row = [];
    line++;
    col = 1;
    atRecordStart = true;
  }
  const headerCells = records.shift();
  if (headerCells === undefined)
    throw importError(`${fileName}:1:1`, "the file is empty; expected a header row");
  return {
    header: headerCells.map((c) => c.value.trim().toLowerCase()),
    headerCells,
    rows: records,
    delimiter,
  };
}
