import type { OrderReceipt } from "@admit/client/contract";
import { css, html, type TemplateResult } from "lit";
import type { Localizer } from "../../locales/localizer.js";

/**
 * What was ordered, one line per tier ("2 × Standard", €90.00): on the receipt and on the failed
 * screen, where it says what the seats held are for.
 */
export function receiptLines(receipt: OrderReceipt, l: Localizer): TemplateResult {
  return html`<ul part="lines" class="lines">
    ${receipt.lines.map(
      (line) =>
        html`<li>
          <span>${line.quantity} × ${line.tierName}</span>
          <span class="amount">${l.money(line.total)}</span>
        </li>`,
    )}
  </ul>`;
}

/**
 * A ticket code in groups of four characters, for a person to read out or type; rendered as
 * separate boxes, so copying the code copies it without spaces, as the door expects it.
 * @example codeGroups("QX7Y2K9PAB") // ["QX7Y", "2K9P", "AB"]
 */
export function codeGroups(code: string): string[] {
  return code.match(/.{1,4}/gsu) ?? [];
}

/** The look of {@link receiptLines}, for the stylesheets of the elements that show them. */
export const receiptLinesStyles = css`
  .lines {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .lines li {
    display: flex;
    justify-content: space-between;
    gap: 1em;
    padding: 0.3em 0;
    border-bottom: 1px solid var(--_border);
  }
  .lines li > :first-child {
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .amount {
    white-space: nowrap;
  }
`;
