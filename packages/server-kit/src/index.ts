export { AdmitError, isAdmitError } from "./errors/admit-error.js";
export * from "./providers/payment-provider.js";
