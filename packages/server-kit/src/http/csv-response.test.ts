import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { neutralizeFormula, toCsv } from "./csv-response.js";

describe("CSV cells", () => {
  test("every text survives a round trip through a CSV parser, line breaks and quotes included", () => {
    const texts = ["plain", "x,y", 'say "hi"', "two\nlines", "old\rmac", "crlf\r\nend", "", "ünï"];
    const text = toCsv([texts]);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.slice(0, -2)).not.toMatch(/(^|,)[^",]*[\r\n]/); // no unquoted line break
    expect(parse(text, { relax_quotes: false })).toEqual([texts]);
  });

  test("numbers stay plain; empty cells are empty", () => {
    expect(toCsv([[4500, -1, null, undefined, true]])).toBe("4500,-1,,,true\r\n");
  });

  test("text a spreadsheet would run as a formula is prefixed with ' and nothing else is", () => {
    for (const formula of ["=1+1", "+31 20", "-2", "@SUM(A1)", "\tx", "\rx"])
      expect(neutralizeFormula(formula)).toBe(`'${formula}`);
    for (const safe of ["Ada", "1+1", "a=b", " =x", ""]) expect(neutralizeFormula(safe)).toBe(safe);
    expect(parse(toCsv([['=HYPERLINK("http://x")', "-3"]]))).toEqual([
      ['\'=HYPERLINK("http://x")', "'-3"],
    ]);
  });
});
