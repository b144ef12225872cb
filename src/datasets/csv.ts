// RFC 4180 CSV: quoted fields, doubled quotes, CRLF, newlines inside quotes.
// Datasets, safety banks and XSTest all read through here, and every record
// keeps the physical line it starts on so errors can name it.
export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  cells: string[];
}

export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let cellStarted = false;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    cellStarted = false;
  };
  const endRecord = () => {
    endCell();
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells });
    cells = [];
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && !cellStarted) {
      inQuotes = true;
      cellStarted = true;
    } else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
      cellStarted = true;
    }
  }
  if (inQuotes) throw new Error(`unterminated quoted field starting on line ${recordLine}`);
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

/** Records as objects keyed by the (trimmed, lower-cased) header row. */
export function csvObjects(text: string): Array<{ line: number; fields: Record<string, string> }> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const names = header.cells.map((h) => h.trim().toLowerCase());
  return rows.map((r) => ({ line: r.line, fields: Object.fromEntries(names.map((n, i) => [n, r.cells[i] ?? ''])) }));
}
