import { css } from "lit";

export const tierRowStyles = css`
  .tier {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.25em 1em;
    align-items: center;
    padding: 0.75em 0;
    border-bottom: 1px solid var(--_border);
  }
  .name {
    font-weight: 600;
  }
  .price {
    margin-inline-start: 0.5em;
  }
  .availability {
    display: block;
    font-size: 0.9em;
  }
  .limited {
    color: var(--_danger);
  }
  input {
    width: 4.5em;
  }
`;
