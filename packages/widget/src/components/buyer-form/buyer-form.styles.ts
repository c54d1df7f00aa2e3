import { css } from "lit";

export const buyerFormStyles = css`
  form {
    margin-top: 0.75em;
  }
  input {
    width: 100%;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
  }
`;
