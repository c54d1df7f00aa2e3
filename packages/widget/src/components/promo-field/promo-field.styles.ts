import { css } from "lit";

export const promoFieldStyles = css`
  form {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5em;
    margin: 0.5em 0;
  }
  .field {
    flex: 1 1 12em;
    min-width: 0;
  }
  input {
    width: 100%;
    text-transform: uppercase;
  }
  .applied {
    color: var(--_accent);
  }
`;
