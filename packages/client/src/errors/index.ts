export { AdmitApiError, isAdmitApiError } from "./admit-api-error.js";
export { AdmitClientError, isAdmitClientError } from "./admit-client-error.js";
export { ContractError, type ContractIssue, isContractError } from "./contract-error.js";
export { isNetworkError, NetworkError } from "./network-error.js";
export { isTimeoutError, TimeoutError } from "./timeout-error.js";
