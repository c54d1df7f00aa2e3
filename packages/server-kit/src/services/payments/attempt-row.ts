import type { PaymentAttemptStatus } from "@admit/client/contract";

/** A payment attempt as stored in `admit_payment_attempts`: the columns the rules read. */
export interface AttemptRow {
  id: string;
  order_id: string;
  provider: string;
  status: PaymentAttemptStatus;
  amount: number;
  currency: string;
  provider_reference: string | null;
}
