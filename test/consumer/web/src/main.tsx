import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Tickets } from "./tickets.js";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Tickets />
  </StrictMode>,
);
