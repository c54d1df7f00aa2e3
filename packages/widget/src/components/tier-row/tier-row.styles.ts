import { css } from "lit";

export const tierRowStyles = css`
  /* The control wraps below the text when the text would get narrower than 12em (a phone, a
     long German waitlist label), instead of squeezing name, price and description. */
  .tier {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
    padding: 0.75em 0;
    border-bottom: 1px solid var(--_border);
  }
  .info {
    flex: 1 1 12em;
    min-width: 0;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 0.75em;
  }
  .name {
    font-weight: 600;
  }
  .price {
    white-space: nowrap;
  }
  .availability {
    display: block;
    font-size: 0.9em;
  }
  .limited {
    color: var(--_danger);
  }
  .control:empty {
    display: none;
  }
  .stepper {
    display: flex;
  }
  .stepper button {
    min-width: 2.75em;
    padding: 0;
    font-size: 1.15em;
    line-height: 1;
  }
  .stepper input {
    width: 3.5em;
    margin: 0 0.25em;
    text-align: center;
    -moz-appearance: textfield;
  }
  .stepper input::-webkit-inner-spin-button {
    -webkit-appearance: none;
  }
  .range {
    margin: 0.25em 0 0;
    font-size: 0.9em;
    max-width: 14em;
  }
`;
