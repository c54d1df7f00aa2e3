import { css } from "lit";

export const holdCountdownStyles = css`
  .countdown {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
    padding: 0.75em;
    border-radius: var(--_radius);
    background: var(--_subtle);
  }
  time {
    font-variant-numeric: tabular-nums;
    font-weight: 700;
  }
`;
