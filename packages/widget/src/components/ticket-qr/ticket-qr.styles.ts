import { css } from "lit";

export const ticketQrStyles = css`
  :host {
    display: block;
    width: 9.5rem;
    max-width: 100%;
    aspect-ratio: 1;
  }
  svg,
  .placeholder {
    display: block;
    width: 100%;
    height: 100%;
    border-radius: calc(var(--_radius, 8px) / 2);
  }
  /* Scanners need dark modules on a light ground: white in the dark theme too. */
  .placeholder {
    background: #fff;
    outline: 1px solid var(--_border);
  }
`;
