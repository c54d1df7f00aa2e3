import { css } from "lit";

/**
 * Shared look of every part: reads the private `--_*` tokens that `<admit-tickets>` derives
 * from the public `--admit-*` custom properties (they inherit into each shadow root).
 */
export const baseStyles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--_text);
  }
  [hidden] {
    display: none !important;
  }
  button,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border-radius: var(--_radius);
    padding: 0.55em 1.1em;
    border: 1px solid var(--_border);
    background: var(--_surface);
    min-height: 2.75em;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_accent-text);
    border-color: var(--_accent);
    font-weight: 600;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.7;
  }
  input {
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    padding: 0.45em 0.6em;
    min-height: 2.5em;
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  /* Focus moved by the widget to a new screen's message or heading (tabindex -1): read by
     screen readers, but not a control, so no ring the width of the widget. */
  [tabindex="-1"]:focus {
    outline: none;
  }
  .problem {
    color: var(--_danger);
    font-weight: 600;
  }
  .muted {
    color: var(--_muted);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin-top: 0.75em;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 0.5em 0 0.2em;
  }
`;
