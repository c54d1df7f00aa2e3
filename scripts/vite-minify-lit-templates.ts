import MagicString from "magic-string";
import { parseAst } from "rolldown/parseAst";
import type { Plugin } from "vite";

/**
 * Build-time minification of the static text of Lit's `html`, `svg` and `css` tagged
 * templates: indentation and line breaks, nothing a page could see.
 *
 * - Markup: a whitespace run that holds a line break becomes one space (the browser would
 *   collapse it to one anyway; no template of ours uses `<pre>`, `<textarea>` or
 *   `white-space: pre`), and whitespace before a tag's `>` or `/>` goes. Quoted attribute
 *   values and comments are left as written.
 * - Styles: comments go, whitespace runs become one space, and whitespace next to
 *   `{ } ; ,` or after `:` goes. Quoted strings are left as written.
 *
 * Expressions (`${…}`) are never touched; the parser state carries across them.
 */
export function minifyLitTemplates(options: { include: RegExp }): Plugin {
  return {
    name: "admit:minify-lit-templates",
    enforce: "pre",
    apply: "build",
    transform(code, id) {
      if (!options.include.test(id) || !/\b(?:html|svg|css)`/.test(code)) return null;
      const ast = parseAst(code, { lang: "ts", sourceType: "module" }, id);
      const out = new MagicString(code);
      walk(ast, (node) => {
        if (node.type !== "TaggedTemplateExpression" || node.tag.type !== "Identifier") return;
        const kind =
          node.tag.name === "css"
            ? "css"
            : /^(?:html|svg)$/.test(node.tag.name)
              ? "html"
              : undefined;
        if (!kind) return;
        // A quasi's span includes its delimiters: "`" or "}" before, "${" or "`" after.
        const quasis: { start: number; end: number }[] = node.quasi.quasis.map(
          (q: { start: number; end: number; tail: boolean }) => ({
            start: q.start + 1,
            end: q.end - (q.tail ? 1 : 2),
          }),
        );
        // The positions must point at the raw text; skip the template rather than guess.
        if (quasis.some((q, i) => code.slice(q.start, q.end) !== node.quasi.quasis[i].value.raw)) {
          return;
        }
        const minified = (kind === "css" ? minifyCss : minifyHtml)(
          quasis.map((q) => code.slice(q.start, q.end)),
        );
        quasis.forEach((q, i) => {
          if (minified[i] !== code.slice(q.start, q.end)) {
            if (q.end > q.start) out.overwrite(q.start, q.end, minified[i] as string);
            else if (minified[i]) out.appendLeft(q.start, minified[i] as string);
          }
        });
      });
      if (!out.hasChanged()) return null;
      return { code: out.toString(), map: out.generateMap({ hires: true, source: id }) };
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: ESTree nodes of the parser, walked generically
function walk(node: any, visit: (node: any) => void): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (typeof node.type === "string") visit(node);
  for (const key in node) {
    if (key !== "parent") walk(node[key], visit);
  }
}

/** Minifies the static parts of one `html` template; one string per part, in order. */
export function minifyHtml(parts: readonly string[]): string[] {
  let state: "text" | "tag" | "comment" | '"' | "'" = "text";
  return parts.map((part) => {
    let result = "";
    for (let i = 0; i < part.length; ) {
      const rest = part.slice(i);
      if (state === "comment") {
        const end = rest.indexOf("-->");
        result += end < 0 ? rest : rest.slice(0, end + 3);
        i += end < 0 ? rest.length : end + 3;
        if (end >= 0) state = "text";
        continue;
      }
      if (state === '"' || state === "'") {
        const end = rest.indexOf(state);
        result += end < 0 ? rest : rest.slice(0, end + 1);
        i += end < 0 ? rest.length : end + 1;
        if (end >= 0) state = "tag";
        continue;
      }
      const space = /^\s+/.exec(rest)?.[0];
      if (space) {
        i += space.length;
        if (state === "tag") {
          // Inside a tag any run of whitespace is one separator, and none is needed before `>`.
          if (!(part[i] === ">" || (part[i] === "/" && part[i + 1] === ">"))) result += " ";
        } else {
          result += space.includes("\n") ? " " : space;
        }
        continue;
      }
      const char = part[i] as string;
      if (state === "text" && rest.startsWith("<!--")) {
        state = "comment";
        result += "<!--";
        i += 4;
        continue;
      }
      if (state === "text" && char === "<" && /^<\/?[a-zA-Z]/.test(rest)) state = "tag";
      else if (state === "tag" && char === ">") state = "text";
      else if (state === "tag" && (char === '"' || char === "'")) state = char;
      result += char;
      i += 1;
    }
    return result;
  });
}

/** Minifies the static parts of one `css` template; one string per part, in order. */
export function minifyCss(parts: readonly string[]): string[] {
  let quote: '"' | "'" | undefined;
  let inComment = false;
  return parts.map((part, index) => {
    let result = "";
    for (let i = 0; i < part.length; ) {
      const rest = part.slice(i);
      if (inComment) {
        const end = rest.indexOf("*/");
        i += end < 0 ? rest.length : end + 2;
        if (end >= 0) inComment = false;
        continue;
      }
      if (quote) {
        const end = rest.indexOf(quote);
        result += end < 0 ? rest : rest.slice(0, end + 1);
        i += end < 0 ? rest.length : end + 1;
        if (end >= 0) quote = undefined;
        continue;
      }
      if (rest.startsWith("/*")) {
        inComment = true;
        i += 2;
        continue;
      }
      const space = /^\s+/.exec(rest)?.[0];
      if (space) {
        i += space.length;
        const before = result.at(-1);
        const after = part[i];
        if (before === undefined || after === undefined) {
          // Next to an expression keep one space; at the stylesheet's start or end, none.
          const nextToExpression = before === undefined ? index > 0 : index < parts.length - 1;
          if (nextToExpression) result += " ";
        } else if (!(/[{};,:]/.test(before) || /[{};,]/.test(after))) {
          result += " ";
        }
        continue;
      }
      const char = part[i] as string;
      if (char === '"' || char === "'") quote = char;
      // `;}` is `}`.
      if (char === "}" && result.at(-1) === ";") result = result.slice(0, -1);
      result += char;
      i += 1;
    }
    return result;
  });
}
