import { css } from "lit";

export const tierListStyles = css`
  .total {
    display: flex;
    justify-content: space-between;
    font-weight: 600;
    margin: 0.75em 0 0;
  }
`;
