import { describe, expect, it } from "vitest";
import { minifyCss, minifyHtml } from "../../scripts/vite-minify-lit-templates.js";

describe("minifyHtml", () => {
  it("collapses indentation to one space and drops whitespace before a tag's end", () => {
    expect(
      minifyHtml(['<div part="tier">\n  <input\n    type="number"\n    max=', "\n  />\n</div>"]),
    ).toEqual(['<div part="tier"> <input type="number" max=', "/> </div>"]);
  });

  it("keeps quoted attribute values, comments and whitespace without a line break as written", () => {
    const parts = ['<p title="a\n   b" class="x  y">a  b</p><!--\n  keep\n-->'];
    expect(minifyHtml(parts)).toEqual(parts);
  });

  it("keeps a space next to an expression", () => {
    expect(minifyHtml(["<span\n  >", "\n  </span\n>"])).toEqual(["<span>", " </span>"]);
    expect(minifyHtml(["<b>", "</b>\n  ", "\n"])).toEqual(["<b>", "</b> ", " "]);
  });
});

describe("minifyCss", () => {
  it("drops comments and the whitespace the syntax does not need", () => {
    expect(
      minifyCss([
        "\n  /* note */\n  :host {\n    color: red;\n    margin: 0 auto;\n  }\n  a > b,\n  c :focus { x: calc(1px + 2px) }\n",
      ]),
    ).toEqual([":host{color:red;margin:0 auto}a > b,c :focus{x:calc(1px + 2px)}"]);
  });

  it("keeps strings and a space next to an expression", () => {
    expect(minifyCss(['a { content: "x ,  y" ; }\n  ', "\n  b { }"])).toEqual([
      'a{content:"x ,  y"} ',
      " b{}",
    ]);
  });
});
