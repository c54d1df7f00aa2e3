import { css } from "lit";

export const buyerFormStyles = css`
  form {
    margin-top: 0.75em;
  }
  input:not([type="checkbox"]),
  select,
  textarea {
    width: 100%;
    box-sizing: border-box;
  }
  select,
  textarea {
    font: inherit;
    color: inherit;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    padding: 0.45em 0.6em;
    min-height: 2.5em;
  }
  textarea {
    resize: vertical;
  }
  input[type="checkbox"] {
    min-height: auto;
    width: 1.2em;
    height: 1.2em;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  fieldset.ticket {
    margin-top: 1em;
    padding-top: 0.5em;
    border-top: 1px solid var(--_border);
  }
  .ticket-title {
    font-size: 1em;
    margin: 0 0 0.25em;
  }
  legend {
    padding: 0;
    margin-top: 0.75em;
  }
  .check {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25em 0.5em;
    margin-top: 0.5em;
  }
  .check > label {
    margin: 0;
  }
  .check > .description,
  .check > .field-error {
    flex-basis: 100%;
  }
  .description {
    margin: 0.15em 0 0.25em;
    font-size: 0.9em;
  }
  .field-error {
    color: var(--_danger);
    margin: 0.25em 0 0;
    font-size: 0.9em;
  }
  [aria-invalid="true"] {
    border-color: var(--_danger);
  }
  a {
    color: var(--_link);
  }
`;
