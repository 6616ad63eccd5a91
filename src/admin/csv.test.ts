import { describe, expect, it } from 'vitest';
import { toCsvCell, toCsvLine, toCsvLines } from './csv.js';

describe('toCsvCell', () => {
  it('leaves plain text, numbers and booleans as they are; null is an empty cell', () => {
    expect(toCsvCell('gpt-4o-mini')).toBe('gpt-4o-mini');
    expect(toCsvCell(42)).toBe('42');
    expect(toCsvCell(-0.25)).toBe('-0.25');
    expect(toCsvCell(true)).toBe('true');
    expect(toCsvCell(null)).toBe('');
    expect(toCsvCell(undefined)).toBe('');
  });

  it('quotes cells holding commas, quotes or line breaks, doubling the quotes', () => {
    expect(toCsvCell('a,b')).toBe('"a,b"');
    expect(toCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(toCsvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(toCsvCell('cr\rlf')).toBe('"cr\rlf"');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(toCsvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(toCsvCell('+1+2')).toBe("'+1+2");
    expect(toCsvCell('-2+3')).toBe("'-2+3");
    expect(toCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(toCsvCell('\t=1')).toBe("'\t=1");
    expect(toCsvCell('\r=1')).toBe(`"'\r=1"`);
  });

  it('keeps numeric cells numeric, also when they arrive as decimal text', () => {
    expect(toCsvCell('-0.000001')).toBe('-0.000001');
    expect(toCsvCell('-12')).toBe('-12');
    expect(toCsvCell(-12)).toBe('-12');
    expect(toCsvCell('-12abc')).toBe("'-12abc");
  });
});

describe('toCsvLine and toCsvLines', () => {
  it('joins cells with commas and ends lines with CRLF', () => {
    expect(toCsvLine(['a', 1, null, 'x,y'])).toBe('a,1,,"x,y"\r\n');
    const rows = [
      { model: 'm', cost: '0.5' },
      { model: '=evil', cost: '-1' },
    ];
    expect(toCsvLines(['cost', 'model'], rows)).toBe("0.5,m\r\n-1,'=evil\r\n");
  });
});
