import { css } from "lit";

export const waitlistFormStyles = css`
  form {
    margin-top: 1em;
    padding: 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  h3 {
    margin: 0;
    font-size: 1em;
  }
  input {
    width: 100%;
  }
`;
