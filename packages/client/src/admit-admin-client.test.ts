import { ROUTE_CASES } from "./testing/route-cases.js";
import { describeRouteCases } from "./testing/route-suite.js";

describeRouteCases(ROUTE_CASES.filter((route) => route.client === "admin"));
