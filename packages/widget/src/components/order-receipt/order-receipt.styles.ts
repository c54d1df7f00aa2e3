import { css } from "lit";

export const orderReceiptStyles = css`
  h2 {
    font-size: 1.25em;
    margin: 0.75em 0 0.15em;
    overflow-wrap: anywhere;
  }
  h3,
  h2.sub {
    font-size: 1em;
    margin: 1.25em 0 0.4em;
  }
  p {
    margin: 0.25em 0;
    overflow-wrap: anywhere;
  }
  dl {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    gap: 0.25em 1em;
    margin: 0.75em 0;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  ul {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .ticket {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75em 1em;
    padding: 0.75em 0;
    border-bottom: 1px solid var(--_border);
  }
  .ticket-text {
    flex: 1 1 12em;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  code {
    font-size: 1.1em;
    font-weight: 700;
    letter-spacing: 0.05em;
  }
  /* Groups of four, apart on screen, together when copied. */
  code span {
    display: inline-block;
    margin-inline-end: 0.45em;
  }
  /* Decorations do not reach inline blocks: struck through group by group. */
  .void code span {
    text-decoration: line-through;
    color: var(--_muted);
  }
  .void-note {
    color: var(--_danger);
    font-weight: 600;
  }
  .downloads {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1.25em;
    margin-top: 1em;
  }
  a {
    color: var(--_link);
    display: inline-block;
    padding: 0.35em 0;
  }
`;
