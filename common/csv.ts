// The one CSV reader: RFC 4180 quoting (a quoted field may hold the separator, "" and line breaks), blank lines
// skipped. Owners' exports from Belgian spreadsheets often use ';', so the separator is a parameter.

/** Rows of cells, with the 1-based line each row starts on (for messages naming the line). */
export function parseCsvRows(text: string, separator = ','): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cur = '', quoted = false, line = 1, start = 1, any = false;
  const endRow = (): void => {
    cells.push(cur);
    if (any || cells.length > 1 || cur.trim() !== '') rows.push({ cells, line: start });
    cells = []; cur = ''; any = false;
  };
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (quoted) {
      if (ch === '"' && t[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; cur += ch; }
    } else if (ch === '"') { quoted = true; any = true; } else if (ch === separator) { cells.push(cur); cur = ''; any = true; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && t[i + 1] === '\n') i++;
      endRow();
      line++; start = line;
    } else cur += ch;
  }
  if (cur !== '' || cells.length || any) endRow();
  return rows;
}

/** Rows of cells (see parseCsvRows). */
export function parseCsv(text: string, separator = ','): string[][] {
  return parseCsvRows(text, separator).map((r) => r.cells);
}
