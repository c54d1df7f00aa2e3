import { css } from "lit";

export const holdCountdownStyles = css`
  h3 {
    margin: 0.75em 0 0.25em;
    font-size: 1em;
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li,
  .total {
    display: flex;
    justify-content: space-between;
    gap: 1em;
  }
  .total {
    margin: 0.25em 0 0.75em;
    padding-top: 0.25em;
    border-top: 1px solid var(--_border);
    font-weight: 600;
  }
  .countdown {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
    padding: 0.75em;
    border-radius: var(--_radius);
    background: var(--_subtle);
    border: 2px solid transparent;
  }
  /* The last minute: the box takes the danger color; the live region says it too. */
  .urgent {
    border-color: var(--_danger);
  }
  .urgent time {
    color: var(--_danger);
  }
  time {
    font-variant-numeric: tabular-nums;
    font-weight: 700;
  }
  /* Release is the secondary action: it reads as a link and asks before acting. */
  button.link {
    border-color: transparent;
    background: none;
    color: var(--_link);
    text-decoration: underline;
    padding-inline: 0.25em;
  }
  .ask {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .ask p {
    flex-basis: 100%;
    margin: 0;
  }
`;
