import { describe, it, expect } from 'vitest';
import { parseCsv, parseCsvRows } from '../../common/csv.js';

describe('parseCsv', () => {
  it('reads quoted separators, doubled quotes, line breaks inside quotes, CRLF, a BOM, and skips blank lines', () => {
    const text = '\ufeffid;name;note\r\nlib-a;"Bibliothèque ""A""; annexe";"deux\nlignes"\r\n\r\nlib-b;B;\n';
    expect(parseCsvRows(text, ';')).toEqual([
      { cells: ['id', 'name', 'note'], line: 1 },
      { cells: ['lib-a', 'Bibliothèque "A"; annexe', 'deux\nlignes'], line: 2 },
      { cells: ['lib-b', 'B', ''], line: 5 },
    ]);
  });

  it('uses commas by default and keeps an empty last field', () => {
    expect(parseCsv('a,b\n1,\n"",2')).toEqual([['a', 'b'], ['1', ''], ['', '2']]);
  });
});
