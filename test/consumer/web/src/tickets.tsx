import "@admit/widget/define"; // registers <admit-tickets>
import type {} from "@admit/widget/react"; // its attributes and onadmit-* events in JSX
import { useState } from "react";

export function Tickets() {
  const [status, setStatus] = useState("");
  return (
    <>
      <admit-tickets
        event="spring-gala"
        api="https://tickets.example.com/admit"
        checkout="popup"
        onadmit-order={(e) => setStatus(e.detail.status)}
        onadmit-error={(e) => console.warn(e.detail.code, e.detail.operation)}
      />
      <p>{status}</p>
    </>
  );
}
