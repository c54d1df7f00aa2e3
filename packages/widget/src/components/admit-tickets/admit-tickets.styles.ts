import { css } from "lit";

/**
 * Public theme properties (`--admit-*`) mapped to private tokens (`--_*`) with light and dark
 * defaults; every inner component reads the private tokens.
 */
export const admitTicketsStyles = css`
  :host {
    --_accent: var(--admit-accent, #2f4fd0);
    --_accent-text: var(--admit-accent-text, #ffffff);
    --_radius: var(--admit-radius, 8px);
    --_text: var(--admit-text, #1c1c1e);
    --_muted: var(--admit-muted, #555b66);
    --_surface: var(--admit-surface, #ffffff);
    --_subtle: var(--admit-subtle, #eef1f8);
    --_border: var(--admit-border, #c5c9d3);
    --_danger: var(--admit-danger, #b3261e);
    --_focus: var(--admit-focus, #2f4fd0);
    --_link: var(--admit-link, #2f4fd0);
    display: block;
    font-family: var(--admit-font, inherit);
    max-width: 40rem;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--admit-accent, #9db0ff);
      --_accent-text: var(--admit-accent-text, #10131a);
      --_text: var(--admit-text, #f2f2f7);
      --_muted: var(--admit-muted, #b4b8c2);
      --_surface: var(--admit-surface, #1c1c1e);
      --_subtle: var(--admit-subtle, #2a2d36);
      --_border: var(--admit-border, #5c606b);
      --_danger: var(--admit-danger, #ffb4ab);
      --_focus: var(--admit-focus, #9db0ff);
      --_link: var(--admit-link, #9db0ff);
    }
  }
  .base {
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1em 1.25em;
  }
  h2 {
    margin: 0;
    font-size: 1.25em;
  }
  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    margin-inline-end: 0.5em;
    vertical-align: -0.15em;
    border: 2px solid var(--_border);
    border-top-color: var(--_accent);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
`;
