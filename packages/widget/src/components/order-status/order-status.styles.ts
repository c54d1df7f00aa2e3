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
  a {
    color: var(--_link);
  }
  /* The first heading of an outcome screen (the widget's title is not shown there). */
  h2 {
    font-size: 1em;
    margin: 0.75em 0 0.25em;
  }
`;
