import { css } from "lit";

export const orderStatusStyles = css`
  progress {
    display: block;
    width: 100%;
    accent-color: var(--_accent);
    margin: 0.75em 0;
  }
  /* The native indeterminate bar moves; without appearance it is a still track. */
  @media (prefers-reduced-motion: reduce) {
    progress {
      appearance: none;
    }
  }
  ul {
    list-style: none;
    padding: 0;
  }
  li {
    padding: 0.5em 0;
    border-bottom: 1px solid var(--_border);
  }
  code {
    font-size: 1.1em;
    font-weight: 700;
    letter-spacing: 0.05em;
  }
  a {
    color: var(--_link);
  }
`;
